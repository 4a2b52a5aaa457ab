"""The read layer's query files: each parses with its own PREFIX lines; VALUES and paging never paste raw text."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql import prepareQuery

from dsi_graph.rdf.sparqltext import SparqlTextError
from dsi_graph.read import sparqlfiles

NAMES = sorted(p.stem for p in sparqlfiles.QUERY_DIR.glob("*.rq"))


@pytest.mark.parametrize("name", NAMES)
def test_every_read_query_parses_with_its_own_prefixes(name: str) -> None:
    text = sparqlfiles.query(name)
    prepareQuery(text)


@pytest.mark.parametrize("rq", sparqlfiles.sections(), ids=lambda rq: rq.name)
def test_every_kind_section_has_a_title_kinds_and_its_prefixes(rq) -> None:
    assert rq.get("title") and rq.words("kinds")
    prepareQuery(rq.text)


def test_values_go_first_in_the_where_group_as_written_terms() -> None:
    text = sparqlfiles.with_values(sparqlfiles.query("entity-labels"), "x", ["http://e/a", "http://e/b"])
    assert "WHERE { VALUES ?x { <http://e/a> <http://e/b> }" in text
    prepareQuery(text)


def test_values_refuse_an_iri_that_would_end_the_term() -> None:
    hostile = "http://e/a> } } ; DROP ALL ; #"
    assert not sparqlfiles.writable(hostile)
    with pytest.raises(SparqlTextError):
        sparqlfiles.with_values(sparqlfiles.query("entity-labels"), "x", [hostile])


def test_paging_is_written_from_integers() -> None:
    text = sparqlfiles.paged(sparqlfiles.query("entity-incoming-page"), 10, 20)
    assert text.endswith("LIMIT 10 OFFSET 20")
    with pytest.raises(ValueError):
        sparqlfiles.paged(text, "10; DROP ALL", 0)  # type: ignore[arg-type]
