"""Dates and places of meetings where a text states them, and the dated parts of a daily report.

Dates are read in the forms reports write them: "14 August 2024", "Wednesday, 14 August 2024", "August 14, 2024",
"12-16 August 2024", "12 to 16 August 2024", "from 21 October to 1 November 2024", "30 November - 2 December
2023". A place is the "City, Country" (or "in City") written just before a date. A date on a line of its own is
a heading: the interventions below it happened on that day.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DASH = r"\s*(?:-|–|—|to|until)\s*"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
DATE_RE = re.compile(
    r"\b(?:from\s+)?" + _WEEKDAY + "(?:"
    rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>\d{{4}}))?{_DASH}(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})"
    rf"\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}}){_DASH}(?P<d4>\d{{1,2}})\s+(?P<m3>{_MONTH})\s+(?P<y3>\d{{4}})"
    rf"|(?P<d5>\d{{1,2}})\s+(?P<m5>{_MONTH}),?\s+(?P<y5>\d{{4}})"
    rf"|(?P<m6>{_MONTH})\s+(?P<d6>\d{{1,2}}),\s+(?P<y6>\d{{4}})"
    r")\b")
_PLACE_WORD = r"[A-Z][\w'’\-]+(?:\s+(?:de|del|da|do)\s+[A-Z][\w'’\-]+)?"
PLACE_RE = re.compile(
    rf"(?:\bin\s+)?(?P<city>{_PLACE_WORD}(?:\s+{_PLACE_WORD})?)(?:,\s+(?P<country>{_PLACE_WORD}(?:\s+{_PLACE_WORD})?))?"
    r",?\s*(?:from\s+|on\s+)?$")
NOT_PLACES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The", "On", "From",
              "In", "Between", "During", "Held", "Meeting", "Report"}


@dataclass(frozen=True)
class DateSpan:
    """A date or a range of dates in the text: ``first`` and ``last`` as ``YYYY-MM-DD``."""

    start: int
    end: int
    first: str
    last: str

    @property
    def is_range(self) -> bool:
        """Whether it spans more than one day."""
        return self.first != self.last


@dataclass(frozen=True)
class Place:
    """A "City, Country" written in the text."""

    start: int
    end: int
    city: str
    country: str | None


def _iso(day: str, month: str, year: str) -> str | None:
    """``YYYY-MM-DD`` for day, month name and year; None for an impossible day."""
    d, m = int(day), MONTHS[month.lower()]
    if not 1 <= d <= 31:
        return None
    return f"{int(year):04d}-{m:02d}-{d:02d}"


def find_dates(text: str) -> list[DateSpan]:
    """Every date and date range in ``text``."""
    out = []
    for m in DATE_RE.finditer(text):
        g = m.groupdict()
        if g["d1"]:
            first = _iso(g["d1"], g["m1"], g["y1"] or g["y2"])
            last = _iso(g["d2"], g["m2"], g["y2"])
        elif g["d3"]:
            first, last = _iso(g["d3"], g["m3"], g["y3"]), _iso(g["d4"], g["m3"], g["y3"])
        elif g["d5"]:
            first = last = _iso(g["d5"], g["m5"], g["y5"])
        else:
            first = last = _iso(g["d6"], g["m6"], g["y6"])
        if first and last and first <= last:
            out.append(DateSpan(m.start(), m.end(), first, last))
    return out


def place_before(text: str, date: DateSpan) -> Place | None:
    """The "City, Country" written just before ``date`` on the same line, if any."""
    line_start = text.rfind("\n", 0, date.start) + 1
    window_start = max(line_start, date.start - 80)
    window = text[window_start : date.start]
    m = PLACE_RE.search(window)
    if m is None or m["city"].split()[0] in NOT_PLACES:
        return None
    end = window_start + (m.end("country") if m["country"] else m.end("city"))
    return Place(window_start + m.start("city"), end, m["city"], m["country"])


class DayIndex:
    """The day each part of a report is about: the last date heading (a date on a line of its own) before it."""

    def __init__(self, text: str, dates: list[DateSpan]) -> None:
        self.starts: list[int] = []
        self.days: list[DateSpan] = []
        for date in dates:
            line_start = text.rfind("\n", 0, date.start) + 1
            line_end = text.find("\n", date.end)
            line = text[line_start : len(text) if line_end < 0 else line_end]
            if not date.is_range and len(line.strip()) <= len(text[date.start : date.end]) + 2:
                self.starts.append(date.start)
                self.days.append(date)

    def day_at(self, offset: int) -> DateSpan | None:
        """The date heading in force at ``offset``, if any."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.days[i] if i >= 0 else None
