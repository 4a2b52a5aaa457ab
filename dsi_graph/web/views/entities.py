"""Blueprint `entities`: ``/id/`` (303 by Accept), ``/data/`` (RDF), ``/page/`` (HTML + JSON twin), ``/def/``,
``/graph/``."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, redirect, request, url_for
from markupsafe import Markup, escape

from dsi_graph.build.void import LICENSE
from dsi_graph.rdf import uris
from dsi_graph.rdf.formats import content_type
from dsi_graph.read import describe, overview, pageview, rdfdoc
from dsi_graph.read.context import jsonld_context
from dsi_graph.web import conneg
from dsi_graph.web.caching import cached
from dsi_graph.web.views.common import build_cache, current_store, json_error
from dsi_graph.web.views.pages import Alternate, base_iri, page, page_link, search_index

bp = Blueprint("entities", __name__)

RDF_TYPES = list(conneg.GRAPH_TYPES)
RDF_SUFFIXES = {info.suffix: media for media, info in conneg.GRAPH_TYPES.items()}
PAGE_SUFFIXES = (".json", ".html")


def split_suffix(name: str, suffixes: tuple[str, ...]) -> tuple[str, str | None]:
    """``"x.ttl"`` -> ``("x", ".ttl")`` when the suffix is one of ``suffixes``, else ``(name, None)``."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, None


def _entity_iri(kind: str, slug: str) -> str:
    """The IRI of ``/…/{kind}/{slug}`` under the configured base (404 for malformed ids)."""
    try:
        return uris.entity_iri(kind, slug, base_iri())
    except uris.IRIError:
        abort(404)


def published_context() -> dict[str, Any]:
    """The JSON-LD context of the served build (``/context.jsonld``), made once per build."""
    cache = build_cache()
    if "dsi_jsonld_context" not in cache:
        cache["dsi_jsonld_context"] = jsonld_context(current_store(), base_iri())
    return cache["dsi_jsonld_context"]


_DATE_TYPES = ("#date", "#gYearMonth", "#gYear", "#dateTime")


def _text(t: dict[str, Any], key: str) -> str:
    """``{{ t.key }}`` as the template writes it: escaped, empty when the key is absent."""
    return escape(t[key]) if key in t else ""


@bp.app_template_global("term_html")
def term_html(t: dict[str, Any] | None) -> Markup:
    """One term of a read model as HTML (the ``term`` macro of ``_macros.html``): a link to its page, an external
    link, a literal (dates marked, language tagged) or a blank node. Written in Python: a page shows hundreds of
    terms, and a Jinja macro call per term was a good part of a page's rendering time."""
    if t is None:
        return Markup("")
    kind = t.get("type")
    if kind == "iri":
        if t.get("path"):
            title = escape(t["title"]) if t.get("title") else _text(t, "value")
            return Markup(f'<a href="{escape(page_link(t["path"]))}" title="{title}">{_text(t, "label")}</a>')
        value = _text(t, "value")
        return Markup(f'<a href="{value}" class="external" title="{value}" rel="nofollow">{_text(t, "label")}</a>')
    if kind == "literal":
        value, lang = escape(t.get("value")), t.get("lang")
        if t["value"].startswith(("http://", "https://")):
            html = f'<a href="{value}" class="external" rel="nofollow">{value}</a>'
        else:
            datatype = t.get("datatype")
            date = " date" if datatype and datatype.endswith(_DATE_TYPES) else ""
            tagged = f' lang="{escape(lang)}"' if lang else ""
            html = f'<span class="literal{date}"{tagged}>{value}</span>'
        if lang and lang != "en":
            html += f' <small class="lang">@{escape(lang)}</small>'
        return Markup(html)
    return Markup('<span class="bnode">(blank node)</span>')


@bp.app_template_global("refs_html")
def refs_html(nums: list[int] | None) -> Markup:
    """Source numbers as a superscript of links to the page's sources, runs folded (``[1–3, 5]``): the ``refs``
    macro of ``_macros.html``, in Python for the same reason as :func:`term_html`."""
    if not nums:
        return Markup("")
    groups: list[list[int]] = []
    for n in nums:
        if groups and n == groups[-1][1] + 1:
            groups[-1][1] = n
        else:
            groups.append([n, n])
    parts = [f'<a href="#src-{a}">{a}</a>'
             + (f'{"–" if b > a + 1 else ", "}<a href="#src-{b}">{b}</a>' if b > a else "") for a, b in groups]
    return Markup(f'<sup class="refs" title="sources">[{", ".join(parts)}]</sup>')


@bp.app_template_global("annotations_html")
def annotations_html(value: dict[str, Any]) -> Markup:
    """A value's status badges and editorial notes (the ``annotations`` macro of ``_macros.html``)."""
    out = []
    for a in value.get("annotations") or []:
        if a.get("type") == "iri":
            out.append(f'<span class="badge status-{escape(str(a["label"]).lower())}">{escape(a["label"])}</span>')
        else:
            out.append(f'<span class="note">{_text(a, "value")}</span>')
    return Markup("".join(out))


@bp.get("/context.jsonld")
@cached()
def context_document() -> Response:
    """The published JSON-LD context: readable terms for the ontology's and the graph's classes and properties."""
    body = json.dumps(published_context(), ensure_ascii=False, indent=1)
    return Response(body, content_type="application/ld+json")


def rdf_response(ds, media_type: str | None, *, filename: str, first: str | None = None) -> Response:
    """An RDF document in ``media_type`` (406 envelope when nothing fits); JSON-LD carries the published context
    inline (the same object as ``/context.jsonld``: the document parses offline, with no second request), with
    ``first`` as its first node."""
    if media_type is None:
        return json_error(406, "no acceptable RDF type", available=RDF_TYPES)
    if media_type == "application/ld+json":
        body = rdfdoc.jsonld_document(ds, published_context(), first=first)
    else:
        body = rdfdoc.serialize(ds, media_type)
    response = Response(body, content_type=content_type(media_type))
    response.headers["Vary"] = "Accept"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}{conneg.GRAPH_TYPES[media_type].suffix}"'
    return response


def _suggestions(kind: str, slug: str) -> tuple[str, list]:
    """The words of a slug and the labels that look like them (of the same kind first)."""
    words = slug.replace("-", " ").replace(".", " ")
    hits = search_index().search(words, limit=10, kind=kind if kind in uris.KINDS else None)
    if not hits:
        hits = search_index().search(words.split()[0] if words.split() else words, limit=10)
    return words, hits


def not_found(kind: str, slug: str, as_json: bool = False) -> Response:
    """A helpful 404: the search box and the labels that look like the requested slug."""
    words, hits = _suggestions(kind, slug)
    data = {"error": f"nothing is known of {kind}/{slug}", "status": 404, "query": words,
            "suggestions": [h.__dict__ for h in hits]}
    return page("not_found.html", data, as_json=as_json, status=404)


@bp.get("/id/<kind>/<slug>")
def dereference(kind: str, slug: str) -> Response:
    """303 See Other to the page (HTML or no Accept) or the data document (RDF Accept); a negotiated 404."""
    iri = _entity_iri(kind, slug)
    if not describe.exists(current_store(), iri):
        return negotiated_not_found(kind, slug, iri, default=conneg.HTML)
    chosen = conneg.choose_format(request.headers.get("Accept"), [conneg.HTML, *RDF_TYPES], default=conneg.HTML)
    if chosen is None:
        response = json_error(406, "no acceptable type", available=[conneg.HTML, *RDF_TYPES])
    elif chosen == conneg.HTML:
        response = redirect(url_for("entities.entity_page", kind=kind, name=slug), 303)
    else:
        response = redirect(url_for("entities.entity_data", kind=kind, name=slug), 303)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        [f'<{url_for("entities.entity_data", kind=kind, name=slug)}>; rel="describedby"', *_document_links(kind, slug)])
    return response


@bp.get("/data/<kind>/<name>")
@cached()
def entity_data(kind: str, name: str) -> Response:
    """The RDF document describing an entity; the suffix beats Accept; 406 when nothing fits; a negotiated 404."""
    slug, suffix = split_suffix(name, tuple(RDF_SUFFIXES))
    iri = _entity_iri(kind, slug)
    if not describe.exists(current_store(), iri):
        if suffix:
            return negotiated_not_found(kind, slug, iri, default=RDF_SUFFIXES[suffix], media=RDF_SUFFIXES[suffix])
        return negotiated_not_found(kind, slug, iri, default="text/turtle")
    media = conneg.choose_format(request.headers.get("Accept"), RDF_TYPES, suffix=suffix, default="text/turtle")
    response = rdf_response(rdfdoc.entity_dataset(current_store(), iri), media, filename=slug, first=iri)
    if media is not None:
        response.headers["Link"] = ", ".join([
            f'<{iri}>; rel="describes"', f'<{url_for("dataset.void")}>; rel="describedby"; type="text/turtle"',
            f'<{url_for("dataset.void")}>; rel="http://rdfs.org/ns/void#inDataset"', *_document_links(kind, slug)])
    return response


def _document_links(kind: str, slug: str) -> list[str]:
    """``Link`` entries of an entity's documents: each RDF format, the page, its JSON twin, and the licence."""
    links = [f'<{url_for("entities.entity_data", kind=kind, name=slug + info.suffix)}>; rel="alternate"; '
             f'type="{media}"' for media, info in conneg.GRAPH_TYPES.items()]
    links.append(f'<{url_for("entities.entity_page", kind=kind, name=slug)}>; rel="alternate"; type="text/html"')
    links.append(f'<{url_for("entities.entity_page", kind=kind, name=slug + ".json")}>; rel="alternate"; '
                 'type="application/json"')
    links.append(f'<{LICENSE}>; rel="license"')
    return links


def negotiated_not_found(kind: str, slug: str, iri: str, *, default: str, media: str | None = None) -> Response:
    """A 404 in the format asked for: the HTML page, the JSON envelope (JSON or JSON-LD asks), or an RDF document
    (Turtle asks get Turtle) whose ``rdfs:seeAlso`` name the entities that look like the requested one."""
    offered = [conneg.HTML, "application/json", *RDF_TYPES]
    if media is None:
        media = conneg.choose_format(request.headers.get("Accept"), offered, default=default) or default
    if media in (conneg.HTML, "application/json", "application/ld+json"):
        response = not_found(kind, slug, as_json=media != conneg.HTML)
    else:
        _words, hits = _suggestions(kind, slug)
        body = rdfdoc.not_found_document(iri, [h.iri for h in hits], media)
        response = Response(body, status=404, content_type=content_type(media))
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/id/<kind>/<slug>/")
@bp.get("/page/<kind>/<slug>/")
@bp.get("/data/<kind>/<slug>/")
def trailing_slash(kind: str, slug: str) -> Response:
    """``/id/k/s/`` (and ``/page/``, ``/data/``) redirect (301) to the URL without the slash, query kept."""
    target = request.script_root + request.path.rstrip("/")
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, 301)


def alternates_for(endpoint: str, json_endpoint: str, name: str, **values: str) -> list[Alternate]:
    """``<link rel=alternate>`` entries: each RDF type of the document at ``endpoint``, then the JSON twin."""
    alts = [(url_for(endpoint, name=name + info.suffix, **values), media, info.label)
            for media, info in conneg.GRAPH_TYPES.items()]
    return [*alts, (url_for(json_endpoint, name=name + ".json", **values), "application/json", "JSON")]


@bp.get("/page/<kind>/<name>")
@cached()
def entity_page(kind: str, name: str) -> Response:
    """The HTML page of an entity, or its JSON twin (``.json``)."""
    slug, suffix = split_suffix(name, PAGE_SUFFIXES)
    iri = _entity_iri(kind, slug)
    incoming = request.args.get("incoming")
    page_no = request.args.get("page", "1")
    if not page_no.isdigit() or int(page_no) < 1:
        return json_error(400, "page must be a positive integer")
    entity = describe.describe(current_store(), iri, base_iri(), incoming=incoming, page=int(page_no))
    if entity is None:
        return not_found(kind, slug, as_json=suffix == ".json")
    page_url = url_for("entities.entity_page", kind=kind, name=slug, _external=True)
    entity["schema_org"] = rdfdoc.schema_org(entity, page_url)
    pageview.enrich(entity)
    entity["links"] = {"page": url_for("entities.entity_page", kind=kind, name=slug),
                       "json": url_for("entities.entity_page", kind=kind, name=slug + ".json"),
                       "data": url_for("entities.entity_data", kind=kind, name=slug),
                       "id": url_for("entities.dereference", kind=kind, slug=slug)}
    alternates = alternates_for("entities.entity_data", "entities.entity_page", slug, kind=kind)
    return page("entity.html", entity, as_json=suffix == ".json", alternates=alternates, canonical=iri)


@bp.get("/def")
@bp.get("/def/")
@cached()
def ontology_index() -> Response:
    """The ontology: HTML list of classes and properties, or the ontology graph in an RDF type."""
    return _ontology(None)


@bp.get("/def/<name>")
@cached()
def ontology_term(name: str) -> Response:
    """One ontology term: its page, or its RDF by Accept / suffix."""
    return _ontology(name)


def _ontology(name: str | None) -> Response:
    store, base = current_store(), base_iri()
    term, suffix = (None, None)
    if name is not None:
        term, suffix = split_suffix(name, (*RDF_SUFFIXES, *PAGE_SUFFIXES))
        if term in ("index", "ontology"):
            term = None
    if suffix == ".json":
        media = "application/json"
    else:
        offered = [conneg.HTML, *RDF_TYPES]
        media = conneg.choose_format(request.headers.get("Accept"), offered, suffix=suffix, default=conneg.HTML)
    iri = uris.ontology_namespace(base) + term if term else None
    if iri is not None and not describe.exists(store, iri):
        return not_found("def", term, as_json=media == "application/json")
    if media in RDF_TYPES:
        return rdf_response(rdfdoc.ontology_dataset(store, base, iri), media, filename=term or "ontology")
    if media is None:
        return json_error(406, "no acceptable type")
    as_json = media == "application/json"
    alts = alternates_for("entities.ontology_term", "entities.ontology_term", term or "index")
    if term is None:
        data = {"iri": uris.ontology_namespace(base), **overview.ontology_terms(store, base)}
        response = page("ontology.html", data, as_json=as_json, alternates=alts, canonical=data["iri"])
    else:
        entity = describe.describe(store, iri, base) or {}
        path = url_for("entities.ontology_term", name=term)
        entity["links"] = {"page": path, "json": url_for("entities.ontology_term", name=term + ".json"),
                           "data": url_for("entities.ontology_term", name=term + ".ttl"), "id": path}
        response = page("entity.html", entity, as_json=as_json, alternates=alts, canonical=iri)
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/graph/<name>")
@cached()
def graph_page(name: str) -> Response:
    """A named graph's description (source, triple count): HTML, JSON twin, or RDF."""
    store, base = current_store(), base_iri()
    slug, suffix = split_suffix(name, (*RDF_SUFFIXES, *PAGE_SUFFIXES))
    try:
        graph = uris.graph_iri(slug, base)
    except uris.IRIError:
        abort(404)
    sources = describe.graph_sources(store, base)
    if graph not in sources and graph not in {str(g) for g in store.graphs()}:
        return json_error(404, f"no graph {graph}")
    if suffix == ".json":
        media = "application/json"
    else:
        offered = [conneg.HTML, *RDF_TYPES]
        media = conneg.choose_format(request.headers.get("Accept"), offered, suffix=suffix, default=conneg.HTML)
    if media in RDF_TYPES:
        return rdf_response(rdfdoc.graph_description(store, graph, base), media, filename=slug)
    if media is None:
        return json_error(406, "no acceptable type")
    data = describe.graph_info(store, graph, slug, sources, base)
    alts = alternates_for("entities.graph_page", "entities.graph_page", slug)
    response = page("graph.html", data, as_json=media == "application/json", alternates=alts, canonical=graph)
    response.headers["Vary"] = "Accept"
    return response
