"""The one SPARQL tokenizer: first keyword (queries and updates) and SERVICE detection, ignoring comments,
strings and IRIs."""

from __future__ import annotations

import pytest

from dsi_graph.rdf.sparqltext import keyword, query_form, uses_service


@pytest.mark.parametrize("text,expected", [
    ("SELECT * {}", "SELECT"),
    ("# INSERT\nPREFIX x: <http://e/DELETE>\nask {}", "ASK"),
    ('BASE <http://e/> PREFIX : <x> CONSTRUCT WHERE { ?s ?p "INSERT" }', "CONSTRUCT"),
    ("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }", "INSERT"),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("  ", ""),
])
def test_keyword(text: str, expected: str) -> None:
    assert keyword(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }", True),
    ("SELECT * { service silent ?endpoint { ?s ?p ?o } }", True),
    ('SELECT * { ?s ?p "SERVICE <x>" } # SERVICE <y>', False),
    ("PREFIX service: <http://e/> SELECT ?service { ?service service:p <http://e/SERVICE> }", False),
])
def test_uses_service(text: str, expected: bool) -> None:
    assert uses_service(text) is expected


def test_query_form_ignores_update_keywords() -> None:
    assert query_form("DESCRIBE <http://e/x>") == "describe"
    assert query_form("INSERT DATA { <a> <b> <c> }") is None
