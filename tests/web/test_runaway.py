"""A runaway /sparql query on the real server: 503, and the worker, its cache and its neighbours stay.

One server (one worker process, so every request meets the same cache) over a small build; clients are told
apart by their loopback source address (127.0.0.2, 127.0.0.3, ...: the kernel routes all of 127/8 to lo).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from fixtures_build import fixture_settings
from fixtures_server import run_server

from dsi_graph.build import pipeline
from dsi_graph.config import PROJECT_ROOT

pytestmark = pytest.mark.server

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }"
SMALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }"  # not bounded by shape: admitted through the gate
_sent = iter(range(1 << 30))
LOOKUP = "SELECT ?p ?o WHERE { <https://w3id.org/dsi-graph/id/meeting/iag-2024> ?p ?o }"
ENV = {"DSI_GRAPH_QUERY_TIMEOUT": "4", "DSI_GRAPH_SPARQL_SLOTS": "2", "DSI_GRAPH_SPARQL_QUEUE_WAIT": "0.2",
       "DSI_GRAPH_SPARQL_PER_CLIENT": "1", "DSI_GRAPH_SPARQL_EXPENSIVE_AFTER": "0.3", "DSI_GRAPH_RETRY_AFTER": "7",
       "DSI_GRAPH_QUERIES_DIR": str(PROJECT_ROOT / "queries")}  # the project's named queries over the small build
TRIES = 100  # bounds of the polling loops (each try waits at most ~0.3 s)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("isolated")
    out = folder / "dist"
    pipeline.build(fixture_settings(folder), out)
    with run_server(["--build", str(out), "--workers", "1"], env=ENV, log_dir=folder) as base:
        yield base


def get(base: str, path: str, client: str = "127.0.0.1", **params: str) -> tuple[int, Message, bytes]:
    """GET ``path`` from the source address ``client``: (status, headers, body)."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60, source_address=(client, 0))
    try:
        connection.request("GET", path + ("?" + urllib.parse.urlencode(params) if params else ""))
        response = connection.getresponse()
        # header names are case-insensitive (granian sends them in lower case): the message's own mapping
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def sparql(base: str, query: str, client: str = "127.0.0.1") -> tuple[int, Message, bytes]:
    return get(base, "/sparql", client, query=query)


def small() -> str:
    """SMALL with a new comment each time: never answered from the response cache."""
    return f"{SMALL} # {next(_sent)}"


def workers(base: str) -> set[int]:
    """The server's worker processes: the children of the process that listens on its port."""
    port = urllib.parse.urlsplit(base).port
    for proc in Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in argv and str(port).encode() in argv:
            pid = proc.name
            return {int(p) for p in (proc / "task" / pid / "children").read_text().split()}
    raise AssertionError(f"no server process for port {port}")


class Background:
    """A request sent from a thread; ``result`` once it has been answered."""

    def __init__(self, base: str, query: str, client: str) -> None:
        self.result: tuple[int, Message, bytes] | None = None
        self.thread = threading.Thread(target=self._run, args=(base, query, client))
        self.thread.start()

    def _run(self, base: str, query: str, client: str) -> None:
        self.result = sparql(base, query, client)

    def join(self) -> tuple[int, Message, bytes]:
        self.thread.join(60)
        assert self.result is not None
        return self.result


def until(probe, wanted: int) -> tuple[int, Message, bytes]:
    """Repeat ``probe()`` until it answers ``wanted`` (bounded); the last answer."""
    for _ in range(TRIES):
        answer = probe()
        if answer[0] == wanted:
            return answer
        time.sleep(0.1)
    return answer


def test_a_runaway_gets_503_and_the_worker_keeps_its_cache(server: str) -> None:
    before = workers(server)
    assert sparql(server, LOOKUP)[0] == 200
    assert sparql(server, LOOKUP)[1].get("X-DSI-Cache") == "hit"
    status, headers, body = sparql(server, RUNAWAY)
    assert status == 503 and headers["Retry-After"] == "7"
    assert json.loads(body) == {"ok": False, "status": 503,
                                "error": "query stopped after 4 s (DSI_GRAPH_QUERY_TIMEOUT)"}
    again = sparql(server, LOOKUP)
    assert again[0] == 200 and again[1].get("X-DSI-Cache") == "hit"  # the same worker, its cache intact
    assert sparql(server, small())[0] == 200  # answered by a fresh query process
    assert workers(server) == before


def test_a_second_expensive_query_of_one_client_gets_429(server: str) -> None:
    runaway = Background(server, RUNAWAY, "127.0.0.2")
    status, headers, body = until(lambda: sparql(server, small(), "127.0.0.2"), 429)
    other = sparql(server, small(), "127.0.0.3")  # another client is not capped
    assert status == 429, body
    assert headers["Retry-After"] == "7"
    envelope = json.loads(body)
    assert envelope["ok"] is False and envelope["status"] == 429
    assert "DSI_GRAPH_SPARQL_PER_CLIENT=1" in envelope["error"]
    assert other[0] == 200
    assert sparql(server, LOOKUP, "127.0.0.2")[0] == 200  # a bounded lookup is never capped
    assert runaway.join()[0] == 503


def test_pages_answer_while_the_slots_are_busy_and_a_newcomer_takes_the_oldest_slot(server: str) -> None:
    clients = ("127.0.0.4", "127.0.0.5")
    runaways = [Background(server, RUNAWAY, client) for client in clients]
    # both slots hold a runaway past DSI_GRAPH_SPARQL_EXPENSIVE_AFTER when each runaway's client is refused 429; a
    # generous pause first, as a probe sent while its own runaway is young would end the other client's (rightly)
    time.sleep(1.5)
    capped = [until(lambda c=client: sparql(server, small(), c), 429)[0] for client in clients]
    pages = [get(server, path, "127.0.0.6")[0] for path in ("/", "/queries", "/queries/class-counts.json", "/health",
                                                            "/timeline.json")]
    lookup = sparql(server, LOOKUP, "127.0.0.6")[0]
    newcomer = sparql(server, small(), "127.0.0.6")  # a client with no expensive query ends the oldest runaway
    ended = [r.join() for r in runaways]
    assert capped == [429, 429]
    assert pages == [200] * 5 and lookup == 200
    assert newcomer[0] == 200
    assert sorted(status for status, _, _ in ended) == [503, 503]
    messages = sorted(json.loads(body)["error"] for _, _, body in ended)
    assert "to make room for another client's query" in messages[0] + messages[1]
