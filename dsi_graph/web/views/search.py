"""Blueprint `search`: ``/search?q=`` (HTML, ranked) and ``/search.json?q=`` (for autocomplete)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, request, url_for

from dsi_graph.read.search import MAX_LIMIT, hits_as_dicts
from dsi_graph.web import conneg
from dsi_graph.web.views.common import json_error
from dsi_graph.web.views.pages import page, search_index

bp = Blueprint("search", __name__)


def _args() -> tuple[str, int, str | None] | Response:
    q = request.args.get("q", "").strip()
    limit = request.args.get("limit", "20")
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT:
        return json_error(400, f"limit must be an integer from 1 to {MAX_LIMIT}")
    return q, int(limit), request.args.get("kind") or None


@bp.get("/search.json")
def search_json() -> Response:
    """Hits as a JSON list of ``{iri, label, kind, type, path, matched}``."""
    args = _args()
    if isinstance(args, Response):
        return args
    q, limit, kind = args
    body = json.dumps(hits_as_dicts(search_index().search(q, limit, kind)), ensure_ascii=False)
    return Response(body, mimetype="application/json")


@bp.get("/search")
def search_page() -> Response:
    """The search page with ranked hits (JSON when the Accept header prefers it)."""
    args = _args()
    if isinstance(args, Response):
        return args
    q, limit, kind = args
    hits = hits_as_dicts(search_index().search(q, limit, kind)) if q else []
    data = {"query": q, "kind": kind, "hits": hits}
    alternates = [(url_for("search.search_json", q=q), "application/json", "JSON")] if q else None
    return page("search.html", data, as_json=conneg.prefers_json(request.headers.get("Accept")), alternates=alternates)
