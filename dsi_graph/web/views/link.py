"""``/resolve`` (a citation or name to the entity's ``/id/...``) and ``/annotate`` (a text's citations and known
entities), for people (HTML) and other services (JSON). The views only do HTTP; recognition is in ``recognise``.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for

from dsi_graph.link.index import split_iri
from dsi_graph.link.recognise import Mention, Recogniser
from dsi_graph.link.resolution import SCHEMES, IdentifierError, Resolution, decide, resolve_external
from dsi_graph.web import conneg
from dsi_graph.web.views.common import build_cache, current_settings, current_store, json_error

bp = Blueprint("link", __name__)
_lock = threading.Lock()


def recogniser() -> Recogniser:
    """The recogniser of the build being served, built from its store on first use."""
    extensions = build_cache()
    if "dsi_recogniser" not in extensions:
        with _lock:
            if "dsi_recogniser" not in extensions:
                extensions["dsi_recogniser"] = Recogniser.from_store(current_store())
    return extensions["dsi_recogniser"]


def _path(iri: str) -> str:
    """The local ``/id/{kind}/{slug}`` path of an entity IRI."""
    parts = split_iri(iri)
    return url_for("entities.dereference", kind=parts[1], slug=parts[2]) if parts else iri


def _candidate(mention: Mention) -> dict[str, Any]:
    iri = mention.iri or ""
    return {"iri": iri, "path": _path(iri), "label": mention.label, "kind": mention.kind, "score": mention.score}


def _wants_json(json_default: bool = False) -> bool:
    """JSON when ``format=json`` or Accept prefers it; with ``json_default``, unless Accept prefers HTML."""
    if request.args.get("format") == "json" or conneg.prefers_json(request.headers.get("Accept")):
        return True
    if json_default:
        offered = ["application/json", conneg.HTML]  # */* (curl, requests) gets JSON, a browser HTML
        return conneg.choose_format(request.headers.get("Accept"), offered, default="application/json") != conneg.HTML
    return False


@bp.get("/resolve")
def resolve() -> Response:
    """303 to the entity a citation, name or external identifier stands for, 300 with the candidates, 404."""
    schemes = [scheme for scheme in SCHEMES if request.args.get(scheme, "").strip()]
    if schemes:
        return _resolve_external(schemes)
    ref = request.args.get("ref", "").strip()
    if not ref:
        return json_error(400, "give the reference to resolve as ?ref= or an identifier as ?"
                          + "=, ?".join(SCHEMES) + "=")
    return _answer(ref, decide(recogniser().resolve(ref)))


def _resolve_external(schemes: list[str]) -> Response:
    """``/resolve?wikidata=Q42`` (``ror``, ``orcid``, ``doi``, ``gbif``, ``iso``): the entity linked to it."""
    if len(schemes) > 1:
        return json_error(400, "give one identifier at a time", given=schemes)
    scheme = schemes[0]
    value = request.args[scheme].strip()
    try:
        outcome = resolve_external(current_store(), scheme, value)
    except IdentifierError as error:
        return json_error(400, str(error), scheme=scheme)
    return _answer(value, outcome, scheme=scheme)


def _answer(ref: str, outcome: Resolution, scheme: str | None = None) -> Response:
    """The response to one resolved reference: 303 / 300 / 404, in JSON or HTML by Accept."""
    candidates = [_candidate(m) for m in outcome.candidates]
    if _wants_json(json_default=scheme is not None):  # identifiers are looked up by services: JSON unless HTML
        body = {"ok": outcome.status != 404, "ref": ref, "status": outcome.status, "candidates": candidates}
        if scheme is not None:
            body["scheme"] = scheme
        if outcome.status == 404:
            body["error"] = (f"nothing in the graph links to the {scheme} identifier {ref!r}" if scheme
                             else f"nothing in the graph is known as {ref!r}")
        if outcome.citation:
            body["citation"] = {"kind": outcome.citation.kind, "text": outcome.citation.text}
        response = jsonify(body)
    else:
        response = Response(_html(ref, outcome, candidates), mimetype="text/html")
    if outcome.status == 303:
        redirected = redirect(candidates[0]["path"], code=303)
        redirected.set_data(response.get_data())
        redirected.mimetype = response.mimetype
        response = redirected
    response.status_code = outcome.status
    response.vary.add("Accept")
    return response


def _html(ref: str, outcome: Resolution, candidates: list[dict[str, Any]]) -> str:
    lead = {303: "It stands for:", 300: "It may stand for any of these:", 404: "Did you mean:"}[outcome.status]
    title = f"{ref}: not found" if outcome.status == 404 else f"Resolve {ref}"
    return render_template("resolve.html", title=title, lead=lead, candidates=candidates, citation=outcome.citation)


@bp.post("/annotate")
def annotate() -> Response:
    """The citations and known entities in a text (``text/plain`` body or form field ``text``) with offsets."""
    limit = current_settings().annotate_max_chars
    if request.content_length and request.content_length > limit * 4:  # 4 bytes per character at most in UTF-8
        return json_error(413, f"the text is longer than {limit} characters", limit=limit)
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        text = request.form.get("text", "")
    else:
        text = request.get_data(as_text=True)
    if len(text) > limit:
        return json_error(413, f"the text is longer than {limit} characters", limit=limit)
    annotations = [_annotation(m) for m in recogniser().mentions(text)]
    return jsonify({"ok": True, "annotations": annotations})


def _annotation(mention: Mention) -> dict[str, Any]:
    annotation: dict[str, Any] = {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "iri": mention.iri,
        "kind": mention.kind,
        "label": mention.label,
        "score": mention.score,
    }
    if mention.candidates:
        annotation["candidates"] = list(mention.candidates)
    return annotation
