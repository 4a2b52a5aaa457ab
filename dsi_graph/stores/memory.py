"""rdflib backend: an in-memory ``Dataset`` whose default graph is the union of its named graphs.

The reference implementation of the store contract: slow but simple, used to cross-check the other backends.
Timeouts are not enforced (rdflib cannot stop a running query).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pyparsing import ParseException
from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import aggregates, prepareQuery
from rdflib.plugins.sparql.parserutils import Expr
from rdflib.plugins.sparql.sparql import NotBoundError, SPARQLError
from rdflib.query import Result

from dsi_graph.stores.base import (
    Bindings,
    Chooser,
    QueryForm,
    QuerySyntaxError,
    SelectResult,
    Serialized,
    StoreError,
    file_format,
)
from dsi_graph.stores.results import (
    plain,
    quiet_rdflib,
    select_result,
    serialize_ask,
    serialize_graph,
    serialize_select,
)

_QUAD_FORMATS = {"nquads", "trig", "json-ld"}
_FORMS: dict[str, QueryForm] = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "construct"}


def _value_or_unbound(expr: Any, row: Any) -> Any:
    """The value of an aggregate's expression in a row; :class:`NotBoundError` when a variable is unbound."""
    if isinstance(expr, Variable):
        value = row.get(expr)
        if value is None:
            raise NotBoundError(expr)
        return value
    if isinstance(expr, Expr):
        value = expr.eval(row)
        if isinstance(value, SPARQLError):
            raise NotBoundError(str(value))
        return value
    return expr


def _use_row_skipping_unbound(self: aggregates.Accumulator, row: Any) -> bool:
    """rdflib's DISTINCT test of an aggregate, with unbound values passed on (``update`` skips them).

    rdflib 7 raises "Variable x is not bound" from ``GROUP_CONCAT(DISTINCT ?x)`` (and the other DISTINCT
    aggregates) when a group has a row without ``?x``; SPARQL skips such rows, as Oxigraph and Virtuoso do.
    """
    try:
        value = _value_or_unbound(self.expr, row)
    except NotBoundError:
        return True
    return value not in self.seen


def fix_rdflib_distinct_aggregates() -> None:
    """Apply the fix above to rdflib's aggregates (idempotent); the memory store calls it when it is created.

    ``tests/stores/test_memory.py`` runs the failing query on plain rdflib first, so it fails the day rdflib
    fixes the bug itself and this can go.
    """
    if aggregates.Accumulator.use_row is not _use_row_skipping_unbound:
        aggregates.Accumulator.use_row = _use_row_skipping_unbound  # type: ignore[method-assign]


class MemoryStore:
    """A :class:`~dsi_graph.stores.base.GraphStore` over an rdflib ``Dataset`` (union default graph)."""

    name = "memory"

    def __init__(self, dataset: Dataset | None = None) -> None:
        fix_rdflib_distinct_aggregates()
        self._ds = dataset if dataset is not None else Dataset(default_union=True)

    @property
    def dataset(self) -> Dataset:
        """The underlying rdflib Dataset."""
        return self._ds

    def _subset(self, default: Iterable[str], named: Iterable[str]) -> Dataset:
        """A dataset whose default graph merges ``default`` and whose named graphs are ``named``."""
        subset = Dataset(default_union=False)
        for iri in default:
            for triple in self._ds.graph(URIRef(str(iri))):
                subset.default_graph.add(triple)
        for iri in named:
            target = subset.graph(URIRef(str(iri)))
            for triple in self._ds.graph(URIRef(str(iri))):
                target.add(triple)
        return subset

    def _run(
        self,
        query: str,
        bindings: Bindings | None = None,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> Result:
        try:
            prepared = prepareQuery(query)
        except ParseException as error:
            raise QuerySyntaxError(str(error)) from error
        except Exception as error:  # rdflib raises bare Exceptions for unknown prefixes and the like
            raise QuerySyntaxError(str(error)) from error
        target: Dataset = self._ds
        clause = prepared.algebra.get("datasetClause")
        if default_graph_uris or named_graph_uris or clause:
            if not (default_graph_uris or named_graph_uris):  # FROM / FROM NAMED: never fetched from the web
                default_graph_uris = [str(d.default) for d in clause if d.get("default")]
                named_graph_uris = [str(d.named) for d in clause if d.get("named")]
            prepared.algebra["datasetClause"] = None
            target = self._subset(default_graph_uris, named_graph_uris)
        try:
            with quiet_rdflib():
                result = target.query(prepared, initBindings=dict(bindings or {}))
                if result.type == "SELECT":
                    result.bindings  # noqa: B018 - evaluate now (rdflib results are lazy)
                return result
        except Exception as error:
            raise StoreError(f"query failed: {error}") from error

    def select(self, query: str, bindings: Bindings | None = None, *, timeout: float | None = None) -> SelectResult:
        """Run a SELECT (``initBindings`` pre-bind the variables)."""
        result = self._run(query, bindings)
        if result.type != "SELECT":
            raise StoreError("select() needs a SELECT query")
        return select_result(result)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK."""
        result = self._run(query, bindings)
        if result.type != "ASK":
            raise StoreError("ask() needs an ASK query")
        return bool(result.askAnswer)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE into an rdflib Graph."""
        result = self._run(query, bindings)
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for s, p, o in result.graph or ():
            graph.add((s, p, plain(o)))
        return graph

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
        """Run any query form and serialise it with rdflib in the media type ``choose`` picks."""
        result = self._run(query, None, default_graph_uris, named_graph_uris)
        form = _FORMS[result.type]
        media_type = choose(form)
        if form == "select":
            rows = select_result(result, max_rows)
            return Serialized(serialize_select(rows, media_type), media_type, form, rows.truncated)
        if form == "ask":
            return Serialized(serialize_ask(bool(result.askAnswer), media_type), media_type, form)
        return Serialized(serialize_graph(result.graph or Graph(), media_type), media_type, form)

    def count(self, graph: str | None = None) -> int:
        """Number of quads, or of triples in ``graph``."""
        if graph is not None:
            return len(self._ds.graph(URIRef(graph)))
        return sum(len(g) for g in self._ds.graphs())

    def graphs(self) -> list[URIRef]:
        """Named graph IRIs (graphs holding at least one triple)."""
        return sorted(
            URIRef(str(g.identifier))
            for g in self._ds.graphs()
            if g.identifier != DATASET_DEFAULT_GRAPH_ID and isinstance(g.identifier, URIRef) and len(g)
        )

    def load(self, path: str, *, format: str | None = None, graph: str | None = None) -> int:
        """Parse an RDF file; triples formats go to ``graph`` (or the default graph)."""
        fmt = file_format(path, format).rdflib
        before = self.count()
        try:
            with quiet_rdflib(), open(path, "rb") as source:
                if fmt in _QUAD_FORMATS and graph is None:
                    self._ds.parse(source, format=fmt)
                else:
                    target = self._ds.graph(URIRef(graph)) if graph else self._ds.default_graph
                    target.parse(source, format=fmt)
        except Exception as error:  # rdflib parsers raise many exception types
            raise StoreError(f"{path}: {error}") from error
        return self.count() - before

    def close(self) -> None:
        """Drop the data."""
        self._ds = Dataset(default_union=True)
