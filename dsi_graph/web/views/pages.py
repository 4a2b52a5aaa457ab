"""Rendering helpers shared by the page blueprints: HTML page or its JSON twin, alternates, the search index."""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify, make_response, render_template, request, url_for

from dsi_graph.read.search import LabelIndex
from dsi_graph.web.views.common import build_cache, build_info, current_settings, current_store

Alternate = tuple[str, str, str]  # (href, media type, title)


def base_iri() -> str:
    """The configured base IRI."""
    return current_settings().base_iri


def search_index() -> LabelIndex:
    """The app's label index (built on first use, then kept: the graph is read-only)."""
    cache = build_cache()
    index = cache.get("dsi_search_index")
    if index is None:
        index = LabelIndex.build(current_store(), base_iri())
        cache["dsi_search_index"] = index
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


def page_link(path: str | None) -> str:
    """Template filter: the page URL of a local path from a read model (``/id/k/s`` -> ``/page/k/s``).

    The entity page root comes from ``url_for`` once per request (a call per link would cost a few ms on a page
    of hundreds of terms); other local paths (``/def/...``, ``/graph/...``) get the script root.
    """
    if not path:
        return ""
    if not path.startswith("/id/"):
        return request.script_root + path
    root = g.get("dsi_page_root")
    if root is None:
        root = g.dsi_page_root = url_for("entities.entity_page", kind="k", name="s")[: -len("k/s")]
    return root + path[len("/id/"):]
