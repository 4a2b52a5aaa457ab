"""SPARQL syntax errors told for people (dsi_graph.read.query_errors): errors from the real engines (Oxigraph and
the rdflib memory store), undeclared prefixes named with the PREFIX line to add, line and column, raw text kept."""

from __future__ import annotations

import pytest

from dsi_graph.rdf.namespaces import PREFIXES
from dsi_graph.read import query_errors
from dsi_graph.stores.base import QuerySyntaxError
from dsi_graph.stores.memory import MemoryStore
from dsi_graph.stores.oxigraph import OxigraphStore


@pytest.fixture(params=["oxigraph", "memory"])
def engine(request):
    store = OxigraphStore() if request.param == "oxigraph" else MemoryStore()
    yield store
    store.close()


def _raw(store, query: str) -> str:
    with pytest.raises(QuerySyntaxError) as caught:
        store.select(query)
    return str(caught.value)


def test_undeclared_project_prefix_names_the_line_to_add() -> None:
    # Oxigraph (the served engine) knows no prefix the query does not declare; rdflib would accept schema:
    query = "SELECT ?n WHERE {\n  ?m schema:name ?n .\n}"
    raw = _raw(OxigraphStore(), query)
    report = query_errors.explain(query, raw)
    assert report.prefix == "schema"
    assert (report.line, report.column) == (2, 6)
    assert report.hint == f"Add the line: PREFIX schema: <{PREFIXES['schema']}>"
    assert "undeclared prefix 'schema:'" in report.message and report.detail == raw


def test_unknown_prefix_suggests_a_close_project_prefix(engine) -> None:
    query = "PREFIX dsi: <https://w3id.org/dsi-graph/def/>\nSELECT * WHERE { ?m dsi:topic ?t . ?t skoss:prefLabel ?l }"
    report = query_errors.explain(query, _raw(engine, query))
    assert report.prefix == "skoss" and report.line == 2
    assert "did you mean skos:?" in (report.hint or "")


@pytest.mark.parametrize(("query", "line", "column"), [
    ("SELECT * WHERE {\n  ?s ?p ?o\n  FILTER(?o = ) }", 3, None),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT x", 1, None),
])
def test_syntax_error_has_line_and_column(engine, query: str, line: int, column: int | None) -> None:
    raw = _raw(engine, query)
    report = query_errors.explain(query, raw)
    assert report.line == line and isinstance(report.column, int) and report.column > 0
    assert report.message.startswith(f"syntax error at line {line}, column {report.column}")
    assert "\\u{" not in report.message + (report.hint or "")  # no Unicode ranges in what people read
    assert report.detail == raw and report.prefix is None


def test_oxigraph_expected_tokens_become_a_short_list() -> None:
    query = "SELECT * WHERE { ?s ?p ?o"
    raw = _raw(OxigraphStore(), query)
    report = query_errors.explain(query, raw)
    assert "u{00B7}" in raw  # the raw text lists Unicode ranges ...
    assert "'{' not closed" in report.hint and "}" in report.hint  # ... the hint names the brace
    assert "u{" not in report.hint and len(report.hint) < 200


def test_declared_prefixes_strings_iris_and_variables_are_no_undeclared_prefix() -> None:
    query = ('PREFIX ex: <http://example.org/> PREFIX : <http://example.org/e/>\n'
             'SELECT ?s WHERE { ?s ex:p "a:b" ; :q <http://x.org/a:b> . FILTER(?s != ex:o) }')
    assert query_errors.undeclared_prefixes(query) == []
    assert [name for name, _ in query_errors.undeclared_prefixes("SELECT * { ?s foo:p :o }")] == ["foo", ""]


def test_envelope_of_an_explained_error_and_of_a_plain_one() -> None:
    query = "SELECT * WHERE { ?s dcterms:title ?t }"
    with pytest.raises(QuerySyntaxError) as caught:
        OxigraphStore().select(query)
    message, extra = query_errors.envelope(query_errors.explained(query, caught.value))
    assert message == "query syntax error: undeclared prefix 'dcterms:' at line 1, column 21"
    assert extra["hint"].endswith(f"<{PREFIXES['dcterms']}>") and extra["detail"] == str(caught.value)
    assert query_errors.envelope(QuerySyntaxError("odd")) == ("query syntax error: odd", {"detail": "odd"})
