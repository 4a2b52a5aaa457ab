"""The lean path for plain SPARQL GETs (dsi_graph/web/lean.py) answers exactly what Flask answers.

Each request is sent twice to the same app, once with the lean path off (Flask's view) and once on, each time on a
fresh cache (a miss) and again (a hit): status, body and every header (but Date) must be equal. Then on the real
server: a lean answer over HTTP and a query past the time limit (503, never evaluated twice).
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import requests
from fixtures_server import SLOW_QUERY

from dsi_graph.config import Settings
from dsi_graph.web.app import create_app
from dsi_graph.web.caching import response_cache
from dsi_graph.web.lean import FLAG

COP16 = "<https://w3id.org/dsi-graph/id/meeting/cop-16>"
# bounded queries (dsi_graph/read/boundedquery.py): the lean path answers them; the rest goes through the view
SELECT = f"SELECT ?p ?o WHERE {{ {COP16} ?p ?o }} LIMIT 7"
CASES = [
    (SELECT, "application/sparql-results+json", {}),
    (SELECT, "application/sparql-results+xml", {}),
    (SELECT, "text/csv", {}),
    (SELECT, "", {"format": "json"}),
    (f"ASK {{ {COP16} ?p ?o }}", "application/sparql-results+json", {}),
    (f"CONSTRUCT WHERE {{ {COP16} ?p ?o }}", "text/turtle", {}),
    (f"CONSTRUCT WHERE {{ {COP16} ?p ?o }}", "application/n-triples", {}),
    ("SELECT ?o WHERE { <https://w3id.org/dsi-graph/id/meeting/iag-2024-01> ?p ?o }",
     "application/sparql-results+json", {}),  # 10 rows, cut at max_rows
]


@pytest.fixture()
def cached_app(mini_store, tmp_path):
    """The app over the mini store with a response cache and a small row limit."""
    settings = Settings.from_env({}, build_dir=str(tmp_path / "dist"), cache_size=64, max_rows=5)
    app = create_app(settings, store=mini_store, build_info={"build_id": "lean-test",
                                                             "build_time": "2026-12-01T00:00:00Z"})
    hooks = []
    app.before_request(lambda: hooks.append(1))  # counts the requests Flask itself saw
    app.extensions["test_hooks"] = hooks
    return app


def answers(app, path, accept, method="get"):
    """(status, body, headers without Date) of a miss then a hit, on an emptied cache."""
    with app.app_context():
        response_cache().clear()
    client = app.test_client()
    out = []
    for _ in range(2):
        headers = {"Accept": accept} if accept else {}
        response = getattr(client, method)(path, headers=headers)
        out.append((response.status_code, response.get_data(),
                    {k.lower(): v for k, v in response.headers.items() if k.lower() != "date"}))
    return out


@pytest.mark.parametrize(("query", "accept", "extra"), CASES)
@pytest.mark.parametrize("method", ["get", "head"])
def test_lean_answers_equal_flasks(cached_app, query, accept, extra, method):
    path = "/sparql?" + urlencode({"query": query, **extra})
    cached_app.config[FLAG] = False
    flask_answers = answers(cached_app, path, accept, method)
    seen = len(cached_app.extensions["test_hooks"])
    cached_app.config[FLAG] = True
    lean_answers = answers(cached_app, path, accept, method)
    assert len(cached_app.extensions["test_hooks"]) == seen  # the lean path answered, Flask saw nothing
    assert flask_answers[0][0] == 200
    assert lean_answers == flask_answers
    assert "x-dsi-cache" not in lean_answers[0][2] and lean_answers[1][2]["x-dsi-cache"] == "hit"


def test_cut_answers_say_so(cached_app):
    """A SELECT past max_rows: the same truncation headers and Link on both paths (checked above), present."""
    path = "/sparql?" + urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    status, _, headers = answers(cached_app, path, "application/sparql-results+json")[0]
    assert status == 200 and headers["x-sparql-maxrows"] == "5" and "service-desc" in headers["link"]


@pytest.mark.parametrize("request_headers", [{"Accept-Encoding": "gzip"}, {"If-None-Match": '"x"'}])
def test_what_the_lean_path_leaves_to_flask(cached_app, request_headers):
    """Compressing clients and conditional requests are Flask's: its hooks see them."""
    seen = len(cached_app.extensions["test_hooks"])
    response = cached_app.test_client().get("/sparql?" + urlencode({"query": SELECT}), headers=request_headers)
    assert response.status_code == 200
    assert len(cached_app.extensions["test_hooks"]) == seen + 1


@pytest.mark.parametrize("query", ["SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3", "ASK { ?s ?p ?o . ?o ?q ?r }"])
def test_unbounded_queries_are_left_to_the_view(cached_app, query):
    """A query not bounded by its shape is the view's (query processes, admission), also on a cache hit's miss."""
    seen = len(cached_app.extensions["test_hooks"])
    response = cached_app.test_client().get("/sparql?" + urlencode({"query": query}),
                                            headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert len(cached_app.extensions["test_hooks"]) == seen + 1


@pytest.mark.parametrize("query", ["SELECT ?s WHERE {", "INSERT DATA { <a:b> <a:c> <a:d> }", ""])
def test_refused_queries_are_answered_by_the_view(cached_app, query):
    """Syntax errors, updates, empty queries: the view's envelope (400, 403), not the lean path."""
    response = cached_app.test_client().get("/sparql?" + urlencode({"query": query}),
                                            headers={"Accept": "application/sparql-results+json"})
    assert response.status_code in (400, 403)
    assert response.get_json()["ok"] is False


@pytest.mark.server
def test_lean_path_on_the_real_server(protocol_server):
    """Over HTTP without Accept-Encoding (the lean path): results, CORS, then a runaway query gets its 503
    envelope with Retry-After, and the server answers the next request."""
    session = requests.Session()
    session.headers["Accept-Encoding"] = "identity"
    ok = session.get(protocol_server + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                     headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert ok.status_code == 200 and ok.json()["boolean"] is True
    assert ok.headers["Access-Control-Allow-Origin"] == "*" and "Accept-Encoding" in ok.headers["Vary"]
    slow = session.get(protocol_server + "/sparql", params={"query": SLOW_QUERY},
                       headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert slow.status_code == 503
    assert slow.json()["ok"] is False and "stopped" in slow.json()["error"]
    assert slow.headers["Retry-After"]
    again = requests.get(protocol_server + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                         headers={"Accept": "application/sparql-results+json", "Accept-Encoding": "identity"},
                         timeout=60)
    assert again.status_code == 200
