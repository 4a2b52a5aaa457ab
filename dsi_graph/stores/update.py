"""SPARQL Update and Graph Store writing helpers: a file's triples per graph, blank nodes that graphs share kept as one
node, and ``INSERT`` requests of a size engines accept (Virtuoso caps the SQL an INSERT template compiles to).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import URIRef

from dsi_graph.rdf.sparqltext import sparql_term
from dsi_graph.stores.base import StoreError, file_format

CHUNK_TRIPLES = 250  # Virtuoso compiles an INSERT template to SQL and caps its size


class Writable(Protocol):
    """What the writing helpers need of a store: the update endpoint and the two write calls."""

    update_endpoint: str | None

    def put_graph(self, graph: str | None, ntriples: bytes, *, replace: bool) -> None:
        """Write one graph's N-Triples (GSP PUT/POST or SPARQL Update)."""
        ...

    def update(self, request: str) -> None:
        """Send one SPARQL Update request."""
        ...


def read_graphs(path: str | Path, *, format: str | None = None, graph: str | None = None) -> dict[str | None, list]:
    """The distinct triples of an RDF file per graph IRI (None: the default graph, unless ``graph`` names one).

    :raise StoreError: when the file is missing or does not parse (the message names file and line).
    """
    fmt = file_format(path, format).oxigraph
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


class _Groups:
    """Union-find over blank node labels: triples (or quads) sharing a blank node fall in one group."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        """The representative of ``x``'s group."""
        while self.parent.setdefault(x, x) != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def add(self, triple) -> str | None:
        """Join the blank nodes of ``triple``; return one of them (None when it has none)."""
        nodes = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        for other in nodes[1:]:
            self.parent[self.find(other)] = self.find(nodes[0])
        return nodes[0] if nodes else None


def _components(triples: list) -> list[list]:
    """Group triples so that triples sharing a blank node stay together (blank nodes are scoped per request)."""
    groups_of = _Groups()
    keys = [groups_of.add(triple) for triple in triples]
    groups: dict[str, list] = {}
    singles: list[list] = []
    for triple, key in zip(triples, keys, strict=True):
        if key is None:
            singles.append([triple])
        else:
            groups.setdefault(groups_of.find(key), []).append(triple)
    return singles + list(groups.values())


Quad = tuple[str | None, ox.Triple]


def split_shared(graphs: dict[str | None, list]) -> tuple[dict[str | None, list], list[list[Quad]]]:
    """Split per-graph triples into those whose blank nodes stay in one graph and the groups that span graphs.

    A blank node label names one node in the whole dump (N-Quads), so a node stated in two graphs must reach the
    engine in one request: each returned group holds the (graph, triple) pairs connected through such nodes.
    """
    groups_of = _Groups()
    keys = {name: [groups_of.add(t) for t in triples] for name, triples in graphs.items()}
    spans: dict[str, set] = {}
    for name, names in keys.items():
        for key in names:
            if key is not None:
                spans.setdefault(groups_of.find(key), set()).add(name)
    local: dict[str | None, list] = {}
    shared: dict[str, list[Quad]] = {}
    for name, triples in graphs.items():
        local[name] = []
        for triple, key in zip(triples, keys[name], strict=True):
            root = groups_of.find(key) if key is not None else None
            if root is not None and len(spans[root]) > 1:
                shared.setdefault(root, []).append((name, triple))
            else:
                local[name].append(triple)
    return local, list(shared.values())


def shared_inserts(groups: list[list[Quad]], size: int = CHUNK_TRIPLES) -> Iterator[str]:
    """``INSERT {GRAPH a {...} GRAPH b {...}} WHERE {...}`` requests of about ``size`` quads, groups never split."""
    chunk: list[Quad] = []
    for group in groups:
        if chunk and len(chunk) + len(group) > size:
            yield _insert_quads(chunk)
            chunk = []
        chunk.extend(group)
    if chunk:
        yield _insert_quads(chunk)


def _insert_quads(quads: list[Quad]) -> str:
    """One ``INSERT {...} WHERE {...}`` with a block per graph: one request keeps its blank nodes one node each."""
    by_graph: dict[str | None, list] = {}
    for name, triple in quads:
        by_graph.setdefault(name, []).append(triple)
    blocks = []
    for name, triples in by_graph.items():
        body = ntriples(triples).decode("utf-8")
        blocks.append(body if name is None else f"GRAPH {sparql_term(URIRef(name))} {{\n{body}}}")
    # One solution, but not from an empty group: Virtuoso 7 fails (SR002) on several GRAPH blocks over ``WHERE {}``.
    return "INSERT {\n" + "\n".join(blocks) + "\n} WHERE { BIND(1 AS ?one) }"


def write_graphs(store: Writable, graphs: dict[str | None, list], *, replace: bool) -> dict[str | None, float]:
    """Write per-graph triples into the engine; return the seconds spent per graph.

    Each graph goes in its own request(s) (GSP or Update), except the triples whose blank nodes other graphs
    share: those go afterwards by SPARQL Update, each connected group in one request across its graphs.

    :raise StoreError: when the engine refuses a write, or shared blank nodes need an Update endpoint it lacks.
    """
    local, shared = split_shared(graphs)
    if shared and not store.update_endpoint:
        raise StoreError(
            f"{sum(map(len, shared))} triples hold blank nodes that several graphs share; only one SPARQL Update "
            "request can write them as one node, and no update endpoint is configured"
        )
    seconds: dict[str | None, float] = {}
    for name in sorted(local, key=lambda n: n or ""):
        started = time.perf_counter()
        store.put_graph(name, ntriples(local[name]), replace=replace)
        seconds[name] = time.perf_counter() - started
    started = time.perf_counter()
    for request in shared_inserts(shared):
        try:
            store.update(request)
        except StoreError as error:  # QuerySyntaxError too: an engine's query endpoint refusing an update
            raise StoreError(
                f"blank nodes that several graphs share go by SPARQL Update to {store.update_endpoint}, "
                f"which refused: {error}"
            ) from error
    spent = (time.perf_counter() - started) / max(len(graphs), 1)
    return {name: spent + took for name, took in seconds.items()}


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


