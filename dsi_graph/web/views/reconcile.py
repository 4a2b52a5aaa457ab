"""``/reconcile``: the W3C Reconciliation Service API 0.2 (the version OpenRefine speaks).

GET without parameters answers the manifest; ``queries=`` (GET or form POST) a batch of reconciliation queries;
``extend=`` a data extension query; ``callback=`` wraps any JSON answer for JSONP. Suggest services, the property
proposals and the preview have their own paths. The views only do HTTP; the matching is in ``link/reconcile.py``.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any

from flask import Blueprint, Response, current_app, render_template_string, request

from dsi_graph.link.reconcile import Reconciler
from dsi_graph.web.views.common import current_settings, current_store, json_error
from dsi_graph.web.views.link import recogniser
from dsi_graph.web.views.pages import search_index

bp = Blueprint("reconcile", __name__, url_prefix="/reconcile")
_lock = threading.Lock()
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$")
PREVIEW_SIZE = (400, 140)
SERVICE_NAME = "DSI negotiation knowledge graph (CBD, Nagoya Protocol)"

_PREVIEW = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ e.name }}</title>
<style>body{font:13px/1.35 sans-serif;margin:6px}h1{font-size:15px;margin:0 0 3px}p{margin:2px 0}.t{color:#555}</style>
</head><body>
<h1><a href="{{ view }}" target="_blank" rel="noopener">{{ e.name }}</a></h1>
<p class="t">{{ e.types|join(", ") }} · <code>{{ e.id }}</code></p>
{% if e.description %}<p>{{ e.description }}</p>{% endif %}
</body></html>
"""


def reconciler() -> Reconciler:
    """The app's reconciler, built on first use over the app's recogniser and label index."""
    extensions = current_app.extensions
    if "dsi_reconciler" not in extensions:
        with _lock:
            if "dsi_reconciler" not in extensions:
                extensions["dsi_reconciler"] = Reconciler.from_store(
                    current_store(), current_settings().base_iri, recogniser(), search_index())
    return extensions["dsi_reconciler"]


def _answer(body: Any) -> Response:
    """JSON, or JSONP when ``callback=`` names a function."""
    text = json.dumps(body, ensure_ascii=False)
    callback = request.values.get("callback")
    if callback:
        if not _CALLBACK.match(callback):
            return json_error(400, "callback must be a JavaScript function name")
        return Response(f"/**/{callback}({text});", mimetype="application/javascript")
    return Response(text, mimetype="application/json")


def _json_param(name: str) -> Any:
    try:
        return json.loads(request.values[name])
    except ValueError as error:
        raise ValueError(f"{name} is not JSON: {error}") from error


def _root() -> str:
    return request.url_root.rstrip("/")


def manifest() -> dict[str, Any]:
    """The service manifest (``versions``, spaces, view, preview, suggest, extend, default types)."""
    base, root, recon = current_settings().base_iri, _root(), reconciler()
    service = {"service_url": root}
    return {
        "versions": ["0.2"],
        "name": SERVICE_NAME,
        "identifierSpace": base + "id/",
        "schemaSpace": base + "def/",
        "documentation": root + "/",
        "view": {"url": root + "/id/{{id}}"},
        "preview": {"url": root + "/reconcile/preview?id={{id}}", "width": PREVIEW_SIZE[0], "height": PREVIEW_SIZE[1]},
        "defaultTypes": [{"id": t.iri, "name": t.name} for t in recon.default_types()],
        "suggest": {kind: {**service, "service_path": f"/reconcile/suggest/{kind}"}
                    for kind in ("entity", "type", "property")},
        "extend": {"propose_properties": {**service, "service_path": "/reconcile/propose_properties"},
                   "property_settings": []},
    }


@bp.route("", methods=["GET", "POST"], strict_slashes=False)
def service() -> Response:
    """The manifest, a batch of queries (``queries=``), one query (``query=``) or a data extension (``extend=``)."""
    try:
        if "queries" in request.values:
            queries = _json_param("queries")
            if not isinstance(queries, dict):
                return json_error(400, "queries must be a JSON object of queries by key")
            return _answer(reconciler().reconcile_batch(queries))
        if "query" in request.values:
            raw = request.values["query"]
            query = _json_param("query") if raw.lstrip().startswith("{") else {"query": raw}
            return _answer({"result": reconciler().reconcile(query)})
        if "extend" in request.values:
            extend = _json_param("extend")
            if not isinstance(extend, dict) or not isinstance(extend.get("ids"), list):
                return json_error(400, "extend must be a JSON object with ids and properties")
            return _answer(reconciler().extend(extend["ids"], list(extend.get("properties") or [])))
    except ValueError as error:
        return json_error(400, str(error))
    return _answer(manifest())


@bp.get("/suggest/entity")
def suggest_entity() -> Response:
    """Entities for autocomplete: ``prefix``, optional ``type`` and ``limit``."""
    args = request.args
    return _answer({"result": reconciler().suggest_entities(args.get("prefix", ""), args.get("type"),
                                                            args.get("limit", 10))})


@bp.get("/suggest/type")
def suggest_type() -> Response:
    """Ontology classes for autocomplete."""
    args = request.args
    return _answer({"result": reconciler().suggest_types(args.get("prefix", ""), args.get("limit", 10))})


@bp.get("/suggest/property")
def suggest_property() -> Response:
    """Properties for autocomplete (those the entities of ``type`` carry)."""
    args = request.args
    return _answer({"result": reconciler().suggest_properties(args.get("prefix", ""), args.get("type"),
                                                              args.get("limit", 10))})


@bp.get("/propose_properties")
def propose_properties() -> Response:
    """Data extension: the properties worth fetching for a ``type``."""
    return _answer(reconciler().propose_properties(request.args.get("type"), request.args.get("limit", 10)))


@bp.get("/preview")
def preview() -> Response:
    """A small HTML card of one entity (``id=kind/slug``), for OpenRefine's preview pop-up."""
    entity = reconciler().preview(request.args.get("id", ""))
    if entity is None:
        return json_error(404, "no entity with this id")
    html = render_template_string(_PREVIEW, e=entity, view=f"{_root()}/id/{entity['id']}")
    return Response(html, mimetype="text/html")
