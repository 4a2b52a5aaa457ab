"""Properties of content negotiation (web.conneg): any Accept header or format parameter gives an offered type,
the default or UnsupportedMediaType (406), never another exception."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from properties import PROFILE, TEXT

from dsi_graph.rdf.formats import UnsupportedMediaType
from dsi_graph.web import conneg

RANGE = st.sampled_from(["text/html", "application/json", "text/turtle", "*/*", "*", "text/*", "application/*",
                         "application/sparql-results+json", "application/ld+json", "q", "/", "*/x"]) | TEXT
PARAM = st.sampled_from(["q=0", "q=1", "q=0.5", "q=nan", "q=inf", "q=-1", "q=", "q", "charset=utf-8"]) | TEXT
ACCEPT = st.none() | TEXT | st.lists(
    st.tuples(RANGE, st.lists(PARAM, max_size=3)), max_size=5
).map(lambda ranges: ", ".join(";".join([media, *params]) for media, params in ranges))
OFFERED = st.lists(st.sampled_from([*conneg.GRAPH_TYPES, *conneg.RESULT_TYPES, "text/html", "application/json"]),
                   min_size=1, max_size=6, unique=True)


@PROFILE
@given(accept=ACCEPT, offered=OFFERED)
def test_choose_format_picks_an_offered_type_or_none(accept, offered) -> None:
    for range_ in conneg.parse_accept(accept):
        assert "/" in f"{range_[0]}/{range_[1]}"
    chosen = conneg.choose_format(accept, offered, default=offered[0])
    assert chosen is None or chosen in offered
    assert isinstance(conneg.prefers_json(accept), bool)


@PROFILE
@given(form=st.sampled_from(["select", "ask", "construct", "describe"]), accept=ACCEPT,
       params=st.dictionaries(st.sampled_from(["format", "output", "results", "x"]), TEXT, max_size=3))
def test_choose_for_query_form_offers_a_type_of_the_form_or_406(form, accept, params) -> None:
    try:
        chosen = conneg.choose_for_query_form(form, accept, params)
    except UnsupportedMediaType:
        return
    assert chosen in conneg.offered_for_form(form)
