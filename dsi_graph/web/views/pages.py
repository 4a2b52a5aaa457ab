"""Rendering helpers shared by the page blueprints: HTML page or its JSON twin, alternates, the search index."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, make_response, render_template, request

from dsi_graph.read.search import LabelIndex
from dsi_graph.web.views.common import build_info, current_settings, current_store

Alternate = tuple[str, str, str]  # (href, media type, title)


def base_iri() -> str:
    """The configured base IRI."""
    return current_settings().base_iri


def search_index() -> LabelIndex:
    """The app's label index (built on first use, then kept: the graph is read-only)."""
    index = current_app.extensions.get("dsi_search_index")
    if index is None:
        index = LabelIndex.build(current_store(), base_iri())
        current_app.extensions["dsi_search_index"] = index
    return index


def link_header(alternates: list[Alternate], canonical: str | None = None) -> str:
    """A ``Link`` header naming the alternates (and the canonical URL)."""
    parts = [f'<{href}>; rel="alternate"; type="{media}"' for href, media, _ in alternates]
    if canonical:
        parts.append(f'<{canonical}>; rel="canonical"')
    return ", ".join(parts)


def page(
    template: str,
    data: dict[str, Any],
    *,
    as_json: bool = False,
    alternates: list[Alternate] | None = None,
    canonical: str | None = None,
    status: int = 200,
    **context: Any,
) -> Response:
    """The HTML page of ``data`` or, with ``as_json``, its JSON twin (``{"ok": true, ...data}``)."""
    alternates = alternates or []
    if as_json:
        response = jsonify({"ok": status < 400, **data})
    else:
        html = render_template(template, data=data, alternates=alternates, canonical=canonical,
                               build=build_info(), **context)
        response = make_response(html)
        response.mimetype = "text/html"
    response.status_code = status
    if alternates or canonical:
        response.headers["Link"] = link_header(alternates, canonical)
    return response


def json_path(path: str) -> str:
    """The JSON twin's path of a page path (``/timeline`` -> ``/timeline.json``; ``/`` -> ``/index.json``)."""
    return "/index.json" if path == "/" else path.rstrip("/") + ".json"


def prefers_json() -> bool:
    """Whether the Accept header prefers JSON over HTML (for bare paths such as ``/search``)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"], default="text/html")
    return best == "application/json"
