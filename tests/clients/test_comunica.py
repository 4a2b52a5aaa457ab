"""Comunica (``@comunica/query-sparql``, a JavaScript SPARQL engine nobody here wrote) as a Linked Data client of a
real server on 127.0.0.1: it follows an ``/id/`` URI (its own content negotiation, N-Quads first, the 303 to
``/data/``) and queries the document's default graph; and it uses ``/sparql`` as a SPARQL source."""

from __future__ import annotations

import warnings

import pytest
import requests
from rdflib import Dataset, URIRef
from rdflib.namespace import RDFS, SKOS

pytestmark = [pytest.mark.external, pytest.mark.server]

KENYA = "https://w3id.org/dsi-graph/id/organisation/party-kenya"
AUTHORITY_KEN = "http://publications.europa.eu/resource/authority/country/KEN"
OWN = f"SELECT ?p ?o WHERE {{ <{KENYA}> ?p ?o }}"
NAMED = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{KENYA}> ?p ?o }} }}"
MEETINGS = ("PREFIX dsi: <https://w3id.org/dsi-graph/def/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT DISTINCT ?m ?label WHERE { ?m a dsi:ConferenceOfTheParties ; rdfs:label ?label }")


@pytest.fixture(scope="module")
def answers(comunica, live_server):
    """The three queries in one Comunica process (node and Comunica load once)."""
    entity = f"{live_server}/id/organisation/party-kenya"
    own, named, meetings = comunica([
        {"sources": [entity], "query": OWN}, {"sources": [entity], "query": NAMED},
        {"sources": [{"type": "sparql", "value": f"{live_server}/sparql"}], "query": MEETINGS}])
    return {"own": own, "named": named, "meetings": meetings}


def test_comunica_follows_an_id_uri_and_reads_the_default_graph(live_server, answers):
    rows, graphs = answers["own"], answers["named"]
    found = {(r["p"], r["o"]) for r in rows}
    assert (str(RDFS.label), "Kenya") in found and (str(SKOS.closeMatch), AUTHORITY_KEN) in found
    # the same statements rdflib finds in the default graph of the N-Quads document
    nquads = requests.get(f"{live_server}/data/organisation/party-kenya.nq", timeout=60).content
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib.*")
        ds = Dataset().parse(data=nquads, format="nquads")
    expected = {(str(p), str(o)) for p, o in ds.default_graph.predicate_objects(URIRef(KENYA))}
    assert found == expected
    # the per-source named graphs are still there: who said what
    assert {r["g"] for r in graphs} >= {"https://w3id.org/dsi-graph/graph/iso-3166"}


def test_comunica_uses_the_sparql_endpoint_as_a_source(answers, real_store):
    found = {(r["m"], r["label"]) for r in answers["meetings"]}
    expected = {(str(r["m"]), str(r["label"])) for r in real_store.select(MEETINGS).rows}
    assert found == expected and len(found) >= 3
    assert ("https://w3id.org/dsi-graph/id/meeting/cop-16", "Sixteenth meeting of the Conference of the Parties to "
            "the Convention on Biological Diversity (COP 16)") in found
