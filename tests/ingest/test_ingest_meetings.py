"""Dates and places of meetings as reports write them, and the day headings of a daily report."""

from __future__ import annotations

import pytest

from dsi_graph.ingest.meetings import DayIndex, find_dates, place_before


@pytest.mark.parametrize(("text", "first", "last"), [
    ("on 14 August 2024 delegates met", "2024-08-14", "2024-08-14"),
    ("Wednesday, 14 August 2024", "2024-08-14", "2024-08-14"),
    ("on August 14, 2024", "2024-08-14", "2024-08-14"),
    ("12-16 August 2024", "2024-08-12", "2024-08-16"),
    ("12 – 16 August 2024", "2024-08-12", "2024-08-16"),
    ("12 to 16 August 2024", "2024-08-12", "2024-08-16"),
    ("from 21 October to 1 November 2024", "2024-10-21", "2024-11-01"),
    ("30 November - 2 December 2023", "2023-11-30", "2023-12-02"),
    ("from 30 December 2023 to 2 January 2024", "2023-12-30", "2024-01-02"),
])
def test_date_forms(text: str, first: str, last: str) -> None:
    (span,) = find_dates(text)
    assert (span.first, span.last) == (first, last)
    assert span.is_range == (first != last)


def test_impossible_or_reversed_dates_are_not_dates() -> None:
    assert find_dates("40 May 2024 and 16-12 August 2024") == []


def test_place_before_a_date() -> None:
    text = "COP 16 was held in Cali, Colombia, from 21 October to 1 November 2024."
    (span,) = find_dates(text)
    place = place_before(text, span)
    assert place is not None and (place.city, place.country) == ("Cali", "Colombia")
    assert text[place.start : place.end] == "Cali, Colombia"
    header = "WGDSI-2\nMontreal, Canada, 12-16 August 2024"
    (span,) = find_dates(header)
    assert place_before(header, span).city == "Montreal"


def test_no_place_when_none_is_written() -> None:
    text = "The meeting ran from 12 to 16 August 2024."
    (span,) = find_dates(text)
    assert place_before(text, span) is None


def test_day_headings_date_what_follows() -> None:
    text = ("Report, 12-16 August 2024\n\nWednesday, 14 August 2024\n\nNorway spoke on 13 August 2024 again.\n\n"
            "Thursday, 15 August 2024\n\nBrazil spoke.")
    days = DayIndex(text, find_dates(text))
    assert days.day_at(0) is None
    assert days.day_at(text.index("Norway")).first == "2024-08-14"  # a date inside a sentence is no heading
    assert days.day_at(text.index("Brazil")).first == "2024-08-15"
