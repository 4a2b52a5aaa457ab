"""The WSGI fast path: same status, headers and bytes as the Flask path; 304s; bounded; per app; only GET."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from fixtures_server import run_server
from werkzeug.test import Client

from dsi_graph.config import Settings
from dsi_graph.web.fastpath import FastPath
from dsi_graph.web.server import make_app
from dsi_graph.web.worker import parse_get

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


# --- the gunicorn worker's shortcut for cache hits (dsi_graph.web.worker), on a real server -------------------------

SIMPLE = (
    "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/sparql-results+json\r\n{extra}\r\n"
)


def _exchange(sock: socket.socket, request: bytes, count: int = 1) -> list[tuple[bytes, dict[str, str], bytes]]:
    """Send ``request`` and read ``count`` responses (Content-Length framed): (status line, headers, body)."""
    sock.sendall(request)
    buffer = b""
    answers = []
    deadline = time.monotonic() + 10
    while len(answers) < count and time.monotonic() < deadline:
        while b"\r\n\r\n" not in buffer:
            buffer += sock.recv(65536)
        head, _, rest = buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        size = int(headers.get("content-length", "0"))
        while len(rest) < size:
            rest += sock.recv(65536)
        answers.append((lines[0], headers, rest[:size]))
        buffer = rest[size:]
    return answers


def test_parse_get_takes_only_plain_requests():
    ok = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: h\r\nAccept: text/csv\r\n\r\n"
    assert parse_get(ok) == ("/sparql", "query=ASK%7B%7D", ["text/csv", None, "h"],
                             b"GET /sparql?query=ASK%7B%7D HTTP/1.1")
    for bad in (
        ok.replace(b"GET", b"HEAD"),
        ok.replace(b"HTTP/1.1", b"HTTP/1.0"),
        ok.replace(b"/sparql", b"/sp%61rql"),
        ok.replace(b"Host: h\r\n", b""),
        ok.replace(b"Accept: text/csv", b"Accept: text/csv\r\nAccept: text/html"),
        ok.replace(b"Accept", b"If-None-Match: \"x\"\r\nAccept"),
        ok.replace(b"Accept", b"Content-Length: 3\r\nAccept"),
        ok.replace(b"Accept", b"Connection: close\r\nAccept"),
        ok.replace(b"Accept", b"X-Forwarded-Proto: https\r\nAccept"),
        ok.replace(b"Accept: text/csv", b"Accept: text/csv\r\n folded"),
        ok + ok,
        ok[:-2],
    ):
        assert parse_get(bad) is None, bad


@pytest.mark.server
def test_worker_answers_hits_like_the_wsgi_path(tmp_path):
    with run_server([MINI], env={"DSI_GRAPH_WORKERS": "1"}) as base:
        host = base.split("//", 1)[1]
        path = SELECT
        plain = SIMPLE.format(path=path, host=host, extra="").encode()
        via_wsgi = SIMPLE.format(path=path, host=host, extra="Connection: keep-alive\r\n").encode()  # not taken
        with socket.create_connection(host.rsplit(":", 1)) as sock:
            sock.settimeout(10)
            (first,) = _exchange(sock, plain)
            (hit,) = _exchange(sock, plain)  # answered by the worker from the cache
            (wsgi_hit,) = _exchange(sock, via_wsgi)  # the same hit through gunicorn, Flask's WSGI callable
            assert first[0] == hit[0] == wsgi_hit[0] == b"HTTP/1.1 200 OK"
            assert "x-dsi-cache" not in first[1] and hit[1]["x-dsi-cache"] == "hit"
            for headers in (hit[1], wsgi_hit[1]):
                headers.pop("date")
            assert hit[1] == wsgi_hit[1] and hit[2] == wsgi_hit[2] == first[2]
            assert hit[1]["connection"] == "keep-alive" and hit[1]["server"]
            # pipelined requests are answered in order; a conditional one gets its 304
            etag = hit[1]["etag"]
            conditional = SIMPLE.format(path=path, host=host, extra=f"If-None-Match: {etag}\r\n").encode()
            other = SIMPLE.format(path=CONSTRUCT, host=host, extra="").encode()
            answers = _exchange(sock, plain + conditional + other, count=3)
            assert [a[0] for a in answers] == [b"HTTP/1.1 200 OK", b"HTTP/1.1 304 NOT MODIFIED",
                                               b"HTTP/1.1 406 NOT ACCEPTABLE"]
            assert answers[0][2] == first[2] and answers[1][2] == b""
            (again,) = _exchange(sock, plain)
            assert again[2] == first[2] and again[1]["x-dsi-cache"] == "hit"
