"""Blueprint `panels`: the chart panels as resources of their own, loaded by the pages after they are shown.

``/page/{kind}/{slug}/panel/{name}`` (an entity page's panel) and ``/panel/{name}`` (the home page's): the HTML
fragment (the ``<section class="chart-panel">`` of the page, after a stylesheet link so that it reads on its own),
``.json`` its twin (title, desc, columns, rows, query, params, links) and ``.svg`` the bare picture. A panel whose
query answers nothing is a small "no data" fragment (``class="chart-panel chart-empty"``: a page's plain link to
it still answers, and the page's script drops the placeholder), a twin with no rows, and ``204 No Content`` for
the picture; an unknown panel or entity is a 404 in the JSON envelope. The pages hold a placeholder per panel (a
heading and a plain link to the fragment) and ``static/panels.js`` puts each fragment in place.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, url_for

from dsi_graph.rdf import uris
from dsi_graph.read.charts import panels as charts
from dsi_graph.read.query_params import ParamError
from dsi_graph.web.caching import cached
from dsi_graph.web.views.common import current_settings, current_store, json_error
from dsi_graph.web.views.entities import split_suffix
from dsi_graph.web.views.pages import base_iri

bp = Blueprint("panels", __name__)

SUFFIXES = (".json", ".svg")


@bp.app_template_global("entity_panels")
def entity_panels(iri: str) -> list[dict[str, str]]:
    """Template global: the placeholders of the panels of the page of the entity ``iri`` (name, title, url); none
    for what is no entity of the dataset (an ontology term)."""
    parsed = uris.parse_entity_iri(iri, base_iri())
    if parsed is None:
        return []
    kind, slug = parsed
    return [{"name": name, "title": title, "url": url_for("panels.entity_panel", kind=kind, slug=slug, name=name)}
            for name, title in charts.entity_panels(kind)]


@bp.app_template_global("site_panels")
def site_panels() -> list[dict[str, str]]:
    """Template global: the placeholders of the home page's panels (name, title, url)."""
    return [{"name": name, "title": title, "url": url_for("panels.site_panel", name=name)}
            for name, title in charts.site_panels()]


@bp.get("/page/<kind>/<slug>/panel/<name>")
@cached()
def entity_panel(kind: str, slug: str, name: str) -> Response:
    """One panel of an entity's page: HTML fragment, ``.json`` twin or ``.svg``."""
    name, suffix = split_suffix(name, SUFFIXES)
    try:
        iri = uris.entity_iri(kind, slug, base_iri())
    except uris.IRIError:
        abort(404)
    try:
        chart = charts.for_entity(current_store(), name, kind=kind, iri=iri, base=base_iri(),
                                  queries_dir=current_settings().queries_dir)
    except charts.NoSuchPanel as error:
        return json_error(404, str(error), panels=[n for n, _ in charts.entity_panels(kind)])
    except ParamError as error:
        return json_error(404, str(error))
    if chart is None:
        return json_error(404, f"nothing is known of {kind}/{slug}")
    page = url_for("entities.entity_page", kind=kind, name=slug)
    return _answer(chart, suffix, url_for("panels.entity_panel", kind=kind, slug=slug, name=name), page)


@bp.get("/panel/<name>")
@cached()
def site_panel(name: str) -> Response:
    """One panel of the home page: HTML fragment, ``.json`` twin or ``.svg``."""
    name, suffix = split_suffix(name, SUFFIXES)
    try:
        chart = charts.for_site(current_store(), name, base=base_iri(), queries_dir=current_settings().queries_dir)
    except charts.NoSuchPanel as error:
        return json_error(404, str(error), panels=list(charts.SITE_PANELS))
    return _answer(chart, suffix, url_for("panels.site_panel", name=name), url_for("dataset.home"))


def _answer(chart: charts.ChartPanel, suffix: str | None, path: str, page: str) -> Response:
    """The panel in the format of ``suffix`` (None: the HTML fragment); 204 for the picture of one without data."""
    if suffix == ".svg" and not chart["rows"]:
        return Response(status=204)
    if suffix == ".svg":
        return Response(chart["svg"], mimetype="image/svg+xml")
    links = {"html": path, "json": path + ".json", "svg": path + ".svg", "page": page,
             "query": url_for("queries.show", name=chart["query"], **chart["params"])}
    if suffix == ".json":
        return jsonify({"ok": True, **{k: v for k, v in chart.items() if k != "svg"}, "links": links})
    response = Response(render_template("panel.html", chart=chart, links=links), mimetype="text/html")
    response.headers["Link"] = f'<{links["json"]}>; rel="alternate"; type="application/json"'
    return response
