"""Properties of named-query parameters (read.query_params) and of /queries/<name>: a value is an RDF term or a
ParamError (400), never another exception, and the page never answers 500."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from properties import PROFILE, TEXT, mini_app
from rdflib.term import Identifier

from dsi_graph.config import PROJECT_ROOT
from dsi_graph.read.query_params import Param, ParamError, check_values, coerce

TYPES = st.sampled_from(["iri", "date", "integer", "kind-slug", "string", "literal"])
VALUES = TEXT | st.sampled_from(["dsi:Meeting", "meeting/iag-2024-01", "iag-2024-01", "2024-01-23", "-12",
                                 "https://w3id.org/dsi-graph/id/meeting/iag-2024-01", "http://", "a:b", "x/y/z"])
PARAMS = st.builds(Param, name=st.sampled_from(["meeting", "decision", "year", "q"]), type=TYPES,
                   default=st.none() | VALUES, required=st.booleans(),
                   kind=st.none() | st.sampled_from(["meeting", "decision", "organisation"]),  # as .rq headers name
                   prefix=st.sampled_from(["", "org-kind-"]))
NAMES = sorted(p.stem for p in (PROJECT_ROOT / "queries" / "api").glob("*.rq"))


@PROFILE
@given(param=PARAMS, value=VALUES)
def test_coerce_gives_a_term_or_a_param_error(param, value) -> None:
    store = mini_app().extensions["dsi_store"]
    try:
        term = coerce(param, value, store=store)
    except ParamError as error:
        assert error.name == param.name
    else:
        assert isinstance(term, Identifier)


@PROFILE
@given(params=st.lists(PARAMS, max_size=3, unique_by=lambda p: p.name),
       raw=st.dictionaries(st.sampled_from(["meeting", "decision", "year", "q", "other"]), VALUES, max_size=3))
def test_check_values_gives_terms_or_a_param_error(params, raw) -> None:
    try:
        bindings = check_values(params, raw)
    except ParamError:
        return
    assert set(bindings) <= {p.name for p in params}


@PROFILE
@given(name=st.sampled_from(NAMES), args=st.dictionaries(
    st.sampled_from(["actor", "decision", "entity", "agent", "fund", "meeting", "year", "kind", "role", "q",
                     "limit", "x"]), VALUES, max_size=2), suffix=st.sampled_from(["", ".json", ".csv"]))
def test_a_named_query_page_never_answers_500(name, args, suffix) -> None:
    response = mini_app().test_client().get(f"/queries/{name}{suffix}", query_string=args,
                                            headers={"Accept": "application/json"})
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
