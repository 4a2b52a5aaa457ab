"""rdflib's ``SPARQLStore`` and SPARQLWrapper (clients nobody here wrote) against ``/sparql`` of a real server on
127.0.0.1: SELECT in JSON and XML, CONSTRUCT, ASK, and a graph read through the store, each answer compared with
the same query on the build's own store."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

pytestmark = [pytest.mark.external, pytest.mark.server]

KENYA = URIRef("https://w3id.org/dsi-graph/id/organisation/party-kenya")
PARTIES = ("PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
           "SELECT DISTINCT ?party ?label WHERE { ?party org:classification "
           "<https://w3id.org/dsi-graph/id/concept/org-kind-party> ; rdfs:label ?label } ORDER BY ?party")
CONSTRUCT = f"CONSTRUCT {{ <{KENYA}> ?p ?o }} WHERE {{ <{KENYA}> ?p ?o }}"


def _expected(real_store) -> set[tuple[str, str]]:
    return {(str(r["party"]), str(r["label"])) for r in real_store.select(PARTIES).rows}


def test_rdflib_sparqlstore_queries_and_reads_triples(live_server, real_store):
    graph = Graph(store=SPARQLStore(query_endpoint=f"{live_server}/sparql", returnFormat="json"))
    found = {(str(row.party), str(row.label)) for row in graph.query(PARTIES)}
    assert found == _expected(real_store) and len(found) >= 20
    assert Literal("Kenya", lang="en") in set(graph.objects(KENYA, RDFS.label))
    assert graph.query(f"ASK {{ <{KENYA}> ?p ?o }}").askAnswer is True


def _wrapper(live_server: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{live_server}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def test_sparqlwrapper_select_json_and_xml(live_server, real_store):
    rows = _wrapper(live_server, PARTIES, JSON).queryAndConvert()["results"]["bindings"]
    assert {(r["party"]["value"], r["label"]["value"]) for r in rows} == _expected(real_store)
    document = _wrapper(live_server, PARTIES, XML).queryAndConvert()  # xml.dom.minidom, as SPARQLWrapper parses it
    results = document.getElementsByTagName("result")
    assert len(results) == len(rows)
    uris = {r.getElementsByTagName("uri")[0].firstChild.data for r in results}
    assert str(KENYA) in uris


def test_sparqlwrapper_construct_and_ask(live_server, real_store):
    turtle = _wrapper(live_server, CONSTRUCT, TURTLE).queryAndConvert()
    graph = Graph().parse(data=turtle, format="turtle")
    own = real_store.select(f"SELECT DISTINCT ?p ?o WHERE {{ <{KENYA}> ?p ?o }}").rows
    expected = {(str(r["p"]), str(r["o"])) for r in own}
    assert {(str(p), str(o)) for p, o in graph.predicate_objects(KENYA)} == expected
    assert _wrapper(live_server, f"ASK {{ <{KENYA}> ?p ?o }}", JSON).queryAndConvert()["boolean"] is True
    assert _wrapper(live_server, "ASK { <urn:x:nothing> ?p ?o }", JSON).queryAndConvert()["boolean"] is False
