"""Blueprint `dataset`: home page, timeline, sources, VoID, dumps, sitemap, health, robots.txt."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, jsonify, request, url_for

from dsi_graph.rdf import uris
from dsi_graph.rdf.formats import content_type
from dsi_graph.read import overview, rdfdoc
from dsi_graph.web import compression, conneg
from dsi_graph.web.caching import cached
from dsi_graph.web.views.common import build_info, current_settings, current_store, json_error, loaded_at
from dsi_graph.web.views.pages import base_iri, page

bp = Blueprint("dataset", __name__)

LINKS = {"sparql": "sparql.endpoint", "ontology": "entities.ontology_index", "queries": "queries.index",
         "timeline": "dataset.timeline", "sources": "dataset.sources", "void": "dataset.void",
         "search": "search.search_page", "sitemap": "dataset.sitemap"}
DUMPS = {"dsi-graph.nq": "application/n-quads", "dsi-graph.trig": "application/trig",
         "dsi-graph.ttl": "text/turtle", "void.ttl": "text/turtle"}


def _twin(endpoint: str) -> tuple[bool, list]:
    """(JSON wanted?, alternates) for a page whose ``.json`` twin is the endpoint ``{endpoint}_json``."""
    return request.path.endswith(".json"), [(url_for(f"dataset.{endpoint}_json"), "application/json", "JSON")]


@bp.get("/")
@bp.get("/index.json", endpoint="home_json")
@cached()
def home() -> Response:
    """What the dataset is, counts per class, links to dumps, the editor, the ontology, queries, sources."""
    store, base = current_store(), base_iri()
    build_dir = Path(current_settings().build_dir)
    dumps = [{"name": n, "path": url_for("dataset.dump", name=n), "media_type": m} for n, m in DUMPS.items()
             if (build_dir / n).exists()]
    links = {name: url_for(endpoint) for name, endpoint in LINKS.items()}
    data = overview.dataset_index(store, base, build=build_info(), dumps=dumps, links=links)
    as_json, alts = _twin("home")
    return page("home.html", data, as_json=as_json, alternates=alts)


@bp.get("/timeline")
@bp.get("/timeline.json", endpoint="timeline_json")
@cached()
def timeline() -> Response:
    """Meetings and decisions by date."""
    as_json, alts = _twin("timeline")
    data = {"events": overview.timeline(current_store(), base_iri())}
    return page("timeline.html", data, as_json=as_json, alternates=alts)


@bp.get("/sources")
@bp.get("/sources.json", endpoint="sources_json")
@cached()
def sources() -> Response:
    """The sources with their graphs and statement counts."""
    as_json, alts = _twin("sources")
    return page("sources.html", {"sources": overview.sources(current_store(), base_iri())}, as_json=as_json,
                alternates=alts)


@bp.get("/void")
@bp.get("/.well-known/void", endpoint="well_known_void")
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
    response = Response(body, content_type=content_type(media))
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    """A dump of the build (N-Quads, TriG, Turtle, VoID)."""
    if name not in DUMPS:
        abort(404)
    path = (Path(current_settings().build_dir) / name).resolve()
    if not path.exists():
        return json_error(404, f"the build has no {name}")
    return compression.send_precompressed(path, DUMPS[name], max_age=300)


@bp.get("/sitemap.xml")
@cached()
def sitemap() -> Response:
    """Every entity page, for crawlers."""
    base = base_iri()
    urls = [url_for(endpoint, _external=True) for endpoint in ("dataset.home", "dataset.timeline",
                                                                "dataset.sources", "entities.ontology_index")]
    for iri in overview.entity_iris(current_store(), base):
        parsed = uris.parse_entity_iri(iri, base)
        if parsed:
            urls.append(url_for("entities.entity_page", kind=parsed[0], name=parsed[1], _external=True))
    body = ['<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    body += [f"<url><loc>{escape(u)}</loc></url>" for u in urls]
    body.append("</urlset>")
    return Response("\n".join(body) + "\n", mimetype="application/xml")


@bp.get("/health")
def health() -> Response:
    """Liveness: ok, triples, the build id and when this worker loaded that build."""
    try:
        triples = current_store().count()
    except Exception as error:  # the store is down: say so, with 503
        return json_error(503, f"store unavailable: {error}")
    return jsonify({"ok": True, "triples": triples, "build_id": build_info().get("build_id"),
                    "loaded_at": loaded_at()})


@bp.get("/robots.txt")
def robots() -> Response:
    """Crawlers welcome; the sitemap lists every entity page."""
    sitemap_url = url_for("dataset.sitemap", _external=True)
    text = f"User-agent: *\nAllow: /\nDisallow: {url_for('sparql.endpoint')}\nSitemap: {sitemap_url}\n"
    return Response(text, mimetype="text/plain")
