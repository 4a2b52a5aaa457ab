"""Every named query on the real build, with the answer the sources give.

Expected values come from the seed pages (IAG 2024 page https://www.cbd.int/dsi-gr/iag-2024.shtml; ABS
Initiative DSI page; https://learnnagoya.com/workshop-series/) and the DSI fact base the data is curated from
(decisions, officers, Cali Fund facts with their source pages).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import URIRef

from dsi_graph.read import queries
from dsi_graph.stores.oxigraph import OxigraphStore

BASE = "https://w3id.org/dsi-graph/"
ID = BASE + "id/"
DEF = BASE + "def/"
Rows = list[dict[str, str]]


def short(value: str) -> str:
    """``https://w3id.org/dsi-graph/id/person/x`` -> ``person/x``; ``.../def/X`` -> ``dsi:X``."""
    return value.replace(ID, "").replace(DEF, "dsi:")


def run(store: OxigraphStore, name: str, **params: str) -> Rows:
    """Rows of a named query as dicts of short strings."""
    answer = queries.run(store, queries.get_query(name), params)
    return [{k: short(str(v)) for k, v in row.items()} for row in answer.rows]


def column(rows: Rows, name: str) -> list[str]:
    """One column, in row order (missing cells skipped)."""
    return [row[name] for row in rows if name in row]


def test_every_named_query_has_an_expected_answer_here() -> None:
    module = sys.modules[__name__]
    missing = [q.name for q in queries.list_queries() if not hasattr(module, "test_" + q.name.replace("-", "_"))]
    assert missing == []


def test_timeline(real_store: OxigraphStore) -> None:
    rows = run(real_store, "timeline")
    dates = column(rows, "date")
    assert dates == sorted(dates)
    by_item = {r["item"]: r for r in rows}
    assert by_item["meeting/cop-13"]["date"] == "2016-12-04"
    assert by_item["meeting/cop-13"]["place"] == "Cancun"
    assert by_item["decision/cbd-cop-dec-16-2"] == {**by_item["decision/cbd-cop-dec-16-2"], "what": "decision",
                                                    "date": "2024-11-01", "place": "Cali"}
    assert by_item["decision/cbd-wgdsi-rec-2-1"]["what"] == "recommendation"
    year = run(real_store, "timeline", **{"from": "2024-01-01", "to": "2024-12-31"})
    assert {"meeting/iag-2024-01", "meeting/wgdsi-2", "meeting/cop-16", "decision/cbd-cop-dec-16-2"} <= set(
        column(year, "item"))
    assert all(d.startswith("2024") for d in column(year, "date"))


def test_meeting_agenda(real_store: OxigraphStore) -> None:
    rows = run(real_store, "meeting-agenda")
    assert [(r["number"], r["label"]) for r in rows] == [
        ("1", "DSI databases, research methodologies and products"),
        ("2", "Data governance (including associated traditional knowledge)"),
    ]
    february = run(real_store, "meeting-agenda", meeting="iag-2024-02")
    assert column(february, "label") == [
        "Collaboration and cooperation with other approaches and systems - whom, what and how",
        "Legal considerations, and incentives to participate",
    ]


def test_meeting_readings(real_store: OxigraphStore) -> None:
    rows = run(real_store, "meeting-readings")
    found = {(r["itemNumber"], r["document"], r.get("sectionNumber"), r.get("page")) for r in rows}
    assert found == {
        ("1", "document/iag-report-2021-11", "II.B.10", "14"),
        ("1", "document/iag-report-2022-06", "II.E", "7"),
        ("1", "document/wgdsi-1-report", "Annex, section A", "8"),
        ("1", "document/wgdsi-1-report", "Annex, section D", "11"),
        ("2", "document/iag-report-2021-11", "II.B.2", "12"),
        ("2", "document/iag-report-2021-11", "II.B.3(b)", "13"),
        ("2", "document/iag-report-2022-10", "Annex II", "31"),
        ("2", "document/cbd-wgdsi-1-2", "D", "5"),
    }
    february = run(real_store, "meeting-readings", meeting="iag-2024-02")
    assert {"decision/cbd-cop-dec-15-9", "document/iag3-co-chairs-report", "document/synthesis-views-15-9"} <= set(
        column(february, "document"))
    assert {"section": "section/iag3-co-chairs-report-sec-ii-a", "page": "3"}.items() <= next(
        r for r in february if r["document"] == "document/iag3-co-chairs-report").items()


def test_meeting_presentations(real_store: OxigraphStore) -> None:
    rows = run(real_store, "meeting-presentations")
    people = {r["presenterName"]: r for r in rows}
    assert set(people) == {"Masanori Arita", "Guy Cochrane", "Douglas Miano", "Kat Bruce", "Tim Hirsch",
                           "Preston Hardison", "Ann McCartney"}
    assert people["Tim Hirsch"]["affiliation"] == "organisation/gbif"
    assert people["Tim Hirsch"]["itemNumber"] == "2"
    assert people["Tim Hirsch"]["fileName"].startswith("Tim Hirsh (GBIF)_Data governance")
    assert people["Douglas Miano"]["affiliationName"] == "University of Nairobi"
    assert people["Douglas Miano"]["nominatedBy"] == "organisation/party-kenya"
    assert people["Guy Cochrane"]["affiliation"] == "organisation/embl-ebi"
    assert people["Masanori Arita"]["presentation"] == people["Guy Cochrane"]["presentation"]
    february = run(real_store, "meeting-presentations", meeting="iag-2024-02")
    assert sorted(column(february, "presenterName")) == ["Amber Hartman Scholz", "Daphne Yong-d'Hervé",
                                                         "Kathryn Garforth", "Kathryn Garforth"]


def test_meeting_participants(real_store: OxigraphStore) -> None:
    rows = run(real_store, "meeting-participants")
    presenters = {r["participant"] for r in rows if r.get("role") == "concept/role-presenter"}
    assert {"person/tim-hirsch", "person/douglas-miano", "person/ann-mccartney"} <= presenters
    miano = next(r for r in rows if r["participant"] == "person/douglas-miano")
    assert miano["nominatedBy"] == "organisation/party-kenya"


def test_meeting_officers(real_store: OxigraphStore) -> None:
    rows = run(real_store, "meeting-officers")
    officers = {(r["role"], r["name"], r["onBehalfOfName"]) for r in rows}
    assert {
        ("concept/role-co-chair", "Martha Mphatso Kalemba", "Malawi"),
        ("concept/role-co-chair", "William Lockhart", "United Kingdom"),
        ("concept/role-facilitator", "Salima Kempenaer", "Belgium"),
        ("concept/role-facilitator", "Nneka Nicholas", "Antigua and Barbuda"),
        ("concept/role-facilitator", "Eliška Rolfová", "Czechia"),
        ("concept/role-facilitator", "Joaquín Salzberg", "Argentina"),
    } <= officers


def test_meeting_documents(real_store: OxigraphStore) -> None:
    rows = run(real_store, "meeting-documents")
    assert {"relation": "adopted at", "document": "decision/cbd-cop-dec-16-2"}.items() <= next(
        r for r in rows if r["document"] == "decision/cbd-cop-dec-16-2").items()
    assert "decision/cbd-cop-dec-15-9" in column(run(real_store, "meeting-documents", meeting="cop-15-2"), "document")


def test_meeting_graph(real_store: OxigraphStore) -> None:
    graph = queries.run(real_store, queries.get_query("meeting-graph"))
    meeting = URIRef(ID + "meeting/iag-2024-01")
    items = set(graph.objects(meeting, URIRef(DEF + "hasAgendaItem")))
    assert items == {URIRef(ID + "agenda-item/iag-2024-01-item-1"), URIRef(ID + "agenda-item/iag-2024-01-item-2")}
    assert (URIRef(ID + "document/iag-2024-01-hirsch-gbif-data-governance"), URIRef(DEF + "presenter"),
            URIRef(ID + "person/tim-hirsch")) in graph


def test_topic_discussions(real_store: OxigraphStore) -> None:
    rows = run(real_store, "topic-discussions")
    item = next(r for r in rows if r["where"] == "agenda-item/iag-2024-01-item-2")
    assert item["meeting"] == "meeting/iag-2024-01" and item["date"] == "2024-01-23"
    assert set(item["speakers"].split(" | ")) == {"Tim Hirsch", "Preston Hardison", "Ann McCartney"}
    databases = run(real_store, "topic-discussions", topic="dsi-databases")
    first = next(r for r in databases if r["where"] == "agenda-item/iag-2024-01-item-1")
    assert set(first["speakers"].split(" | ")) == {"Masanori Arita", "Guy Cochrane", "Kat Bruce", "Douglas Miano"}
    assert "section/iag-report-2021-11-sec-ii-b-10" in column(databases, "where")


def test_actor_positions(real_store: OxigraphStore) -> None:
    rows = run(real_store, "actor-positions")
    multilateral = next(r for r in rows if r["position"] == "position/african-group-multilateral-approach-art-10")
    assert multilateral["stanceLabel"] == "Proposes"
    assert multilateral["source"] == "source/seed-abs-initiative-dsi"
    assert "Article 10" in multilateral["statement"] or "multilateral" in multilateral["statement"]


def test_topic_positions(real_store: OxigraphStore) -> None:
    rows = run(real_store, "topic-positions")
    held = {(r["holderName"], r["stanceLabel"]) for r in rows}
    assert {("African Group", "Proposes"), ("Norway", "Proposes"), ("Third World Network", "Criticises")} <= held
    norway = next(r for r in rows if r["holderName"] == "Norway")
    assert norway["source"] == "source/enb-wgdsi-2-14aug2024"


def test_establishing_decisions(real_store: OxigraphStore) -> None:
    rows = run(real_store, "establishing-decisions")
    found = {(r["decision"], r.get("paragraph", ""), r["relation"], r["thing"]) for r in rows}
    assert {
        ("decision/cbd-cop-dec-15-9", "", "establishes", "process/multilateral-mechanism-process"),
        ("decision/cbd-cop-dec-15-9", "", "establishes", "organisation/wgdsi"),
        ("decision/cbd-cop-dec-16-2", "paragraph/cbd-cop-dec-16-2-para-2", "establishes", "organisation/cali-fund"),
        ("decision/cbd-cop-dec-14-20", "", "establishes", "process/science-policy-process-14-20"),
        ("decision/cbd-cop-dec-13-16", "", "establishes", "organisation/ahteg-dsi"),
    } <= found
    assert not {(d, p, t) for d, p, rel, t in found if rel == "mandates"} & {
        (d, p, t) for d, p, rel, t in found if rel == "establishes"}
    wgdsi = next(r for r in rows if r["thing"] == "organisation/wgdsi")
    assert "First meeting of the Ad Hoc Open-ended Working Group" in wgdsi["followedBy"]


def test_decision_outcomes(real_store: OxigraphStore) -> None:
    rows = run(real_store, "decision-outcomes")
    found = {(r["relation"], r["other"]) for r in rows}
    assert {("establishes", "process/multilateral-mechanism-process"), ("cited by", "decision/cbd-cop-dec-16-2"),
            ("implemented by", "document/cbd-wgdsi-2-inf-1")} <= found
    later = run(real_store, "decision-outcomes", decision="cbd-cop-dec-16-2")
    assert {("establishes", "organisation/cali-fund"), ("mandates", "meeting/sbi-6"),
            ("mandates", "document/study-16-2-public-availability")} <= {(r["relation"], r["other"]) for r in later}


def test_decision_citations(real_store: OxigraphStore) -> None:
    rows = run(real_store, "decision-citations")
    citing = {(r["citing"], r["relation"]) for r in rows}
    assert {("decision/cbd-cop-dec-16-2", "cites"), ("document/synthesis-views-15-9", "cites"),
            ("document/cbd-wgdsi-2-inf-1", "implements")} <= citing
    assert next(r for r in rows if r["citing"] == "decision/cbd-cop-dec-16-2")["target"] == (
        "paragraph/cbd-cop-dec-15-9-para-7")


def test_decision_chain(real_store: OxigraphStore) -> None:
    rows = run(real_store, "decision-chain")
    assert {(r["depth"], r["cited"]) for r in rows} >= {("1", "decision/cbd-cop-dec-15-9")}
    assert all(r["cited"] != "decision/cbd-cop-dec-16-2" for r in rows)


def test_decision_paragraphs(real_store: OxigraphStore) -> None:
    rows = run(real_store, "decision-paragraphs")
    by_number = {r["number"]: r for r in rows}
    assert {"1", "2", "3", "4", "5", "6"} <= set(by_number)
    assert "Cali Fund" in by_number["2"]["summary"]
    assert "establishes Cali Fund" in by_number["2"]["effects"]
    assert "mandates" in by_number["6"]["effects"]


def test_decisions(real_store: OxigraphStore) -> None:
    rows = run(real_store, "decisions")
    by_id = {r["decision"]: r for r in rows}
    assert by_id["decision/cbd-cop-dec-16-2"]["number"] == "16/2"
    assert by_id["decision/cbd-cop-dec-16-2"]["meeting"] == "meeting/cop-16"
    assert by_id["decision/cbd-cop-dec-16-2"]["date"] == "2024-11-01"
    assert by_id["decision/cbd-cop-dec-15-9"]["meeting"] == "meeting/cop-15-2"
    assert by_id["decision/cbd-cop-dec-13-16"]["number"] == "XIII/16"
    assert by_id["decision/cbd-cop-dec-14-20"]["symbol"] == "CBD/COP/DEC/14/20"
    assert by_id["decision/cbd-wgdsi-rec-2-1"]["type"] == "dsi:Recommendation"
    assert column(rows, "date") == sorted(column(rows, "date"))


def test_people_by_organisation(real_store: OxigraphStore) -> None:
    assert column(run(real_store, "people-by-organisation", organisation="gbif"), "name") == ["Tim Hirsch"]
    committee = run(real_store, "people-by-organisation", organisation="aibs-workshop-steering-committee")
    assert len(committee) == 6 and set(column(committee, "via")) == {"membership"}
    everyone = run(real_store, "people-by-organisation")
    assert ("University of Nairobi", "Douglas Miano") in {(r.get("organisationName"), r["name"]) for r in everyone}


def test_organisations_by_kind(real_store: OxigraphStore) -> None:
    databases = set(column(run(real_store, "organisations-by-kind"), "organisation"))
    assert {"organisation/ddbj", "organisation/embl-ebi", "organisation/ncbi", "organisation/insdc"} <= databases
    assert {"organisation/tebtebba", "organisation/nbdc"} <= set(
        column(run(real_store, "organisations-by-kind", kind="iplc"), "organisation"))
    assert {"organisation/icc", "organisation/naturemetrics"} <= set(
        column(run(real_store, "organisations-by-kind", kind="org-kind-business"), "organisation"))


def test_events_by_agent(real_store: OxigraphStore) -> None:
    rows = run(real_store, "events-by-agent")
    events = {r["event"]: r for r in rows}
    assert events["meeting/gdd-1"]["start"] == "2019-11-06"
    assert "meeting/dsi-retreat-the-hague-2022" in events
    assert "series/absi-technical-webinars-series" in events
    nsf = run(real_store, "events-by-agent", agent="nsf")
    assert ("funder (grant)", "series/aibs-workshop-series") in {(r["role"], r["event"]) for r in nsf}


def test_source_statements(real_store: OxigraphStore) -> None:
    rows = run(real_store, "source-statements")
    triples = {(r["subject"], r["predicate"], r["object"]) for r in rows}
    assert ("grant/nsf-2136950", "dsi:grantNumber", "2136950") in triples
    assert ("grant/nsf-2136950", "dsi:funds", "series/aibs-workshop-series") in triples
    assert ("grant/nsf-2136950", "dsi:funder", "organisation/nsf") in triples
    assert {r["g"] for r in rows} == {BASE + "graph/seed-learnnagoya-workshop-series"}
    iag = run(real_store, "source-statements", source="seed-cbd-iag-2024")
    assert ("meeting/iag-2024-01", "dsi:hasAgendaItem", "agenda-item/iag-2024-01-item-2") in {
        (r["subject"], r["predicate"], r["object"]) for r in iag}


def test_entity_sources(real_store: OxigraphStore) -> None:
    rows = run(real_store, "entity-sources")
    sources = set(column(rows, "source"))
    assert {"source/cbd-dsi-gr-whatdone-2023-24", "source/mptf-cali-fund", "source/potterclarkson-cali-fund"} <= sources
    assert all(int(r["statements"]) >= 1 for r in rows)
    hirsch = set(column(run(real_store, "entity-sources", entity="person/tim-hirsch"), "source"))
    assert hirsch == {"source/seed-cbd-iag-2024", "source/gbif-news-robertson-deputy-director"}


def test_statement_sources(real_store: OxigraphStore) -> None:
    rows = run(real_store, "statement-sources")
    assert [(r["value"], r["source"]) for r in rows] == [("Tim Hirsch", "source/gbif-news-robertson-deputy-director")]
    cop14 = run(real_store, "statement-sources", entity="cop-14", property="schema:startDate")
    assert {r["value"] for r in cop14} == {"2018-11-17"}
    assert {r["status"] for r in cop14} == {"concept/status-conflicting"}
    assert "13" in cop14[0]["note"]  # the note records the 13-29 November reading of other sources


def test_series_speakers(real_store: OxigraphStore) -> None:
    rows = run(real_store, "series-speakers")
    assert set(column(rows, "name")) == {
        "Masanori Arita", "Guy Cochrane", "Douglas Miano", "Kat Bruce", "Tim Hirsch", "Preston Hardison",
        "Ann McCartney", "Kathryn Garforth", "Amber Hartman Scholz", "Daphne Yong-d'Hervé"}
    miano = next(r for r in rows if r["name"] == "Douglas Miano")
    assert (miano["date"], miano["nominatedByName"]) == ("2024-01-23", "Kenya")
    assert column(rows, "date") == sorted(column(rows, "date"))


def test_presentations_by_topic(real_store: OxigraphStore) -> None:
    rows = run(real_store, "presentations-by-topic")
    assert set(column(rows, "presenterName")) == {"Tim Hirsch", "Preston Hardison", "Ann McCartney"}
    assert set(column(rows, "meeting")) == {"meeting/iag-2024-01"}
    legal = run(real_store, "presentations-by-topic", topic="legal-considerations")
    assert {"Kathryn Garforth", "Daphne Yong-d'Hervé"} <= set(column(legal, "presenterName"))


def test_fund_facts(real_store: OxigraphStore) -> None:
    rows = run(real_store, "fund-facts")
    facts = {(r["direction"], r["property"], r["value"]): r for r in rows}
    para = facts[("out", "dsi:establishedBy", "paragraph/cbd-cop-dec-16-2-para-2")]
    assert int(para["count"]) >= 2 and "cbd-dsi-gr-whatdone-2023-24" in para["sources"].split()
    alt = ("Cali Fund for the Fair and Equitable Sharing of Benefits from the Use of Digital Sequence Information on "
           "Genetic Resources")
    assert ("out", "http://www.w3.org/2004/02/skos/core#altLabel", alt) in facts
    descriptions = [r for r in rows if r["property"] == "http://purl.org/dc/terms/description"]
    assert any("24 members" in r["value"] and "mptf-cali-fund" in r["sources"] for r in descriptions)
    assert any("1 per cent of profits or 0.1 per cent of revenue" in r["value"] or "0.1" in r["value"]
               for r in descriptions)


def test_flagged_facts(real_store: OxigraphStore) -> None:
    rows = run(real_store, "flagged-facts")
    flagged = {(r["statusLabel"], r["entity"], r.get("property", "")) for r in rows}
    assert {("Conflicting", "meeting/cop-14", "http://schema.org/startDate"),
            ("Planned", "meeting/iag-2024-04", ""),
            ("Unverified", "organisation/aspb", "http://schema.org/addressCountry")} <= flagged
    assert "Verified" not in set(column(rows, "statusLabel"))


def test_series_meetings(real_store: OxigraphStore) -> None:
    rows = run(real_store, "series-meetings")
    modules = {r["label"] for r in rows if r["meeting"].startswith("meeting/aibs-workshop-")}
    assert modules == {f"Workshop: {m}" for m in (
        "Applied Ecology & Infectious Disease", "Crop Research & Improvement",
        "Macrosystems & International Long Term Ecological Research (LTERs)",
        "Phylogenetics, Genome Evolution & Taxonomy", "Livestock Research & Vertebrate Genetic Rescue",
        "Anthropology, Ethnobiology & Paleobiology")}
    iag = run(real_store, "series-meetings", series="iag-2024-series")
    assert column(iag, "start")[:3] == ["2024-01-16", "2024-01-23", "2024-02-15"]


def test_people_by_role(real_store: OxigraphStore) -> None:
    rows = run(real_store, "people-by-role")
    assert set(column(rows, "name")) == {"Rebecca Adler Miserendino", "John Bates", "Rachel Meyer",
                                         "Jyotsna L. Pandey", "Crispin Taylor", "Breda Zimkus"}
    assert set(column(rows, "in")) == {"organisation/aibs-workshop-steering-committee"}
    chairs = run(real_store, "people-by-role", role="co-chair")
    assert {"Martha Mphatso Kalemba", "William Lockhart"} <= set(column(chairs, "name"))


def test_grants(real_store: OxigraphStore) -> None:
    rows = run(real_store, "grants")
    nsf = [r for r in rows if r["grant"] == "grant/nsf-2136950"]
    assert {r["number"] for r in nsf} == {"2136950"}
    assert {r["funderName"] for r in nsf} == {"National Science Foundation"}
    assert "series/aibs-workshop-series" in column(nsf, "funded")


def test_meetings_by_year(real_store: OxigraphStore) -> None:
    cali = run(real_store, "meetings-by-year", year="2024", place="cali")
    assert {"meeting/cop-16", "meeting/sbi-5"} <= set(column(cali, "meeting"))
    assert {r["city"] for r in cali} == {"Cali"}
    cop16 = next(r for r in cali if r["meeting"] == "meeting/cop-16")
    assert (cop16["start"], cop16["type"]) == ("2024-10-21", "dsi:ConferenceOfTheParties")
    egypt = run(real_store, "meetings-by-year", year="2018", place="egypt")
    assert {"meeting/cop-14", "meeting/np-mop-3"} == set(column(egypt, "meeting"))
    every_2024 = run(real_store, "meetings-by-year")
    assert "meeting/iag-2024-01" in column(every_2024, "meeting")


def test_class_counts(real_store: OxigraphStore) -> None:
    counts = {r["class"]: int(r["count"]) for r in run(real_store, "class-counts")}
    assert counts["dsi:AdvisoryGroupMeeting"] >= 7  # the 2024 IAG: preparatory meeting and six meetings
    assert counts["dsi:Decision"] >= 10
    assert counts["dsi:Meeting"] >= counts["dsi:AdvisoryGroupMeeting"]


def test_search_labels(real_store: OxigraphStore) -> None:
    assert column(run(real_store, "search-labels", q="hirsh"), "entity") == ["person/tim-hirsch"]
    gbif = run(real_store, "search-labels", q="GBIF")
    assert gbif[0]["entity"] == "organisation/gbif" and gbif[0]["score"] == "0"
    assert "organisation/cali-fund" in column(run(real_store, "search-labels", q="cali fund"), "entity")


def test_person_profile(real_store: OxigraphStore) -> None:
    rows = run(real_store, "person-profile")
    links = {(r["relation"], r["target"]) for r in rows}
    assert {("affiliation", "organisation/gbif"),
            ("presented", "document/iag-2024-01-hirsch-gbif-data-governance")} <= links


def test_sources(real_store: OxigraphStore) -> None:
    rows = run(real_store, "sources")
    by_id = {r["source"]: r for r in rows}
    assert {"source/seed-cbd-iag-2024", "source/seed-abs-initiative-dsi",
            "source/seed-learnnagoya-workshop-series"} <= set(by_id)
    assert int(by_id["source/seed-cbd-iag-2024"]["statements"]) > 100
    assert by_id["source/seed-learnnagoya-workshop-series"]["url"] == "https://learnnagoya.com/workshop-series/"


@pytest.mark.parametrize("query", queries.list_queries(), ids=lambda q: q.name)
def test_every_query_answers_on_the_real_build(real_store: OxigraphStore, query: queries.NamedQuery) -> None:
    """Every named query answers with its defaults (speed is not asserted here: it belongs in benchmarks/)."""
    answer = queries.run(real_store, query)
    assert len(answer) > 0


def test_flagged_facts_name_the_meeting_of_a_place(real_store: OxigraphStore) -> None:
    rows = run(real_store, "flagged-facts")
    place = {(r["entity"], r["property"], r["value"]) for r in rows if r["subject"] != r["entity"]}
    assert ("meeting/ahteg-dsi-2020", "http://schema.org/addressLocality", "Montreal") in place


def _comparable(answer) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of strings; blank nodes and the word order inside GROUP_CONCAT lists do not count."""
    from rdflib import BNode

    names, rows = list(answer.vars), answer.rows
    out = []
    for row in rows:
        cells = []
        for name in names:
            value = row.get(name)
            text = "_" if isinstance(value, BNode) else "" if value is None else str(value)
            cells.append(" ".join(sorted(text.split())))
        out.append(tuple(cells))
    return sorted(out)


@pytest.mark.server
def test_named_queries_answer_the_same_on_a_remote_endpoint(real_store: OxigraphStore, live_server: str) -> None:
    """Parameters sent as a VALUES block to a real endpoint give the answers that local bindings give."""
    from dsi_graph.stores.remote import RemoteStore

    remote = RemoteStore(f"{live_server}/sparql")
    cases = [(q, {}) for q in queries.list_queries() if q.form == "select"] + [
        (queries.get_query("meeting-presentations"), {"meeting": "iag-2024-02"}),
        (queries.get_query("topic-discussions"), {"topic": "dsi-databases"}),
        (queries.get_query("timeline"), {"from": "2024-01-01", "to": "2024-12-31"}),
    ]
    for query, params in cases:
        local = queries.run(real_store, query, params)
        far = queries.run(remote, query, params)
        assert _comparable(far) == _comparable(local), query.name


def _one_number(store: OxigraphStore, query: str) -> int:
    rows = store.select(query).rows
    return int(str(next(iter(rows[0].values())))) if rows and rows[0] else 0


def test_chart_per_year(real_store: OxigraphStore) -> None:
    rows = run(real_store, "chart-per-year")
    years = column(rows, "year")
    assert years == sorted(years) and set(column(rows, "series")) == {"meetings", "documents"}
    meetings_2024 = {r["year"]: int(r["count"]) for r in rows if r["series"] == "meetings"}.get("2024", 0)
    direct = _one_number(real_store, """PREFIX dsi: <https://w3id.org/dsi-graph/def/>
        PREFIX schema: <http://schema.org/>
        SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a dsi:Meeting ; schema:startDate ?d
          FILTER(STRSTARTS(STR(?d), "2024")) }""")
    assert meetings_2024 == direct > 0


def test_chart_topic_stances(real_store: OxigraphStore) -> None:
    rows = run(real_store, "chart-topic-stances")
    assert rows and set(column(rows, "topic")) == {"topic/benefit-sharing"}
    assert all(r["stance"].startswith("concept/stance-") and int(r["count"]) > 0 for r in rows)
    other = run(real_store, "chart-topic-stances", topic="data-governance")
    assert set(column(other, "topic")) == {"topic/data-governance"}
    dated = _one_number(real_store, """PREFIX dsi: <https://w3id.org/dsi-graph/def/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX schema: <http://schema.org/>
        SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
          ?p a dsi:Position ; dsi:topic/skos:broader* <https://w3id.org/dsi-graph/id/topic/data-governance> .
          FILTER EXISTS { { ?p dcterms:date ?d } UNION { ?p dsi:expressedIn/(dcterms:date|schema:startDate) ?d } } }""")
    assert sum(int(r["count"]) for r in other) == dated > 0  # one stance per position (shapes): counted once
    assert run(real_store, "chart-topic-stances", topic="cali-fund") == []  # a fund, not a topic: no row


def test_chart_agent_participation(real_store: OxigraphStore) -> None:
    rows = run(real_store, "chart-agent-participation")
    organised = sum(int(r["count"]) for r in rows if r["how"] == "organised")
    direct = _one_number(real_store, """PREFIX dsi: <https://w3id.org/dsi-graph/def/>
        SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
          ?m dsi:organiser <https://w3id.org/dsi-graph/id/organisation/abs-initiative> }""")
    assert organised <= direct and organised > 0


REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


@pytest.mark.parametrize(("name", "param", "kinds", "least"), [
    # each branch from the agent, instead of a sub-select of every dated meeting joined to the union
    ("chart-agent-participation", "agent", "dsi:Organisation dsi:Person", (50, 20)),
    # from the topic down, no sub-selects
    ("chart-topic-stances", "topic", "dsi:Topic", (10, 5)),
])
def test_chart_rewrites_answer_as_their_first_formulation(real_store: OxigraphStore, name: str, param: str,
                                                          kinds: str, least: tuple[int, int]) -> None:
    """The rewritten chart query gives the rows of its first text (tests/data/reference) for every entity it takes."""
    first = queries.load_query(REFERENCE / f"{name}-v1.rq")
    entities = [str(r["a"]) for r in real_store.select(
        "PREFIX dsi: <https://w3id.org/dsi-graph/def/> SELECT DISTINCT ?a WHERE { VALUES ?c { " + kinds
        + " } ?a a ?c }").rows]
    answered = 0
    for entity in entities:
        now = queries.run(real_store, queries.get_query(name), {param: entity}).rows
        before = queries.run(real_store, first, {param: entity}).rows
        assert [dict(r) for r in now] == [dict(r) for r in before], entity
        answered += bool(now)
    assert len(entities) > least[0] and answered > least[1]


def test_chart_neighbourhood(real_store: OxigraphStore) -> None:
    rows = run(real_store, "chart-neighbourhood")
    assert 0 < len(rows) <= 60 and set(column(rows, "direction")) <= {"in", "out"}
    assert {"neighbour": "decision/cbd-wgdsi-rec-2-1", "direction": "in"}.items() <= next(
        r for r in rows if r["neighbour"] == "decision/cbd-wgdsi-rec-2-1").items()
