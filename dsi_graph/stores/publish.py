"""Publish a build's named graphs to a remote SPARQL engine, graph by graph, and verify the counts."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from dsi_graph.stores.base import StoreError, rdf_format_for
from dsi_graph.stores.inject import sparql_term
from dsi_graph.stores.oxigraph import _RDF_FORMATS
from dsi_graph.stores.remote import RemoteStore

CHUNK_TRIPLES = 250  # Virtuoso compiles an INSERT template to SQL and caps its size


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


def read_graphs(path: str | Path, *, format: str | None = None, graph: str | None = None) -> dict[str | None, list]:
    """The distinct triples of an RDF file per graph IRI (None: the default graph, unless ``graph`` names one).

    :raise StoreError: when the file is missing or does not parse (the message names file and line).
    """
    fmt = _RDF_FORMATS[format or rdf_format_for(str(path))]
    graphs: dict[str | None, dict] = {}
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else graph
            graphs.setdefault(name, {})[ox.Triple(quad.subject, quad.predicate, quad.object)] = None
    except (SyntaxError, OSError, ValueError) as error:
        raise StoreError(f"{path}: {error}") from error
    return {name: list(triples) for name, triples in graphs.items()}


def ntriples(triples: list) -> bytes:
    """Serialise pyoxigraph triples as N-Triples."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def graphs_of_file(
    path: str | Path, *, format: str | None = None, graph: str | None = None
) -> Iterator[tuple[str | None, bytes, int]]:
    """(graph IRI, N-Triples, triple count) for each graph of an RDF file."""
    for name, triples in read_graphs(path, format=format, graph=graph).items():
        yield name, ntriples(triples), len(triples)


def _components(triples: list) -> list[list]:
    """Group triples so that triples sharing a blank node stay together (blank nodes are scoped per request)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    keys = []
    for triple in triples:
        nodes = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        for other in nodes[1:]:
            parent[find(other)] = find(nodes[0])
        keys.append(nodes[0] if nodes else None)
    groups: dict[str, list] = {}
    singles: list[list] = []
    for triple, key in zip(triples, keys, strict=True):
        if key is None:
            singles.append([triple])
        else:
            groups.setdefault(find(key), []).append(triple)
    return singles + list(groups.values())


def insert_data_chunks(graph: str | None, data: bytes, size: int = CHUNK_TRIPLES) -> Iterator[str]:
    """SPARQL Update ``INSERT DATA`` requests of about ``size`` triples, blank-node groups never split."""
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    chunk: list = []
    for group in _components(triples):
        if chunk and len(chunk) + len(group) > size:
            yield _insert(graph, chunk)
            chunk = []
        chunk.extend(group)
    if chunk:
        yield _insert(graph, chunk)


def _insert(graph: str | None, triples: list) -> str:
    """``INSERT DATA``; with blank nodes ``INSERT {...} WHERE {}`` (Virtuoso refuses them in INSERT DATA)."""
    body = ntriples(triples).decode("utf-8")
    if graph is not None:
        body = f"GRAPH {sparql_term(URIRef(graph))} {{\n{body}}}"
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        return f"INSERT {{ {body} }} WHERE {{}}"
    return f"INSERT DATA {{ {body} }}"


def publish(dump: str | Path, store: RemoteStore, *, progress=None) -> list[GraphReport]:
    """Replace each named graph of ``dump`` in the engine, then count what the engine holds per graph.

    :param progress: called with each :class:`GraphReport` as it is done.
    :raise StoreError: when the dump is unreadable, has default-graph triples, or the engine refuses a write.
    """
    graphs = read_graphs(dump)
    if None in graphs:
        raise StoreError(f"{dump}: {len(graphs[None])} triples are in the default graph; publish needs named graphs")
    reports = []
    for name in sorted(graphs):  # type: ignore[type-var]
        started = time.perf_counter()
        triples = graphs[name]
        store.put_graph(name, ntriples(triples), replace=True)
        report = GraphReport(name, len(triples), store.count(name), time.perf_counter() - started)
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
