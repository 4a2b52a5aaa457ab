"""Fixtures of the server part (loaded by tests/conftest.py): the real production server in a subprocess.

- ``run_server(args, env=None)``: a context manager that starts ``dsi-graph serve ARGS --host 127.0.0.1 --port
  <free>`` (granian), waits (bounded) until ``/sparql`` answers an ASK, yields its base URL (no trailing
  slash) and always stops it.
- ``live_server``: the server over the real build (session scope); ``protocol_server``: over the small
  protocol data in ``tests/data/protocol/`` with short limits (1 s timeout, 3 rows) for the limit tests.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
import requests
from subprocesses import die_with_parent

PROTOCOL_DATA = Path(__file__).resolve().parent / "data" / "protocol"
DSI_GRAPH = str(Path(sys.executable).with_name("dsi-graph"))
START_SECONDS = 60.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            response = requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2)
            if response.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server not ready after {START_SECONDS} s:\n{log.read_text(errors='replace')[-4000:]}")


@contextlib.contextmanager
def run_server(args: Sequence[str], env: Mapping[str, str] | None = None, log_dir: Path | None = None) -> Iterator[str]:
    """Start ``dsi-graph serve ARGS`` on a free port of 127.0.0.1; yield its base URL; always stop it."""
    port = free_port()
    environ = {**os.environ, **(env or {})}
    log = (log_dir or Path(os.environ.get("TMPDIR", "/tmp"))) / f"dsi-graph-serve-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [DSI_GRAPH, "serve", *args, "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=environ,
            start_new_session=True, preexec_fn=die_with_parent,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, process, log)
            yield base
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)


NUMBERS_GRAPH = "http://example.org/protocol/numbers"
SLOW_QUERY = (
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <" + NUMBERS_GRAPH + "> { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z . ?d ?p ?w } "
    "FILTER(?x + ?y + ?z + ?w > -1) }"
)


def generated_numbers(count: int) -> str:
    """N-Quads of ``count`` numbered resources in the graph NUMBERS_GRAPH (the slow query joins it with itself)."""
    return "".join(
        f'<http://example.org/protocol/n{i}> <http://example.org/protocol/value> "{i}"'
        f"^^<http://www.w3.org/2001/XMLSchema#integer> <{NUMBERS_GRAPH}> .\n"
        for i in range(count)
    )


@pytest.fixture(scope="session")
def live_server(real_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The production server over the real build of the project's data.

    Its query time limit is 60 s, not the default 10 s: no test depends on how fast this machine is today.
    """
    env = {"DSI_GRAPH_QUERY_TIMEOUT": "60"}
    with run_server(["--build", str(real_build)], env=env, log_dir=tmp_path_factory.mktemp("live")) as base:
        yield base


@pytest.fixture(scope="session")
def protocol_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The production server over ``tests/data/protocol/data.trig`` with a 1 s timeout, 3 rows at most, 3 workers."""
    env = {"DSI_GRAPH_QUERY_TIMEOUT": "1", "DSI_GRAPH_MAX_ROWS": "3", "DSI_GRAPH_WORKERS": "3"}
    folder = tmp_path_factory.mktemp("protocol")
    numbers = folder / "numbers.nq"
    numbers.write_text(generated_numbers(300), encoding="utf-8")
    with run_server([str(PROTOCOL_DATA / "data.trig"), str(numbers)], env=env, log_dir=folder) as base:
        yield base
