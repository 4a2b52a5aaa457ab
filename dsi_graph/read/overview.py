"""Read models of the dataset-level pages: home (counts per class), timeline, sources, sitemap, ontology index."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from dsi_graph.rdf import uris
from dsi_graph.read import sparqlfiles
from dsi_graph.read import timeline as timeline_model
from dsi_graph.read.describe import per_build
from dsi_graph.read.labels import fallback_label, fetch_labels, local_name
from dsi_graph.read.models import (
    ClassCount,
    DatasetIndex,
    Linked,
    OntologyIndex,
    OntologyTerm,
    SourceEntry,
    TimelineEvent,
)
from dsi_graph.read.pageview import class_groups, class_parents
from dsi_graph.stores.base import GraphStore


def _term(iri: str, labels: dict[str, str], base: str) -> Linked:
    return {"value": iri, "label": labels.get(iri) or fallback_label(iri), "path": uris.iri_to_path(iri, base)}


def class_counts(store: GraphStore, base: str) -> list[ClassCount]:
    """Entities per ``dsi:`` class, largest first (counted once per served build: they count the whole store)."""
    return per_build(store, ("class-counts", base), lambda: _class_counts(store, base))


def _class_counts(store: GraphStore, base: str) -> list[ClassCount]:
    rows = store.select(sparqlfiles.query("class-counts")).rows
    labels = fetch_labels(store, {str(r["type"]) for r in rows})
    return [{**_term(str(r["type"]), labels, base), "count": int(r["n"])} for r in rows]


def timeline(store: GraphStore, base: str) -> list[TimelineEvent]:
    """Meetings and dated documents by placement date, parts under their meeting (see :mod:`dsi_graph.read.timeline`);
    a decision sits at the end date of the meeting that adopted it (``sort``)."""
    return timeline_model.timeline_page(store, base)["events"]


def sources(store: GraphStore, base: str) -> list[SourceEntry]:
    """Sources with their graphs and statement counts."""
    sizes = per_build(store, "graph-sizes", lambda: {
        str(r["g"]): int(r["n"]) for r in store.select(sparqlfiles.query("graph-sizes"))})
    rows = store.select(sparqlfiles.query("sources")).rows
    labels = fetch_labels(store, {str(r["source"]) for r in rows})
    out: list[SourceEntry] = []
    for r in rows:
        g = str(r["g"]) if "g" in r else None
        out.append({**_term(str(r["source"]), labels, base), "url": str(r["url"]) if "url" in r else None,
                    "retrieved": str(r["retrieved"]) if "retrieved" in r else None,
                    "graph": {"value": g, "label": local_name(g), "path": uris.iri_to_path(g, base)} if g else None,
                    "statements": sizes.get(g, 0) if g else 0})
    return out


def entity_iris(store: GraphStore, base: str) -> list[str]:
    """Every entity IRI under ``{base}id/`` (for the sitemap)."""
    prefix = base + "id/"
    return [str(r["s"]) for r in store.select(sparqlfiles.query("entities")) if str(r["s"]).startswith(prefix)]


def ontology_terms(store: GraphStore, base: str) -> OntologyIndex:
    """Classes and properties of the ontology graph with labels, definitions and parents."""
    ns = uris.ontology_namespace(base)
    graph = URIRef(uris.graph_iri("ontology", base))
    rows = [r for r in store.select(sparqlfiles.query("ontology-terms"), {"g": graph})
            if str(r["term"]).startswith(ns)]
    labels = fetch_labels(store, {str(r["term"]) for r in rows} | {str(r["parent"]) for r in rows if "parent" in r})
    terms: dict[str, OntologyTerm] = {}
    for r in rows:
        iri = str(r["term"])
        entry = terms.setdefault(iri, {**_term(iri, labels, base), "what": str(r["what"]), "name": local_name(iri),
                                       "definition": str(r["definition"]) if "definition" in r else None,
                                       "parents": []})
        if "parent" in r and str(r["parent"]) not in [p["value"] for p in entry["parents"]]:
            entry["parents"].append(_term(str(r["parent"]), labels, base))
    out: OntologyIndex = {"classes": [], "properties": []}
    for entry in terms.values():
        out["classes" if entry["what"] == "class" else "properties"].append(entry)
    return out


def dataset_index(store: GraphStore, base: str, *, build: dict[str, Any], dumps: list[dict[str, str]],
                  links: dict[str, str]) -> DatasetIndex:
    """The home page model: size, build, classes (counted and grouped), sources; ``dumps`` and ``links`` as given."""
    classes = class_counts(store, base)
    return {"title": "DSI graph", "base_iri": base, "triples": store.count(), "build": build, "classes": classes,
            "sources": sources(store, base), "dumps": dumps, "links": links,
            "class_groups": class_groups(classes, class_parents(store))}
