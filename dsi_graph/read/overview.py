"""Read model of the dataset-level pages: home (counts per class), timeline, sources, sitemap, ontology index."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import sparql_prologue
from dsi_graph.read.describe import fallback_label, fetch_labels, humanise, local_name
from dsi_graph.stores.base import GraphStore

_P = sparql_prologue()
CLASS_COUNTS = _P + """SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type
  FILTER(STRSTARTS(STR(?type), STR(dsi:))) } GROUP BY ?type ORDER BY DESC(?n)"""
# Subclass closure as a UNION of the class and ``rdfs:subClassOf+``, and the FILTER outside the UNION: Virtuoso 7
# refuses a FILTER inside a UNION branch (SP031) and answers ``a/rdfs:subClassOf*`` otherwise than the others.
TIMELINE = _P + """SELECT DISTINCT ?item ?date ?end ?what ?placed WHERE {
  { { ?item a dsi:Meeting } UNION { ?mt rdfs:subClassOf+ dsi:Meeting . ?item a ?mt }
    ?item schema:startDate ?date OPTIONAL { ?item schema:endDate ?end }
    BIND("meeting" AS ?what) }
  UNION { VALUES ?dt { dsi:Decision dsi:Recommendation } ?item a ?dt .
          OPTIONAL { ?item dcterms:date ?d0 } OPTIONAL { ?item dsi:adoptedAt/schema:startDate ?d1 }
          OPTIONAL { ?item dsi:adoptedAt/schema:endDate ?placed }
          BIND(COALESCE(?d0, ?d1) AS ?date) BIND("decision" AS ?what) }
  FILTER(BOUND(?date))
} ORDER BY ?date DESC(?what) ?item"""
SOURCES = _P + """SELECT ?source ?g ?url ?retrieved WHERE { ?source a dsi:Source
  OPTIONAL { ?g dsi:derivedFromSource ?source } OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?source pav:retrievedOn ?retrieved } } ORDER BY ?source"""
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
ENTITIES = "SELECT DISTINCT ?s WHERE { ?s a ?type FILTER(isIRI(?s)) } ORDER BY ?s"
TERMS = _P + """SELECT ?g ?term ?what ?definition ?parent WHERE { GRAPH ?g {
  { ?term a owl:Class BIND("class" AS ?what) } UNION { ?term a owl:ObjectProperty BIND("property" AS ?what) }
  UNION { ?term a owl:DatatypeProperty BIND("property" AS ?what) }
  OPTIONAL { ?term skos:definition ?definition }
  OPTIONAL { ?term rdfs:subClassOf|rdfs:subPropertyOf ?parent FILTER(isIRI(?parent)) } }
  } ORDER BY ?what ?term"""


def _term(iri: str, labels: dict[str, str], base: str) -> dict[str, Any]:
    return {"value": iri, "label": labels.get(iri) or fallback_label(iri), "path": uris.iri_to_path(iri, base)}


def class_counts(store: GraphStore, base: str) -> list[dict[str, Any]]:
    """Entities per ``dsi:`` class, largest first."""
    rows = store.select(CLASS_COUNTS).rows
    labels = fetch_labels(store, {str(r["type"]) for r in rows})
    return [{**_term(str(r["type"]), labels, base), "count": int(r["n"])} for r in rows]


def timeline(store: GraphStore, base: str) -> list[dict[str, Any]]:
    """Meetings and decisions by date; a decision sits at the end date of the meeting that adopted it (``sort``)."""
    rows = store.select(TIMELINE).rows
    labels = fetch_labels(store, {str(r["item"]) for r in rows})
    seen: set[str] = set()
    out = []
    for r in rows:
        iri = str(r["item"])
        if iri in seen:
            continue
        seen.add(iri)
        out.append({**_term(iri, labels, base), "date": str(r["date"]), "end": str(r["end"]) if "end" in r else None,
                    "what": str(r["what"]), "sort": str(r["placed"]) if "placed" in r else str(r["date"])})
    return sorted(out, key=lambda e: (e["sort"], e["what"] != "meeting"))


def sources(store: GraphStore, base: str) -> list[dict[str, Any]]:
    """Sources with their graphs and statement counts."""
    sizes = {str(r["g"]): int(r["n"]) for r in store.select(GRAPH_SIZES)}
    rows = store.select(SOURCES).rows
    labels = fetch_labels(store, {str(r["source"]) for r in rows})
    out = []
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
    return [str(r["s"]) for r in store.select(ENTITIES) if str(r["s"]).startswith(prefix)]


def ontology_terms(store: GraphStore, base: str) -> dict[str, list[dict[str, Any]]]:
    """Classes and properties of the ontology graph with labels, definitions and parents."""
    ns = uris.ontology_namespace(base)
    rows = [r for r in store.select(TERMS, {"g": URIRef(uris.graph_iri("ontology", base))})
            if str(r["term"]).startswith(ns)]
    labels = fetch_labels(store, {str(r["term"]) for r in rows} | {str(r["parent"]) for r in rows if "parent" in r})
    terms: dict[str, dict[str, Any]] = {}
    for r in rows:
        iri = str(r["term"])
        entry = terms.setdefault(iri, {**_term(iri, labels, base), "what": str(r["what"]), "name": local_name(iri),
                                       "definition": str(r["definition"]) if "definition" in r else None,
                                       "parents": []})
        if "parent" in r and str(r["parent"]) not in [p["value"] for p in entry["parents"]]:
            entry["parents"].append(_term(str(r["parent"]), labels, base))
    out: dict[str, list[dict[str, Any]]] = {"classes": [], "properties": []}
    for entry in terms.values():
        out["classes" if entry["what"] == "class" else "properties"].append(entry)
    return out


__all__ = ["class_counts", "entity_iris", "humanise", "ontology_terms", "sources", "timeline"]
