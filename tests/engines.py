"""Real SPARQL engines for the tests: ``oxigraph serve`` and Virtuoso, on free ports of 127.0.0.1.

Each fixture starts its own engine (module scope), waits a bounded time for it, and stops it by its process id.
A fixture skips only when the engine's binary is absent. Every test that uses one is marked ``external`` (the
conftest marks tests that name an engine fixture; tests that reach one through ``request.getfixturevalue`` mark
the parameter), and a fixture refuses to start an engine for a test without the marker, so that
``pytest -m "not external"`` never needs an engine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from subprocesses import die_with_parent

from dsi_graph.stores.remote import RemoteStore

START_SECONDS = 90.0
STOP_SECONDS = 30.0

#: the fixtures below that start an engine (Comunica joins them when it comes)
ENGINE_FIXTURES = ("oxigraph_server", "virtuoso_server")

#: set by the conftest before each test's setup: whether that test is marked ``external``
CURRENT_TEST_IS_EXTERNAL = False

#: the marker for parameters that reach an engine through ``request.getfixturevalue``
external = pytest.mark.external


@dataclass
class Engine:
    """A running engine: its endpoints and the credentials that allow writes."""

    name: str
    query: str
    update: str
    graph_store: str
    auth: str | None
    log: Path

    def store(self, *, graph_prefix: str | None = None) -> RemoteStore:
        """A RemoteStore on this engine, allowed to write."""
        return RemoteStore(
            self.query,
            update_endpoint=self.update,
            graph_store=self.graph_store,
            auth=self.auth,
            graph_prefix=graph_prefix,
        )


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` CLI beside this Python (the PyPI package), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def virtuoso_binary() -> str | None:
    """Virtuoso's server binary (Debian: ``virtuoso-opensource``)."""
    return shutil.which("virtuoso-t")


def _wait_ready(process: subprocess.Popen, url: str, log: Path, seconds: float = START_SECONDS) -> None:
    """Poll ``url`` until it answers 200; fail with the log's tail if the process dies or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"engine exited with {process.returncode}: {_tail(log)}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"engine not ready within {seconds} s: {_tail(log)}")


def _tail(log: Path) -> str:
    try:
        return log.read_text(errors="replace")[-2000:]
    except OSError:
        return "(no log)"


def stop(process: subprocess.Popen) -> None:
    """Stop an engine by its pid: SIGTERM, then SIGKILL after a bounded wait."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_SECONDS)


def start_oxigraph(workdir: Path, *, location: Path | None = None) -> tuple[subprocess.Popen, Engine]:
    """Start ``oxigraph serve --union-default-graph`` (in memory, or on disk at ``location``)."""
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("oxigraph")
    port = free_port()
    log = workdir / "oxigraph.log"
    args = [binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    if location is not None:
        args += ["--location", str(location)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent
        )
    base = f"http://127.0.0.1:{port}"
    _wait_ready(process, f"{base}/query", log)
    return process, Engine("oxigraph-serve", f"{base}/query", f"{base}/update", f"{base}/store", None, log)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
EnabledDavVSP = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


def start_virtuoso(workdir: Path) -> tuple[subprocess.Popen, Engine]:
    """Start Virtuoso on a fresh database; writes go through its digest-authenticated endpoints (dba)."""
    binary = virtuoso_binary()
    if binary is None:
        raise FileNotFoundError("virtuoso-t")
    http_port, sql_port = free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=workdir, sql_port=sql_port, http_port=http_port))
    log = workdir / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=workdir,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=die_with_parent,
            env={**os.environ, "LANG": "C.UTF-8"},
        )
    base = f"http://127.0.0.1:{http_port}"
    _wait_ready(process, f"{base}/sparql", log)
    return process, Engine(
        "virtuoso", f"{base}/sparql", f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth", "dba:dba", log
    )


def _engine(starter, tmp_path_factory: pytest.TempPathFactory, what: str) -> Iterator[Engine]:
    if not CURRENT_TEST_IS_EXTERNAL:
        pytest.fail(f"{what}: a test that starts an engine must be marked external (pytest.mark.external)")
    try:
        process, engine = starter(tmp_path_factory.mktemp(what))
    except FileNotFoundError as missing:
        pytest.skip(f"{missing} is not installed (CI installs it)")
    try:
        yield engine
    finally:
        stop(process)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A running ``oxigraph serve`` (in memory, union default graph) for this test module."""
    yield from _engine(start_oxigraph, tmp_path_factory, "oxigraph")


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A running Virtuoso (fresh database, dba/dba) for this test module."""
    yield from _engine(start_virtuoso, tmp_path_factory, "virtuoso")
