"""The WSGI fast path: same status, headers and bytes as the Flask path; 304s; bounded; per app; only GET."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from werkzeug.test import Client

from dsi_graph.config import Settings
from dsi_graph.fastpath import FastPath
from dsi_graph.server import make_app

MINI = str(Path(__file__).resolve().parent / "data" / "mini.trig")
SELECT = "/sparql?query=" + quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5")
CONSTRUCT = "/sparql?query=" + quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")
REQUESTS = [
    (SELECT, {"Accept": "application/sparql-results+json"}),
    (SELECT, {"Accept": "text/csv"}),
    (SELECT, {"Accept": "application/sparql-results+json", "Origin": "http://example.org"}),
    (CONSTRUCT, {"Accept": "text/turtle"}),
    ("/sparql", {"Accept": "text/html"}),
    ("/page/meeting/cop-16", {"Accept": "text/html"}),
    ("/page/meeting/cop-16", {"Accept": "application/json"}),
    ("/data/meeting/cop-16", {"Accept": "application/n-triples", "Origin": "http://example.org"}),
]
DROP = {"date", "server"}


def _settings(tmp_path: Path, **changes: object) -> Settings:
    return Settings.from_env({}, build_dir=str(tmp_path / "dist"), **changes)


def _view(response) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = sorted((k.lower(), v) for k, v in response.headers.items() if k.lower() not in DROP)
    return response.status_code, headers, response.get_data()


@pytest.fixture()
def app(tmp_path):
    return make_app(_settings(tmp_path), paths=[MINI])


@pytest.mark.parametrize(("path", "headers"), REQUESTS)
def test_fast_path_answers_like_the_flask_hit_path(app, path, headers):
    fast: FastPath = app.extensions["dsi_fastpath"]
    outer, inner = Client(app.wsgi_app), Client(fast.app)
    first = outer.get(path, headers=headers)
    assert first.status_code == 200 and len(fast) == 1 and fast.hits == 0
    assert "X-DSI-Cache" not in first.headers
    from_fast = outer.get(path, headers=headers)
    assert fast.hits == 1
    from_flask = inner.get(path, headers=headers)  # the Flask path, answered from caching.ResponseCache
    assert from_flask.headers["X-DSI-Cache"] == "hit" and from_fast.headers["X-DSI-Cache"] == "hit"
    assert _view(from_fast) == _view(from_flask)
    assert from_fast.get_data() == first.get_data() and from_fast.headers["ETag"] == first.headers["ETag"]
    etag = from_fast.headers["ETag"]
    for conditional in ({"If-None-Match": etag}, {"If-Modified-Since": from_fast.headers["Last-Modified"]}):
        fast_304 = outer.get(path, headers={**headers, **conditional})
        flask_304 = inner.get(path, headers={**headers, **conditional})
        assert fast_304.status_code == 304
        assert _view(fast_304) == _view(flask_304)
    changed = outer.get(path, headers={**headers, "If-None-Match": '"other"'})
    assert changed.status_code == 200 and changed.get_data() == first.get_data()


def test_keys_on_accept_and_origin(app):
    fast: FastPath = app.extensions["dsi_fastpath"]
    client = Client(app.wsgi_app)
    json_body = client.get(SELECT, headers={"Accept": "application/sparql-results+json"}).get_data()
    csv = client.get(SELECT, headers={"Accept": "text/csv"})
    assert csv.headers["Content-Type"].startswith("text/csv") and csv.get_data() != json_body
    plain = client.get(SELECT, headers={"Accept": "text/csv"})
    cors = client.get(SELECT, headers={"Accept": "text/csv", "Origin": "http://example.org"})
    assert "Access-Control-Allow-Origin" not in plain.headers or plain.headers["Access-Control-Allow-Origin"] == "*"
    assert cors.headers["Access-Control-Allow-Origin"] == "*"
    assert len(fast) == 3


def test_only_what_the_flask_path_cached_and_only_get(app):
    fast: FastPath = app.extensions["dsi_fastpath"]
    client = Client(app.wsgi_app)
    bad = "/sparql?query=" + quote("SELECT WHERE {")
    for _ in range(2):
        assert client.get(bad).status_code == 400
    assert client.get("/page/meeting/no-such-meeting").status_code == 404
    assert client.head(SELECT).status_code == 200
    posted = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/json"})
    assert posted.status_code == 200
    assert len(fast) == 0 and fast.hits == 0
    head_after = client.head(SELECT)
    assert head_after.status_code == 200 and head_after.get_data() == b""


def test_bounded_in_entries_and_bytes(tmp_path):
    app = make_app(_settings(tmp_path, cache_size=2), paths=[MINI])
    fast: FastPath = app.extensions["dsi_fastpath"]
    client = Client(app.wsgi_app)
    for limit in range(1, 6):
        path = "/sparql?query=" + quote(f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {limit}")
        assert client.get(path).status_code == 200
    assert len(fast) == 2
    kept = fast.size_bytes
    fast.max_bytes = 10  # an answer over the byte bound is not kept
    assert client.get("/sparql?query=" + quote("ASK { ?s ?p ?o }")).status_code == 200
    assert len(fast) == 2 and fast.size_bytes == kept
    small = FastPath(app.wsgi_app, 5, max_bytes=300)
    small_client = Client(small)
    for limit in range(1, 6):
        small_client.get("/sparql?query=" + quote(f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {limit}"))
    assert small.size_bytes <= 300 and len(small) < 5


def test_off_with_cache_size_zero_and_per_app(tmp_path):
    off = make_app(_settings(tmp_path, cache_size=0), paths=[MINI])
    client = Client(off.wsgi_app)
    for _ in range(2):
        response = client.get(SELECT)
        assert response.status_code == 200 and "X-DSI-Cache" not in response.headers
    assert len(off.extensions["dsi_fastpath"]) == 0
    one = make_app(_settings(tmp_path), paths=[MINI])
    Client(one.wsgi_app).get(SELECT)
    other = make_app(_settings(tmp_path), paths=[MINI])
    assert len(one.extensions["dsi_fastpath"]) == 1 and len(other.extensions["dsi_fastpath"]) == 0
