"""The SPARQL 1.1 Protocol without Flask: request parsing, read-only guard, time and row limits.

- :func:`parse_request` turns (method, raw query string, content type, body) into a :class:`ProtocolRequest`, or
  None when there is no query (the endpoint then shows its service description or editor), or raises
  :class:`ProtocolError` with the HTTP status the W3C protocol tests expect.
- :func:`run_query` runs a request on a store under the time limit and cuts SELECT answers at ``max_rows``.
- the service description (``sd:Service``) is in :mod:`dsi_graph.read.service`.

Time limit: pyoxigraph has no timeout or cancellation. A bounded query (:mod:`dsi_graph.read.boundedquery`: one
triple pattern around a constant node, e.g. an entity lookup) is evaluated in the calling thread: its cost is one
node's degree. Any other query goes through ``isolation`` (:mod:`dsi_graph.read.isolation`): admitted by its
slots and per-client cap, evaluated in a query process that is ended past the limit (:class:`QueryTimeout`).
Without ``isolation`` (or without an on-disk store) it runs in a query thread that the caller stops waiting for
(:mod:`dsi_graph.read.timelimit`); the evaluation then runs on until its process ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from dsi_graph.rdf import sparqltext
from dsi_graph.read import query_errors
from dsi_graph.read.boundedquery import is_bounded
from dsi_graph.read.isolation import Isolation, Job
from dsi_graph.read.timelimit import call_with_timeout
from dsi_graph.stores.base import Chooser, GraphStore, QuerySyntaxError, Serialized
from dsi_graph.stores.results import truncate_results, truncation_headers

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


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


def check_query(query: str, *, allow_service: bool = False) -> None:
    """Refuse updates (403) and, unless allowed, SERVICE clauses (403).

    :raise ProtocolError: for an update or a federated query.
    """
    if sparqltext.keyword(query) in _UPDATE_KEYWORDS:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if not allow_service and sparqltext.uses_service(query):
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
    isolation: Isolation | None = None,
    client: str = "",
    build: str = "",
    bounded: bool | None = None,
) -> Serialized:
    """Execute a parsed request under the time limit; SELECT answers longer than ``max_rows`` are cut and marked.

    Bounded queries run here; others through ``isolation`` (as ``client``, on build ``build``), if given.
    ``bounded`` is what the caller already found of the query (:func:`~dsi_graph.read.boundedquery.is_bounded`);
    None: found here.

    :raise QueryTimeout, QuerySyntaxError, UnsupportedMediaType, StoreError: from the store or the limits.
    :raise Refused: when ``isolation`` does not admit the query (429 / 503).
    """

    def evaluate(chooser: Chooser = choose) -> Serialized:
        return store.execute(
            request.query,
            chooser,
            default_graph_uris=request.default_graph_uris,
            named_graph_uris=request.named_graph_uris,
            timeout=timeout,
            max_rows=max_rows,
        )

    try:
        if is_bounded(request.query) if bounded is None else bounded:
            # The media type is chosen before evaluating: a 406 then leaves no pyoxigraph result in a traceback, where
            # it could be dropped by the garbage collector on another thread (pyoxigraph results are bound to their
            # thread).
            media_type = choose(sparqltext.contract_form(sparqltext.query_form(request.query)) or "select")
            result = evaluate(lambda _form: media_type)
        elif isolation is not None:
            job = Job.of(build, request.query, request.default_graph_uris, request.named_graph_uris, choose, max_rows)
            result = isolation.run(client, job, timeout, evaluate)
        else:
            result = call_with_timeout(evaluate, timeout)
    except QuerySyntaxError as error:  # told with line, column and a hint (dsi_graph.read.query_errors)
        raise query_errors.explained(request.query, error) from error
    if result.form == "select" and max_rows and not result.truncated:
        body, cut = truncate_results(result.body, result.media_type, max_rows)
        if cut:
            result = Serialized(body, result.media_type, result.form, True, dict(result.headers))
    if result.truncated and max_rows:
        result.headers.update(truncation_headers(max_rows))
    return result
