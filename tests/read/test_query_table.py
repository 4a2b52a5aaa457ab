"""A named query's answer as people read it: human headers, label columns folded, one row per fact with its
sources listed."""

from __future__ import annotations

from rdflib import Literal, URIRef

from dsi_graph.read.query_output import header, table
from dsi_graph.stores.base import SelectResult

ID = "https://w3id.org/dsi-graph/id/"


def test_headers_in_words_or_from_the_query():
    assert header("onBehalfOf") == "On behalf of"
    assert header("stanceLabel") == "Stance"
    assert header("nominated_by") == "Nominated by"
    assert header("holder", {"holder": "Who holds it"}) == "Who holds it"


def test_rows_that_differ_by_source_only_become_one():
    pos, other = URIRef(ID + "position/a"), URIRef(ID + "position/b")
    s1, s2 = URIRef(ID + "source/one"), URIRef(ID + "source/two")
    answer = SelectResult(["position", "positionLabel", "stanceLabel", "source", "quote"], [
        {"position": pos, "positionLabel": Literal("A"), "stanceLabel": Literal("supports"), "source": s1,
         "quote": Literal("we support")},
        {"position": pos, "positionLabel": Literal("A"), "stanceLabel": Literal("supports"), "source": s2},
        {"position": pos, "positionLabel": Literal("A"), "stanceLabel": Literal("supports"), "source": s1,
         "quote": Literal("we support")},
        {"position": other, "stanceLabel": Literal("opposes"), "source": s2},
    ])
    columns, rows = table(answer)
    assert columns == [("position", "Position"), ("stanceLabel", "Stance"), ("source", "Source"),
                       ("quote", "Quote")]  # positionLabel folded into position
    assert len(rows) == 2
    assert rows[0]["position"] == pos and rows[0]["source"] == [s1, s2] and rows[0]["quote"] == [Literal("we support")]
    assert rows[1]["source"] == [s2] and rows[1]["quote"] == []


def test_a_query_about_sources_keeps_a_row_per_source():
    s1, s2 = URIRef(ID + "source/one"), URIRef(ID + "source/two")
    answer = SelectResult(["source", "title"], [{"source": s1, "title": Literal("T")},
                                                 {"source": s2, "title": Literal("T")}])
    assert [r["source"] for r in table(answer)[1]] == [s1, s2]
