"""HTTP caching for the read-only server: validators from the build, 304s, Cache-Control and an in-process LRU.

The graph only changes with a new build, so every response is a function of (build, path, query string, body
of a POSTed query, Accept header). API for views (any blueprint):

- ``@cached(methods=("GET", "HEAD"))`` on a view function: answers from the per-process LRU
  (``DSI_GRAPH_CACHE_SIZE`` entries, 0 turns it off; bodies over ``MAX_ENTRY_BYTES`` are not kept) keyed by
  (method group, path, query string, POSTed body, Accept header), stores 200 answers, and passes every answer
  through :func:`conditional`. Responses with ``X-DSI-No-Cache`` set are not kept.
- ``conditional(response, key="")`` sets ``ETag`` (build id + key + media type), ``Last-Modified`` (build time),
  ``Cache-Control: public, max-age=N`` (``DSI_GRAPH_CACHE_MAX_AGE``) and turns the answer into a 304 when the
  request's ``If-None-Match`` / ``If-Modified-Since`` match.
- ``validators()`` -> (build tag, last-modified datetime or None) for the current app.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from flask import Response, make_response, request

from dsi_graph.web.views.common import build_cache, build_info, current_settings, current_store

MAX_ENTRY_BYTES = 1 << 20
_STARTED = datetime.fromtimestamp(int(time.time()), UTC)
_TIME_KEYS = ("build_time", "built_at", "time", "created", "generated")


class ResponseCache:
    """A thread-safe bounded LRU of finished responses: key -> (status, headers, body)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[tuple, tuple[int, list[tuple[str, str]], bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def entry(self, key: tuple) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """The kept (status, headers, body) for ``key``, or None."""
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            self._data.move_to_end(key)
        return entry

    def get(self, key: tuple) -> Response | None:
        """The cached response for ``key`` (a fresh Response object), or None."""
        entry = self.entry(key)
        if entry is None:
            return None
        status, headers, body = entry
        response = Response(body, status=status, headers=headers)
        response.headers["X-DSI-Cache"] = "hit"
        return response

    def put(self, key: tuple, response: Response) -> bool:
        """Keep a 200 response (unless the cache is off, the body is big or streamed); True when kept."""
        if self.maxsize <= 0 or response.status_code != 200 or response.is_streamed:
            return False
        if "X-DSI-No-Cache" in response.headers:
            return False
        return self.keep(key, response.status_code, list(response.headers.items()), response.get_data())

    def keep(self, key: tuple, status: int, headers: list[tuple[str, str]], body: bytes) -> bool:
        """Keep a finished answer given as parts (the lean path's way in); True when kept."""
        if self.maxsize <= 0 or len(body) > MAX_ENTRY_BYTES:
            return False
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "x-dsi-cache")]
        with self._lock:
            self._data[key] = (status, headers, body)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()


def response_cache() -> ResponseCache:
    """The current app's response cache (made on first use with ``DSI_GRAPH_CACHE_SIZE``)."""
    return cache_of(build_cache(), current_settings().cache_size)


def cache_of(per_build: dict[str, Any], size: int) -> ResponseCache:
    """The response cache kept in a build's cache dict (made on first use)."""
    cache = per_build.get("dsi_response_cache")
    if cache is None:
        cache = per_build.setdefault("dsi_response_cache", ResponseCache(size))
    return cache


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.replace(microsecond=0)


def validators() -> tuple[str, datetime | None]:
    """(build tag, Last-Modified) of the served data: the build id and time, else a hash of the store size."""
    return validators_of(build_cache(), build_info(), current_store)


def validators_of(per_build: dict[str, Any], info: dict[str, Any],
                  store: Callable[[], Any]) -> tuple[str, datetime | None]:
    """:func:`validators` of a build given its cache dict, its ``build.json`` and its store (called when needed)."""
    cached = per_build.get("dsi_validators")
    if cached is not None:
        return cached
    tag = str(info.get("build_id") or "")
    modified = next((t for t in (_parse_time(info.get(k)) for k in _TIME_KEYS) if t), None)
    if not tag:
        try:
            size = store().count()
        except Exception:  # a remote store may be unreachable; fall back to the process start
            size = -1
        tag = hashlib.sha256(f"{size}:{_STARTED.isoformat()}".encode()).hexdigest()[:16]
        modified = modified or _STARTED
    per_build["dsi_validators"] = (tag, modified)
    return tag, modified


def etag_digest(tag: str, key: str, media: str) -> str:
    """The ETag (unquoted) of an answer: build tag, request key and bare media type."""
    return hashlib.sha256(f"{tag}\0{key}\0{media}".encode()).hexdigest()[:24]


def _max_age() -> int:
    return int(getattr(current_settings(), "cache_max_age", 300))


def conditional(response: Response, key: str = "") -> Response:
    """Add ETag, Last-Modified and Cache-Control to a 200 answer and answer 304 when the client has it."""
    if response.status_code != 200:
        return response
    tag, modified = validators()
    if not response.get_etag()[0]:
        response.set_etag(etag_digest(tag, key, response.mimetype or ""))
    if modified is not None and response.last_modified is None:
        response.last_modified = modified
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = f"public, max-age={_max_age()}"
    if request.method in ("GET", "HEAD"):
        response.make_conditional(request)
    return response


def request_key(accept: str) -> tuple:
    """The cache key of the current request with its Accept header."""
    body = request.get_data() if request.method == "POST" else b""
    return cache_key(request.method, request.path, request.query_string, request.mimetype, body, accept)


def cache_key(method: str, path: str, query_string: bytes, mimetype: str, body: bytes, accept: str) -> tuple:
    """The cache key of a request from its parts (HEAD shares GET's entries)."""
    return ("GET" if method == "HEAD" else method, path, query_string, mimetype, body, accept)


def cached(methods: tuple[str, ...] = ("GET", "HEAD")) -> Callable[[Callable[..., Any]], Callable[..., Response]]:
    """Decorate a view: answer from the in-process LRU when possible, else run it and keep a 200 answer."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Response]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            if request.method not in methods:
                return make_response(view(*args, **kwargs))
            key = request_key(request.headers.get("Accept", ""))
            etag_key = repr(key)
            cache = response_cache()
            hit = cache.get(key)
            if hit is not None:
                return conditional(hit, etag_key)
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200:
                response = conditional(response, etag_key)
                if response.status_code == 200:
                    cache.put(key, response)
            return response

        return wrapper

    return decorator
