"""The SPARQL 1.1 Protocol without Flask: request parsing, read-only guard, time and row limits, service description.

- :func:`parse_request` turns (method, raw query string, content type, body) into a :class:`ProtocolRequest`, or
  None when there is no query (the endpoint then shows its service description or editor), or raises
  :class:`ProtocolError` with the HTTP status the W3C protocol tests expect.
- :func:`run_query` runs a request on a store under the time limit and cuts SELECT answers at ``max_rows``.
- :func:`service_description` describes the endpoint (``sd:Service``) as an rdflib Graph.

Time limit: pyoxigraph has no timeout, but it releases the GIL while it evaluates (measured: a pure-Python
loop keeps about 85 % of its speed while a query runs in another thread). So the query runs in a daemon thread
and the caller waits ``timeout`` seconds; past that it gets :class:`QueryTimeout`. The evaluation itself cannot
be interrupted (see :mod:`dsi_graph.read.timelimit`): the view ends that worker process right after answering (see
:mod:`dsi_graph.web.server`); the process exit is what really stops the query.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID

from dsi_graph.rdf.formats import rdflib_format
from dsi_graph.read.timelimit import call_with_timeout
from dsi_graph.stores.base import Chooser, GraphStore, Serialized
from dsi_graph.stores.results import truncate_results, truncation_headers

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
_PROLOGUE = re.compile(r"^\s*(?:(?:BASE\s*<>|PREFIX\s+[^\s:]*:\s*<>)\s*)*", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE\s+(?:SILENT\s+)?(?:<>|[?$]|[A-Za-z_][\w.-]*:|:)", re.IGNORECASE)


class ProtocolError(Exception):
    """A request the protocol refuses: ``status`` is the HTTP status, ``str()`` the message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@dataclass(frozen=True)
class ProtocolRequest:
    """A parsed query request: the query text, its dataset, and the format parameters (``format``/``output``)."""

    query: str
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)


def _media(content_type: str | None) -> tuple[str, dict[str, str]]:
    """Split a Content-Type into the bare type and its parameters (lower-cased names)."""
    if not content_type:
        return "", {}
    parts = content_type.split(";")
    params = {}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        params[key.strip().lower()] = value.strip().strip('"')
    return parts[0].strip().lower(), params


def _check_charset(params: dict[str, str]) -> None:
    charset = params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise ProtocolError(415, f"unsupported charset {charset!r}: the SPARQL protocol uses UTF-8")


def _decode(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"{what} is not UTF-8: {error}") from error


def _pairs(text: str, what: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"{what} has percent-encoded bytes that are not UTF-8: {error}") from error


def _values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in pairs if key == name]


def parse_request(
    method: str, query_string: bytes | str, content_type: str | None, body: bytes, *, allow_service: bool = False
) -> ProtocolRequest | None:
    """Parse a SPARQL protocol request; None when it carries no query at all.

    :raise ProtocolError: 405 wrong method, 400 missing/duplicate query or bad encoding, 415 wrong content type,
        403 updates (the endpoint is read-only) and SERVICE (unless ``allow_service``).
    """
    method = method.upper()
    if method not in ("GET", "HEAD", "POST"):
        raise ProtocolError(405, f"method {method} not allowed: use GET or POST", {"Allow": "GET, POST, OPTIONS"})
    raw = query_string if isinstance(query_string, str) else _decode(query_string, "the query string")
    url_pairs = _pairs(raw, "the query string")
    if _values(url_pairs, "update"):
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    body_pairs: list[tuple[str, str]] = []
    queries = _values(url_pairs, "query")
    if method == "POST":
        media, params = _media(content_type)
        if not media:
            raise ProtocolError(400, f"a POST needs a Content-Type: {_FORM} or {_DIRECT}")
        _check_charset(params)
        if media == _FORM:
            body_pairs = _pairs(_decode(body, "the form body"), "the form body")
            if _values(body_pairs, "update"):
                raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
            queries = queries + _values(body_pairs, "query")
        elif media == _DIRECT:
            queries = queries + [_decode(body, "the query")]
        elif media == _UPDATE:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        else:
            raise ProtocolError(415, f"unsupported Content-Type {media!r}: use {_FORM} or {_DIRECT}")
    pairs = url_pairs + body_pairs
    default_graphs = tuple(_values(pairs, "default-graph-uri"))
    named_graphs = tuple(_values(pairs, "named-graph-uri"))
    if not queries:
        if default_graphs or named_graphs or method == "POST":
            raise ProtocolError(400, "missing the 'query' parameter")
        return None
    if len(queries) > 1:
        raise ProtocolError(400, "more than one query in the request")
    query = queries[0]
    if not query.strip():
        raise ProtocolError(400, "the query is empty")
    check_query(query, allow_service=allow_service)
    fmt = {k: v for k, v in pairs if k in ("format", "output", "results")}
    return ProtocolRequest(query, default_graphs, named_graphs, fmt)


def _stripped(query: str) -> str:
    """The query without comments and with strings and IRIs emptied (so keywords inside them do not count)."""

    def blank(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.startswith("#"):
            return " "
        return "<>" if text.startswith("<") else '""'

    return _STRIP.sub(blank, query)


def query_keyword(query: str) -> str:
    """The first keyword after the prologue (``SELECT``, ``ASK``, ``INSERT``...), upper case; '' if none."""
    rest = _PROLOGUE.sub("", _stripped(query), count=1)
    match = re.match(r"\s*([A-Za-z]+)", rest)
    return match.group(1).upper() if match else ""


def check_query(query: str, *, allow_service: bool = False) -> None:
    """Refuse updates (403) and, unless allowed, SERVICE clauses (403).

    :raise ProtocolError: for an update or a federated query.
    """
    if query_keyword(query) in _UPDATE_KEYWORDS:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if not allow_service and _SERVICE.search(_stripped(query)):
        raise ProtocolError(
            403, "federated queries (SERVICE) are turned off on this endpoint (DSI_GRAPH_ALLOW_SERVICE)"
        )


def run_query(
    store: GraphStore,
    request: ProtocolRequest,
    choose: Chooser,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> Serialized:
    """Execute a parsed request under the time limit; SELECT answers longer than ``max_rows`` are cut and marked.

    :raise QueryTimeout, QuerySyntaxError, UnsupportedMediaType, StoreError: from the store or the limits.
    """

    def evaluate() -> Serialized:
        return store.execute(
            request.query,
            choose,
            default_graph_uris=request.default_graph_uris,
            named_graph_uris=request.named_graph_uris,
            timeout=timeout,
            max_rows=max_rows,
        )

    result = call_with_timeout(evaluate, timeout)
    if result.form == "select" and max_rows and not result.truncated:
        body, cut = truncate_results(result.body, result.media_type, max_rows)
        if cut:
            result = Serialized(body, result.media_type, result.form, True, dict(result.headers))
    if result.truncated and max_rows:
        result.headers.update(truncation_headers(max_rows))
    return result


def service_description(
    endpoint: str, named_graphs: Sequence[str] = (), void_url: str | None = None, *, union_default: bool = True
) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint`` as an rdflib Graph."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    graph.bind("void", VOID)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if union_default:
        graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads"):
        graph.add((service, SD.resultFormat, FORMATS[name]))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    if union_default:
        graph.add((default, RDFS.comment, Literal("The default graph is the union of all named graphs.", lang="en")))
    for name in named_graphs:
        node = BNode()
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, RDF.type, SD.NamedGraph))
        graph.add((node, SD.name, URIRef(name)))
    if void_url:
        graph.add((dataset, RDFS.seeAlso, URIRef(void_url)))
        graph.add((URIRef(void_url), VOID.sparqlEndpoint, service))
    return graph


def describe_service(endpoint: str, named_graphs: Sequence[str], media_type: str, void_url: str | None) -> bytes:
    """The service description serialised in a graph media type."""
    graph = service_description(endpoint, named_graphs, void_url)
    return graph.serialize(format=rdflib_format(media_type), encoding="utf-8")
