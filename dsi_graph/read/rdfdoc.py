"""RDF documents served at ``/data/...``, ``/def/...`` and ``/graph/...``, and the schema.org JSON-LD of pages.

An entity's data document is a dataset: its own statements, the blank nodes it points to, the labels of what it
links to, incoming statements (bounded) with their subjects' labels, the annotations on its statements, each in
the source graph it comes from, plus the descriptions of those graphs (in ``graph/meta``).
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from pyld import jsonld
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from dsi_graph.rdf import uris
from dsi_graph.rdf.formats import oxigraph_format, rdflib_format
from dsi_graph.rdf.namespaces import DSI_NS, PREFIXES, SCHEMA
from dsi_graph.rdf.terms import to_oxigraph
from dsi_graph.read import sparqlfiles
from dsi_graph.read.models import Entity
from dsi_graph.stores.base import GraphStore

SCHEMA_NS = str(SCHEMA)
SCHEMA_TYPES = {
    "Meeting": "Event", "AgendaItem": "Event", "MeetingSeries": "EventSeries", "Decision": "Legislation",
    "Recommendation": "Legislation", "Presentation": "PresentationDigitalDocument", "Article": "ScholarlyArticle",
    "Recording": "VideoObject", "Person": "Person", "Organisation": "Organization", "Fund": "Organization",
    "Topic": "DefinedTerm", "Grant": "MonetaryGrant", "Document": "CreativeWork", "Section": "CreativeWork",
    "Paragraph": "CreativeWork", "Source": "CreativeWork",
}


def _add(ds: Dataset, s: Any, p: Any, o: Any, g: Any) -> None:
    ds.graph(URIRef(str(g))).add((s, p, o))


def _graph_descriptions(store: GraphStore, ds: Dataset, graphs: set[str]) -> None:
    """Add what ``graph/meta`` says about ``graphs`` and their sources."""
    names = [g for g in sorted(graphs) if sparqlfiles.writable(g)]
    if not names:
        return
    for row in store.select(sparqlfiles.with_values(sparqlfiles.query("document-graph-meta"), "g", names)):
        _add(ds, row["s"], row["p"], row["o"], row["m"])


def _bind(ds: Dataset) -> Dataset:
    for prefix, ns in PREFIXES.items():
        ds.namespace_manager.bind(prefix, ns, override=True, replace=True)
    return ds


def entity_dataset(store: GraphStore, iri: str) -> Dataset:
    """The data document of an entity as a dataset (one graph per source it comes from)."""
    ds = _bind(Dataset())
    this = URIRef(iri)
    graphs: set[str] = set()
    for name in ("document-quads", "document-incoming"):
        for row in store.select(sparqlfiles.query(name), {"this": this}):
            _add(ds, row["s"], row["p"], row["o"], row["g"])
            graphs.add(str(row["g"]))
    # The default graph holds the document's statements too: a client reading only the default graph of an
    # N-Quads or TriG document (Comunica, rdflib's default parse) finds them; the named graphs keep who said what.
    default = ds.default_graph
    for s, p, o, g in list(ds.quads((None, None, None, None))):
        if g != default.identifier:
            default.add((s, p, o))
    _graph_descriptions(store, ds, graphs)
    return ds


def graph_contents(store: GraphStore, graph: str) -> Dataset:
    """Every statement of one named graph."""
    ds = _bind(Dataset())
    for row in store.select(sparqlfiles.query("graph-contents"), {"g": URIRef(graph)}):
        _add(ds, row["s"], row["p"], row["o"], graph)
    return ds


def ontology_dataset(store: GraphStore, base: str, term: str | None = None) -> Dataset:
    """The ontology graph (``{base}graph/ontology``), or only what it says of one term."""
    ds = _bind(Dataset())
    graph = URIRef(uris.graph_iri("ontology", base))
    if term is None:
        return graph_contents(store, str(graph))
    else:
        for row in store.select(sparqlfiles.query("ontology-term"), {"g": graph, "this": URIRef(term)}):
            _add(ds, row["this"], row["p"], row["o"], graph)
    return ds


def graph_description(store: GraphStore, graph: str, base: str) -> Dataset:
    """A named graph's description (from ``graph/meta``) with its triple count."""
    ds = _bind(Dataset())
    meta = URIRef(uris.graph_iri("meta", base))
    for row in store.select(sparqlfiles.query("graph-description"), {"this": URIRef(graph)}):
        _add(ds, row["s"], row["p"], row["o"], meta)
    void_triples = URIRef(PREFIXES["void"] + "triples")
    ds.graph(meta).set((URIRef(graph), void_triples, Literal(store.count(graph))))
    return ds


def serialize(ds: Dataset, media_type: str) -> bytes:
    """Serialise a dataset; triple formats get the union of its graphs."""
    fmt = rdflib_format(media_type)
    if media_type in ("application/trig", "application/n-quads"):
        default = ds.default_graph.identifier
        quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o),  # type: ignore[arg-type]
                         ox.DefaultGraph() if g == default else to_oxigraph(g))
                 for s, p, o, g in ds.quads((None, None, None, None)) if isinstance(g, URIRef)]
        prefixes = PREFIXES if media_type == "application/trig" else None
        return ox.serialize(quads, format=oxigraph_format(media_type), prefixes=prefixes)
    union = Graph()
    for prefix, ns in PREFIXES.items():
        union.namespace_manager.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    if fmt == "json-ld":
        return union.serialize(format=fmt, context=dict(PREFIXES), auto_compact=True, encoding="utf-8")
    return union.serialize(format=fmt, encoding="utf-8")


def not_found_document(iri: str, suggestions: list[str], media_type: str) -> bytes:
    """The body of a 404 for an unknown entity in an RDF type: ``<iri> rdfs:seeAlso`` each suggestion, with a
    comment saying nothing is known of it in the formats that have comments."""
    ds = _bind(Dataset())
    for other in suggestions:
        ds.default_graph.add((URIRef(iri), RDFS.seeAlso, URIRef(other)))
    body = serialize(ds, media_type)
    if media_type in ("text/turtle", "application/n-triples", "application/trig", "application/n-quads"):
        body = f"# 404 Not Found: nothing is known of <{iri}>\n".encode() + body
    return body


def jsonld_document(ds: Dataset, context: dict[str, Any], *, context_url: str | None = None,
                    first: str | None = None) -> bytes:
    """JSON-LD of the union of ``ds`` compacted with the published ``context`` (pyld, the JSON-LD 1.1 API).

    ``first`` (the entity a document is about) is the first node of ``@graph``; with ``context_url`` the document
    names the published context by its URL instead of carrying it inline (the same terms, so the same triples).
    """
    expanded = jsonld.from_rdf(serialize(ds, "application/n-triples").decode("utf-8"),
                               {"format": "application/n-quads"})
    expanded.sort(key=lambda node: node.get("@id") != first)  # stable: the rest keeps pyld's order
    compacted = jsonld.compact(expanded, context, {"graph": False})
    if context_url is not None:
        compacted["@context"] = context_url
    return json.dumps(compacted, ensure_ascii=False, indent=1).encode("utf-8")


def schema_org(entity: Entity, page_url: str) -> dict[str, Any]:
    """schema.org JSON-LD for an entity page (self-contained ``@context``, so it parses offline)."""
    types = [t["value"] for t in entity["types"]]
    kind_types = {"meeting": "Event", "agenda-item": "Event", "series": "EventSeries", "decision": "Legislation",
                  "person": "Person", "organisation": "Organization", "topic": "DefinedTerm", "grant": "MonetaryGrant"}
    schema_type = kind_types.get(entity.get("kind") or "", "CreativeWork" if entity.get("kind") else "Thing")
    for t in types:
        if t.startswith(DSI_NS):
            local = t[len(DSI_NS):]
            if local in SCHEMA_TYPES:
                schema_type = SCHEMA_TYPES[local]
                break
    doc: dict[str, Any] = {"@context": {"@vocab": str(SCHEMA)}, "@id": entity["iri"], "@type": schema_type,
                           "name": entity["label"], "url": page_url,
                           "mainEntityOfPage": {"@id": page_url}}
    for prop in entity["properties"]:
        iri = prop["property"]["value"]
        if iri.startswith(SCHEMA_NS) and iri != str(RDF.type):
            key = iri[len(SCHEMA_NS):]
            values = []
            for v in prop["values"]:
                term = v["term"]
                if term["type"] == "iri":
                    values.append({"@id": term["value"], "name": term["label"]})
                elif term["type"] == "literal":
                    values.append(term["value"])
                elif v.get("nested"):
                    values.append({n["property"]["value"][len(SCHEMA_NS):]: n["values"][0]["term"]["value"]
                                   for n in v["nested"] if n["property"]["value"].startswith(SCHEMA_NS)
                                   and n["values"][0]["term"]["type"] == "literal"})
            if values:
                doc[key] = values[0] if len(values) == 1 else values
        elif iri == PREFIXES["skos"] + "altLabel":
            doc["alternateName"] = [v["term"]["value"] for v in prop["values"]]
        elif iri in (PREFIXES["dcterms"] + "description", DSI_NS + "summary"):
            doc.setdefault("description", prop["values"][0]["term"]["value"])
    return doc
