"""The lean path: plain SPARQL GETs answered by a WSGI function in front of Flask, with the same bytes and headers.

An entity lookup through ``/sparql`` costs the engine about 0.1 ms; Flask's request and response objects, routing,
context locals and hooks cost more than that again (figures in BENCHMARKS.md). :class:`LeanPaths` wraps the app's
WSGI callable (``app.wsgi_app``, Flask's documented middleware hook) and answers ``GET``/``HEAD /sparql?query=...``
itself when nothing about the request needs the framework; everything else goes to Flask unchanged. It calls the
same functions as the view, never its own copies: the protocol parser and :func:`dsi_graph.read.sparql.run_query`
(time limit, row cut), the content negotiation of :mod:`dsi_graph.web.conneg`, the response cache, cache key and
validators of :mod:`dsi_graph.web.caching`, the build the request runs on (:mod:`dsi_graph.web.reload`).

Left to Flask: other paths and methods, conditional requests, a ``Content-Type`` on a GET, a client that accepts
gzip or brotli (compression is :mod:`dsi_graph.web.compression`), a URL past the length limit, every request the
protocol refuses, and every query that fails except by time (those answers are cheap to make again). A query past
the time limit is answered here (503 in the error envelope), never evaluated twice. ``app.config["DSI_LEAN"] =
False`` turns the path off (tests compare both paths with it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.http import http_date, parse_accept_header

from dsi_graph.rdf.formats import content_type
from dsi_graph.read import sparql
from dsi_graph.read.boundedquery import is_bounded
from dsi_graph.stores.base import QueryTimeout
from dsi_graph.web import conneg
from dsi_graph.web.caching import cache_key, cache_of, etag_digest, validators_of
from dsi_graph.web.limits import target_length
from dsi_graph.web.views.sparql import EXIT_ON_RUNAWAY, _exit_worker

FLAG = "DSI_LEAN"
_TO_FLASK = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE",
             "HTTP_RANGE", "CONTENT_TYPE")
_STATUS = {200: "200 OK", 503: "503 Service Unavailable"}


def init_app(app: Flask, cors: list[tuple[str, str]]) -> None:
    """Put the lean path in front of the app's WSGI callable; ``cors``: the app's CORS headers of a GET."""
    app.config.setdefault(FLAG, True)
    app.wsgi_app = LeanPaths(app, app.wsgi_app, cors)  # type: ignore[method-assign]


def _compressing(environ: dict[str, Any]) -> bool:
    """Whether the client accepts an encoding the app would compress in."""
    accepted = parse_accept_header(environ.get("HTTP_ACCEPT_ENCODING"))
    return accepted["br"] > 0 or accepted["gzip"] > 0


class _Closing(list):
    """A one-chunk body whose ``close`` runs a callback after it was sent (PEP 3333)."""

    def __init__(self, body: bytes, callback: Callable[[], None]) -> None:
        super().__init__([body])
        self.callback = callback

    def close(self) -> None:
        self.callback()


class LeanPaths:
    """WSGI middleware: the lean path for plain SPARQL GETs, Flask for the rest."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]], cors: list[tuple[str, str]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.cors = cors

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if (environ.get("PATH_INFO") != "/sparql" or method not in ("GET", "HEAD")
                or not self.app.config.get(FLAG) or any(environ.get(k) for k in _TO_FLASK)
                or not environ.get("QUERY_STRING") or _compressing(environ)):
            return self.wsgi_app(environ, start_response)
        settings = self.app.extensions["dsi_settings"]
        if target_length(environ) > settings.max_url_length:
            return self.wsgi_app(environ, start_response)
        query_string = environ["QUERY_STRING"].encode("latin-1")
        try:
            parsed = sparql.parse_request(method, query_string, None, b"", allow_service=settings.allow_service)
        except sparql.ProtocolError:
            parsed = None
        if parsed is None:
            return self.wsgi_app(environ, start_response)
        watcher = self.app.extensions.get("dsi_watcher")
        generation = watcher.enter() if watcher is not None else None
        try:
            if generation is not None:
                store, per_build, info = generation.store, generation.cache, generation.info
            else:
                ext = self.app.extensions
                store, per_build, info = ext["dsi_store"], ext, ext.get("dsi_build", {})
            answer = self._answer(environ, method, query_string, parsed, store, per_build, info, settings)
        finally:
            if generation is not None:
                watcher.leave(generation)
        if answer is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = answer
        headers = [*headers, *self.cors]
        start_response(_STATUS[status], headers)
        payload = b"" if method == "HEAD" else body
        if status == 503 and self.app.config.get(EXIT_ON_RUNAWAY):
            return _Closing(payload, _exit_worker)
        return [payload]

    def _answer(self, environ: dict[str, Any], method: str, query_string: bytes, parsed: sparql.ProtocolRequest,
                store: Any, per_build: dict[str, Any], info: dict[str, Any],
                settings: Any) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """(status, headers, body) from the cache or the engine; None when Flask should answer."""
        accept = environ.get("HTTP_ACCEPT", "")
        key = cache_key(method, "/sparql", query_string, "", b"", accept)
        cache = cache_of(per_build, settings.cache_size)
        hit = cache.entry(key)
        if hit is not None:
            status, kept, body = hit
            return status, _finish(kept, body, cached=True), body
        if not is_bounded(parsed.query):  # through the view: query processes, admission, the per-client cap
            return None

        def choose(form: str) -> str:
            return conneg.choose_for_query_form(form, accept or None, parsed.params)

        try:
            result = sparql.run_query(store, parsed, choose, timeout=settings.query_timeout,
                                      max_rows=settings.max_rows, bounded=True)
        except QueryTimeout as error:
            body = json.dumps({"ok": False, "error": str(error), "status": 503}).encode() + b"\n"
            return 503, [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                         ("Vary", "Accept, Accept-Encoding"), ("X-DSI-No-Cache", "1"),
                         ("Retry-After", str(settings.retry_after))], body
        except Exception:  # every other failure is answered by the view (it costs little to find again)
            return None
        headers = [("Content-Type", content_type(result.media_type)), *result.headers.items(), ("Vary", "Accept")]
        if result.truncated:
            scheme, host = environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST", "")
            headers.append(("Link", f'<{scheme}://{host}{environ.get("SCRIPT_NAME", "")}/sparql>; rel="service-desc"'))
        tag, modified = validators_of(per_build, info, lambda: store)
        bare = result.media_type.split(";")[0].strip().lower()
        headers.append(("ETag", f'"{etag_digest(tag, repr(key), bare)}"'))
        if modified is not None:
            headers.append(("Last-Modified", http_date(modified)))
        headers.append(("Cache-Control", f"public, max-age={settings.cache_max_age}"))
        cache.keep(key, 200, headers, result.body)
        return 200, _finish(headers, result.body, cached=False), result.body


def _finish(headers: list[tuple[str, str]], body: bytes, *, cached: bool) -> list[tuple[str, str]]:
    """The kept headers as the app's hooks finish them: length, cache mark, ``Vary`` with Accept-Encoding."""
    out = [(k, v) for k, v in headers if k.lower() != "vary"]
    varies = [v for k, v in headers if k.lower() == "vary"]
    out.insert(1, ("Content-Length", str(len(body))))
    if cached:
        out.append(("X-DSI-Cache", "hit"))
    out.append(("Vary", ", ".join([*varies, "Accept-Encoding"])))
    return out
