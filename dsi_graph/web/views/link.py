"""``/resolve`` (a citation or name to the entity's ``/id/...``) and ``/annotate`` (a text's citations and known
entities), for people (HTML) and other services (JSON). The views only do HTTP; recognition is in ``recognise``.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request, url_for

from dsi_graph.link.index import split_iri
from dsi_graph.link.recognise import Mention, Recogniser
from dsi_graph.link.resolution import Resolution, decide
from dsi_graph.web import conneg
from dsi_graph.web.views.common import current_store, json_error

LIMIT = 200_000  # most characters /annotate reads (later a setting)
bp = Blueprint("link", __name__)
_lock = threading.Lock()


def recogniser() -> Recogniser:
    """The app's recogniser, built from its store on first use."""
    extensions = current_app.extensions
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


def _wants_json() -> bool:
    return request.args.get("format") == "json" or conneg.prefers_json(request.headers.get("Accept"))


@bp.get("/resolve")
def resolve() -> Response:
    """303 to the entity a citation or name stands for, 300 with the candidates, 404 with suggestions."""
    ref = request.args.get("ref", "").strip()
    if not ref:
        return json_error(400, "give the reference to resolve as ?ref=")
    outcome = decide(recogniser().resolve(ref))
    candidates = [_candidate(m) for m in outcome.candidates]
    if _wants_json():
        body = {"ok": outcome.status != 404, "ref": ref, "status": outcome.status, "candidates": candidates}
        if outcome.status == 404:
            body["error"] = f"nothing in the graph is known as {ref!r}"
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
    if request.content_length and request.content_length > LIMIT * 4:  # 4 bytes per character at most in UTF-8
        return json_error(413, f"the text is longer than {LIMIT} characters", limit=LIMIT)
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        text = request.form.get("text", "")
    else:
        text = request.get_data(as_text=True)
    if len(text) > LIMIT:
        return json_error(413, f"the text is longer than {LIMIT} characters", limit=LIMIT)
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
