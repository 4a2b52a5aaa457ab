"""The one table of RDF and SPARQL results formats: media type, file suffix, rdflib and pyoxigraph names.

Everything that parses, serialises or negotiates a format reads it from here (no I/O).
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox


class UnsupportedMediaType(ValueError):
    """No known or acceptable media type (maps to HTTP 406 on the web)."""


class FormatInfo(NamedTuple):
    """One serialisation: short name, file suffix, rdflib format name, pyoxigraph format, label."""

    name: str
    suffix: str
    rdflib: str
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat
    label: str


HTML = "text/html"

GRAPH_TYPES: dict[str, FormatInfo] = {
    "text/turtle": FormatInfo("turtle", ".ttl", "turtle", ox.RdfFormat.TURTLE, "Turtle"),
    "application/n-triples": FormatInfo("ntriples", ".nt", "nt", ox.RdfFormat.N_TRIPLES, "N-Triples"),
    "application/ld+json": FormatInfo("jsonld", ".jsonld", "json-ld", ox.RdfFormat.JSON_LD, "JSON-LD"),
    "application/rdf+xml": FormatInfo("rdfxml", ".rdf", "xml", ox.RdfFormat.RDF_XML, "RDF/XML"),
    "application/trig": FormatInfo("trig", ".trig", "trig", ox.RdfFormat.TRIG, "TriG"),
    "application/n-quads": FormatInfo("nquads", ".nq", "nquads", ox.RdfFormat.N_QUADS, "N-Quads"),
}

RESULT_TYPES: dict[str, FormatInfo] = {
    "application/sparql-results+json": FormatInfo(
        "json", ".json", "json", ox.QueryResultsFormat.JSON, "SPARQL results JSON"
    ),
    "application/sparql-results+xml": FormatInfo(
        "xml", ".xml", "xml", ox.QueryResultsFormat.XML, "SPARQL results XML"
    ),
    "text/csv": FormatInfo("csv", ".csv", "csv", ox.QueryResultsFormat.CSV, "CSV"),
    "text/tab-separated-values": FormatInfo("tsv", ".tsv", "tsv", ox.QueryResultsFormat.TSV, "TSV"),
}

SUFFIXES: dict[str, str] = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".json": "application/json",  # an alias: SPARQL results JSON or JSON-LD, whichever is offered
    ".xml": "application/xml",  # an alias: SPARQL results XML or RDF/XML
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".html": HTML,
}

# Tolerated names -> canonical candidates, in preference order; the first one offered wins.
ALIASES: dict[str, tuple[str, ...]] = {
    "text/ttl": ("text/turtle",),
    "application/turtle": ("text/turtle",),
    "application/x-turtle": ("text/turtle",),
    "text/n3": ("text/turtle",),  # Turtle is valid N3
    "text/rdf+n3": ("text/turtle",),
    "application/ntriples": ("application/n-triples",),
    "text/plain": ("application/n-triples",),  # the historical N-Triples type
    "application/json": ("application/sparql-results+json", "application/ld+json"),
    "application/x-json": ("application/sparql-results+json", "application/ld+json"),
    "application/sparql-results+json; charset=utf-8": ("application/sparql-results+json",),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "application/x-trig": ("application/trig",),
    "text/x-nquads": ("application/n-quads",),
    "application/nquads": ("application/n-quads",),
    "text/tsv": ("text/tab-separated-values",),
    "application/xhtml+xml": (HTML,),
}

# SPARQLWrapper / Virtuoso / Fuseki style ``format=`` / ``output=`` values -> candidate media types.
FORMAT_PARAMS: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle",),
    "ttl": ("text/turtle",),
    "n3": ("text/turtle",),
    "nt": ("application/n-triples",),
    "ntriples": ("application/n-triples",),
    "n-triples": ("application/n-triples",),
    "json-ld": ("application/ld+json",),
    "jsonld": ("application/ld+json",),
    "rdf": ("application/rdf+xml",),
    "rdfxml": ("application/rdf+xml",),
    "rdf+xml": ("application/rdf+xml",),
    "trig": ("application/trig",),
    "nq": ("application/n-quads",),
    "nquads": ("application/n-quads",),
    "n-quads": ("application/n-quads",),
}

ALL_TYPES = {**GRAPH_TYPES, **RESULT_TYPES}

# File suffixes of RDF files (dumps, data to load) -> media type.
FILE_TYPES: dict[str, str] = {
    ".nq": "application/n-quads", ".nquads": "application/n-quads", ".trig": "application/trig",
    ".ttl": "text/turtle", ".nt": "application/n-triples", ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml", ".xml": "application/rdf+xml", ".jsonld": "application/ld+json",
    ".json": "application/ld+json",
}


def _lookup(media_type: str) -> FormatInfo:
    bare = media_type.split(";")[0].strip().lower()
    if bare in ALL_TYPES:
        return ALL_TYPES[bare]
    for candidate in ALIASES.get(bare, ()):
        if candidate in ALL_TYPES:
            return ALL_TYPES[candidate]
    raise UnsupportedMediaType(f"unknown media type {media_type!r}")


def rdflib_format(media_type: str) -> str:
    """rdflib's format name for a graph or results media type (``turtle``, ``json-ld``, ``json``, ``csv``...)."""
    return _lookup(media_type).rdflib


def oxigraph_format(media_type: str) -> ox.RdfFormat | ox.QueryResultsFormat:
    """pyoxigraph's ``RdfFormat`` or ``QueryResultsFormat`` for a media type (aliases accepted)."""
    return _lookup(media_type).oxigraph


def content_type(media_type: str) -> str:
    """The Content-Type header value for a media type (text types get ``charset=utf-8``)."""
    bare = media_type.split(";")[0].strip().lower()
    if bare.startswith("text/"):
        return f"{bare}; charset=utf-8"
    return bare


def for_path(path: str) -> FormatInfo:
    """The graph format of an RDF file by its suffix.

    :raise UnsupportedMediaType: when the suffix names no RDF format.
    """
    for suffix, media_type in FILE_TYPES.items():
        if str(path).endswith(suffix):
            return GRAPH_TYPES[media_type]
    raise UnsupportedMediaType(f"cannot tell the RDF format of {str(path)!r} from its suffix")


def by_name(name: str) -> FormatInfo:
    """A graph format by its short name (``nquads``, ``turtle``...) or file suffix without the dot (``nq``, ``ttl``).

    :raise UnsupportedMediaType: for an unknown name.
    """
    for info in GRAPH_TYPES.values():
        if name in (info.name, info.suffix[1:]):
            return info
    if f".{name}" in FILE_TYPES:
        return GRAPH_TYPES[FILE_TYPES[f".{name}"]]
    raise UnsupportedMediaType(f"unknown RDF format {name!r}")

