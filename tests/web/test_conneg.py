"""Content negotiation: a table of real-world Accept headers -> the media type chosen."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from dsi_graph.rdf import formats
from dsi_graph.web import conneg
from dsi_graph.web.conneg import GRAPH_TYPES, RESULT_TYPES, UnsupportedMediaType

PAGE = ["text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
GRAPH = list(GRAPH_TYPES)
RESULTS = list(RESULT_TYPES)
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROME = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)
YASGUI_SELECT = "application/sparql-results+json,*/*;q=0.9"
YASGUI_CONSTRUCT = "application/n-triples,*/*;q=0.9"


@pytest.mark.parametrize(
    "accept,offered,expected",
    [
        (None, PAGE, "text/html"),
        ("", PAGE, "text/html"),
        ("*/*", PAGE, "text/html"),
        (FIREFOX, PAGE, "text/html"),
        (CHROME, PAGE, "text/html"),
        ("text/turtle", PAGE, "text/turtle"),
        ("text/ttl", PAGE, "text/turtle"),
        ("application/x-turtle", PAGE, "text/turtle"),
        ("application/ld+json", PAGE, "application/ld+json"),
        ("application/json", PAGE, "application/ld+json"),
        ("application/rdf+xml;q=0.5, text/turtle;q=0.9", PAGE, "text/turtle"),
        ("text/turtle;q=0.2, application/ld+json;q=0.8", PAGE, "application/ld+json"),
        ("text/turtle, application/ld+json", PAGE, "text/turtle"),  # equal q: header order
        ("text/*", PAGE, "text/html"),
        ("text/html;q=0, */*", PAGE, "text/turtle"),  # q=0 excludes html, next in server order
        ("text/turtle;q=0, text/*", PAGE, "text/html"),
        ("image/png", PAGE, None),
        ("text/html;q=0", ["text/html"], None),
        ("TEXT/Turtle; charset=UTF-8", PAGE, "text/turtle"),
        ("application/n-triples;q=0.9, */*;q=0.1", PAGE, "application/n-triples"),
        (YASGUI_SELECT, RESULTS, "application/sparql-results+json"),
        (YASGUI_CONSTRUCT, GRAPH, "application/n-triples"),
        ("text/csv", RESULTS, "text/csv"),
        ("text/tab-separated-values", RESULTS, "text/tab-separated-values"),
        ("application/json", RESULTS, "application/sparql-results+json"),
        ("application/xml", RESULTS, "application/sparql-results+xml"),
        ("garbage, ;;, text/turtle;q=abc", GRAPH, "text/turtle"),
        ("*", GRAPH, "text/turtle"),
    ],
)
def test_choose_format(accept, offered, expected):
    assert conneg.choose_format(accept, offered) == expected


@pytest.mark.parametrize(
    "suffix,offered,expected",
    [
        (".ttl", PAGE, "text/turtle"),
        ("ttl", PAGE, "text/turtle"),
        (".jsonld", PAGE, "application/ld+json"),
        (".json", PAGE, "application/ld+json"),
        (".json", RESULTS, "application/sparql-results+json"),
        (".csv", RESULTS, "text/csv"),
        (".html", PAGE, "text/html"),
        (".csv", PAGE, None),
        (".exe", PAGE, None),
    ],
)
def test_suffix_beats_accept(suffix, offered, expected):
    assert conneg.choose_format("text/html", offered, suffix=suffix) == expected


def test_default_wins_wildcard_ties():
    assert conneg.choose_format("*/*", GRAPH, default="application/ld+json") == "application/ld+json"
    assert conneg.choose_format("text/turtle", GRAPH, default="application/ld+json") == "text/turtle"


@pytest.mark.parametrize(
    "form,accept,params,expected",
    [
        ("select", None, {}, "application/sparql-results+json"),
        ("select", YASGUI_SELECT, {}, "application/sparql-results+json"),
        ("ask", YASGUI_SELECT, {}, "application/sparql-results+json"),
        ("construct", YASGUI_CONSTRUCT, {}, "application/n-triples"),
        ("describe", YASGUI_CONSTRUCT, {}, "application/n-triples"),
        ("construct", YASGUI_SELECT, {}, "text/turtle"),  # */* falls to the default graph type
        ("select", YASGUI_CONSTRUCT, {}, "application/sparql-results+json"),
        ("construct", None, {}, "text/turtle"),
        ("select", FIREFOX, {}, "application/sparql-results+xml"),
        ("construct", FIREFOX, {}, "application/rdf+xml"),
        ("select", "text/turtle, application/sparql-results+xml;q=0.5", {}, "application/sparql-results+xml"),
        ("select", "application/sparql-results+xml", {}, "application/sparql-results+xml"),
        ("select", "text/csv", {}, "text/csv"),
        ("construct", "application/ld+json", {}, "application/ld+json"),
        ("construct", "application/rdf+xml", {}, "application/rdf+xml"),
        # SPARQLWrapper's format / output parameters
        ("select", "application/sparql-results+xml", {"format": "json"}, "application/sparql-results+json"),
        ("select", None, {"output": "csv"}, "text/csv"),
        ("select", None, {"format": "tsv"}, "text/tab-separated-values"),
        ("select", None, {"format": "xml"}, "application/sparql-results+xml"),
        ("construct", None, {"format": "json"}, "application/ld+json"),
        ("construct", None, {"format": "n3"}, "text/turtle"),
        ("construct", None, {"format": "turtle"}, "text/turtle"),
        ("construct", None, {"format": "application/n-triples"}, "application/n-triples"),
        ("select", "text/csv", {"format": "bogus"}, "text/csv"),  # unknown value ignored
        ("construct", "application/ld+json", {"format": "csv"}, "application/ld+json"),  # inapplicable ignored
    ],
)
def test_choose_for_query_form(form, accept, params, expected):
    assert conneg.choose_for_query_form(form, accept, params) == expected


@pytest.mark.parametrize(
    "form,accept",
    [("select", "text/turtle"), ("construct", "application/sparql-results+json"), ("ask", "image/png"),
     ("select", "application/sparql-results+json;q=0, text/turtle")],
)
def test_nothing_applicable_is_406(form, accept):
    with pytest.raises(UnsupportedMediaType, match="Accept"):
        conneg.choose_for_query_form(form, accept, {})


def test_format_tables():
    assert formats.rdflib_format("text/turtle") == "turtle"
    assert formats.rdflib_format("application/ld+json") == "json-ld"
    assert formats.rdflib_format("text/ttl") == "turtle"
    assert formats.oxigraph_format("application/n-quads") == ox.RdfFormat.N_QUADS
    assert formats.oxigraph_format("text/csv; charset=utf-8") == ox.QueryResultsFormat.CSV
    assert formats.oxigraph_format("application/sparql-results+json") == ox.QueryResultsFormat.JSON
    assert formats.content_type("text/turtle") == "text/turtle; charset=utf-8"
    assert formats.content_type("application/ld+json") == "application/ld+json"
    for suffix, media in formats.SUFFIXES.items():
        assert media in GRAPH_TYPES or media in RESULT_TYPES or media in conneg.ALIASES or media == "text/html", suffix
    with pytest.raises(UnsupportedMediaType):
        formats.oxigraph_format("image/png")
