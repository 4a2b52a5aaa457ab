"""Blueprint `changes`: what recent builds changed, as a page, its JSON twin and an Atom feed (``/changes.atom``)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, request, url_for

from dsi_graph.build.diff import read_history
from dsi_graph.rdf import uris
from dsi_graph.read import changes
from dsi_graph.web.caching import cached
from dsi_graph.web.views.common import build_info, current_settings
from dsi_graph.web.views.pages import base_iri, page

bp = Blueprint("changes", __name__)
ATOM = "application/atom+xml"


def _recent() -> list[changes.BuildChanges]:
    """The recent builds' changes of the build being served."""
    return changes.recent(read_history(Path(current_settings().build_dir)), base_iri())


@bp.get("/changes")
@bp.get("/changes.json", endpoint="changes_json")
@cached()
def changes_page() -> Response:
    """The recent builds, newest first: what each added and removed, per entity."""
    alternates = [(url_for("changes.changes_json"), "application/json", "JSON"),
                  (url_for("changes.feed"), ATOM, "Atom feed")]
    data = {"current": {"build_id": build_info().get("build_id"), "built_at": build_info().get("built_at")},
            "builds": _recent()}
    return page("changes.html", data, as_json=request.path.endswith(".json"), alternates=alternates)


@bp.get("/changes.atom")
@cached()
def feed() -> Response:
    """The Atom feed of the recent builds' changes."""
    base = base_iri()

    def link(iri: str) -> str | None:
        parsed = uris.parse_entity_iri(iri, base)
        return url_for("entities.entity_page", kind=parsed[0], name=parsed[1], _external=True) if parsed else None

    body = changes.atom(_recent(), feed_url=url_for("changes.feed", _external=True),
                        page_url=url_for("changes.changes_page", _external=True), link=link,
                        updated=build_info().get("built_at"))
    return Response(body, mimetype=ATOM)
