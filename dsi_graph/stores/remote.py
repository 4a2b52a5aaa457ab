"""Remote SPARQL 1.1 engine (Oxigraph server, Virtuoso, Fuseki...) behind the store contract.

Queries go through SPARQLWrapper (POST, so long queries and graph lists fit). ``execute`` passes the query
through with the chosen ``Accept`` and returns the engine's bytes. Writes use the Graph Store Protocol when a
``graph_store`` URL is known, else SPARQL Update ``INSERT DATA`` in chunks; blank nodes that several graphs share
go by one Update request across those graphs (see :mod:`dsi_graph.publish`).

The default graph is the union of the named graphs: engines that do this themselves (``oxigraph serve
--union-default-graph``) need nothing; for engines that hold graphs of their own (Virtuoso's system graphs), give
``graph_prefix``: only graphs under it count, and every query names them in ``FROM`` and ``FROM NAMED`` clauses
(written into the text, not sent as ``default-graph-uri``: Virtuoso echoes each of those as a response header,
and past 100 headers Python's HTTP client refuses the answer). When the engine holds no other graphs and already
answers the named graphs' triples from its default graph, nothing is added (Oxigraph evaluates a plain default
graph far faster than a list of graphs).
"""

from __future__ import annotations

import io
import json
import time
import urllib.error
import warnings
from collections.abc import Sequence

import requests
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from dsi_graph.rdf import sparqltext
from dsi_graph.rdf.formats import rdflib_format
from dsi_graph.stores.base import (
    Bindings,
    Chooser,
    QuerySyntaxError,
    QueryTimeout,
    SelectResult,
    Serialized,
    StoreError,
)
from dsi_graph.stores.results import quiet_rdflib, select_result, serialize_ask, serialize_graph, serialize_select
from dsi_graph.stores.update import insert_data_chunks, read_graphs, write_graphs

_JSON = "application/sparql-results+json"
_NT = "application/n-triples"
_GRAPH_CACHE_SECONDS = 30.0
# GROUP BY, not DISTINCT: Virtuoso 7 takes ~40 s for DISTINCT ?g over 15k quads and no time for this.
GRAPH_LIST = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
UNION_SAMPLE = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } } LIMIT 1"
# Types engines do not all write (or write non-standard, like Virtuoso's TSV header): ask for these, convert here.
_PASS_THROUGH = {
    "text/tab-separated-values": _JSON,
    "application/trig": _NT,
    "application/n-quads": _NT,
}


def json_term(value: dict) -> Identifier:
    """An rdflib term from a SPARQL results JSON term (Virtuoso's ``typed-literal`` included)."""
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    lang = value.get("xml:lang")
    datatype = value.get("datatype")
    if lang:
        return Literal(value["value"], lang=lang)
    if datatype and datatype != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def _boolean(data: dict) -> bool:
    """The answer of an ASK in SPARQL results JSON (Virtuoso may answer a one-row table ``__ASK_RETVAL``)."""
    if "boolean" in data:
        return bool(data["boolean"])
    rows = data.get("results", {}).get("bindings", [])
    if data.get("head", {}).get("vars") == ["__ASK_RETVAL"]:  # no row means false
        return any(row.get("__ASK_RETVAL", {}).get("value") not in ("0", "false") for row in rows)
    raise StoreError("ask() needs an ASK query")


def _message(error: SPARQLWrapperException) -> str:
    body = getattr(error, "response", None)
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace").strip()
    return str(error)


class HttpAuth:
    """``user:password`` credentials sent as Digest or Basic, whichever the server's challenge asks for."""

    def __init__(self, credentials: str | tuple[str, str] | None) -> None:
        if isinstance(credentials, str):
            user, _, password = credentials.partition(":")
            credentials = (user, password)
        self.credentials = credentials
        self._auth: requests.auth.AuthBase | None = None

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        """Send a request, answering an authentication challenge once."""
        response = requests.request(method, url, auth=self._auth, **kwargs)
        if response.status_code == 401 and self.credentials and self._auth is None:
            challenge = response.headers.get("WWW-Authenticate", "")
            if challenge.lower().startswith("digest"):
                self._auth = requests.auth.HTTPDigestAuth(*self.credentials)
            else:
                self._auth = requests.auth.HTTPBasicAuth(*self.credentials)
            response = requests.request(method, url, auth=self._auth, **kwargs)
        return response


class RemoteStore:
    """A :class:`~dsi_graph.stores.base.GraphStore` over a remote SPARQL 1.1 endpoint."""

    name = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        graph_store: str | None = None,
        auth: str | tuple[str, str] | None = None,
        graph_prefix: str | None = None,
        timeout: float | None = 30.0,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.graph_store = graph_store
        self.graph_prefix = graph_prefix
        self.timeout = timeout
        self.http = HttpAuth(auth)
        self._graphs: tuple[float, list[URIRef], bool] | None = None

    # -- reading ---------------------------------------------------------------------------------------------

    def _dataset(self) -> tuple[list[str], list[str]]:
        """The default and named graphs every query names ([] when the engine's default graph is our union)."""
        if self.graph_prefix is None:
            return [], []
        names = [str(g) for g in self.graphs()]
        if self._graphs is not None and self._graphs[2]:
            return [], []
        if not names:  # nothing of ours yet: name one empty graph so the engine's own graphs stay out
            names = [self.graph_prefix]
        return names, names

    def _unions_by_default(self) -> bool:
        """Whether the engine answers a named graph's triple from its default graph (probed on one IRI triple)."""
        body, _ = self._send(UNION_SAMPLE, _JSON, own_dataset=False)
        rows = json.loads(body).get("results", {}).get("bindings", [])
        if not rows:
            return False
        triple = " ".join(sparqltext.sparql_term(json_term(rows[0][v])) for v in ("s", "p", "o"))
        body, _ = self._send(f"ASK {{ {triple} }}", _JSON, own_dataset=False)
        return _boolean(json.loads(body))

    def _send(
        self,
        query: str,
        accept: str,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        timeout: float | None = None,
        own_dataset: bool = True,
    ) -> tuple[bytes, str]:
        """POST a query; return the body and the bare media type of the answer."""
        if own_dataset and not (default_graph_uris or named_graph_uris):
            query = sparqltext.with_dataset(query, *self._dataset())
        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setOnlyConneg(True)  # no format=/output= parameters: Virtuoso would let them beat Accept
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SPARQLWrapper warns on forms it does not know; the engine judges
            client.setQuery(query)
        client.addCustomHttpHeader("Accept", accept)
        for uri in default_graph_uris:
            client.addDefaultGraph(uri)
        for uri in named_graph_uris:
            client.addNamedGraph(uri)
        limit = timeout or self.timeout
        if limit:
            client.setTimeout(max(1, int(limit + 0.999)))
        try:
            response = client.query().response
            body = response.read()
        except QueryBadFormed as error:
            raise QuerySyntaxError(_message(error)) from error
        except SPARQLWrapperException as error:
            raise StoreError(f"{self.endpoint}: {_message(error)}") from error
        except TimeoutError as error:
            raise QueryTimeout(f"{self.endpoint}: no answer within {limit} s") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise QueryTimeout(f"{self.endpoint}: no answer within {limit} s") from error
            raise StoreError(f"{self.endpoint}: {error.reason}") from error
        except OSError as error:
            raise StoreError(f"{self.endpoint}: {error}") from error
        media_type = (response.headers.get("Content-Type") or accept).split(";")[0].strip().lower()
        return body, media_type

    def _check(self, query: str, *forms: str) -> None:
        form = sparqltext.query_form(query)
        if form is not None and form not in forms:
            raise StoreError(f"needs a {' or '.join(f.upper() for f in forms)} query, not {form.upper()}")

    def _results(self, query: str, bindings: Bindings | None, timeout: float | None = None) -> dict:
        body, _ = self._send(sparqltext.bind_values(query, bindings), _JSON, timeout=timeout)
        try:
            return json.loads(body)
        except ValueError as error:
            raise StoreError(f"{self.endpoint}: answer is not SPARQL results JSON: {body[:200]!r}") from error

    def select(self, query: str, bindings: Bindings | None = None, *, timeout: float | None = None) -> SelectResult:
        """Run a SELECT (bindings become a VALUES block) and parse the JSON results."""
        self._check(query, "select")
        data = self._results(query, bindings, timeout)
        names = list(data.get("head", {}).get("vars", []))
        rows = [{k: json_term(v) for k, v in row.items()} for row in data.get("results", {}).get("bindings", [])]
        return SelectResult(names, rows)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK."""
        self._check(query, "ask")
        return _boolean(self._results(query, bindings))

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and parse the N-Triples answer."""
        self._check(query, "construct", "describe")
        body, media_type = self._send(sparqltext.bind_values(query, bindings), _NT)
        graph = _parse_graph(body, media_type)
        out = Graph()
        for s, p, o in graph:
            if isinstance(o, Literal) and o.datatype == XSD.string:
                o = Literal(str(o))
            out.add((s, p, o))
        return out

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
        """Pass the query through with the chosen Accept; return the engine's bytes.

        When the engine answers in another type than asked (or ``max_rows`` cuts a SELECT), the answer is
        parsed and serialised here in the chosen type.
        """
        form = sparqltext.contract_form(sparqltext.query_form(query))
        media_type = choose(form) if form else "*/*"
        if form == "ask":  # tiny; engines disagree on ASK formats, so answer from JSON here
            body, _ = self._send(query, _JSON, default_graph_uris=default_graph_uris,
                                 named_graph_uris=named_graph_uris, timeout=timeout)
            return Serialized(serialize_ask(_boolean(json.loads(body)), media_type), media_type, form)
        body, got = self._send(
            query,
            _PASS_THROUGH.get(media_type, media_type),
            default_graph_uris=default_graph_uris,
            named_graph_uris=named_graph_uris,
            timeout=timeout,
        )
        if form is None:  # the engine ran something we could not classify: report what it sent
            return Serialized(body, got, "select")
        if form == "select" and max_rows is not None:
            parsed = select_result(Result.parse(source=_bytes_io(body), content_type=got), max_rows)
            if parsed.truncated or got != media_type:
                return Serialized(serialize_select(parsed, media_type), media_type, form, parsed.truncated)
        if got == media_type:
            return Serialized(body, media_type, form)
        if form == "construct":
            return Serialized(serialize_graph(_parse_graph(body, got), media_type), media_type, form)
        result = Result.parse(source=_bytes_io(body), content_type=got)
        return Serialized(serialize_select(select_result(result), media_type), media_type, form)

    def count(self, graph: str | None = None) -> int:
        """Number of quads in the named graphs (or triples in ``graph``), by ``COUNT`` queries."""
        if graph is not None:
            # The graph is named in the text, so no dataset is sent (Virtuoso miscounts a graph outside it).
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {sparqltext.sparql_term(URIRef(graph))} {{ ?s ?p ?o }} }}"
            body, _ = self._send(query, _JSON, own_dataset=False)
            rows = json.loads(body).get("results", {}).get("bindings", [])
            return int(rows[0]["n"]["value"]) if rows else 0
        else:
            result = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(result.rows[0]["n"]) if result.rows else 0

    def graphs(self) -> list[URIRef]:
        """Named graph IRIs (under ``graph_prefix`` when given); cached for a few seconds."""
        now = time.monotonic()
        if self._graphs is not None and now - self._graphs[0] < _GRAPH_CACHE_SECONDS:
            return list(self._graphs[1])
        body, _ = self._send(GRAPH_LIST, _JSON, own_dataset=False)
        rows = json.loads(body).get("results", {}).get("bindings", [])
        found = sorted(URIRef(r["g"]["value"]) for r in rows if r.get("g", {}).get("type") == "uri")
        own_union = False
        if self.graph_prefix is not None:
            ours = [g for g in found if str(g).startswith(self.graph_prefix)]
            own_union = bool(ours) and len(ours) == len(found) and self._unions_by_default()
            found = ours
        self._graphs = (now, found, own_union)
        return list(found)

    # -- writing ---------------------------------------------------------------------------------------------

    def forget_graphs(self) -> None:
        """Drop the cached graph list (after writes)."""
        self._graphs = None

    def put_graph(self, graph: str | None, ntriples: bytes, *, replace: bool = True) -> None:
        """Write N-Triples into ``graph``: GSP PUT (replace) or POST (add), else SPARQL Update chunks.

        :raise StoreError: when the engine refuses.
        """
        self.forget_graphs()
        if self.graph_store:
            method = "PUT" if replace else "POST"
            response = self.http.request(
                method,
                self.graph_store,
                params={"graph": graph} if graph else {"default": ""},
                data=ntriples,
                headers={"Content-Type": "text/turtle; charset=utf-8"},  # N-Triples is Turtle; every engine reads it
                timeout=max(self.timeout or 0, 300),
            )
            if response.status_code >= 300:
                raise StoreError(f"{method} {graph}: HTTP {response.status_code}: {response.text[:500]}")
            return
        if replace:
            drop = f"DROP SILENT GRAPH {sparqltext.sparql_term(URIRef(graph))}" if graph else "DROP SILENT DEFAULT"
            self.update(drop)
        for chunk in insert_data_chunks(graph, ntriples):
            self.update(chunk)

    def update(self, update: str) -> None:
        """Send a SPARQL Update to the update endpoint.

        :raise StoreError: when there is no update endpoint or the engine refuses.
        """
        if not self.update_endpoint:
            raise StoreError("no SPARQL Update endpoint configured")
        response = self.http.request(
            "POST",
            self.update_endpoint,
            data={"update": update},
            timeout=max(self.timeout or 0, 300),
        )
        if response.status_code == 400:
            raise QuerySyntaxError(response.text.strip())
        if response.status_code >= 300:
            raise StoreError(f"update: HTTP {response.status_code}: {response.text[:500]}")
        self.forget_graphs()

    def load(self, path: str, *, format: str | None = None, graph: str | None = None) -> int:
        """Add an RDF file's triples to the engine graph by graph; return the quads sent."""
        graphs = read_graphs(path, format=format, graph=graph)
        write_graphs(self, graphs, replace=False)
        return sum(map(len, graphs.values()))

    def close(self) -> None:
        """Nothing to release (each request opens its own connection)."""
        self._graphs = None


def _bytes_io(body: bytes) -> io.BytesIO:
    return io.BytesIO(body)


def _parse_graph(body: bytes, media_type: str) -> Graph:
    """Parse an engine's RDF answer."""
    graph = Graph()
    try:
        with quiet_rdflib():
            graph.parse(data=body, format=rdflib_format(media_type))
    except Exception as error:  # rdflib parsers raise many exception types
        raise StoreError(f"cannot parse the engine's {media_type} answer: {error}") from error
    return graph
