"""The read layer's SPARQL: ``read/queries/*.rq`` and the kind sections ``read/rq/kind-*.rq``, read once per process.

Every file carries its own PREFIX lines and a ``#+`` header (read by :mod:`dsi_graph.rdf.rqfile`). Request input
never enters the text: entities, properties and graphs are bound through the store's ``bindings`` argument. Two
helpers add what a single binding cannot say: :func:`with_values` a ``VALUES`` block of many IRIs the store itself
returned (each written by :func:`~dsi_graph.rdf.sparqltext.sparql_term`), :func:`paged` a LIMIT and OFFSET from
integers.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rdflib import URIRef

from dsi_graph.rdf import sparqltext
from dsi_graph.rdf.rqfile import RqFile, load_folder, load_rq

QUERY_DIR = Path(__file__).resolve().parent / "queries"
SECTION_DIR = Path(__file__).resolve().parent / "rq"


@cache
def query(name: str) -> str:
    """The text of ``read/queries/{name}.rq``.

    :raise OSError: when there is no such file.
    """
    return load_rq(QUERY_DIR / f"{name}.rq").text


def body(name: str) -> str:
    """The text of ``read/queries/{name}.rq`` without its ``#+`` header lines (for showing to a user)."""
    lines = query(name).splitlines(keepends=True)
    return "".join(lines[next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines)):])


@cache
def sections() -> tuple[RqFile, ...]:
    """The kind section queries (``#+ title:``, ``#+ kinds:``) in file-name order."""
    return tuple(load_folder(SECTION_DIR, "kind-*.rq"))


def writable(iri: str) -> bool:
    """Whether an IRI (one the store returned) can be written into a query (no blank, quote, brace...)."""
    try:
        sparqltext.sparql_term(URIRef(iri))
    except sparqltext.SparqlTextError:
        return False
    return True


def with_values(text: str, variable: str, iris: Iterable[str]) -> str:
    """``text`` with ``VALUES ?variable { <a> <b> ... }`` first in its WHERE group.

    :raise SparqlTextError: for a text without a WHERE group or an IRI that cannot be written.
    """
    terms = " ".join(sparqltext.sparql_term(URIRef(iri)) for iri in iris)
    toks = sparqltext.tokens(text)
    form = next(i for i, t in enumerate(toks) if t.kind == "word" and t.depth == 0 and t.text in ("select", "ask"))
    group = next((t for t in toks[form:] if t.text == "{" and t.depth == 0), None)
    if group is None:
        raise sparqltext.SparqlTextError("no WHERE group to put the VALUES block in")
    at = group.start + 1
    return f"{text[:at]} VALUES ?{variable} {{ {terms} }}{text[at:]}"


def paged(text: str, limit: int, offset: int) -> str:
    """``text`` with ``LIMIT`` and ``OFFSET`` clauses (written from integers only)."""
    return f"{text.rstrip()}\nLIMIT {int(limit)} OFFSET {int(offset)}"
