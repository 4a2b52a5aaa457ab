"""The CBD citation grammar on the written forms of issue 10 (one case per form) and on texts that cite nothing."""

from __future__ import annotations

import pytest

from dsi_graph.link.citations import find_citations, parse_citation, roman_to_int

FORMS = [
    ("decision 15/9", "decision", "CBD/COP/DEC/15/9", "cbd-cop-dec-15-9", None),
    ("XIII/16", "decision", "CBD/COP/DEC/13/16", "cbd-cop-dec-13-16", None),
    ("decision XV/9", "decision", "CBD/COP/DEC/15/9", "cbd-cop-dec-15-9", None),
    ("NP-3/12", "decision", "CBD/NP/MOP/DEC/3/12", "cbd-np-mop-dec-3-12", None),
    ("CBD/COP/DEC/16/2", "decision", "CBD/COP/DEC/16/2", "cbd-cop-dec-16-2", None),
    ("UNEP/CBD/COP/DEC/XIII/16", "decision", "CBD/COP/DEC/13/16", "cbd-cop-dec-13-16", None),
    ("paragraph 2 of decision 16/2", "paragraph", "CBD/COP/DEC/16/2", "cbd-cop-dec-16-2-para-2", "2"),
    ("16/2, para. 6(a)", "paragraph", "CBD/COP/DEC/16/2", "cbd-cop-dec-16-2-para-6-a", "6(a)"),
    ("decision 15/9 paras 6-10", "paragraph", "CBD/COP/DEC/15/9", "cbd-cop-dec-15-9-paras-6-10", "6-10"),
    ("CBD/WGDSI/1/2", "document", "CBD/WGDSI/1/2", "cbd-wgdsi-1-2", None),
    ("CBD/DSI/AHTEG/2020/1/3", "document", "CBD/DSI/AHTEG/2020/1/3", "cbd-dsi-ahteg-2020-1-3", None),
    ("CBD/WGDSI/REC/2/1", "recommendation", "CBD/WGDSI/REC/2/1", "cbd-wgdsi-rec-2-1", None),
    ("CBD/COP/16/L.32/Rev.1", "document", "CBD/COP/16/L.32/Rev.1", "cbd-cop-16-l-32-rev-1", None),
    ("CBD/WGDSI/2/INF/1", "document", "CBD/WGDSI/2/INF/1", "cbd-wgdsi-2-inf-1", None),
    ("notification 2023-130", "notification", "notification 2023-130", "notification-2023-130", None),
    ("Notification No. 2024-004", "notification", "notification 2024-004", "notification-2024-004", None),
    ("COP 16", "meeting", "COP-16", "cop-16", None),
    ("COP-16", "meeting", "COP-16", "cop-16", None),
    ("NP-MOP 4", "meeting", "NP-MOP-4", "np-mop-4", None),
    ("COP-MOP 4", "meeting", "NP-MOP-4", "np-mop-4", None),
    ("SBSTTA-22", "meeting", "SBSTTA-22", "sbstta-22", None),
    ("SBI-5", "meeting", "SBI-5", "sbi-5", None),
    ("WGDSI-1", "meeting", "WGDSI-1", "wgdsi-1", None),
    ("the second meeting of the Working Group", "meeting", "WGDSI-2", "wgdsi-2", None),
]


@pytest.mark.parametrize(("ref", "kind", "symbol", "slug", "paragraph"), FORMS, ids=[f[0] for f in FORMS])
def test_each_form_is_one_citation_in_a_sentence(ref, kind, symbol, slug, paragraph):
    text = f"As the record shows ({ref}), the point was settled."
    [citation] = find_citations(text)
    assert (citation.kind, citation.symbol, citation.slug, citation.paragraph) == (kind, symbol, slug, paragraph)
    assert text[citation.start : citation.end] == citation.text == ref


@pytest.mark.parametrize(("ref", "kind", "symbol", "slug", "paragraph"), FORMS, ids=[f[0] for f in FORMS])
def test_parse_citation_reads_each_form_whole(ref, kind, symbol, slug, paragraph):
    citation = parse_citation(f"  {ref} ")
    assert citation is not None and (citation.kind, citation.slug) == (kind, slug)


def test_a_list_of_decisions_gives_one_citation_each_with_its_own_offsets():
    text = "It builds on decisions 14/20, 15/9 and 16/2."
    citations = find_citations(text)
    assert [c.slug for c in citations] == ["cbd-cop-dec-14-20", "cbd-cop-dec-15-9", "cbd-cop-dec-16-2"]
    assert [c.text for c in citations] == ["decisions 14/20", "15/9", "16/2"]
    assert all(text[c.start : c.end] == c.text for c in citations)


def test_a_reference_split_over_a_line_break_is_found():
    text = "the second meeting of the\nWorking Group and notifications 2023-130 and\n2024-004"
    assert [c.slug for c in find_citations(text)] == ["wgdsi-2", "notification-2023-130", "notification-2024-004"]


def test_bare_numbers_dates_and_versions_are_not_citations():
    text = "On 1/2 of the days, 24/7, COVID-19, ISO 3166, version 2.1 and Article 10 of the Protocol."
    assert find_citations(text) == []


def test_parse_citation_refuses_a_name_or_a_sentence():
    assert parse_citation("Fund host") is None
    assert parse_citation("decision 15/9 was adopted") is None
    assert parse_citation("") is None


@pytest.mark.parametrize(("numeral", "value"), [("XIII", 13), ("XV", 15), ("IX", 9), ("XL", 40), ("IIII", None)])
def test_roman_numerals(numeral, value):
    assert roman_to_int(numeral) == value
