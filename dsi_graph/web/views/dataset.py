"""Blueprint `dataset`: home page, timeline, sources, VoID, dumps, sitemap, health, robots.txt."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, jsonify, request, send_file, url_for

from dsi_graph import __version__
from dsi_graph.rdf import about, uris
from dsi_graph.rdf.formats import content_type
from dsi_graph.read import overview, rdfdoc
from dsi_graph.read import timeline as timeline_model
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
    data.update(_licence_and_citation(base, dumps))
    as_json, alts = _twin("home")
    return page("home.html", data, as_json=as_json, alternates=alts)


def _licence_and_citation(base: str, dumps: list[dict[str, str]]) -> dict:
    """The licences, how to cite this build (at the dataset's persistent base IRI) and its schema.org Dataset."""
    downloads = [{**d, "url": uris.path_to_iri(f"/dumps/{d['name']}", base)} for d in dumps]
    return {"licence": about.licence(), "citation": about.citation(__version__, build_info(), base),
            "schema_org": about.schema_org_dataset(__version__, build_info(), base, downloads)}


@bp.get("/timeline")
@bp.get("/timeline.json", endpoint="timeline_json")
@cached()
def timeline() -> Response:
    """Meetings and dated documents; filters ``formal``, ``series``, ``year``, ``kind``, ``what`` as parameters."""
    as_json = request.path.endswith(".json")
    args = request.args.to_dict(flat=False)
    alts = [(url_for("dataset.timeline_json", **args), "application/json", "JSON")]
    try:
        data = timeline_model.timeline_page(current_store(), base_iri(), timeline_model.parse_filters(args))
    except timeline_model.TimelineFilterError as error:
        if as_json:
            return json_error(400, str(error), allowed=error.allowed)
        return page("timeline.html", {"error": str(error), "allowed": error.allowed}, status=400, alternates=alts)
    return page("timeline.html", dict(data), as_json=as_json, alternates=alts)


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


DATAPACKAGE = "datapackage"  # the build's Frictionless Data Package folder (dsi_graph/build/datapackage.py)


@bp.get("/dumps")
@bp.get("/dumps.json", endpoint="dumps_index_json")
@cached()
def dumps_index() -> Response:
    """The downloads: the RDF dumps, the VoID, and the Data Package's descriptor and CSV tables (HTML, JSON twin)."""
    build_dir = Path(current_settings().build_dir)
    dumps = [{"name": n, "path": url_for("dataset.dump", name=n), "media_type": m,
              "bytes": (build_dir / n).stat().st_size} for n, m in DUMPS.items() if (build_dir / n).exists()]
    package, descriptor = None, build_dir / DATAPACKAGE / "datapackage.json"
    if descriptor.exists():
        meta = json.loads(descriptor.read_text(encoding="utf-8"))
        package = {"path": url_for("dataset.datapackage_file", name="datapackage.json"),
                   "media_type": "application/json", "licenses": meta.get("licenses", []),
                   "resources": [{"name": r["name"], "title": r.get("title"), "description": r.get("description"),
                                  "path": url_for("dataset.datapackage_file", name=r["path"]),
                                  "media_type": r.get("mediatype", "text/csv")} for r in meta["resources"]]}
    as_json, alts = _twin("dumps_index")
    return page("dumps.html", {"dumps": dumps, "datapackage": package}, as_json=as_json, alternates=alts)


@bp.get("/dumps/datapackage/<name>")
def datapackage_file(name: str) -> Response:
    """A file of the Data Package: ``datapackage.json`` or one of the CSV tables it lists."""
    folder = (Path(current_settings().build_dir) / DATAPACKAGE).resolve()
    path = (folder / name).resolve()
    if path.parent != folder or path.suffix not in (".csv", ".json") or not path.exists():
        return json_error(404, f"the build's Data Package has no {name}")
    media = "text/csv" if path.suffix == ".csv" else "application/json"
    return send_file(path, mimetype=media, as_attachment=False, conditional=True, max_age=300)


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
