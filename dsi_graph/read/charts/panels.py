"""Scholia-style panels: each runs one named query of ``queries/api/chart-*.rq`` and draws its answer as SVG.

A panel is the picture, the table of the same numbers (the fallback for those who would rather read, and what
the tests compare) and the named query with its parameters (the data behind it, at ``/queries/{name}``). A panel
whose query answers nothing is None: pages leave it out. Panels are resources of their own (pages load them after
they are shown, as Scholia does): :data:`SITE_PANELS` are the home page's, :func:`entity_panels` names an entity
page's by its kind, :func:`for_entity` makes one labelled as the entity's page is.

========================  =====================  ==========================================================
panel                     named query            picture
========================  =====================  ==========================================================
``per-year``              chart-per-year         meetings and documents per year (home page)
``topic-stances``         chart-topic-stances    positions on a topic by stance, per year (topic pages)
``agent-participation``   chart-agent-participation  an agent's part in meetings per year (organisation pages)
``neighbourhood``         chart-neighbourhood    the entities linked to an entity, radial (entity pages)
========================  =====================  ==========================================================
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from dsi_graph.rdf import uris
from dsi_graph.read import queries
from dsi_graph.read.charts import svg
from dsi_graph.read.describe import exists
from dsi_graph.read.labels import fallback_label, fetch_labels
from dsi_graph.stores.base import GraphStore


class ChartPanel(TypedDict):
    """A picture with its table and the named query (and parameters) that feeds it."""

    name: str
    title: str
    desc: str
    svg: str
    query: str
    params: dict[str, str]
    columns: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class _Spec:
    query: str
    param: str | None
    title: str
    draw: Callable[[str, str, list[dict[str, Any]], GraphStore, str, str], tuple[str, str, list[str], list[list[Any]]]]


def _pivot(rows: list[dict[str, Any]], series_key: str, series_label: str | None = None,
           order: tuple[str, ...] = ()) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """(years, [(series name, count per year)]) of rows with ``year``, a series column and ``count``."""
    years = sorted({str(r["year"]) for r in rows})
    if all(y.isdigit() for y in years):  # a time axis: every year between the first and the last
        years = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for r in rows:
        key = str(r[series_key])
        names[key] = str(r[series_label]) if series_label and series_label in r else key
        counts[key][str(r["year"])] = counts[key].get(str(r["year"]), 0) + int(r["count"])
    keys = sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), names[k]))
    return years, [(names[k], [counts[k].get(y, 0) for y in years]) for k in keys]


def _bars(title: str, what: str, series_key: str, series_label: str | None = None, order: tuple[str, ...] = ()):
    def draw(ident: str, label: str, rows: list[dict[str, Any]], store: GraphStore, base: str,
             iri: str) -> tuple[str, str, list[str], list[list[Any]]]:
        years, series = _pivot(rows, series_key, series_label, order)
        total = sum(sum(values) for _, values in series)
        desc = (f"{what} of {label}: " if label else f"{what}: ") + "; ".join(
            f"{name} {sum(values)}" for name, values in series) + f" (total {total}, {years[0]}–{years[-1]})."
        picture = svg.bar_chart(ident, title + (f": {label}" if label else ""), desc, years, series)
        columns = ["year", *[name for name, _ in series]]
        table = [[year, *[values[i] for _, values in series]] for i, year in enumerate(years)]
        return svg.to_string(picture), desc, columns, table
    return draw


def _neighbourhood(ident: str, label: str, rows: list[dict[str, Any]], store: GraphStore, base: str,
                   iri: str) -> tuple[str, str, list[str], list[list[Any]]]:
    labels = fetch_labels(store, {str(r["neighbour"]) for r in rows} | {str(r["property"]) for r in rows})
    nodes: list[svg.Node] = []
    table: list[list[Any]] = []
    seen: set[str] = set()
    # each neighbour once: an outgoing link before an incoming one (the build states inverses both ways)
    for r in sorted(rows, key=lambda r: (str(r["direction"]) != "out", labels.get(str(r["property"]), ""))):
        neighbour, prop = str(r["neighbour"]), str(r["property"])
        if neighbour in seen:
            continue
        seen.add(neighbour)
        name = labels.get(neighbour) or fallback_label(neighbour)
        group = labels.get(prop) or fallback_label(prop)
        direction = str(r["direction"])
        nodes.append(svg.Node(name, uris.iri_to_path(neighbour, base), group, direction))
        table.append([group, "incoming" if direction == "in" else "outgoing", name])
    desc = f"{len(nodes)} entities linked to {label}: " + "; ".join(
        f"{g} {sum(1 for n in nodes if n.group == g)}" for g in dict.fromkeys(n.group for n in nodes)) + "."
    picture = svg.radial_graph(ident, f"Neighbourhood of {label}", desc, label, nodes)
    return svg.to_string(picture), desc, ["property", "direction", "entity"], table


PANELS: dict[str, _Spec] = {
    "per-year": _Spec("chart-per-year", None, "Meetings and documents per year",
                      _bars("Meetings and documents per year", "Meetings and dated documents per year", "series",
                            order=("meetings", "documents"))),
    "topic-stances": _Spec("chart-topic-stances", "topic", "Positions by stance over time",
                           _bars("Positions by stance over time", "Positions by stance and year", "stance",
                                 "stanceLabel")),
    "agent-participation": _Spec("chart-agent-participation", "agent", "Participation over time",
                                 _bars("Participation over time", "Meetings per year", "how",
                                       order=("took part", "on its behalf", "organised", "hosted"))),
    "neighbourhood": _Spec("chart-neighbourhood", "entity", "Neighbourhood", _neighbourhood),
}


def panel(store: GraphStore, name: str, *, base: str, queries_dir: str | Path, iri: str | None = None,
          label: str = "") -> ChartPanel | None:
    """The panel ``name`` (for the entity ``iri`` when the panel takes one); None when its query answers nothing.

    :raise KeyError: for a panel name not in :data:`PANELS`.
    :raise ParamError: when the panel needs an entity and ``iri`` is missing or not one.
    """
    spec = PANELS[name]
    params = {spec.param: iri or ""} if spec.param else {}
    query = queries.get_query(spec.query, queries.api_dir(queries_dir))
    rows = [dict(r) for r in queries.run(store, query, params, base=base).rows]
    if not rows:
        return None
    ident = f"chart-{name}"
    text, desc, columns, table = spec.draw(ident, label, rows, store, base, iri or "")
    return {"name": name, "title": spec.title, "desc": desc, "svg": text, "query": spec.query, "params": params,
            "columns": columns, "rows": table}


SITE_PANELS: tuple[str, ...] = ("per-year",)
KIND_PANELS: dict[str, tuple[str, ...]] = {  # before the neighbourhood, which every entity page has
    "topic": ("topic-stances",),
    "organisation": ("agent-participation",),
    "person": ("agent-participation",),
}


class NoSuchPanel(LookupError):
    """A panel name that is not one of the page it was asked of."""


def entity_panels(kind: str | None) -> list[tuple[str, str]]:
    """(name, title) of the panels of an entity page of ``kind``, in page order."""
    return [(name, PANELS[name].title) for name in (*KIND_PANELS.get(kind or "", ()), "neighbourhood")]


def site_panels() -> list[tuple[str, str]]:
    """(name, title) of the home page's panels."""
    return [(name, PANELS[name].title) for name in SITE_PANELS]


def empty(name: str, params: dict[str, str], label: str = "") -> ChartPanel:
    """The panel ``name`` when its query answers nothing: no picture, no rows, a description that says so."""
    spec = PANELS[name]
    desc = f"No data: the named query {spec.query} answers nothing" + (f" for {label}." if label else ".")
    return {"name": name, "title": spec.title, "desc": desc, "svg": "", "query": spec.query, "params": params,
            "columns": [], "rows": []}


def for_entity(store: GraphStore, name: str, *, kind: str, iri: str, base: str,
               queries_dir: str | Path) -> ChartPanel | None:
    """The panel ``name`` of the entity ``iri`` (of ``kind``), labelled as its page is; :func:`empty` without data;
    None when the store knows nothing of ``iri``.

    :raise NoSuchPanel: when ``name`` is not a panel of ``kind`` pages.
    :raise ParamError: when ``iri`` is not an entity the query takes.
    """
    if name not in dict(entity_panels(kind)):
        raise NoSuchPanel(f"no panel {name!r} on {kind} pages")
    if not exists(store, iri):
        return None
    label = fetch_labels(store, {iri}).get(iri) or fallback_label(iri)
    drawn = panel(store, name, base=base, queries_dir=queries_dir, iri=iri, label=label)
    return drawn or empty(name, {PANELS[name].param or "": iri}, label)


def for_site(store: GraphStore, name: str, *, base: str, queries_dir: str | Path) -> ChartPanel:
    """The home page's panel ``name``; :func:`empty` without data.

    :raise NoSuchPanel: when ``name`` is not one of :data:`SITE_PANELS`.
    """
    if name not in SITE_PANELS:
        raise NoSuchPanel(f"no panel {name!r} on the home page")
    return panel(store, name, base=base, queries_dir=queries_dir) or empty(name, {})
