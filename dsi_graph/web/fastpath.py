"""A WSGI fast path in front of Flask: repeat GETs answered from a bounded per-app LRU without routing.

Flask's path (routing, request context, the ``@cached`` view wrapper, flask-cors) costs a few hundred
microseconds even when the response is in :mod:`dsi_graph.web.caching`'s cache; on a cache hit that is nearly all
of the time a request takes. :class:`FastPath` remembers the finished response (status, headers, body) that the
Flask path sent for a GET that ``@cached`` kept (the same policy: 200, not ``X-DSI-No-Cache``, not streamed,
at most ``MAX_ENTRY_BYTES``), keyed by the raw request parts a response may depend on: script name, path,
query string, ``Accept``, ``Origin``, ``Host``, scheme and ``Content-Type``. A repeat of the same request gets
the same bytes and headers (ETag, Last-Modified, Vary, CORS, Cache-Control, Content-Type, plus ``X-DSI-Cache: hit``
as on Flask's hit path), and a conditional request (``If-None-Match`` / ``If-Modified-Since``) gets the 304 that
Werkzeug's ``make_conditional`` gives on the Flask path. The cache belongs to one app, hence to one build, and
is bounded in entries (``DSI_GRAPH_CACHE_SIZE``, 0 turns it off) and in bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.wrappers import Response

CACHEABLE = "dsi.cacheable"  # WSGI environ flag set by caching.cached when the Flask path kept the response
MAX_TOTAL_BYTES = 64 << 20
_KEY_VARS = ("SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "HTTP_ACCEPT", "HTTP_ORIGIN", "HTTP_HOST", "wsgi.url_scheme",
             "CONTENT_TYPE")
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE",
                "HTTP_IF_RANGE", "HTTP_RANGE")

Entry = tuple[str, list[tuple[str, str]], bytes]
StartResponse = Callable[..., Any]


class FastPath:
    """WSGI middleware: answer repeat GETs from a bounded LRU of the responses the Flask path cached."""

    def __init__(self, app: Callable[..., Iterable[bytes]], maxsize: int, max_bytes: int = MAX_TOTAL_BYTES) -> None:
        self.app = app
        self.maxsize = maxsize
        self.max_bytes = max_bytes
        self.size_bytes = 0
        self.hits = 0
        self._data: OrderedDict[tuple, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()
            self.size_bytes = 0

    def lookup(self, key: tuple) -> Entry | None:
        """The kept (status line, headers, body) for a key of ``_KEY_VARS`` values, or None (counts hits)."""
        return self._get(key)

    def _get(self, key: tuple) -> Entry | None:
        with self._lock:
            entry = self._data.get(key)
            if entry is not None:
                self._data.move_to_end(key)
                self.hits += 1
            return entry

    def _put(self, key: tuple, entry: Entry) -> None:
        size = len(entry[2])
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.size_bytes -= len(old[2])
            self._data[key] = entry
            self.size_bytes += size
            while len(self._data) > self.maxsize or self.size_bytes > self.max_bytes:
                _, dropped = self._data.popitem(last=False)
                self.size_bytes -= len(dropped[2])

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if self.maxsize <= 0 or environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        key = tuple(environ.get(name) for name in _KEY_VARS)
        entry = self._get(key)
        if entry is not None:
            status, headers, body = entry
            if any(name in environ for name in _CONDITIONAL):
                response = Response(body, status=status, headers=headers)
                response.make_conditional(environ)
                return response(environ, start_response)
            start_response(status, headers)
            return [body]
        return self._miss(key, environ, start_response)

    def _miss(self, key: tuple, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Run the Flask path; keep its answer when ``@cached`` kept it (a plain 200)."""
        sent: list = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not environ.get(CACHEABLE) or not sent or not sent[0].startswith("200 "):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        headers = [(k, v) for k, v in sent[1] if k.lower() not in ("date", "server", "x-dsi-cache")]
        headers.append(("X-DSI-Cache", "hit"))
        self._put(key, (sent[0], headers, body))
        return [body]


def install(app: Flask, maxsize: int) -> FastPath:
    """Put a :class:`FastPath` in front of ``app``'s WSGI callable (kept in ``app.extensions``)."""
    fast = FastPath(app.wsgi_app, maxsize)
    app.wsgi_app = fast  # type: ignore[method-assign]
    app.extensions["dsi_fastpath"] = fast
    return fast
