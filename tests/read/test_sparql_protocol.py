"""SPARQL 1.1 Protocol against the real production server (granian subprocess), with requests and SPARQLWrapper.

Test names follow the W3C protocol test suite (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl).
"""

from __future__ import annotations

import csv
import io
import threading
import time
import urllib.error
import xml.etree.ElementTree as ET

import pytest
import requests
from fixtures_server import SLOW_QUERY, generated_numbers, run_server
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, N3, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from dsi_graph.read import sparql
from dsi_graph.read.service import SD
from dsi_graph.read.sparql import ProtocolError

pytestmark = pytest.mark.server

EX = "http://example.org/protocol/"
SELECT_NAMES = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY ?name"
CONSTRUCT = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }"
FORM = "application/x-www-form-urlencoded"
RESULTS_JSON = "application/sparql-results+json"


def names(response: requests.Response) -> list[str]:
    """The ?name values of a JSON SELECT answer."""
    assert response.status_code == 200, response.text
    return [b["name"]["value"] for b in response.json()["results"]["bindings"]]


# --- parsing, without a server ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,qs,ctype,body,status",
    [
        ("PUT", b"query=ASK{}", None, b"", 405),
        ("GET", b"query=ASK{}&query=ASK{}", None, b"", 400),
        ("GET", b"update=INSERT%20DATA%7B%7D", None, b"", 403),
        ("GET", b"query=INSERT%20DATA%20%7B%3Ca%3E%20%3Cb%3E%20%3Cc%3E%7D", None, b"", 403),
        ("GET", b"query=%FF", None, b"", 400),
        ("GET", b"default-graph-uri=http%3A%2F%2Fx", None, b"", 400),
        ("POST", b"", None, b"query=ASK{}", 400),
        ("POST", b"", "text/plain", b"ASK{}", 415),
        ("POST", b"", "application/sparql-query; charset=UTF-16", "ASK{}".encode("utf-16"), 415),
        ("POST", b"", "application/sparql-query", "ASK { ?s ?p \"é\" }".encode("latin-1"), 400),
        ("POST", b"", FORM, b"", 400),
        ("POST", b"", FORM, b"update=CLEAR%20ALL", 403),
        ("POST", b"", "application/sparql-update", b"CLEAR ALL", 403),
        ("POST", b"query=ASK{}", "application/sparql-query", b"ASK{}", 400),
        ("GET", b"query=SELECT%20*%20%7B%20SERVICE%20%3Chttp%3A%2F%2Fx%3E%20%7B%7D%20%7D", None, b"", 403),
    ],
)
def test_parse_refusals(method, qs, ctype, body, status):
    with pytest.raises(ProtocolError) as info:
        sparql.parse_request(method, qs, ctype, body)
    assert info.value.status == status


def test_parse_accepts():
    body = b"query=ASK%7B%7D&default-graph-uri=a&format=csv"
    parsed = sparql.parse_request("POST", b"", FORM + "; charset=UTF-8", body)
    assert parsed.query == "ASK{}" and parsed.default_graph_uris == ("a",) and parsed.params == {"format": "csv"}
    parsed = sparql.parse_request("POST", b"named-graph-uri=g", "application/sparql-query", b"ASK{}")
    assert parsed.query == "ASK{}" and parsed.named_graph_uris == ("g",)
    assert sparql.parse_request("GET", b"", None, b"") is None
    assert sparql.parse_request("GET", b"query=SELECT%20*%7BSERVICE%20%3Cx%3E%7B%7D%7D", None, b"", allow_service=True)
    # keywords inside strings, IRIs and comments do not count
    sparql.check_query('SELECT * { ?s ?p "INSERT SERVICE <x>" } # DELETE\n')


# --- the live server -------------------------------------------------------------------------------------------


def test_query_get(protocol_server):
    response = requests.get(f"{protocol_server}/sparql", params={"query": SELECT_NAMES}, timeout=60)
    assert names(response) == ["Alice", "Bob", "Carol"]
    assert response.headers["Content-Type"].startswith(RESULTS_JSON)
    assert "Accept" in response.headers["Vary"]


def test_query_post_form(protocol_server):
    for ctype in (FORM, FORM + "; charset=UTF-8"):
        response = requests.post(
            f"{protocol_server}/sparql", data={"query": SELECT_NAMES}, headers={"Content-Type": ctype}, timeout=60
        )
        assert names(response) == ["Alice", "Bob", "Carol"]


def test_query_post_direct(protocol_server):
    response = requests.post(
        f"{protocol_server}/sparql",
        data=SELECT_NAMES.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": RESULTS_JSON},
        timeout=60,
    )
    assert names(response) == ["Alice", "Bob", "Carol"]


def test_query_dataset_default_graphs_get(protocol_server):
    params = [("query", SELECT_NAMES), ("default-graph-uri", EX + "data1"), ("default-graph-uri", EX + "data2")]
    assert names(requests.get(f"{protocol_server}/sparql", params=params, timeout=60)) == ["Alice", "Bob"]


def test_query_dataset_default_graphs_post(protocol_server):
    data = [("query", SELECT_NAMES), ("default-graph-uri", EX + "data3")]
    assert names(requests.post(f"{protocol_server}/sparql", data=data, timeout=60)) == ["Carol"]


def test_query_dataset_named_graphs(protocol_server):
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    params = [("query", query), ("named-graph-uri", EX + "data1"), ("named-graph-uri", EX + "data3")]
    response = requests.get(f"{protocol_server}/sparql", params=params, timeout=60)
    graphs = [b["g"]["value"] for b in response.json()["results"]["bindings"]]
    assert graphs == [EX + "data1", EX + "data3"]


@pytest.mark.parametrize(
    "query,accept,expected",
    [
        (SELECT_NAMES, "application/sparql-results+xml", "application/sparql-results+xml"),
        (SELECT_NAMES, "text/csv", "text/csv"),
        (SELECT_NAMES, "text/tab-separated-values", "text/tab-separated-values"),
        (SELECT_NAMES, "text/turtle, application/sparql-results+json;q=0.5", RESULTS_JSON),
        ("ASK { ?s ?p ?o }", "application/sparql-results+xml", "application/sparql-results+xml"),
        ("ASK { ?s ?p ?o }", "application/sparql-results+json", RESULTS_JSON),
        (CONSTRUCT, "text/turtle", "text/turtle"),
        (CONSTRUCT, "application/rdf+xml", "application/rdf+xml"),
        (CONSTRUCT, "application/ld+json", "application/ld+json"),
        (CONSTRUCT, "application/n-triples,*/*;q=0.9", "application/n-triples"),
        (f"DESCRIBE <{EX}alice>", "text/turtle", "text/turtle"),
        (f"DESCRIBE <{EX}alice>", "application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_query_content_type(protocol_server, query, accept, expected):
    url = f"{protocol_server}/sparql"
    response = requests.get(url, params={"query": query}, headers={"Accept": accept}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == expected
    body = response.content
    if expected == "application/sparql-results+xml":
        assert ET.fromstring(body).tag.endswith("sparql")
    elif expected == "text/csv":
        assert list(csv.reader(io.StringIO(body.decode())))[0] == ["name"]
    elif expected == "application/ld+json":  # (rdflib's JSON-LD parser warns about its own deprecations)
        assert EX + "alice" in {node["@id"] for node in response.json()}
    elif expected in ("text/turtle", "application/rdf+xml", "application/n-triples"):
        fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt"}[expected]
        graph = Graph().parse(data=body, format=fmt)
        assert (URIRef(EX + "alice"), None, None) in graph


def test_conneg_406(protocol_server):
    response = requests.get(
        f"{protocol_server}/sparql", params={"query": SELECT_NAMES}, headers={"Accept": "text/turtle"}, timeout=60
    )
    assert response.status_code == 406
    assert response.json()["ok"] is False and "Accept" in response.json()["error"]


@pytest.mark.parametrize(
    "request_kwargs,status",
    [
        ({"method": "PUT", "params": {"query": "ASK {}"}}, 405),  # bad_query_method
        ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),  # bad_multiple_queries
        ({"method": "POST", "data": b"query=ASK%20%7B%7D", "headers": {"Content-Type": "text/plain"}}, 415),
        ({"method": "POST", "data": b"query=ASK%20%7B%7D", "headers": {"Content-Type": ""}}, 400),
        ({"method": "POST", "data": b"ASK {}", "headers": {"Content-Type": ""}}, 400),  # missing direct type
        ({"method": "POST", "data": "ASK { ?s ?p \"é\" }".encode("utf-16"),
          "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415),  # bad_query_non_utf8
        ({"method": "POST", "data": "ASK { ?s ?p \"é\" }".encode("latin-1"),
          "headers": {"Content-Type": "application/sparql-query"}}, 400),
        ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p"}}, 400),  # bad_query_syntax
        ({"method": "GET", "params": {"update": "CLEAR ALL"}}, 403),  # bad_update_get
        ({"method": "POST", "data": {"update": f"INSERT DATA {{ <{EX}x> <{EX}p> 1 }}"}}, 403),
        ({"method": "GET", "params": {"query": f"INSERT DATA {{ <{EX}x> <{EX}p> 1 }}"}}, 403),
        ({"method": "POST", "data": b"DELETE WHERE { ?s ?p ?o }",
          "headers": {"Content-Type": "application/sparql-update"}}, 403),
        ({"method": "GET", "params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}}, 403),
    ],
)
def test_bad_requests(protocol_server, request_kwargs, status):
    kwargs = dict(request_kwargs)
    method = kwargs.pop("method")
    response = requests.request(method, f"{protocol_server}/sparql", timeout=60, **kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]


def test_syntax_error_carries_parser_message(protocol_server):
    response = requests.get(f"{protocol_server}/sparql", params={"query": "SELECT * WHERE { ?s ?p"}, timeout=60)
    assert response.status_code == 400
    body = response.json()
    assert "error at 1:" in body["detail"]  # the parser's own words; the error says where (read/query_errors.py)
    assert "line 1, column" in body["error"] and body["line"] == 1


def test_update_refused_and_nothing_written(protocol_server):
    url = f"{protocol_server}/sparql"
    ask = f"ASK {{ <{EX}intruder> ?p ?o }}"
    for data in ({"update": f"INSERT DATA {{ <{EX}intruder> <{EX}p> 1 }}"},
                 {"query": f"INSERT DATA {{ <{EX}intruder> <{EX}p> 1 }}"}):
        assert requests.post(url, data=data, timeout=60).status_code == 403
    assert requests.get(url, params={"query": ask}, timeout=60).json()["boolean"] is False


def test_sparqlwrapper_formats(protocol_server):
    client = SPARQLWrapper(f"{protocol_server}/sparql")
    client.setQuery(SELECT_NAMES)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == ["Alice", "Bob", "Carol"]
    client.setReturnFormat(XML)
    assert client.query().convert().getElementsByTagName("result").length == 3
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[0] == "name"
    client.setMethod("POST")
    client.setQuery(CONSTRUCT)
    for fmt in (TURTLE, N3):
        client.setReturnFormat(fmt)
        graph = Graph().parse(data=client.query().convert(), format="turtle")
        assert len(graph) == 3
    client.setReturnFormat(JSON)
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.query().convert()["boolean"] is True


def test_sparqlwrapper_errors(protocol_server):
    client = SPARQLWrapper(f"{protocol_server}/sparql")
    client.setQuery("SELECT * WHERE { ?s ?p")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        client.query()
    client.setQuery(SLOW_QUERY)
    with pytest.raises(urllib.error.HTTPError) as info:  # SPARQLWrapper maps 500 but not 503
        client.query()
    assert info.value.code == 503
    assert b"stopped after 1 s" in info.value.read()


def test_service_description(protocol_server):
    for accept, fmt in (("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/n-triples", "nt")):
        response = requests.get(f"{protocol_server}/sparql", headers={"Accept": accept}, timeout=60)
        assert response.status_code == 200
        graph = Graph().parse(data=response.content, format=fmt)
        endpoint = URIRef(f"{protocol_server}/sparql")
        assert (endpoint, SD.endpoint, endpoint) in graph
        assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
        assert (endpoint, SD.feature, SD.UnionDefaultGraph) in graph
        assert {str(o) for o in graph.objects(None, SD.name)} >= {EX + "data1", EX + "data2", EX + "data3"}


def test_cors(protocol_server):
    url = f"{protocol_server}/sparql"
    response = requests.get(url, params={"query": "ASK {}"}, headers={"Origin": "https://example.net"}, timeout=60)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-DSI-Truncated" in response.headers["Access-Control-Expose-Headers"]
    preflight = requests.options(
        url,
        headers={"Origin": "https://example.net", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "Content-Type"},
        timeout=60,
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_row_limit_is_signalled(protocol_server):
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    for accept in (RESULTS_JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"):
        response = requests.get(f"{protocol_server}/sparql", params={"query": query}, headers={"Accept": accept},
                                timeout=60)
        assert response.status_code == 200
        assert response.headers["X-DSI-Truncated"] == "true"
        assert response.headers["X-SPARQL-MaxRows"] == "3"
        assert "truncated" in response.headers["Warning"]
        if accept == RESULTS_JSON:
            assert len(response.json()["results"]["bindings"]) == 3
        elif accept.startswith("text/"):
            assert len(response.text.strip().splitlines()) == 4
        else:
            assert len(ET.fromstring(response.content).findall(".//{*}result")) == 3
    small = requests.get(f"{protocol_server}/sparql", params={"query": query + " LIMIT 3"}, timeout=60)
    assert "X-DSI-Truncated" not in small.headers and len(small.json()["results"]["bindings"]) == 3


def test_timeout_stops_query_and_others_are_served(protocol_server):
    url = f"{protocol_server}/sparql"
    outcome: dict[str, object] = {}

    def slow() -> None:
        response = requests.get(url, params={"query": SLOW_QUERY}, timeout=60)
        outcome["slow"] = (response.status_code, response.json()["error"])

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)
    fast = requests.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    thread.join(60)
    assert fast.status_code == 200 and fast.json()["boolean"] is True
    status, message = outcome["slow"]  # the query joins 300 resources four ways: unstopped, it would not end
    assert status == 503
    assert message == "query stopped after 1 s (DSI_GRAPH_QUERY_TIMEOUT)"
    # the worker that ran it has been replaced; the server keeps answering
    answers = [requests.get(url, params={"query": "ASK {}"}, timeout=60).status_code for _ in range(10)]
    assert answers == [200] * 10


def test_runaways_in_a_row_on_one_worker_leave_the_server_serving(tmp_path):
    """granian ends the whole server when a worker it started again ends within 5.5 s: the second runaway lands on
    the fresh worker, which must outlive that window before it ends."""
    numbers = tmp_path / "numbers.nq"
    numbers.write_text(generated_numbers(300), encoding="utf-8")
    env = {"DSI_GRAPH_QUERY_TIMEOUT": "1", "DSI_GRAPH_WORKERS": "1"}
    with run_server([str(numbers), "--workers", "1"], env=env, log_dir=tmp_path) as base:
        url = f"{base}/sparql"
        log = tmp_path / f"dsi-graph-serve-{base.rsplit(':', 1)[1]}.log"
        for ended in (1, 2):  # the second runaway meets the worker started again after the first
            assert requests.get(url, params={"query": SLOW_QUERY}, timeout=60).status_code == 503
            for _ in range(150):  # bounded: a worker ends at the latest ~6 s after its start
                if log.read_text().count("Unexpected exit") >= ended:
                    break
                time.sleep(0.1)
            after = [requests.get(url, params={"query": "ASK {}"}, timeout=30).status_code for _ in range(3)]
            text = log.read_text()
            assert text.count("Unexpected exit") == ended and "crash loop" not in text, text[-3000:]
            assert after == [200] * 3


def test_etag_304(protocol_server):
    url = f"{protocol_server}/sparql"
    first = requests.get(url, params={"query": SELECT_NAMES}, timeout=60)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    again = requests.get(url, params={"query": SELECT_NAMES}, headers={"If-None-Match": etag}, timeout=60)
    assert again.status_code == 304 and again.content == b""
    since = requests.get(url, params={"query": SELECT_NAMES},
                         headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=60)
    assert since.status_code == 304
    other = requests.get(url, params={"query": SELECT_NAMES}, headers={"If-None-Match": etag, "Accept": "text/csv"},
                         timeout=60)
    assert other.status_code == 200 and other.headers["ETag"] != etag
