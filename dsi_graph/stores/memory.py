"""rdflib backend: an in-memory ``Dataset`` whose default graph is the union of its named graphs.

The reference implementation of the store contract: slow but simple, used to cross-check the other backends.
Timeouts are not enforced (rdflib cannot stop a running query).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pyparsing import ParseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.plugins.sparql import aggregates, prepareQuery
from rdflib.plugins.sparql.sparql import NotBoundError
from rdflib.query import Result
from rdflib.term import Identifier

from dsi_graph.stores.base import (
    Bindings,
    Chooser,
    QueryForm,
    QuerySyntaxError,
    SelectResult,
    Serialized,
    StoreError,
    rdf_format_for,
)

_RDFLIB_PARSE = {"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "nt", "rdf": "xml", "jsonld": "json-ld"}
_QUAD_FORMATS = {"nquads", "trig", "json-ld"}
_FORMS: dict[str, QueryForm] = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "construct"}


def _use_row_skipping_unbound(self: aggregates.Accumulator, row: Any) -> bool:
    """rdflib's DISTINCT test of an aggregate, with unbound values passed on (``update`` skips them).

    rdflib 7 raises "Variable x is not bound" from ``GROUP_CONCAT(DISTINCT ?x)`` (and the other DISTINCT
    aggregates) when a group has a row without ``?x``; SPARQL skips such rows, as Oxigraph and Virtuoso do.
    """
    try:
        value = aggregates._eval(self.expr, row)
    except NotBoundError:
        return True
    return value not in self.seen


aggregates.Accumulator.use_row = _use_row_skipping_unbound  # type: ignore[method-assign]


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence the deprecation warnings rdflib 7.x raises from its own Dataset code (parse, SPARQL GRAPH)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"(Dataset\.\w+|ConjunctiveGraph) is deprecated", DeprecationWarning)
        yield


def plain(term: Identifier) -> Identifier:
    """Normalise a term: ``xsd:string`` literals become plain literals (RDF 1.1 makes them the same)."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def select_result(result: Result, max_rows: int | None = None) -> SelectResult:
    """Turn an rdflib SELECT result into a :class:`SelectResult` (cut at ``max_rows``)."""
    names = [str(v) for v in (result.vars or [])]
    rows: list[dict[str, Identifier]] = []
    truncated = False
    for solution in result:
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        row = {}
        for name in names:
            value = solution[name]  # type: ignore[index]
            if value is not None:
                row[name] = plain(value)
        rows.append(row)
    return SelectResult(names, rows, truncated)


def _tsv_term(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return term.n3()


def serialize_select(result: SelectResult, media_type: str) -> bytes:
    """Serialise select rows in a SPARQL results media type (JSON, XML, CSV or TSV)."""
    from dsi_graph.web.conneg import rdflib_format

    fmt = rdflib_format(media_type)
    if fmt == "tsv":  # rdflib has a TSV parser but no serialiser
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        lines += ["\t".join(_tsv_term(row.get(v)) for v in result.vars) for row in result.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    out = Result("SELECT")
    out.vars = [_var(v) for v in result.vars]
    out.bindings = [{_var(k): v for k, v in row.items()} for row in result.rows]
    return out.serialize(format=fmt, encoding="utf-8") or b""


def serialize_ask(value: bool, media_type: str) -> bytes:
    """Serialise an ASK answer in a SPARQL results media type."""
    from dsi_graph.web.conneg import rdflib_format

    fmt = rdflib_format(media_type)
    if fmt in ("csv", "tsv"):
        return b"_askResult\n" + (b"true\n" if value else b"false\n")
    out = Result("ASK")
    out.askAnswer = value
    return out.serialize(format=fmt, encoding="utf-8") or b""


def serialize_graph(graph: Graph, media_type: str) -> bytes:
    """Serialise triples in an RDF media type; quad formats put them in the default graph."""
    from dsi_graph.web.conneg import rdflib_format

    fmt = rdflib_format(media_type)
    if fmt in ("nquads", "trig"):
        dataset = Dataset()
        for triple in graph:
            dataset.default_graph.add(triple)
        graph = dataset
    with quiet_rdflib():
        return graph.serialize(format=fmt, encoding="utf-8")


def _var(name: str):
    from rdflib import Variable

    return Variable(name)


class MemoryStore:
    """A :class:`~dsi_graph.stores.base.GraphStore` over an rdflib ``Dataset`` (union default graph)."""

    name = "memory"

    def __init__(self, dataset: Dataset | None = None) -> None:
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
        fmt = _RDFLIB_PARSE[format or rdf_format_for(str(path))]
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
