"""Properties of the SPARQL protocol parsing (read.sparql.parse_request) and of /sparql: no input escapes as an
exception other than ProtocolError, and the endpoint never answers 500."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from properties import PROFILE, TEXT, mini_app

from dsi_graph.read.sparql import ProtocolError, ProtocolRequest, parse_request

METHODS = st.sampled_from(["GET", "HEAD", "POST", "PUT", "get", "DELETE", ""]) | st.text(max_size=8)
CONTENT_TYPES = st.none() | st.sampled_from([
    "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update",
    "application/sparql-query; charset=latin-1", "application/x-www-form-urlencoded; charset=utf-8", "text/plain",
]) | TEXT
KEYS = st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri", "format", "output", "x"])
PAIRS = st.lists(st.tuples(KEYS | TEXT, TEXT), max_size=4)
QUERY_STRING = st.one_of(
    st.binary(max_size=200),
    PAIRS.map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs)),
)


@PROFILE
@given(method=METHODS, query_string=QUERY_STRING, content_type=CONTENT_TYPES, body=st.binary(max_size=300) | TEXT)
def test_parse_request_raises_only_protocol_errors(method, query_string, content_type, body) -> None:
    raw = body.encode("utf-8", "strict") if isinstance(body, str) else body
    try:
        parsed = parse_request(method, query_string, content_type, raw)
    except ProtocolError as error:
        assert 400 <= error.status < 500
    else:
        assert parsed is None or (isinstance(parsed, ProtocolRequest) and parsed.query.strip())


@PROFILE
@given(query=TEXT | st.sampled_from(["SELECT * WHERE { ?s ?p ?o }", "ASK {}", "CONSTRUCT WHERE { ?s ?p ?o }"]),
       accept=TEXT, fmt=st.none() | st.sampled_from(["json", "xml", "csv", "tsv", "turtle"]) | TEXT,
       post=st.booleans())
def test_the_endpoint_never_answers_500(query, accept, fmt, post) -> None:
    client = mini_app().test_client()
    data = {"query": query, **({"format": fmt} if fmt is not None else {})}
    headers = {"Accept": accept.replace("\n", " ").replace("\r", " ").encode("latin-1", "replace").decode("latin-1")}
    response = client.post("/sparql", data=data, headers=headers) if post else client.get(
        "/sparql", query_string=data, headers=headers)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
