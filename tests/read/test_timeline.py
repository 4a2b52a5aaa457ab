"""The timeline read model (dsi_graph.read.timeline) on the real build: kinds, formality, parts under their
meeting, agenda items, dated documents, and the filters."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from dsi_graph.read import timeline
from dsi_graph.stores.oxigraph import OxigraphStore

BASE = "https://w3id.org/dsi-graph/"
ID = BASE + "id/"


def _flat(events):
    for event in events:
        yield event
        yield from _flat(event["parts"])


@pytest.fixture(scope="module")
def whole(real_store: OxigraphStore):
    return timeline.timeline_page(real_store, BASE)


def test_kinds_and_formality(whole) -> None:
    events = {e["value"]: e for e in _flat(whole["events"])}
    cop16 = events[ID + "meeting/cop-16"]
    assert cop16["kind"]["value"].endswith("/ConferenceOfTheParties") and cop16["formal"] is True
    webinar = events[ID + "meeting/unep-dsi-webinar-2024-10-09"]
    assert webinar["kind"]["value"].endswith("/Webinar") and webinar["formal"] is False
    assert events[ID + "decision/cbd-cop-dec-16-2"]["formal"] is True  # adopted at a formal meeting


def test_parts_sit_under_their_meeting_and_not_beside_it(whole) -> None:
    top = [e["value"] for e in whole["events"]]
    assert ID + "meeting/cop-15" in top and ID + "meeting/cop-15-1" not in top
    cop15 = next(e for e in whole["events"] if e["value"] == ID + "meeting/cop-15")
    assert {p["value"] for p in cop15["parts"]} == {ID + "meeting/cop-15-1", ID + "meeting/cop-15-2"}
    cop16 = next(e for e in whole["events"] if e["value"] == ID + "meeting/cop-16")
    assert ID + "meeting/cop-16-resumed" in {p["value"] for p in cop16["parts"]}
    assert whole["count"] == len(list(_flat(whole["events"])))


def test_agenda_items_under_their_meeting(whole, real_store: OxigraphStore) -> None:
    wgdsi1 = next(e for e in _flat(whole["events"]) if e["value"] == ID + "meeting/wgdsi-1")
    expected = {str(r["item"]) for r in real_store.select(
        "PREFIX dsi: <https://w3id.org/dsi-graph/def/> SELECT DISTINCT ?item WHERE { ?item dsi:agendaItemOf ?m }",
        {"m": URIRef(ID + "meeting/wgdsi-1")})}
    assert expected and {a["value"] for a in wgdsi1["agenda"]} == expected


def test_notifications_and_studies_are_dated_events(whole) -> None:
    whats = {e["what"] for e in _flat(whole["events"])}
    assert {"meeting", "decision", "recommendation", "notification", "study"} <= whats
    sorts = [e["sort"] for e in whole["events"]]
    assert sorts == sorted(sorts)


def test_formal_series_year_and_what_filters(real_store: OxigraphStore, whole) -> None:
    informal = timeline.timeline_page(real_store, BASE, {"formal": ["informal"]})
    assert informal["count"] and all(e["formal"] is False for e in _flat(informal["events"]))
    facet = {f["value"]: f["count"] for f in whole["facets"]["formal"]}
    assert informal["count"] == facet["informal"]
    cop = timeline.timeline_page(real_store, BASE, {"series": ["cop-series"], "what": ["meeting"]})
    assert {e["series"]["value"] for e in _flat(cop["events"])} == {ID + "series/cop-series"}
    year = timeline.timeline_page(real_store, BASE, {"year": ["2024", "2025"]})
    assert {e["sort"][:4] for e in _flat(year["events"])} == {"2024", "2025"}
    # a part whose meeting is filtered out stands on its own
    mop = timeline.timeline_page(real_store, BASE, {"series": ["np-mop-series"]})
    assert ID + "meeting/np-mop-2" in {e["value"] for e in mop["events"]}


@pytest.mark.parametrize(("args", "message"), [
    ({"formal": ["maybe"]}, "formal='maybe'"),
    ({"year": ["24"]}, "four digits"),
    ({"what": ["party"]}, "what='party'"),
    ({"colour": ["red"]}, "unknown timeline filter 'colour'"),
])
def test_bad_filters_are_refused_with_what_is_allowed(args, message: str) -> None:
    with pytest.raises(timeline.TimelineFilterError, match=message) as caught:
        timeline.parse_filters(args)
    assert caught.value.allowed


def test_unknown_series_is_refused(real_store: OxigraphStore) -> None:
    with pytest.raises(timeline.TimelineFilterError, match="no event has it") as caught:
        timeline.timeline_page(real_store, BASE, {"series": ["no-such-series"]})
    assert "cop-series" in caught.value.allowed
    assert timeline.parse_filters({"year": [""], "formal": ["formal"]}) == {"formal": ["formal"]}
