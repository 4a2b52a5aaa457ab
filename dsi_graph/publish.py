"""Publish a build's named graphs to a remote SPARQL engine, graph by graph, and verify the counts.

Blank nodes that several graphs share are written by one SPARQL Update request across those graphs, so the
engine holds one node, not one per graph (:mod:`dsi_graph.stores.update`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dsi_graph.stores.base import StoreError
from dsi_graph.stores.remote import RemoteStore
from dsi_graph.stores.update import read_graphs, write_graphs


@dataclass
class GraphReport:
    """One graph's outcome: triples in the build, triples the engine holds afterwards, seconds spent."""

    graph: str
    expected: int
    found: int
    seconds: float

    @property
    def ok(self) -> bool:
        """True when the engine holds exactly the build's triples."""
        return self.expected == self.found


def publish(dump: str | Path, store: RemoteStore, *, progress=None) -> list[GraphReport]:
    """Replace each named graph of ``dump`` in the engine, then count what the engine holds per graph.

    :param progress: called with each :class:`GraphReport` as it is done.
    :raise StoreError: when the dump is unreadable, has default-graph triples, or the engine refuses a write.
    """
    graphs = read_graphs(dump)
    if None in graphs:
        raise StoreError(f"{dump}: {len(graphs[None])} triples are in the default graph; publish needs named graphs")
    seconds = write_graphs(store, graphs, replace=True)
    reports = []
    for name in sorted(graphs):  # type: ignore[type-var]
        started = time.perf_counter()
        report = GraphReport(name, len(graphs[name]), store.count(name), seconds[name] + time.perf_counter() - started)
        reports.append(report)
        if progress is not None:
            progress(report)
    return reports


def build_dump(build_dir: str | Path) -> Path:
    """The N-Quads dump of a build directory.

    :raise StoreError: when there is none.
    """
    dump = Path(build_dir) / "dsi-graph.nq"
    if not dump.exists():
        raise StoreError(f"no build at {build_dir}: run `dsi-graph build` first")
    return dump


def run_publish(
    endpoint: str,
    *,
    graph_store: str | None = None,
    update_endpoint: str | None = None,
    auth: str | None = None,
    build_dir: str | Path = "dist",
    echo: Callable[[str], None] = print,
) -> bool:
    """The ``publish`` command: publish the build, print one line per graph and a total; True when all match.

    :raise StoreError: when the build is missing or the engine refuses a write.
    """
    store = RemoteStore(endpoint, update_endpoint=update_endpoint or endpoint, graph_store=graph_store, auth=auth)
    started = time.perf_counter()

    def line(report: GraphReport) -> None:
        mark = "ok" if report.ok else "MISMATCH"
        echo(f"{mark:8} {report.expected:>8} {report.found:>8} {report.seconds:6.2f}s  {report.graph}")

    echo(f"{'status':8} {'build':>8} {'engine':>8} {'time':>7}  graph")
    reports = publish(build_dump(build_dir), store, progress=line)
    bad = [r for r in reports if not r.ok]
    expected = sum(r.expected for r in reports)
    echo(
        f"{len(reports)} graphs, {expected} triples in {time.perf_counter() - started:.1f}s; "
        + (f"{len(bad)} graph(s) differ" if bad else "all counts match")
    )
    return not bad
