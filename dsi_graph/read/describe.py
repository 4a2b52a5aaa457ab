"""Read model of entity pages and data documents: one entity's statements, labels, provenance and neighbours.

Every function returns plain dicts (JSON-ready) that both the HTML templates and the JSON twins render. Request
input never enters SPARQL text: the entity, property and graph are bound with ``bindings``; the only IRIs written
into a query are ones the store itself returned (label look-ups in a ``VALUES`` clause, via ``n3()``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.term import Identifier

from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import DSI_NS, PREFIXES, sparql_prologue
from dsi_graph.stores.base import GraphStore

Row = dict[str, Any]
RQ_DIR = Path(__file__).resolve().parent / "rq"
INCOMING_PAGE = 10
MAX_STATEMENTS = 2000
LANGS = ("en", "", None)  # label fallback: English, untagged, then any language

_P = sparql_prologue()

LABELS = _P + """SELECT ?x ?l ?w WHERE { VALUES ?x { %s }
  { ?x rdfs:label ?l BIND(1 AS ?w) } UNION { ?x skos:prefLabel ?l BIND(2 AS ?w) } }"""
OUTGOING = _P + """SELECT ?this ?p ?o ?g WHERE { { GRAPH ?g { ?this ?p ?o } } UNION { ?this ?p ?o FILTER NOT EXISTS {
  GRAPH ?any { ?this ?p ?o } } } } LIMIT 2000"""
BNODES = _P + """SELECT ?this ?b ?p ?o ?g WHERE { ?this ?q ?b FILTER(isBlank(?b)) GRAPH ?g { ?b ?p ?o } } LIMIT 2000"""
ANNOTATIONS = _P + """SELECT ?this ?p ?o ?status ?note WHERE { ?a a dsi:StatementAnnotation ; rdf:subject ?this ;
  rdf:predicate ?p ; rdf:object ?o . OPTIONAL { ?a dsi:status ?status } OPTIONAL { ?a skos:editorialNote ?note } }"""
INCOMING_COUNTS = _P + """SELECT ?this ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?this FILTER(isIRI(?s))
  FILTER(?p NOT IN (rdf:subject, rdf:object)) } GROUP BY ?this ?p ORDER BY ?p"""
INCOMING_PAGE_Q = _P + """SELECT DISTINCT ?this ?p ?s WHERE { ?s ?p ?this FILTER(isIRI(?s)) } ORDER BY ?s
  LIMIT %d OFFSET %d"""
GRAPH_SOURCES = _P + """SELECT ?g ?src ?l WHERE { ?g dsi:derivedFromSource ?src OPTIONAL { ?src rdfs:label ?l } }"""
EXISTS = "ASK { { ?this ?p ?o } UNION { ?s ?this ?o } UNION { ?s ?q ?this } }"

_ORDER = [PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "altLabel", PREFIXES["dcterms"] + "identifier",
          PREFIXES["skos"] + "notation", PREFIXES["dcterms"] + "description", DSI_NS + "summary",
          PREFIXES["schema"] + "startDate", PREFIXES["schema"] + "endDate", PREFIXES["dcterms"] + "date"]


def curie(iri: str) -> str | None:
    """``prefix:local`` for an IRI in a known namespace, else None."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return None


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``)."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def humanise(name: str) -> str:
    """``startDate`` -> ``start date``; ``hasAgendaItem`` -> ``has agenda item``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").lower()


def _pick(candidates: list[tuple[int, Literal]]) -> str:
    """The label by predicate weight, then language fallback en > untagged > any."""
    def rank(item: tuple[int, Literal]) -> tuple[int, int, str]:
        weight, lit = item
        lang = lit.language or ""
        order = 0 if lang == "en" else 1 if lang == "" else 2
        return (order, weight, str(lit))
    return str(min(candidates, key=rank)[1])


def fetch_labels(store: GraphStore, iris: Iterable[str]) -> dict[str, str]:
    """Labels of many IRIs in batches (``rdfs:label`` before ``skos:prefLabel``; language fallback)."""
    todo = sorted({i for i in iris if i})
    found: dict[str, list[tuple[int, Literal]]] = {}
    for start in range(0, len(todo), 300):
        chunk = " ".join(URIRef(i).n3() for i in todo[start:start + 300] if _safe_iri(i))
        if not chunk:
            continue
        for row in store.select(LABELS % chunk):
            found.setdefault(str(row["x"]), []).append((int(row["w"]), row["l"]))
    return {iri: _pick(c) for iri, c in found.items()}


def _safe_iri(iri: str) -> bool:
    return not re.search(r'[\s<>"{}|\\^`]', iri)


def fallback_label(iri: str, *, predicate: bool = False) -> str:
    """A readable name for an IRI without a label."""
    if predicate or iri.startswith(DSI_NS):
        return humanise(local_name(iri))
    return curie(iri) or iri


def term_view(term: Identifier, labels: dict[str, str], base: str, *, predicate: bool = False) -> Row:
    """One RDF term as a dict: value, type, label, local path (IRIs under the base), language, datatype."""
    if isinstance(term, URIRef):
        iri = str(term)
        path = uris.iri_to_path(iri, base)
        return {"type": "iri", "value": iri, "label": labels.get(iri) or fallback_label(iri, predicate=predicate),
                "path": path}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term), "label": "", "path": None}
    lit: Literal = term  # type: ignore[assignment]
    return {"type": "literal", "value": str(lit), "label": str(lit), "path": None, "lang": lit.language,
            "datatype": str(lit.datatype) if lit.datatype else None}


def graph_sources(store: GraphStore, base: str) -> dict[str, Row]:
    """Each source graph's IRI -> a dict with the graph's label (its source's title) and path."""
    out: dict[str, Row] = {}
    for row in store.select(GRAPH_SOURCES):
        g = str(row["g"])
        out[g] = {"type": "iri", "value": g, "label": str(row.get("l") or local_name(g)),
                  "path": uris.iri_to_path(g, base), "source": str(row["src"])}
    return out


def _graph_view(g: str, sources: dict[str, Row], base: str) -> Row:
    return sources.get(g) or {"type": "iri", "value": g, "label": local_name(g), "path": uris.iri_to_path(g, base)}


def exists(store: GraphStore, iri: str) -> bool:
    """Whether the store says anything with ``iri`` as subject, predicate or object."""
    return store.ask(EXISTS, {"this": URIRef(iri)})


def _sort_props(props: list[Row]) -> list[Row]:
    def key(p: Row) -> tuple[int, str]:
        iri = p["property"]["value"]
        return (_ORDER.index(iri) if iri in _ORDER else len(_ORDER), p["property"]["label"])
    return sorted(props, key=key)


def _group(rows: list[tuple[str, Identifier, str]]) -> dict[str, dict[Identifier, list[str]]]:
    """(p, o, g) rows -> p -> o -> graphs (in first-seen order)."""
    grouped: dict[str, dict[Identifier, list[str]]] = {}
    for p, o, g in rows:
        graphs = grouped.setdefault(p, {}).setdefault(o, [])
        if g and g not in graphs:
            graphs.append(g)
    return grouped


def describe(store: GraphStore, iri: str, base: str, incoming: str | None = None, page: int = 1) -> Row | None:
    """The entity page model of ``iri`` (None when the store knows nothing of it).

    :param incoming: a property IRI whose incoming subjects to page through (``page`` is 1-based).
    """
    this = URIRef(iri)
    if not exists(store, iri):
        return None
    out = [(str(r["p"]), r["o"], str(r.get("g") or "")) for r in store.select(OUTGOING, {"this": this})]
    bnode_rows = store.select(BNODES, {"this": this}).rows
    notes = store.select(ANNOTATIONS, {"this": this}).rows
    counts = [(str(r["p"]), int(r["n"])) for r in store.select(INCOMING_COUNTS, {"this": this})]
    pages: dict[str, tuple[int, list[Identifier]]] = {}
    for prop, n in counts[:30]:
        want = page if prop == incoming else 1
        want = max(1, min(want, math.ceil(n / INCOMING_PAGE) or 1))
        query = INCOMING_PAGE_Q % (INCOMING_PAGE, (want - 1) * INCOMING_PAGE)
        pages[prop] = (want, [r["s"] for r in store.select(query, {"this": this, "p": URIRef(prop)})])
    sections = kind_sections(store, iri, base)

    wanted = {iri} | {p for p, _, _ in out} | {str(o) for _, o, _ in out if isinstance(o, URIRef)}
    wanted |= {str(r["p"]) for r in bnode_rows} | {str(r["o"]) for r in bnode_rows if isinstance(r["o"], URIRef)}
    wanted |= {p for p, _ in counts} | {str(s) for _, subjects in pages.values() for s in subjects}
    wanted |= {str(r.get("status")) for r in notes if r.get("status")}
    labels = fetch_labels(store, wanted)
    sources = graph_sources(store, base)

    nested: dict[str, list[tuple[str, Identifier, str]]] = {}
    for r in bnode_rows:
        nested.setdefault(str(r["b"]), []).append((str(r["p"]), r["o"], str(r["g"])))
    status_of: dict[tuple[str, str], list[Row]] = {}
    for r in notes:
        entry = status_of.setdefault((str(r["p"]), str(r["o"])), [])
        if r.get("status"):
            entry.append(term_view(r["status"], labels, base))
        if r.get("note"):
            entry.append({"type": "literal", "value": str(r["note"]), "label": str(r["note"]), "path": None})

    def props(rows: list[tuple[str, Identifier, str]], depth: int) -> list[Row]:
        result = []
        for p, objects in _group(rows).items():
            if p == str(RDF.type) and depth == 0:
                continue
            values = []
            for o, graphs in objects.items():
                value: Row = {"term": term_view(o, labels, base),
                              "graphs": [_graph_view(g, sources, base) for g in graphs],
                              "annotations": status_of.get((p, str(o)), []) if depth == 0 else []}
                if isinstance(o, BNode) and depth == 0:
                    value["nested"] = props(nested.get(str(o), []), depth + 1)
                values.append(value)
            values.sort(key=lambda v: (v["term"]["label"].lower(), v["term"]["value"]))
            result.append({"property": term_view(URIRef(p), labels, base, predicate=True), "values": values})
        return _sort_props(result)

    all_types = sorted({str(o) for p, o, _ in out if p == str(RDF.type)})
    types = [t for t in all_types if t.startswith(DSI_NS)] or all_types  # inferred alignments stay in statements
    statuses = [term_view(o, labels, base) for p, o, _ in out if p == DSI_NS + "status"]
    kind_slug = uris.parse_entity_iri(iri, base)
    incoming_groups = []
    for prop, n in counts[:30]:
        current, subjects = pages[prop]
        incoming_groups.append({
            "property": term_view(URIRef(prop), labels, base, predicate=True), "count": n, "page": current,
            "pages": math.ceil(n / INCOMING_PAGE), "subjects": [term_view(s, labels, base) for s in subjects]})
    label = labels.get(iri) or fallback_label(iri)
    return {
        "iri": iri, "label": label, "kind": kind_slug[0] if kind_slug else None,
        "types": [term_view(URIRef(t), labels, base) for t in types],
        "status": list({s["value"]: s for s in statuses}.values()),
        "properties": props(out, 0), "incoming": incoming_groups,
        "incoming_truncated": len(counts) > 30, "sections": sections,
    }


# --- kind-specific sections: dsi_graph/rq/kind-*.rq, each with "#+ title:" and "#+ kinds:" headers -------------

def _rq_headers(text: str) -> dict[str, str]:
    headers = {}
    for line in text.splitlines():
        match = re.match(r"#\+\s*(\w+):\s*(.*)", line)
        if match:
            headers[match.group(1)] = match.group(2).strip()
    return headers


def section_queries() -> list[tuple[str, list[str], str]]:
    """(title, kinds, query) of every kind section query, in file-name order."""
    found = []
    for path in sorted(RQ_DIR.glob("kind-*.rq")):
        text = path.read_text(encoding="utf-8")
        head = _rq_headers(text)
        kinds = [k.strip() for k in head.get("kinds", "").split(",") if k.strip()]
        found.append((head.get("title", path.stem), kinds, _P + text))
    return found


def kind_sections(store: GraphStore, iri: str, base: str) -> list[Row]:
    """The tables that fit the entity's kind (a meeting's agenda, a person's presentations...)."""
    parsed = uris.parse_entity_iri(iri, base)
    if parsed is None:
        return []
    raw = []
    for title, kinds, query in section_queries():
        if parsed[0] in kinds:
            result = store.select(query, {"this": URIRef(iri)})
            if result.rows:
                raw.append((title, result.vars, result.rows))
    labels = fetch_labels(store, {str(v) for _, _, rows in raw for r in rows for v in r.values()
                                  if isinstance(v, URIRef)})
    sections = []
    for title, names, rows in raw:
        keys = [v for v in names if v != "this"]
        sections.append({"title": title, "columns": [humanise(v) for v in keys], "keys": keys,
                         "rows": [{v: term_view(r[v], labels, base) if v in r else None for v in keys} for r in rows]})
    return sections


def term_view_iri(iri: str, label: str, base: str) -> Row:
    """An IRI term dict with a known label."""
    return {"type": "iri", "value": iri, "label": label, "path": uris.iri_to_path(iri, base)}
