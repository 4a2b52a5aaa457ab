"""Request limits of the app, each a setting: body size (413), URL length (414), and ``Retry-After`` on 503/429;
the client address (behind ``trusted_proxies`` proxies) and this process's ``/sparql`` isolation (slots, per-client
cap, query processes: :mod:`dsi_graph.read.isolation`), made here once per app.

Both sizes are checked in a ``before_request`` from what the request declares (``Content-Length``, the request
target), so a body past the limit is never read or parsed; a chunked body without ``Content-Length`` is cut at the
same size by Werkzeug (``MAX_CONTENT_LENGTH``). The answers go through the app's error handlers, so JSON clients
get the one envelope ``{"ok": false, "error": ..., "status": ...}``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge, RequestURITooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from dsi_graph.config import Settings
from dsi_graph.read.admission import Gate
from dsi_graph.read.isolation import Isolation
from dsi_graph.stores.base import GraphStore
from dsi_graph.stores.deferred import DeferredStore
from dsi_graph.stores.oxigraph import OxigraphStore

RETRY_STATUSES = (429, 503)


def init_app(app: Flask, settings: Settings) -> None:
    """Attach the limits of ``settings`` to ``app``."""
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.before_request(_check_request)
    app.after_request(_retry_after)
    if settings.trusted_proxies > 0:  # only the address that the nearest trusted proxy saw (Werkzeug's rule)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies, x_proto=0, x_host=0)  # type: ignore
    gate = Gate(settings.sparql_slots, settings.sparql_per_client, settings.sparql_expensive_after,
                settings.sparql_queue_wait)
    store_path = _build_store(app.extensions.get("dsi_store"), settings) if settings.sparql_slots > 0 else None
    app.extensions["dsi_isolation"] = Isolation(gate, store_path)


def _build_store(store: GraphStore | None, settings: Settings) -> Path | None:
    """The build's on-disk store folder when ``store`` is that store (query processes can open it), else None."""
    folder = Path(settings.build_dir) / "store"
    if settings.store != "oxigraph" or settings.store_mode != "disk" or not folder.is_dir():
        return None
    if isinstance(store, DeferredStore):  # what the server opens over a build's store/ (dsi_graph.web.server)
        return folder
    if isinstance(store, OxigraphStore) and store.path is not None and store.path.resolve() == folder.resolve():
        return folder
    return None


def isolation() -> Isolation:
    """Where this app evaluates unbounded ``/sparql`` queries (one per app; processes made per worker)."""
    return current_app.extensions["dsi_isolation"]


def client_address() -> str:
    """The client of the current request: its remote address (behind trusted proxies, the one they saw)."""
    return request.remote_addr or ""


def target_length(environ: dict) -> int:
    """Bytes of the request target (path and query string): the raw target when the server gives it whole.

    gunicorn's ``RAW_URI`` holds the query string; Werkzeug's test client and dev server leave it out, so the
    length is at least that of the path and ``QUERY_STRING``.
    """
    path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1", "replace")
    query = environ.get("QUERY_STRING", "")
    rebuilt = len(path) + (len(query) + 1 if query else 0)
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""
    return max(rebuilt, len(raw.encode("latin-1", "replace")))


def _check_request() -> None:
    """414 for a URL past ``max_url_length``, 413 for a declared body past ``max_body``; nothing is read."""
    settings: Settings = current_app.extensions["dsi_settings"]
    length = target_length(request.environ)
    if length > settings.max_url_length:
        raise RequestURITooLarge(f"the URL is {length} bytes, more than the {settings.max_url_length} allowed")
    declared = request.content_length
    if declared is not None and declared > settings.max_body:
        raise RequestEntityTooLarge(f"the body is {declared} bytes, more than the {settings.max_body} allowed")


def _retry_after(response: Response) -> Response:
    """``Retry-After`` on a 503 or 429 that does not set its own."""
    if response.status_code in RETRY_STATUSES and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = str(current_app.extensions["dsi_settings"].retry_after)
    return response
