"""The store contract: one small interface that every backend (oxigraph, memory, remote) implements.

Terms crossing the contract are rdflib terms (``URIRef``, ``Literal``, ``BNode``), so callers never see a
backend's own types. ``execute`` is the protocol path: it serialises results in the backend itself (fast) in the
media type that ``choose`` picks once the query form is known.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Identifier, URIRef

from dsi_graph.rdf import formats
from dsi_graph.rdf.sparqltext import QueryForm, SparqlTextError, bind_values


class StoreError(Exception):
    """A store failed (I/O, remote endpoint down, bad load)."""


class QuerySyntaxError(StoreError):
    """The query does not parse; ``str(error)`` is the parser's message."""


class QueryTimeout(StoreError):
    """The query ran past its time limit and was stopped."""


@dataclass
class SelectResult:
    """Rows of a SELECT: ``vars`` in projection order, each row a dict var -> term (unbound vars absent)."""

    vars: list[str]
    rows: list[dict[str, Identifier]]
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)


@dataclass
class Serialized:
    """A serialised query answer: ``body`` bytes of ``media_type``; ``truncated`` when ``max_rows`` cut it."""

    body: bytes
    media_type: str
    form: QueryForm
    truncated: bool = False
    headers: dict[str, str] = field(default_factory=dict)


# choose(form) -> media type to serialise in; raise UnsupportedMediaType when nothing fits.
Chooser = Callable[[QueryForm], str]
Bindings = Mapping[str, Identifier]


@runtime_checkable
class GraphStore(Protocol):
    """What the rest of the project may ask of a store. Queries see the union of all graphs as default graph.

    A triple held in two graphs may come back once per graph from the union (Oxigraph, Virtuoso) or once
    (rdflib): queries use DISTINCT where duplicates matter.
    """

    name: str

    def select(self, query: str, bindings: Bindings | None = None, *, timeout: float | None = None) -> SelectResult:
        """Run a SELECT; ``bindings`` pre-bind variables to RDF terms (never pasted into the text)."""
        ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK."""
        ...

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE; return the triples as an rdflib Graph."""
        ...

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
        """Run any query form for the SPARQL protocol and serialise it in the type ``choose`` picks."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Number of quads (in ``graph`` if given)."""
        ...

    def graphs(self) -> list[URIRef]:
        """IRIs of the named graphs."""
        ...

    def load(self, path: str, *, format: str | None = None, graph: str | None = None) -> int:
        """Load an RDF file (N-Quads, TriG, Turtle, N-Triples...); return quads loaded."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


def bound(query: str, bindings: Bindings | None) -> str:
    """``query`` with ``bindings`` as a leading ``VALUES`` block (see :func:`dsi_graph.rdf.sparqltext.bind_values`).

    :raise StoreError: when the text is no query or a term cannot be bound.
    """
    try:
        return bind_values(query, bindings)
    except SparqlTextError as error:
        raise StoreError(str(error)) from error


def file_format(path: str, format: str | None = None) -> formats.FormatInfo:
    """The RDF format of a file to load: ``format`` by name (``nq``, ``turtle``...) or else the file's suffix.

    :raise StoreError: when neither names a known RDF format.
    """
    try:
        return formats.by_name(format) if format else formats.for_path(str(path))
    except formats.UnsupportedMediaType as error:
        raise StoreError(str(error)) from error
