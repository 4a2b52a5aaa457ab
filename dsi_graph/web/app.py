"""The Flask application factory: the store and settings attached, the blueprints, app-wide errors and CORS.

Serving never builds: ``create_app`` opens the store the settings name over an existing build (the CLI builds
first when it has to). Errors 404, 405, 413, 414 and 500 of every route answer in the one JSON envelope
``{"ok": false, "error": ..., "status": ...}`` when the client prefers JSON or the path ends in ``.json``, and in
the usual HTML otherwise. CORS headers are set here, once, for the endpoint, the RDF documents and the dumps.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from dsi_graph.config import Settings
from dsi_graph.rdf.formats import GRAPH_TYPES
from dsi_graph.stores import open_store
from dsi_graph.stores.base import GraphStore
from dsi_graph.web import compression, limits
from dsi_graph.web.conneg import prefers_json
from dsi_graph.web.views.common import json_error
from dsi_graph.web.views.pages import page_link

ENVELOPED = (404, 405, 413, 414, 500)
CORS_PREFIXES = ("/sparql", "/data", "/dumps", "/id", "/.well-known/void", "/void", "/search.json", "/reconcile")
CORS_EXPOSED = "ETag, Last-Modified, Link, Warning, X-SPARQL-MaxRows, X-DSI-Truncated"
CORS_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_MAX_AGE = "86400"


def read_build_info(build_dir: str | Path) -> dict[str, Any]:
    """Read ``build.json`` of a build (empty dict when there is none)."""
    path = Path(build_dir) / "build.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def create_app(
    settings: Settings | None = None,
    store: GraphStore | None = None,
    build_info: dict[str, Any] | None = None,
) -> Flask:
    """Build the app over ``store`` (default: the store that ``settings`` name over the build)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.json.sort_keys = False
    if store is None:
        store = open_store(settings)
    app.extensions["dsi_settings"] = settings
    app.extensions["dsi_store"] = store
    app.extensions["dsi_loaded_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    app.extensions["dsi_build"] = (
        build_info if build_info is not None else read_build_info(settings.build_dir)
    )

    from dsi_graph.web import lean
    from dsi_graph.web.views import changes, dataset, entities, guide, link, panels, queries, reconcile, search, sparql

    for module in (sparql, entities, panels, search, queries, dataset, link, reconcile, changes, guide):
        app.register_blueprint(module.bp)
    for status in ENVELOPED:
        app.register_error_handler(status, _error)
    compression.init_app(app)  # first: its after_request runs last, on the finished answer
    limits.init_app(app, settings)
    app.after_request(_cors)
    app.add_template_filter(page_link)
    # plain SPARQL GETs answered in front of Flask, the same bytes and headers
    lean.init_app(app, [("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", CORS_EXPOSED)])
    return app


def _wants_json() -> bool:
    """Whether an error answers in JSON: a ``.json`` path, the SPARQL endpoint, or an Accept that prefers JSON."""
    path = request.path
    return path.endswith(".json") or path == "/sparql" or prefers_json(request.headers.get("Accept"))


def _error(error: HTTPException) -> Response | HTTPException:
    """The JSON envelope of an HTTP error for JSON clients (keeping its headers, e.g. ``Allow``); HTML otherwise."""
    if not _wants_json():
        return error
    status = error.code or 500
    message = "internal server error" if status == 500 else (error.description or error.name)
    response = json_error(status, message)
    for key, value in error.get_headers():
        if key.lower() != "content-type":
            response.headers[key] = value
    return response


def _cors(response: Response) -> Response:
    """CORS for the endpoint, RDF documents, dumps and search suggestions: any origin, no credentials."""
    if not (request.path.startswith(CORS_PREFIXES) or response.mimetype in GRAPH_TYPES):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
        response.headers["Access-Control-Max-Age"] = CORS_MAX_AGE
        if "Access-Control-Request-Headers" in request.headers:
            response.headers["Access-Control-Allow-Headers"] = request.headers["Access-Control-Request-Headers"]
    else:
        response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSED
    return response
