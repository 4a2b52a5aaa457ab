"""Blueprint `search`: ``/search?q=`` (HTML, ranked) and its JSON twin ``/search.json?q=`` (also for autocomplete).

What the citation recogniser resolves the query to ("CBD/COP/DEC/16/2", "decision 16/2", "WGDSI 2") comes first:
the recogniser lives in :mod:`dsi_graph.link`, above the read layer's label index, so the two meet here.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request, url_for

from dsi_graph.link.recognise import TIED_SCORE
from dsi_graph.read.search import MAX_LIMIT, hits_as_dicts
from dsi_graph.web import conneg
from dsi_graph.web.views.common import json_error
from dsi_graph.web.views.link import recogniser
from dsi_graph.web.views.pages import page, search_index

bp = Blueprint("search", __name__)


def _args() -> tuple[str, int, str | None] | Response:
    q = request.args.get("q", "").strip()
    limit = request.args.get("limit", "20")
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT:
        return json_error(400, f"limit must be an integer from 1 to {MAX_LIMIT}")
    return q, int(limit), request.args.get("kind") or None


def _results(q: str, limit: int, kind: str | None) -> dict[str, Any]:
    """The search model: the query, the kind filter and the ranked hits."""
    if not q:
        return {"query": q, "kind": kind, "hits": []}
    pinned = [m.iri for m in recogniser().resolve(q) if m.iri and m.score >= TIED_SCORE]
    return {"query": q, "kind": kind, "hits": hits_as_dicts(search_index().search(q, limit, kind, pinned))}


@bp.get("/search.json")
def search_json() -> Response:
    """``{"ok": true, "query", "kind", "hits": [{iri, label, kind, type, path, matched, date, snippet}]}``."""
    args = _args()
    if isinstance(args, Response):
        return args
    return page("search.html", _results(*args), as_json=True)


@bp.get("/search")
def search_page() -> Response:
    """The search page with ranked hits (JSON when the Accept header prefers it)."""
    args = _args()
    if isinstance(args, Response):
        return args
    data = _results(*args)
    q = data["query"]
    alternates = [(url_for("search.search_json", q=q), "application/json", "JSON")] if q else None
    return page("search.html", data, as_json=conneg.prefers_json(request.headers.get("Accept")), alternates=alternates)
