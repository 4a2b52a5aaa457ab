"""Blueprint `dataset`: home page, timeline, sources, VoID, dumps, sitemap, health, robots.txt."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, jsonify, request, send_file

from dsi_graph.rdf import uris
from dsi_graph.read import overview, pageview, rdfdoc
from dsi_graph.web import conneg
from dsi_graph.web.caching import cached
from dsi_graph.web.views.common import build_info, current_settings, current_store, json_error
from dsi_graph.web.views.pages import base_iri, json_path, page

bp = Blueprint("dataset", __name__)

DUMPS = {"dsi-graph.nq": "application/n-quads", "dsi-graph.trig": "application/trig",
         "dsi-graph.ttl": "text/turtle", "void.ttl": "text/turtle"}


def _twin(name: str) -> tuple[bool, list]:
    """(JSON wanted?, alternates) for a page that has a ``.json`` twin."""
    as_json = request.path.endswith(".json")
    html_path = request.path[: -len(".json")] if as_json else request.path
    if html_path == "/index":
        html_path = "/"
    return as_json, [(json_path(html_path), "application/json", "JSON")]


@bp.get("/")
@bp.get("/index.json")
@cached()
def home() -> Response:
    """What the dataset is, counts per class, links to dumps, the editor, the ontology, queries, sources."""
    store, base = current_store(), base_iri()
    build_dir = Path(current_settings().build_dir)
    data = {"title": "DSI graph", "base_iri": base, "triples": store.count(), "build": build_info(),
            "classes": overview.class_counts(store, base),
            "sources": overview.sources(store, base),
            "dumps": [{"name": n, "path": f"/dumps/{n}", "media_type": m} for n, m in DUMPS.items()
                      if (build_dir / n).exists()],
            "links": {"sparql": "/sparql", "ontology": "/def/", "queries": "/queries", "timeline": "/timeline",
                      "sources": "/sources", "void": "/void", "search": "/search", "sitemap": "/sitemap.xml"}}
    data["class_groups"] = pageview.class_groups(data["classes"], pageview.class_parents(store))
    as_json, alts = _twin("index")
    return page("home.html", data, as_json=as_json, alternates=alts)


@bp.get("/timeline")
@bp.get("/timeline.json")
@cached()
def timeline() -> Response:
    """Meetings and decisions by date."""
    as_json, alts = _twin("timeline")
    data = {"events": overview.timeline(current_store(), base_iri())}
    return page("timeline.html", data, as_json=as_json, alternates=alts)


@bp.get("/sources")
@bp.get("/sources.json")
@cached()
def sources() -> Response:
    """The sources with their graphs and statement counts."""
    as_json, alts = _twin("sources")
    return page("sources.html", {"sources": overview.sources(current_store(), base_iri())}, as_json=as_json,
                alternates=alts)


@bp.get("/void")
@bp.get("/.well-known/void")
@cached()
def void() -> Response:
    """The VoID / DCAT description: ``void.ttl`` of the build, else the ``graph/void`` graph, by Accept."""
    media = conneg.choose_format(request.headers.get("Accept"), list(conneg.GRAPH_TYPES), default="text/turtle")
    if media is None:
        return json_error(406, "no acceptable RDF type", available=list(conneg.GRAPH_TYPES))
    path = Path(current_settings().build_dir) / "void.ttl"
    if media == "text/turtle" and path.exists():
        body = path.read_bytes()
    else:
        ds = rdfdoc.graph_contents(current_store(), uris.graph_iri("void", base_iri()))
        if not len(ds) and path.exists():
            ds.graph(uris.graph_iri("void", base_iri())).parse(path, format="turtle")
        if not len(ds):
            return json_error(404, "this build has no dataset description (void.ttl or graph/void)")
        body = rdfdoc.serialize(ds, media)
    response = Response(body, content_type=conneg.content_type(media))
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    """A dump of the build (N-Quads, TriG, Turtle, VoID), with CORS."""
    if name not in DUMPS:
        abort(404)
    path = (Path(current_settings().build_dir) / name).resolve()
    if not path.exists():
        return json_error(404, f"the build has no {name}")
    response = send_file(path, mimetype=DUMPS[name], as_attachment=False, conditional=True, max_age=300)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/sitemap.xml")
@cached()
def sitemap() -> Response:
    """Every entity page, for crawlers."""
    root = request.host_url.rstrip("/")
    base = base_iri()
    urls = [f"{root}/", f"{root}/timeline", f"{root}/sources", f"{root}/def/"]
    for iri in overview.entity_iris(current_store(), base):
        path = uris.iri_to_path(iri, base)
        if path:
            urls.append(root + path.replace("/id/", "/page/", 1))
    body = ['<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    body += [f"<url><loc>{escape(u)}</loc></url>" for u in urls]
    body.append("</urlset>")
    return Response("\n".join(body) + "\n", mimetype="application/xml")


@bp.get("/health")
def health() -> Response:
    """Liveness: ok, triples, build id."""
    try:
        triples = current_store().count()
    except Exception as error:  # the store is down: say so, with 503
        return json_error(503, f"store unavailable: {error}")
    return jsonify({"ok": True, "triples": triples, "build_id": build_info().get("build_id")})


@bp.get("/robots.txt")
def robots() -> Response:
    """Crawlers welcome; the sitemap lists every entity page."""
    text = f"User-agent: *\nAllow: /\nDisallow: /sparql\nSitemap: {request.host_url.rstrip('/')}/sitemap.xml\n"
    return Response(text, mimetype="text/plain")
