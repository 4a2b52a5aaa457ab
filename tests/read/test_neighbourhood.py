"""The one-query neighbourhood of an entity page gives what the single-purpose queries give (real pyoxigraph
store): statements with their graphs, blank nodes, annotations and incoming counts, for every entity of the mini
graph; statements in the default graph only are still found."""

from __future__ import annotations

from collections import Counter

import pytest
from fixtures_web import BASE, MINI
from rdflib import Literal, URIRef

from dsi_graph.read import sparqlfiles
from dsi_graph.read.describe import _incoming_pages, _neighbourhood, describe
from dsi_graph.stores.oxigraph import OxigraphStore

ENTITIES = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(?base))) }"


def _entities(store) -> list[URIRef]:
    return [r["s"] for r in store.select(ENTITIES, {"base": Literal(BASE + "id/")})]


def _separately(store, this: URIRef) -> tuple[Counter, Counter, Counter, list]:
    q = sparqlfiles.query
    out = Counter((str(r["p"]), r["o"], str(r.get("g") or "")) for r in store.select(q("entity-outgoing"),
                                                                                     {"this": this}))
    bnodes = Counter(tuple(sorted((k, v) for k, v in r.items() if k != "this"))
                     for r in store.select(q("entity-bnodes"), {"this": this}))
    notes = Counter(tuple(sorted(r.items())) for r in store.select(q("entity-annotations"), {"this": this}))
    counts = [(str(r["p"]), int(r["n"])) for r in store.select(q("entity-incoming-counts"), {"this": this})]
    return out, bnodes, notes, counts


def test_every_entity_as_the_single_queries_read_it(mini_store) -> None:
    entities = _entities(mini_store)
    assert len(entities) > 20
    annotated = with_bnodes = 0
    for this in entities:
        out, bnodes, notes, counts = _neighbourhood(mini_store, this)
        want_out, want_bnodes, want_notes, want_counts = _separately(mini_store, this)
        assert Counter(out) == want_out, this
        assert Counter(tuple(sorted(r.items())) for r in bnodes) == want_bnodes, this
        assert Counter(tuple(sorted(r.items())) for r in notes) == want_notes, this
        assert counts == want_counts, this
        annotated += bool(notes)
        with_bnodes += bool(bnodes)
    assert annotated and with_bnodes  # the mini graph has both kinds, so the comparison covers them


def test_incoming_pages_as_one_query_per_property_reads_them(mini_store) -> None:
    q = sparqlfiles.query
    for this in _entities(mini_store):
        counts = _neighbourhood(mini_store, this)[3]
        for prop, (page, subjects) in _incoming_pages(mini_store, this, counts, None, 1).items():
            text = sparqlfiles.paged(q("entity-incoming-page"), 10, 0)
            assert page == 1
            assert subjects == [r["s"] for r in mini_store.select(text, {"this": this, "p": URIRef(prop)})]


@pytest.fixture()
def store_with_default_only() -> OxigraphStore:
    store = OxigraphStore()
    store.load(str(MINI))
    store.raw.update(f'INSERT DATA {{ <{BASE}id/meeting/iag-2024-01> <{BASE}def/summary> "default graph only" }}')
    yield store
    store.close()


def test_a_statement_in_the_default_graph_only_is_shown_without_graph(store_with_default_only) -> None:
    entity = describe(store_with_default_only, BASE + "id/meeting/iag-2024-01", BASE)
    prop = next(p for p in entity["properties"] if p["property"]["value"] == BASE + "def/summary")
    value = next(v for v in prop["values"] if v["term"]["value"] == "default graph only")
    assert value["graphs"] == []
    assert len(entity["properties"]) > 5  # the statements in named graphs are still there
