"""Read model of entity pages: one entity's statements, labels, provenance, neighbours and kind sections.

The functions return the :class:`~dsi_graph.read.models.Entity` shape that both the HTML templates and the JSON
twins render. Request input never enters SPARQL text: the entity, property and graph are bound with ``bindings``;
the only IRIs written into a query are ones the store itself returned (label look-ups, see
:mod:`dsi_graph.read.labels`); the incoming pages are cut by a LIMIT and OFFSET computed from integers.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from typing import Any

from rdflib import RDF, BNode, URIRef
from rdflib.term import Identifier

from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import DSI_NS, PREFIXES
from dsi_graph.read import sparqlfiles
from dsi_graph.read.labels import fallback_label, fetch_labels, humanise, iri_view, local_name, term_view
from dsi_graph.read.models import Entity, GraphInfo, IncomingGroup, Property, Section, TermView, Value
from dsi_graph.read.provenance import fold_aligned, number_sources, split_identifiers
from dsi_graph.read.search import closure
from dsi_graph.stores.base import GraphStore
from dsi_graph.stores.deferred import DeferredStore

INCOMING_PAGE = 10
INCOMING_GROUPS = 30
OUTGOING_LIMIT = 2000  # the LIMIT of the statements in entity-neighbourhood.rq and entity-outgoing.rq

_TYPE, _SUBJECT, _PREDICATE, _OBJECT = (str(RDF[n]) for n in ("type", "subject", "predicate", "object"))
_ANNOTATION, _STATUS = URIRef(DSI_NS + "StatementAnnotation"), DSI_NS + "status"
_NOTE, _LOCATOR, _QUOTE = PREFIXES["skos"] + "editorialNote", DSI_NS + "locator", DSI_NS + "quote"

_ORDER = [PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "altLabel", PREFIXES["dcterms"] + "identifier",
          PREFIXES["skos"] + "notation", PREFIXES["dcterms"] + "description", DSI_NS + "summary",
          PREFIXES["schema"] + "startDate", PREFIXES["schema"] + "endDate", PREFIXES["dcterms"] + "date"]


def graph_sources(store: GraphStore, base: str) -> dict[str, TermView]:
    """Each source graph's IRI -> a dict with the graph's label (its source's title) and path."""
    return {g: view for g, (view, _) in build_graph_sources(store, base).items()}


def _graph_sources(store: GraphStore, base: str) -> dict[str, tuple[TermView, dict[str, Any]]]:
    """Each source graph's IRI -> (its view, ``{"url", "source", "source_path"}`` of its source)."""
    out: dict[str, tuple[TermView, dict[str, Any]]] = {}
    for row in store.select(sparqlfiles.query("graph-sources")):
        g, src = str(row["g"]), str(row["src"])
        out[g] = ({"type": "iri", "value": g, "label": str(row.get("l") or local_name(g)),
                   "path": uris.iri_to_path(g, base), "source": src},
                  {"url": str(row["url"]) if row.get("url") else None, "source": src,
                   "source_path": uris.iri_to_path(src, base)})
    return out


_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # read-only store -> {key: value}


def per_build(store: GraphStore, key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, once per store when the store is read-only (a served build: it only changes with a new
    build, which comes with a new store); computed afresh on a writable store."""
    if not (isinstance(store, DeferredStore) or getattr(store, "read_only", False)):
        return compute()
    try:
        memo = _MEMO.setdefault(store, {})
    except TypeError:  # a store that cannot be weakly referenced: no memo
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def build_graph_sources(store: GraphStore, base: str) -> dict[str, tuple[TermView, dict[str, Any]]]:
    """:func:`_graph_sources`, once per served build (every page of an entity needs it)."""
    return per_build(store, ("graph-sources", base), lambda: _graph_sources(store, base))


def property_parents(store: GraphStore) -> dict[str, set[str]]:
    """Property IRI -> its super-properties (closure of the direct ``rdfs:subPropertyOf`` pairs), once per build."""
    return per_build(store, "property-parents", lambda: closure(
        (str(r["sub"]), str(r["super"])) for r in store.select(sparqlfiles.query("subproperties"))))


def graph_info(store: GraphStore, graph: str, name: str, sources: dict[str, TermView], base: str) -> GraphInfo:
    """The page model of a named graph: its label (its source's title), statement count and source."""
    source = sources.get(graph)
    label = source["label"] if source else name
    return {"iri": graph, "name": name, "label": label, "triples": store.count(graph),
            "source": iri_view(source["source"], label, base) if source else None}


def _graph_view(g: str, sources: dict[str, TermView], base: str) -> TermView:
    known = sources.get(g)
    if known:  # a copy: the sources may be shared by every page of the build
        return dict(known)
    return {"type": "iri", "value": g, "label": local_name(g), "path": uris.iri_to_path(g, base)}


def exists(store: GraphStore, iri: str) -> bool:
    """Whether the store says anything with ``iri`` as subject, predicate or object."""
    return store.ask(sparqlfiles.query("entity-exists"), {"this": URIRef(iri)})


def _sort_props(props: list[Property]) -> list[Property]:
    def key(p: Property) -> tuple[int, str]:
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


def _neighbourhood(store: GraphStore, this: URIRef) -> tuple[list[tuple[str, Identifier, str]],
                                                              list[dict[str, Identifier]],
                                                              list[dict[str, Identifier]], list[tuple[str, int]]]:
    """The entity's statements (p, o, graph), its blank nodes' rows, its annotation rows and incoming counts, from
    one query (``entity-neighbourhood``); the rows have the shape of ``entity-outgoing``, ``entity-bnodes``,
    ``entity-annotations`` and ``entity-incoming-counts``, which give the same answers one query each."""
    q = sparqlfiles.query
    out: list[tuple[str, Identifier, str]] = []
    bnode_rows: list[dict[str, Identifier]] = []
    quads: dict[tuple[str, str], dict[str, list[Identifier]]] = {}  # (annotation, graph) -> p -> objects
    counts: list[tuple[str, int]] = []
    total = 0
    for r in store.select(q("entity-neighbourhood"), {"this": this}):
        part = str(r["part"])
        if part == "out":
            out.append((str(r["p"]), r["o"], str(r["g"])))
        elif part == "bnode":
            bnode_rows.append({"b": r["s"], "p": r["p"], "o": r["o"], "g": r["g"]})
        elif part == "note":
            quads.setdefault((str(r["s"]), str(r["g"])), {}).setdefault(str(r["p"]), []).append(r["o"])
        elif part == "in":
            counts.append((str(r["p"]), int(r["n"])))
        elif part == "all":
            total = int(r["n"])
    counts.sort(key=lambda c: c[0])
    if total > len({(p, o) for p, o, _ in out}) and len(out) < OUTGOING_LIMIT:
        # statements in the default graph only (a store whose default graph is more than its graphs' union)
        out = [(str(r["p"]), r["o"], str(r.get("g") or "")) for r in store.select(q("entity-outgoing"), {"this": this})]
    return out, bnode_rows, _annotation_rows(this, quads), counts


def _annotation_rows(this: URIRef, quads: dict[tuple[str, str], dict[str, list[Identifier]]]
                     ) -> list[dict[str, Identifier]]:
    """The rows of ``entity-annotations`` (one per status, note, locator and quote combination of an annotation)
    from the statements of the annotations of ``this``, each in its graph."""
    rows: list[dict[str, Identifier]] = []
    for (_, g), props in quads.items():
        if _ANNOTATION not in props.get(_TYPE, []) or this not in props.get(_SUBJECT, []):
            continue
        for p in props.get(_PREDICATE, []):
            for o in props.get(_OBJECT, []):
                for status in props.get(_STATUS, [None]):
                    for note in props.get(_NOTE, [None]):
                        for locator in props.get(_LOCATOR, [None]):
                            for quote in props.get(_QUOTE, [None]):
                                row = {"this": this, "p": p, "o": o, "g": URIRef(g), "status": status,
                                       "note": note, "locator": locator, "quote": quote}
                                rows.append({k: v for k, v in row.items() if v is not None})
    return rows


def _incoming_pages(store: GraphStore, this: URIRef, counts: list[tuple[str, int]], incoming: str | None,
                    page: int) -> dict[str, tuple[int, list[Identifier]]]:
    """Property -> (page shown, its subjects) of the first ``INCOMING_GROUPS`` incoming groups: the groups that fit
    on one page in one query (``entity-incoming-few``), each longer one a page of its own."""
    q = sparqlfiles.query
    pages: dict[str, tuple[int, list[Identifier]]] = {}
    few = []
    for prop, n in counts[:INCOMING_GROUPS]:
        if n <= INCOMING_PAGE and sparqlfiles.writable(prop):
            pages[prop] = (1, [])
            few.append(prop)
            continue
        want = page if prop == incoming else 1
        want = max(1, min(want, math.ceil(n / INCOMING_PAGE) or 1))
        query = sparqlfiles.paged(q("entity-incoming-page"), INCOMING_PAGE, (want - 1) * INCOMING_PAGE)
        pages[prop] = (want, [r["s"] for r in store.select(query, {"this": this, "p": URIRef(prop)})])
    if few:
        for r in store.select(sparqlfiles.with_values(q("entity-incoming-few"), "p", few), {"this": this}):
            pages[str(r["p"])][1].append(r["s"])
    return pages


def describe(store: GraphStore, iri: str, base: str, incoming: str | None = None, page: int = 1) -> Entity | None:
    """The entity page model of ``iri`` (None when the store knows nothing of it).

    :param incoming: a property IRI whose incoming subjects to page through (``page`` is 1-based).
    """
    this = URIRef(iri)
    out, bnode_rows, notes, counts = _neighbourhood(store, this)
    if not out and not counts and not exists(store, iri):
        return None
    pages = _incoming_pages(store, this, counts, incoming, page)
    raw_sections = _section_rows(store, iri, base)

    wanted = {iri} | {p for p, _, _ in out} | {str(o) for _, o, _ in out if isinstance(o, URIRef)}
    wanted |= {str(r["p"]) for r in bnode_rows} | {str(r["o"]) for r in bnode_rows if isinstance(r["o"], URIRef)}
    wanted |= {p for p, _ in counts} | {str(s) for _, subjects in pages.values() for s in subjects}
    wanted |= {str(r.get("status")) for r in notes if r.get("status")}
    wanted |= _section_iris(raw_sections)
    labels = fetch_labels(store, wanted)
    sections = _sections(raw_sections, labels, base)
    with_links = build_graph_sources(store, base)
    sources = {g: view for g, (view, _) in with_links.items()}

    nested: dict[str, list[tuple[str, Identifier, str]]] = {}
    for r in bnode_rows:
        nested.setdefault(str(r["b"]), []).append((str(r["p"]), r["o"], str(r["g"])))
    status_of: dict[tuple[str, str], dict[str, TermView]] = {}  # each status and note once
    evidence: dict[tuple[str, str], list[tuple[str, str | None, str | None]]] = {}
    for r in notes:
        key = (str(r["p"]), str(r["o"]))
        entry = status_of.setdefault(key, {})
        if r.get("status"):
            entry.setdefault(str(r["status"]), term_view(r["status"], labels, base))
        if r.get("note"):
            entry.setdefault(str(r["note"]), {"type": "literal", "value": str(r["note"]), "label": str(r["note"]),
                                              "path": None})
        if r.get("locator") or r.get("quote"):
            found = (str(r["g"]), str(r["locator"]) if r.get("locator") else None,
                     str(r["quote"]) if r.get("quote") else None)
            if found not in evidence.setdefault(key, []):
                evidence[key].append(found)

    def props(rows: list[tuple[str, Identifier, str]], depth: int) -> list[Property]:
        result: list[Property] = []
        for p, objects in _group(rows).items():
            if p == str(RDF.type) and depth == 0:
                continue
            values = []
            for o, graphs in objects.items():
                value: Value = {"term": term_view(o, labels, base),
                              "graphs": [_graph_view(g, sources, base) for g in graphs],
                              "annotations": list(status_of.get((p, str(o)), {}).values()) if depth == 0 else []}
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
    incoming_groups: list[IncomingGroup] = []
    for prop, n in counts[:INCOMING_GROUPS]:
        current, subjects = pages[prop]
        incoming_groups.append({
            "property": term_view(URIRef(prop), labels, base, predicate=True), "count": n, "page": current,
            "pages": math.ceil(n / INCOMING_PAGE), "subjects": [term_view(s, labels, base) for s in subjects]})
    label = labels.get(iri) or fallback_label(iri)
    properties = fold_aligned(props(out, 0), property_parents(store))
    page_sources = number_sources(properties, evidence, {g: {**view, **links} for g, (view, links) in
                                                         with_links.items()})
    properties, identifiers = split_identifiers(properties)
    return {
        "iri": iri, "label": label, "kind": kind_slug[0] if kind_slug else None,
        "types": [term_view(URIRef(t), labels, base) for t in types],
        "status": list({s["value"]: s for s in statuses}.values()),
        "properties": properties, "incoming": incoming_groups,
        "incoming_truncated": len(counts) > INCOMING_GROUPS, "sections": sections,
        "sources": page_sources, "identifiers": identifiers,
    }


def kind_sections(store: GraphStore, iri: str, base: str) -> list[Section]:
    """The tables that fit the entity's kind (a meeting's agenda, a person's presentations...)."""
    raw = _section_rows(store, iri, base)
    return _sections(raw, fetch_labels(store, _section_iris(raw)), base)


RawSection = tuple[str, list[str], list[dict[str, Identifier]]]


def _section_rows(store: GraphStore, iri: str, base: str) -> list[RawSection]:
    """(title, variables, rows) of each kind section query that fits the entity and answers something."""
    parsed = uris.parse_entity_iri(iri, base)
    if parsed is None:
        return []
    raw = []
    for rq in sparqlfiles.sections():
        if parsed[0] in rq.words("kinds"):
            result = store.select(rq.text, {"this": URIRef(iri)})
            if result.rows:
                raw.append((rq.get("title", rq.name), result.vars, result.rows))
    return raw


def _section_iris(raw: list[RawSection]) -> set[str]:
    return {str(v) for _, _, rows in raw for r in rows for v in r.values() if isinstance(v, URIRef)}


def _sections(raw: list[RawSection], labels: dict[str, str], base: str) -> list[Section]:
    sections: list[Section] = []
    for title, names, rows in raw:
        keys = [v for v in names if v != "this"]
        sections.append({"title": title, "columns": [humanise(v) for v in keys], "keys": keys,
                         "rows": [{v: term_view(r[v], labels, base) if v in r else None for v in keys} for r in rows]})
    return sections
