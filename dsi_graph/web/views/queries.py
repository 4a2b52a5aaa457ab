"""Blueprint ``queries``: the named queries, listed and run with checked parameters (HTML, JSON, CSV)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, request, url_for
from rdflib import URIRef

from dsi_graph.read import queries
from dsi_graph.read.labels import fetch_labels, term_view
from dsi_graph.read.query_output import answer_json, table, to_delimited
from dsi_graph.stores.base import QueryTimeout, StoreError
from dsi_graph.web import conneg
from dsi_graph.web.views.common import current_settings, current_store, json_error
from dsi_graph.web.views.pages import page, search_index

bp = Blueprint("queries", __name__)

SUFFIXES = (".json", ".csv")


def _query_dir() -> str:
    """The folder of the published queries."""
    return str(queries.api_dir(current_settings().queries_dir))


def _listing(query: queries.NamedQuery) -> dict[str, Any]:
    """A query's entry in the list (metadata, no text)."""
    data = query.as_dict()
    data.pop("query")
    return {**data, "url": url_for("queries.show", name=query.name),
            "json": url_for("queries.show", name=query.name + ".json")}


@bp.get("/queries")
@bp.get("/queries.json", endpoint="index_json")
def index() -> Response:
    """The named queries with summary, tags and parameters."""
    as_json = request.path.endswith(".json") or conneg.prefers_json(request.headers.get("Accept"))
    items = [_listing(q) for q in queries.list_queries(_query_dir())]
    tags = sorted({t for q in items for t in q["tags"]})
    alternates = [(url_for("queries.index_json"), "application/json", "JSON")]
    return page("queries.html", {"queries": items, "tags": tags}, as_json=as_json, alternates=alternates)


def _split(name: str) -> tuple[str, str | None]:
    """``timeline.json`` -> (``timeline``, ``.json``)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)], suffix
    return name, None


def _param_views(query: queries.NamedQuery, args: dict[str, str]) -> list[dict[str, Any]]:
    """The parameter form's fields: declaration, the submitted value and, for an IRI of one kind, its choices
    (slug and label, for the field's ``datalist``)."""
    views = []
    for p in query.params:
        view = {**p.as_dict(), "value": args.get(p.name, "")}
        if p.type == "iri" and p.kind:
            view["options"] = [{"value": (h.path or h.iri).rsplit("/", 1)[-1], "label": h.label}
                               for h in search_index().of_kind(p.kind)]
        views.append(view)
    return views


def _rows_view(answer: queries.QueryAnswer, query: queries.NamedQuery,
               base: str) -> tuple[list[str], list[list[Any]]]:
    """Human headers and one row per fact (its sources listed), as terms for the ``cell`` macro."""
    columns, rows = table(answer, query.extra.get("columns"))
    cells = [v for row in rows for x in row.values() for v in (x if isinstance(x, list) else [x])]
    labels = fetch_labels(current_store(), {str(v) for v in cells if isinstance(v, URIRef)})

    def view(x: Any) -> Any:
        if isinstance(x, list):
            return [term_view(v, labels, base) for v in x]
        return term_view(x, labels, base) if x is not None else None
    return [h for _, h in columns], [[view(row.get(n)) for n, _ in columns] for row in rows]


@bp.get("/queries/<name>")
def show(name: str) -> Response:
    """Run a named query with the request's parameters: HTML page, or the ``.json`` / ``.csv`` twin."""
    name, suffix = _split(name)
    as_json = suffix == ".json" or (suffix is None and conneg.prefers_json(request.headers.get("Accept")))
    try:
        query = queries.get_query(name, _query_dir())
    except queries.UnknownQuery as error:
        if suffix or as_json:
            return json_error(404, str(error))
        return page("not_found.html", {"error": str(error), "status": 404, "query": name.replace("-", " ")},
                    status=404)
    settings = current_settings()
    args = {k: v for k, v in request.args.items()}
    tail = f"?{urlencode(args)}" if args else ""  # the parameters as given (a query may declare one ``name``)
    alternates = [(url_for("queries.show", name=name + ".json") + tail, "application/json", "JSON"),
                  (url_for("queries.show", name=name + ".csv") + tail, "text/csv", "CSV")]
    data: dict[str, Any] = {"name": name, "summary": query.summary, "description": query.description,
                            "tags": list(query.tags), "form": query.form, "params": _param_views(query, args)}
    try:
        bindings = queries.bind_params(query, args, base=settings.base_iri, store=current_store())
        answer = queries.run_bound(current_store(), query, bindings, base=settings.base_iri,
                                   timeout=settings.query_timeout)
    except queries.ParamError as error:
        if suffix or as_json:
            return json_error(400, str(error), param=error.name)
        return page("query.html", {**data, "error": str(error), "text": query.text}, status=400,
                    alternates=alternates)
    except QueryTimeout as error:
        return json_error(503, f"the query ran past {settings.query_timeout:g} s: {error}")
    except StoreError as error:
        return json_error(500, f"the query failed: {error}")
    if suffix == ".csv":
        response = Response(to_delimited(answer, ","), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
        return response
    bound = {k: str(v) for k, v in bindings.items()}
    if as_json:
        return page("query.html", {"name": name, "summary": query.summary, "params": bound,
                                   **answer_json(answer)}, as_json=True)
    columns, rows = _rows_view(answer, query, settings.base_iri)
    labels = fetch_labels(current_store(), {str(v) for v in bindings.values() if isinstance(v, URIRef)})
    bound_terms = {k: term_view(v, labels, settings.base_iri) for k, v in bindings.items()}
    return page("query.html", {**data, "bound": bound, "bound_terms": bound_terms,
                               "columns": columns, "rows": rows, "count": len(rows),
                               "text": query.text}, alternates=alternates)
