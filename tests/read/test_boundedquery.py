"""Which /sparql queries are bounded by shape (evaluated in-process): one triple pattern around a constant node."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsi_graph.read.boundedquery import is_bounded

IRI = "<https://w3id.org/dsi-graph/id/meeting/wgdsi-2>"
PREFIX = "PREFIX dsi: <https://w3id.org/dsi-graph/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

BOUNDED = [
    f"SELECT ?p ?o WHERE {{ {IRI} ?p ?o }}",
    f"select distinct * {{ {IRI} ?p ?o . }} LIMIT 10 OFFSET 20",
    f"SELECT ?s ?p WHERE {{ ?s ?p {IRI} }}",
    PREFIX + "SELECT ?s WHERE { ?s a dsi:Decision }",
    PREFIX + 'SELECT ?s WHERE { ?s rdfs:label "WGDSI-2"@en }',
    'SELECT ?s WHERE { ?s ?p "2"^^<http://www.w3.org/2001/XMLSchema#integer> }',
    f"ASK {{ {IRI} ?p ?o }}",
    f"CONSTRUCT WHERE {{ {IRI} ?p ?o }}",
    f"CONSTRUCT {{ {IRI} ?p ?o . ?o a ?p }} WHERE {{ {IRI} ?p ?o }}",
    f"DESCRIBE {IRI}",
    PREFIX + "# a comment { ?a ?b ?c . ?d ?e ?f }\nDESCRIBE dsi:Meeting <https://example.org/x>",
]

UNBOUNDED = [
    "SELECT * WHERE { ?s ?p ?o }",  # no constant node: the whole store
    f"SELECT * WHERE {{ {IRI} ?p ?o . ?a ?b ?c }}",  # a cross product
    f"SELECT * WHERE {{ {IRI} ?p ?o . ?o ?q ?r }}",  # a join
    f"SELECT * WHERE {{ {IRI} ?p ?o FILTER(true) }}",
    f"SELECT * WHERE {{ {IRI} <http://example.org/p>+ ?o }}",  # a path
    f"SELECT * WHERE {{ {IRI} ?p ?o OPTIONAL {{ ?o ?q ?r }} }}",
    f"SELECT * WHERE {{ {{ SELECT * WHERE {{ ?a ?b ?c }} }} {IRI} ?p ?o }}",
    f"SELECT * WHERE {{ GRAPH ?g {{ {IRI} ?p ?o }} }}",
    f"SELECT * WHERE {{ {IRI} ?p ?o }} ORDER BY ?o",
    f"SELECT (COUNT(*) AS ?n) WHERE {{ {IRI} ?p ?o }}",
    f"SELECT * FROM <http://example.org/g> WHERE {{ {IRI} ?p ?o }}",
    "SELECT * WHERE { _:b ?p ?o }",  # a blank node is a variable
    "SELECT * WHERE { [] ?p ?o }",
    f"SELECT * WHERE {{ {IRI} ?p ?o }} VALUES ?p {{ <http://example.org/p> }}",
    "DESCRIBE ?s WHERE { ?s ?p ?o }",
    "CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c }",
    "ASK { ?s ?p ?o }",
    f"SELECT ?p ?o WHERE {{ {IRI} ?p ?o",  # not even a query
    "INSERT DATA { <a> <b> <c> }",
    "",
]


@pytest.mark.parametrize("query", BOUNDED)
def test_bounded(query: str) -> None:
    assert is_bounded(query)


@pytest.mark.parametrize("query", UNBOUNDED)
def test_unbounded(query: str) -> None:
    assert not is_bounded(query)


@settings(max_examples=100, deadline=None)
@given(st.text() | st.lists(st.sampled_from(["SELECT", "ASK", "DESCRIBE", "CONSTRUCT", "WHERE", "{", "}", "?s", "?p",
                                             "a", "_:b", "ex:", ":x", IRI, '"x"', "@en", "^^", ".", "*", "LIMIT", "7",
                                             "PREFIX", "BASE"])).map(" ".join))
def test_any_text_is_answered_without_an_exception(text: str) -> None:
    assert is_bounded(text) in (True, False)
