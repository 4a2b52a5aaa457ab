"""What the storm and soak benchmarks share: a server in a subprocess, loopback clients with their own source
address (127.0.0.N: the kernel routes all of 127/8 to lo, so each client is a different remote address to the
per-client cap), the browsing paths of the sitemap, percentiles and the machine's description."""

from __future__ import annotations

import http.client
import itertools
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A cross product of the union with itself four times: runs until it is stopped, whatever the build.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }} # {n}"
# Small queries a person sends from the editor: a lookup (bounded) and a count by type (admitted by the gate).
LOOKUP = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
SMALL = "SELECT ?t (COUNT(?s) AS ?n) WHERE {{ ?s a ?t . FILTER(?s = <{iri}>) }} GROUP BY ?t"
_unique = itertools.count()


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, KiB (from /proc)."""
    total = 0
    for proc in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children from /proc/PID/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                children = []
            found.extend(children)
            todo.extend(children)
    return found


@contextmanager
def server(build: Path, env: Mapping[str, str], workers: int, log: Path) -> Iterator[tuple[str, int, subprocess.Popen]]:
    """``dsi-graph serve --build BUILD`` on a free port: yields (host, port, process); always stopped."""
    port = free_port()
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dsi_graph", "serve", "--build", str(build), "--host", "127.0.0.1", "--port",
             str(port), "--workers", str(workers)], stdout=out, stderr=subprocess.STDOUT, env=environ, cwd=ROOT,
            start_new_session=True)
        try:
            for _ in range(600):  # up to 60 s
                if process.poll() is not None:
                    raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
                try:
                    if Client("127.0.0.1", port).get("/health")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            else:
                raise RuntimeError("server not ready after 60 s")
            yield "127.0.0.1", port, process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


class Client:
    """One HTTP/1.1 keep-alive connection from source address ``source``; reconnects after an error."""

    def __init__(self, host: str, port: int, source: str = "127.0.0.1", timeout: float = 120) -> None:
        self.host, self.port, self.source, self.timeout = host, port, source, timeout
        self._conn: http.client.HTTPConnection | None = None

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> tuple[int, bytes]:
        """(status, body) of GET ``path``; raises OSError / HTTPException when the connection fails."""
        reused = self._conn is not None
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout,
                                                    source_address=(self.source, 0))
        try:
            self._conn.request("GET", path, headers=dict(headers or {}))
            response = self._conn.getresponse()
            body = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, body
        except (ConnectionError, http.client.RemoteDisconnected):
            self.close()
            if reused:  # the server closed an idle keep-alive connection: once more on a new one, as clients do
                return self.get(path, headers)
            raise
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def visit(self, kind: str, path: str) -> tuple[str, float]:
        """GET one path of a walk (a page asks for HTML): (status or error label, seconds it took)."""
        started = time.monotonic()
        try:
            status, _ = self.get(path, {"Accept": "text/html"} if kind == "page" else None)
            label = str(status)
        except OSError as error:
            label = f"error {type(error).__name__}"
        return label, time.monotonic() - started

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def sparql_path(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def runaway_path() -> str:
    return sparql_path(RUNAWAY.format(n=next(_unique)))


def site_paths(client: Client) -> tuple[list[str], list[str]]:
    """(page paths of the sitemap, entity IRIs behind the /page/ paths)."""
    _, body = client.get("/sitemap.xml")
    locs = [part.split("</loc>")[0] for part in body.decode().split("<loc>")[1:]]
    paths = [urllib.parse.urlsplit(loc).path for loc in locs]
    iris = ["https://w3id.org/dsi-graph/id/" + p.removeprefix("/page/") for p in paths if p.startswith("/page/")]
    return paths, iris


@dataclass
class Tally:
    """Latencies (s) and statuses of one kind of request."""

    latencies: list[float] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, status: str, seconds: float) -> None:
        self.latencies.append(seconds)
        self.labels.append(status)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def answered_within(self, seconds: float) -> int:
        """Requests answered 200 within ``seconds``."""
        return sum(1 for value, label in zip(self.latencies, self.labels, strict=True)
                   if label == "200" and value <= seconds)

    def percentile(self, q: float) -> float:
        values = sorted(self.latencies)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def machine() -> str:
    """CPU model, cores and the load average at the time of the call."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load}"
