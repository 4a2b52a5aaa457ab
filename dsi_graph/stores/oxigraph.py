"""Embedded Oxigraph backend (pyoxigraph): in memory (loaded from the N-Quads dump) or on disk."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from dsi_graph.rdf import formats
from dsi_graph.rdf.terms import to_oxigraph, to_rdflib
from dsi_graph.stores.base import (
    Bindings,
    Chooser,
    QuerySyntaxError,
    SelectResult,
    Serialized,
    StoreError,
    bound,
    file_format,
)


def _substitutions(bindings: Bindings | None) -> dict | None:
    if not bindings:
        return None
    return {ox.Variable(name): to_oxigraph(value) for name, value in bindings.items()}


UNION_INTO_DEFAULT = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def materialise_union(store: ox.Store) -> None:
    """Copy every named graph's triples into the default graph, so the default graph IS the union.

    Oxigraph evaluates some queries orders of magnitude slower with ``use_default_graph_as_union`` (or a
    list of default graphs) than over a plain default graph (figures in BENCHMARKS.md, "Decisions"), and the
    union flag also repeats a triple once per graph that holds it. A materialised union
    answers fast and without duplicates; GRAPH queries still see the named graphs.
    """
    store.update(UNION_INTO_DEFAULT)


class OxigraphStore:
    """A :class:`~dsi_graph.stores.base.GraphStore` over pyoxigraph; the default graph is the union of all graphs.

    The union is materialised into the default graph when data is loaded (see :func:`materialise_union`); a
    read-only on-disk store written by the build already holds it.
    """

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(path))
        else:
            self._store = ox.Store(str(path))
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self._union_materialised = path is not None and self._default_graph_size() > 0
        self._quads: int | None = None

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store (for the benchmark and fast paths)."""
        return self._store

    def _default_graph_size(self) -> int:
        result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(result))[0].value)

    def _query(self, query: str, bindings: Bindings | None = None, **kwargs):
        union = not kwargs.get("default_graph") and not self._union_materialised
        if bindings and not any(isinstance(v, BNode) for v in bindings.values()):
            # A VALUES block first in the WHERE group lets Oxigraph plan around the bound entity; with
            # ``substitutions`` it plans as if unbound (BENCHMARKS.md, "Cache misses").
            query, bindings = bound(query, bindings), None
        try:
            try:
                return self._store.query(
                    query, use_default_graph_as_union=union, substitutions=_substitutions(bindings), **kwargs
                )
            except RuntimeError as error:
                # Oxigraph substitutes only projected variables of a SELECT; others get a VALUES block.
                if not bindings or "projection" not in str(error):
                    raise
                return self._store.query(bound(query, bindings), use_default_graph_as_union=union, **kwargs)
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error
        except (OSError, RuntimeError) as error:
            raise StoreError(str(error)) from error

    def select(self, query: str, bindings: Bindings | None = None, *, timeout: float | None = None) -> SelectResult:
        """Run a SELECT and convert the rows to rdflib terms."""
        result = self._query(query, bindings)
        try:
            if not isinstance(result, ox.QuerySolutions):
                raise StoreError("select() needs a SELECT query")
            names = [v.value for v in result.variables]
            rows = []
            made: dict = {}  # each distinct term converted once per answer (graphs, predicates... repeat on every row)
            for solution in result:
                row = {}
                for name in names:
                    value = solution[name]
                    if value is not None:
                        term = made.get(value)
                        if term is None:
                            term = made[value] = to_rdflib(value)
                        row[name] = term
                rows.append(row)
            return SelectResult(names, rows)
        finally:
            del result  # see _drop_here

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK."""
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE into an rdflib Graph."""
        result = self._query(query, bindings)
        try:
            if not isinstance(result, ox.QueryTriples):
                raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query")
            graph = Graph()
            for triple in result:
                graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
            return graph
        finally:
            del result  # see _drop_here

    def execute(
        self,
        query: str,
        choose: Chooser,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> Serialized:
        """Run any query form and serialise it in Rust in the media type ``choose`` picks."""
        kwargs = {}
        if default_graph_uris:
            kwargs["default_graph"] = [ox.NamedNode(u) for u in default_graph_uris]
        if named_graph_uris:
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in named_graph_uris]
        result = self._query(query, None, **kwargs)
        try:
            form = "select" if isinstance(result, ox.QuerySolutions) else "ask" \
                if isinstance(result, ox.QueryBoolean) else "construct"
            media_type = choose(form)
            return Serialized(result.serialize(format=formats.oxigraph_format(media_type)), media_type, form)
        finally:
            # _drop_here: a pyoxigraph result may only be dropped on the thread that made it; an error raised while
            # it is read (a bad format, an evaluation error) would otherwise carry it, in this frame, to the thread
            # the error is handed to (read/timelimit.py), where dropping it raises "unsendable".
            del result

    def count(self, graph: str | None = None) -> int:
        """Number of quads in the named graphs (default-graph triples when there are none), or of ``graph``."""
        if graph is None:
            if self._quads is None:  # counted once per load: /health and the home page ask on every request
                total = len(self._store)
                if self._union_materialised and any(True for _ in self._store.named_graphs()):
                    total -= self._default_graph_size()
                self._quads = total
            return self._quads
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def graphs(self) -> list[URIRef]:
        """Named graph IRIs."""
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def load(self, path: str, *, format: str | None = None, graph: str | None = None) -> int:
        """Bulk-load an RDF file (triples formats go to ``graph`` or the default graph); refresh the union."""
        fmt = file_format(path, format).oxigraph
        to_graph = ox.NamedNode(graph) if graph else None
        before = self.count()
        try:
            self._store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
        except (SyntaxError, OSError, ValueError) as error:
            raise StoreError(f"{path}: {error}") from error
        materialise_union(self._store)
        self._union_materialised = True
        self._quads = None
        return self.count() - before

    def close(self) -> None:
        """Flush (writable on-disk stores); the store is freed when dropped."""
        if self.path is not None and not self.read_only:
            try:
                self._store.flush()
            except OSError:
                pass
