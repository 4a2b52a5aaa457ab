"""The entity read model and RDF documents on the mini graph (real pyoxigraph store)."""

from __future__ import annotations

from fixtures_web import BASE
from rdflib import URIRef

from dsi_graph.read import rdfdoc
from dsi_graph.read.describe import describe
from dsi_graph.read.labels import fetch_labels, humanise

MEETING = BASE + "id/meeting/iag-2024-01"
PERSON = BASE + "id/person/tim-hirsch"
DECISION = BASE + "id/decision/cbd-cop-dec-16-2"


def _section(entity: dict, title: str) -> list[dict]:
    return next(s for s in entity["sections"] if s["title"] == title)["rows"]


def _prop(entity: dict, local: str) -> dict:
    return next(p for p in entity["properties"] if p["property"]["value"].endswith(local))


def test_unknown_entity_is_none(mini_store):
    assert describe(mini_store, BASE + "id/person/nobody", BASE) is None


def test_meeting_has_labels_types_and_provenance(mini_store):
    entity = describe(mini_store, MEETING, BASE)
    assert entity["label"] == "Informal Advisory Group meeting, 23 January 2024"
    assert [t["label"] for t in entity["types"]] == ["advisory group meeting"]
    items = _prop(entity, "hasAgendaItem")
    assert items["property"]["label"] == "has agenda item"  # from the ontology's rdfs:label
    assert {v["graphs"][0]["value"] for v in items["values"]} == {BASE + "graph/cbd-iag-2024"}
    assert items["values"][0]["graphs"][0]["label"].startswith("Informal intersessional work")


def test_meeting_agenda_readings_down_to_page(mini_store):
    rows = _section(describe(mini_store, MEETING, BASE), "Agenda")
    assert [(r["number"]["value"], r["page"]["value"]) for r in rows] == [("1", "14"), ("2", "12")]
    assert rows[0]["reading"]["path"] == "/id/section/iag-report-2021-11-sec-ii-b-10"


def test_meeting_presentations_with_presenter_and_organisation(mini_store):
    rows = _section(describe(mini_store, MEETING, BASE), "Presentations")
    assert [(r["presenter"]["label"], r["organisation"]["label"]) for r in rows] == [
        ("Tim Hirsch", "Global Biodiversity Information Facility")]


def test_blank_node_participation_is_inlined(mini_store):
    value = _prop(describe(mini_store, MEETING, BASE), "participation")["values"][0]
    nested = {n["property"]["label"]: [v["term"]["label"] for v in n["values"]] for n in value["nested"]}
    assert nested["participant"] == ["Tim Hirsch"]
    assert nested["role"] == ["presenter"]


def test_person_presentations_roles_affiliations(mini_store):
    entity = describe(mini_store, PERSON, BASE)
    assert _section(entity, "Presentations")[0]["meeting"]["value"] == MEETING
    assert _section(entity, "Roles in meetings")[0]["role"]["label"] == "presenter"
    assert _section(entity, "Affiliations and memberships")[0]["organisation"]["label"].startswith("Global")


def test_decision_adoption_effects_and_cited_by(mini_store):
    entity = describe(mini_store, DECISION, BASE)
    assert _section(entity, "Adoption")[0]["meeting"]["value"] == BASE + "id/meeting/cop-16"
    effects = {(r["relation"]["value"], r["target"]["label"]) for r in _section(entity, "Establishes, mandates, cites")}
    assert ("establishes", "Cali Fund") in effects
    cited = describe(mini_store, BASE + "id/decision/cbd-cop-dec-15-9", BASE)
    assert _section(cited, "Cited by")[0]["citing"]["value"] == DECISION


def test_topic_where_discussed(mini_store):
    rows = _section(describe(mini_store, BASE + "id/topic/data-governance", BASE), "Discussed in")
    assert {r["type"]["label"] for r in rows} >= {"agenda item", "decision", "presentation", "section"}


def test_statement_annotation_and_entity_status(mini_store):
    entity = describe(mini_store, BASE + "id/document/iag-report-2021-11", BASE)
    assert [s["label"] for s in entity["status"]] == ["unverified"]
    annotations = _prop(entity, "possiblySameAs")["values"][0]["annotations"]
    assert [a["label"] for a in annotations][0] == "unverified"


def test_incoming_counted_and_paged(mini_store):
    topic = BASE + "id/topic/data-governance"
    entity = describe(mini_store, topic, BASE)
    group = next(g for g in entity["incoming"] if g["property"]["value"].endswith("/topic"))
    assert group["count"] == 4 and group["pages"] == 1 and len(group["subjects"]) == 4
    far = describe(mini_store, topic, BASE, incoming=group["property"]["value"], page=99)
    assert next(g for g in far["incoming"] if g["property"]["value"].endswith("/topic"))["page"] == 1


def test_label_fallback_prefers_english_then_untagged(mini_store):
    labels = fetch_labels(mini_store, [PERSON, BASE + "id/organisation/nowhere"])
    assert labels == {PERSON: "Tim Hirsch"}
    assert humanise("hasAgendaItem") == "has agenda item"


def test_data_document_is_a_dataset_with_provenance(mini_store):
    ds = rdfdoc.entity_dataset(mini_store, MEETING)
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert BASE + "graph/cbd-iag-2024" in graphs and BASE + "graph/meta" in graphs
    source_graph = ds.graph(URIRef(BASE + "graph/cbd-iag-2024"))
    assert (URIRef(MEETING), None, None) in source_graph
    assert any(p.endswith("participant") for _, p, _ in source_graph)  # the blank node is inlined


def test_schema_org_uses_schema_terms(mini_store):
    entity = describe(mini_store, BASE + "id/meeting/cop-16", BASE)
    doc = rdfdoc.schema_org(entity, "http://x/page/meeting/cop-16")
    assert doc["@type"] == "Event" and doc["startDate"] == "2024-10-21"
    assert doc["location"]["addressLocality"] == "Cali"
