"""Blueprint `guide`: the researcher's guide (``docs/guide.md``) as a page and its JSON twin; the site icon; the
licences that every page's footer states (a context processor of the whole app)."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, abort, current_app, request, send_from_directory, url_for

from dsi_graph.config import PROJECT_ROOT
from dsi_graph.rdf import about
from dsi_graph.read import guide as markdown_pages
from dsi_graph.web.caching import cached
from dsi_graph.web.views.pages import page

bp = Blueprint("guide", __name__)
GUIDE = PROJECT_ROOT / "docs" / "guide.md"
NAMED_QUERY = re.compile(r"^(?:\.\./)?queries/api/([a-z0-9-]+)\.rq$")


def _site_link(href: str) -> str | None:
    """A link of the guide to a named query's file goes to its page on the site."""
    match = NAMED_QUERY.match(href)
    return url_for("queries.show", name=match.group(1)) if match else None


@bp.app_context_processor
def licence_context() -> dict[str, Any]:
    """``licence`` for every template (the footer): the data and code licences and where the facts come from."""
    return {"licence": about.licence()}


@bp.get("/guide")
@bp.get("/guide.json", endpoint="guide_json")
@cached()
def guide_page() -> Response:
    """The guide rendered from Markdown, with its contents; 404 when this installation has no docs/guide.md."""
    if not GUIDE.is_file():
        abort(404, description="this installation has no docs/guide.md")
    data = markdown_pages.render(GUIDE.read_text(encoding="utf-8"), _site_link)
    alternates = [(url_for("guide.guide_json"), "application/json", "JSON")]
    return page("guide.html", data, as_json=request.path.endswith(".json"), alternates=alternates)


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The site icon for clients that ask for it by its old name (pages link ``favicon.svg``)."""
    return send_from_directory(str(current_app.static_folder), "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)
