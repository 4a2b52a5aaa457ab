"""Page presentation: summaries, the grouped agenda, short part labels, home class groups, timeline placement."""

from __future__ import annotations

from dsi_graph.read import overview
from dsi_graph.read.pageview import _short_part_label, class_groups
from dsi_graph.stores.oxigraph import OxigraphStore

BASE = "https://w3id.org/dsi-graph/"


def _facts(data: dict) -> dict[str, list[str]]:
    return {f["label"]: [v["label"] for v in f["values"]] for f in data["summary"]}


def test_meeting_summary_and_grouped_agenda(client):
    data = client.get("/page/meeting/iag-2024-01.json").get_json()
    facts = _facts(data)
    assert facts["Dates"] == ["2024-01-23"] and facts["Place"] == ["online"]
    assert facts["Series"] == ["Informal Advisory Group (IAG) 2024"]
    agenda = data["agenda"]
    assert [a["number"] for a in agenda] == ["1", "2"]
    governance = agenda[1]
    assert governance["readings"][0]["page"] == "12"
    talk = governance["presentations"][0]
    assert talk["presentation"]["label"].startswith("Data governance in an open access")
    assert talk["presenters"][0]["presenter"]["label"] == "Tim Hirsch"
    assert talk["presenters"][0]["organisation"]["label"] == "Global Biodiversity Information Facility"
    # the flat section rows stay in the JSON twin; the page shows each item once
    assert data["sections"][0]["title"] == "Agenda" and data["sections"][0]["rows"]
    html = client.get("/page/meeting/iag-2024-01").data.decode()
    shown = html[html.index('<ol class="agenda">'):html.index("</ol>", html.index('<ol class="agenda">'))]
    assert shown.count(">Data governance (including associated traditional knowledge)</a>") == 1
    assert '<dl class="summary"' in html


def test_meeting_place_and_range(client):
    facts = _facts(client.get("/page/meeting/cop-16.json").get_json())
    assert facts["Dates"] == ["2024-10-21 – 2024-11-01"] and facts["Place"] == ["Cali, Colombia"]


def test_other_kinds_have_summaries(client):
    assert _facts(client.get("/page/person/tim-hirsch.json").get_json()) == {
        "Affiliations": ["Global Biodiversity Information Facility"]}
    org = _facts(client.get("/page/organisation/gbif.json").get_json())
    assert org["Acronym"] == ["GBIF"] and org["Country"] == ["Denmark"]
    report = client.get("/page/document/iag-report-2021-11.json").get_json()
    assert [s["label"] for s in report["status"]] == ["unverified"]
    assert "Status" in client.get("/page/document/iag-report-2021-11").data.decode()


def test_parts_have_short_labels_and_no_empty_columns(client):
    data = client.get("/page/decision/cbd-cop-dec-16-2.json").get_json()
    parts = next(s for s in data["sections"] if s["title"] == "Parts")
    assert [r["part"]["label"] for r in parts["display_rows"]] == ["para 2"]
    assert parts["display_rows"][0]["part"]["title"] == "Decision 16/2, paragraph 2"
    assert "page" not in parts["display_keys"] and "number" not in parts["display_keys"]
    assert parts["rows"][0]["part"]["label"] == "Decision 16/2, paragraph 2"  # the raw rows are unchanged
    report = client.get("/page/document/iag-report-2021-11.json").get_json()
    sections = next(s for s in report["sections"] if s["title"] == "Parts")
    assert {r["part"]["label"] for r in sections["display_rows"]} == {"section II.B.10", "section II.B.2"}
    assert "page" in sections["display_keys"]


def test_short_part_label_rules():
    parent = "Decision 16/2: Digital sequence information on genetic resources"
    assert _short_part_label(parent + ", paragraph 1", parent, "1", "/id/paragraph/x") == "para 1"
    assert _short_part_label("Decision 16/2, annex: x", parent, "Annex, IPLCs", "/id/paragraph/y") == "Annex, IPLCs"
    assert _short_part_label("Decision 16/2, annex, enclosure IV: y", parent, None, "/id/section/z") == (
        "annex, enclosure IV: y")
    assert _short_part_label("Something else", parent, None, None) == "Something else"


def test_home_puts_domain_classes_first(client):
    groups = client.get("/index.json").get_json()["class_groups"]
    domain = [c["value"].rsplit("/", 1)[-1] for c in groups["domain"]]
    assert domain.index("MeetingSeries") < domain.index("Decision") < domain.index("Person") < domain.index("Topic")
    assert {"StatementAnnotation", "Participation", "Section"} <= {
        c["value"].rsplit("/", 1)[-1] for c in groups["provenance"]}
    assert not {"StatementAnnotation", "Section"} & set(domain)


def test_class_groups_nest_subclasses():
    def cls(name: str, n: int) -> dict:
        return {"value": BASE + "def/" + name, "label": name, "path": None, "count": n}
    groups = class_groups([cls("Source", 9), cls("Webinar", 2), cls("Meeting", 5), cls("Decision", 1)],
                          {"Webinar": "Meeting", "Decision": "Document"})
    assert [(c["label"], c["level"]) for c in groups["domain"]] == [("Meeting", 0), ("Webinar", 1), ("Decision", 0)]
    assert [c["label"] for c in groups["provenance"]] == ["Source"]


def test_decisions_follow_their_adopting_meeting(real_store: OxigraphStore):
    events = overview.timeline(real_store, BASE)
    order = [e["value"].rsplit("/", 1)[-1] for e in events]
    cop13 = order.index("cop-13")
    decision = next(e for e in events if e["value"].endswith("/cbd-cop-dec-13-16"))
    assert order.index("cbd-cop-dec-13-16") > cop13
    assert decision["sort"] == "2016-12-17" and decision["date"].startswith("2016-12")
    assert [e["sort"] for e in events] == sorted(e["sort"] for e in events)
