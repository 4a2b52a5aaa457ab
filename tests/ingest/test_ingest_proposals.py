"""Proposals: cited things the graph lacks, paragraphs, meeting dates, stable keys, remembered decisions, pages."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ingest_helpers import INGEST_DATA

from dsi_graph.ingest.proposals import ingest
from dsi_graph.ingest.readers import read_document
from dsi_graph.ingest.records import Proposal, proposal_key

TODAY = date(2026, 12, 1)


def _by_id(result) -> dict[str, Proposal]:
    return {p.record["id"]: p for p in result.proposals}


def test_html_citations_the_graph_lacks_become_proposals(known_graph, recogniser) -> None:
    result = ingest(read_document(INGEST_DATA / "news-item.html"), known_graph, recogniser, today=TODAY)
    found = _by_id(result)
    inf = found["cbd-wgdsi-2-inf-7"]
    assert inf.kind == "documents" and inf.action == "new"
    assert inf.record["type"] == "InformationDocument" and inf.record["symbol"] == "CBD/WGDSI/2/INF/7"
    assert inf.record["meeting"] == "wgdsi-2"  # the meeting its symbol names, which the graph has
    assert inf.evidence[0].fields == ["symbol"]
    notification = found["notification-2031-017"]
    assert notification.record["type"] == "Notification" and notification.record["symbol"] == "2031-017"
    assert "cbd-wgdsi-2-2" not in found  # the graph has it
    mentioned = {m["iri"] for m in result.mentions if m["iri"]}
    assert known_graph.iri("cbd-wgdsi-2-2") in mentioned and known_graph.iri("party-norway") in mentioned
    for row in result.mentions:
        assert result.doc.text[row["start"] : row["end"]] == row["text"]


def test_a_paragraph_of_a_known_decision(known_graph, recogniser) -> None:
    result = ingest(read_document(INGEST_DATA / "news-item.html"), known_graph, recogniser, today=TODAY)
    para = _by_id(result)["cbd-cop-dec-15-9"]
    assert para.action == "adds" and para.kind == "decisions"
    assert para.record["paragraphs"] == [{"number": "2", "label": "Decision 15/9, paragraph 2"}]
    assert para.evidence[0].quote == "paragraph 2 of decision 15/9"


def test_meeting_dates_only_when_the_graph_lacks_or_differs(tmp_path: Path, known_graph, recogniser) -> None:
    same = ingest(read_document(INGEST_DATA / "briefing.md"), known_graph, recogniser, today=TODAY)
    assert "wgdsi-1" not in _by_id(same)  # the briefing gives the dates and city the graph has
    assert "cbd-wgdsi-7-3" in _by_id(same)
    path = tmp_path / "other.txt"
    path.write_text("A text that dates it otherwise.\nWGDSI-1 met in Nairobi, Kenya, 20-24 November 2023.\n",
                    encoding="utf-8")
    differs = _by_id(ingest(read_document(path), known_graph, recogniser, today=TODAY))["wgdsi-1"]
    assert differs.action == "adds"
    values = {k: v["value"] if isinstance(v, dict) else v for k, v in differs.record.items() if k != "id"}
    assert values == {"start": "2023-11-20", "end": "2023-11-24", "city": "Nairobi", "country": "Kenya"}
    for field in ("start", "end", "city"):  # the graph has other values: these are marked as conflicting
        assert differs.record[field]["status"] == "conflicting" and "the graph already has" in differs.record[
            field]["note"]
    assert "the graph has 2023-11-14 to 2023-11-18" in differs.reason and "the graph in Geneva" in differs.reason
    quotes = {e.quote: e.fields for e in differs.evidence}
    assert quotes["20-24 November 2023"] == ["start", "end"] and quotes["Nairobi, Kenya"] == ["city", "country"]


def test_keys_are_stable_and_follow_the_content(known_graph, recogniser) -> None:
    doc = read_document(INGEST_DATA / "briefing.md")
    first = [p.key for p in ingest(doc, known_graph, recogniser, today=TODAY).proposals]
    again = [p.key for p in ingest(doc, known_graph, recogniser, today=date(2027, 1, 1)).proposals]
    assert first == again and len(set(first)) == len(first)
    record = {"id": "party-peru", "label": "Peru"}
    assert proposal_key("organisations", record) == proposal_key("organisations", dict(reversed(record.items())))
    assert proposal_key("organisations", record) != proposal_key("organisations", {**record, "label": "Perú"})


def test_remembered_keys_are_not_proposed_again(known_graph, recogniser) -> None:
    doc = read_document(INGEST_DATA / "briefing.md")
    full = ingest(doc, known_graph, recogniser, today=TODAY)
    dropped = full.proposals[0].key
    again = ingest(doc, known_graph, recogniser, today=TODAY, remembered={dropped})
    assert dropped not in {p.key for p in again.proposals}
    assert again.skipped == 1 and len(again.proposals) == len(full.proposals) - 1


def test_pdf_evidence_carries_pages(make_pdf, known_graph, recogniser) -> None:
    path = make_pdf([
        "Report of the second meeting of the Working Group (WGDSI-2)",
        "Thursday, 15 August 2024\n\nNorway, supported by Peru, suggested a review clause.",
        "The annex refers to CBD/WGDSI/2/INF/9, not yet issued.",
    ])
    result = ingest(read_document(path), known_graph, recogniser, today=TODAY)
    found = _by_id(result)
    assert found["cbd-wgdsi-2-inf-9"].evidence[0].page == 3
    norway = next(p for p in result.proposals if p.kind == "positions" and p.record["holder"] == "party-norway")
    assert {e.quote: e.page for e in norway.evidence}["Thursday, 15 August 2024"] == 2
    assert norway.record["date"] == "2024-08-15" and norway.record["expressed_in"] == "wgdsi-2"
    assert found["party-peru"].evidence[0].page == 2
    body = result.as_dict()
    assert body["pages"] == result.doc.pages and len(body["pages"]) == 3
    json.dumps(body)  # the shape is plain JSON


def test_the_json_shape(known_graph, recogniser) -> None:
    body = ingest(read_document(INGEST_DATA / "briefing.md"), known_graph, recogniser, today=TODAY).as_dict()
    assert list(body) == ["version", "file", "media_type", "title", "chars", "sha256", "pages", "source", "mentions",
                          "proposals", "skipped"]
    assert body["source"]["id"].startswith("ingested-briefing-") and body["source"]["retrieved"] == "2026-12-01"
    proposal = body["proposals"][0]
    assert list(proposal) == ["key", "kind", "action", "reason", "record", "fields", "needs", "evidence", "context"]
    assert set(proposal["evidence"][0]) == {"quote", "start", "end", "page", "fields"}
    assert Proposal.from_dict(proposal).as_dict() == proposal


def test_a_position_the_graph_holds_gets_evidence_not_a_duplicate(tmp_path: Path, known_graph, recogniser) -> None:
    path = tmp_path / "note.txt"
    path.write_text("However, the African Group suggested a multilateral approach and a global benefit-sharing "
                    "mechanism under Article 10 of the Nagoya Protocol. Norway suggested a new study on "
                    "museum collections.\n", encoding="utf-8")
    result = ingest(read_document(path), known_graph, recogniser, today=TODAY)
    positions = [p for p in result.proposals if p.kind == "positions"]
    held = next(p for p in positions if p.action == "adds")
    assert held.record == {"id": "african-group-multilateral-approach-art-10", "holder": "african-group",
                           "stance": "stance-proposes"}
    assert held.evidence[0].fields == ["holder", "stance"]
    norway = next(p for p in positions if p.action == "new")
    assert norway.record["holder"] == "party-norway"
    assert not norway.record["statement"].startswith("However")
