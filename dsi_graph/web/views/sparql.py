"""Blueprint ``sparql``: the read-only SPARQL 1.1 Protocol endpoint at ``/sparql``.

GET/POST with a query -> results in the negotiated type; without a query -> the service description (RDF) or
the YASGUI editor (HTML). CORS headers are set by the app (:mod:`dsi_graph.web.app`).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request

from dsi_graph.rdf.formats import UnsupportedMediaType, content_type
from dsi_graph.rdf.namespaces import PREFIXES
from dsi_graph.rdf.rqfile import RqHeaderError, load_folder
from dsi_graph.read import query_errors, service, sparql, sparqlfiles
from dsi_graph.read.admission import Refused
from dsi_graph.stores.base import QuerySyntaxError, QueryTimeout, StoreError
from dsi_graph.web import conneg, limits
from dsi_graph.web.caching import cached, conditional
from dsi_graph.web.views.common import build_info, current_settings, current_store, json_error

bp = Blueprint("sparql", __name__)

# app.config flag set by the production server: a timed-out query that ran in a thread (no query process could
# open the store: dsi_graph.read.isolation) ends its worker, the only way to stop it
EXIT_ON_RUNAWAY = "DSI_EXIT_ON_RUNAWAY"
_LANDING_TYPES = [conneg.HTML, *conneg.GRAPH_TYPES]


# granian ends the whole server ("crash loop") when a worker it started again ends within 5.5 s of that start: a
# worker never asks to end sooner than this after it was forked
MIN_WORKER_SECONDS = 6.0
_forked_at = time.monotonic()


def _note_fork() -> None:
    global _forked_at
    _forked_at = time.monotonic()


os.register_at_fork(after_in_child=_note_fork)


def _exit_worker() -> None:
    """Ask this worker process to end (the server starts a fresh one); stops a runaway evaluation for good.

    A worker younger than ``MIN_WORKER_SECONDS`` ends when it reaches that age, and serves until then.
    """
    wait = max(0.0, _forked_at + MIN_WORKER_SECONDS - time.monotonic())
    logging.getLogger("dsi_graph.web.server").warning(
        "ending worker %s in %.1f s: a timed-out query still runs", os.getpid(), wait)
    ender = threading.Timer(wait, os.kill, (os.getpid(), signal.SIGTERM))
    ender.daemon = True
    ender.start()


def _error(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    response = json_error(status, message, **extra)
    response.headers.update(headers or {})
    response.headers["Vary"] = "Accept"
    response.headers["X-DSI-No-Cache"] = "1"
    return response


@bp.route("/sparql", methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"])
@cached(methods=("GET", "HEAD", "POST"))
def endpoint() -> Response:
    """The SPARQL 1.1 Protocol endpoint (read-only)."""
    settings = current_settings()
    try:
        parsed = sparql.parse_request(
            request.method,
            request.query_string,
            request.headers.get("Content-Type"),
            request.get_data(),
            allow_service=settings.allow_service,
        )
    except sparql.ProtocolError as error:
        return _error(error.status, str(error), error.headers)
    if parsed is None:
        return _landing()
    accept = request.headers.get("Accept")

    def choose(form: str) -> str:
        return conneg.choose_for_query_form(form, accept, parsed.params)

    try:
        result = sparql.run_query(
            current_store(), parsed, choose, timeout=settings.query_timeout, max_rows=settings.max_rows,
            isolation=limits.isolation(), client=limits.client_address(), build=build_info().get("build_id") or "",
        )
    except Refused as error:
        return _error(error.status, str(error))
    except UnsupportedMediaType as error:
        return _error(406, str(error))
    except QuerySyntaxError as error:
        message, extra = query_errors.envelope(error)
        return _error(400, message, **extra)
    except QueryTimeout as error:
        response = _error(503, str(error))
        if current_app.config.get(EXIT_ON_RUNAWAY) and limits.isolation().processes() is None:
            response.call_on_close(_exit_worker)
        return response
    except StoreError as error:
        return _error(500, f"the store failed: {error}")
    response = Response(result.body, content_type=content_type(result.media_type))
    response.headers.update(result.headers)
    response.headers["Vary"] = "Accept"
    if result.truncated:
        response.headers["Link"] = f'<{request.base_url}>; rel="service-desc"'
    return response


def _landing() -> Response:
    """No query: the service description for RDF clients, the query editor for browsers."""
    chosen = conneg.choose_format(request.headers.get("Accept"), _LANDING_TYPES, default="text/turtle")
    if chosen is None:
        return _error(406, f"no service description in a type of Accept: {request.headers.get('Accept')!r}")
    settings = current_settings()
    endpoint_url = request.base_url
    if chosen == "text/html":
        body = render_template("sparql.html", **editor_context(endpoint_url))
        response = Response(body, content_type="text/html; charset=utf-8")
    else:
        root = request.host_url
        graphs = [str(g) for g in current_store().graphs()]
        body = service.describe_service(endpoint_url, graphs, chosen, root + ".well-known/void")
        response = Response(body, content_type=content_type(chosen))
    response.headers["Vary"] = "Accept"
    response.headers["X-DSI-Timeout"] = f"{settings.query_timeout:g}"
    return conditional(response)


def editor_context(endpoint_url: str) -> dict[str, Any]:
    """Template variables of the editor page: endpoint, limits, default query with prefixes, examples."""
    settings = current_settings()
    examples = load_examples(Path(settings.queries_dir) / "api")
    config = {
        "endpoint": endpoint_url,
        "prefixes": PREFIXES,
        "defaultQuery": sparqlfiles.body("editor-default"),
        "examples": examples,
    }
    return {
        "endpoint": endpoint_url,
        "timeout": f"{settings.query_timeout:g}",
        "max_rows": settings.max_rows,
        "examples": examples,
        "config": config,
    }


def load_examples(folder: Path) -> list[dict[str, str]]:
    """The example queries of ``folder/*.rq``: name (file stem), summary (``#+ summary:``) and text."""
    try:
        files = load_folder(folder)
    except (OSError, UnicodeDecodeError, RqHeaderError):
        return []
    return [{"name": rq.name, "summary": rq.get("summary"), "query": rq.text} for rq in files]
