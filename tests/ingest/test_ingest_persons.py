"""Persons the graph lacks: after a title, or with a known organisation in brackets; known persons are left out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dsi_graph.ingest.proposals import ingest
from dsi_graph.ingest.readers import read_document


def test_new_persons_with_affiliation_and_known_ones_left_out(tmp_path: Path, known_graph, recogniser) -> None:
    path = tmp_path / "side-event.txt"
    text = ("Notes of an invented side event\n\nCo-Chair Jyoti Rao (Canada) opened the session. Dr. Ana Maria "
            "Silva (University of Nairobi) presented a study. Tim Hirsch (GBIF) answered questions. The European "
            "Union (EU) and Brazil (GRULAC) spoke. Lena Park (Somewhere Unknown) listened.\n")
    path.write_text(text, encoding="utf-8")
    result = ingest(read_document(path), known_graph, recogniser, today=date(2026, 12, 1))
    persons = {p.record["id"]: p for p in result.proposals if p.kind == "persons"}
    assert set(persons) == {"jyoti-rao", "ana-maria-silva"}  # Tim Hirsch is known; Lena Park's bracket is no org
    silva = persons["ana-maria-silva"]
    assert silva.record == {"id": "ana-maria-silva", "label": "Ana Maria Silva",
                            "affiliations": ["university-of-nairobi"]}
    assert silva.evidence[0].quote == "Dr. Ana Maria Silva (University of Nairobi)"
    assert silva.evidence[0].fields == ["affiliations"]
    assert "affiliations" not in persons["jyoti-rao"].record  # a Party in brackets nominates, it does not employ
    assert text[silva.evidence[0].start : silva.evidence[0].end] == silva.evidence[0].quote
