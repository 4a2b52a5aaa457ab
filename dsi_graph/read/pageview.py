"""Presentation helpers for entity and home pages: a summary of facts, a grouped agenda, compact section tables.

Everything here reshapes the read models of ``describe`` and ``overview`` (only ``class_parents`` asks the store),
and only *adds* keys (``summary``, ``agenda``, ``display_keys``, ``display_rows``, ``inferred``...), so the JSON
twins keep every key they had.
"""

from __future__ import annotations

import re
from typing import Any

from dsi_graph.rdf.namespaces import DSI_NS, PREFIXES, SCHEMA, curie
from dsi_graph.read import sparqlfiles
from dsi_graph.read.models import ClassCount, ClassGroups, Entity
from dsi_graph.read.search import closure
from dsi_graph.stores.base import GraphStore

Row = dict[str, Any]
DCT, SKOS, ORG = PREFIXES["dcterms"], PREFIXES["skos"], PREFIXES["org"]
INFERRED_GRAPH = "graph/inferred"

# (fact label, property IRIs whose values show) per entity kind; "dates" and "place" are computed.
FACTS: dict[str, list[tuple[str, list[str]]]] = {
    "meeting": [("Dates", []), ("Place", []), ("Series", [DSI_NS + "inSeries"]),
                ("Part of", [DSI_NS + "partOfMeeting"]), ("Organisers", [DSI_NS + "organiser"]),
                ("Hosts", [DSI_NS + "host"]), ("Funders", [DSI_NS + "funder"]),
                ("Funded by", [DSI_NS + "fundedBy"])],
    "series": [("Code", [DCT + "identifier"]), ("Organisers", [DSI_NS + "organiser"])],
    "decision": [("Number", [SKOS + "notation"]), ("Adopted at", [DSI_NS + "adoptedAt"]),
                 ("Adopted by", [DSI_NS + "adoptedBy"]), ("Date", [DCT + "date"])],
    "document": [("Symbol", [DCT + "identifier"]), ("Date", [DCT + "date"]), ("Meeting", [DSI_NS + "documentOf"]),
                 ("Authors", [DSI_NS + "author"]), ("Publisher", [DCT + "publisher"])],
    "person": [("Affiliations", [SCHEMA + "affiliation"])],
    "topic": [("Broader", [SKOS + "broader"])],
    "organisation": [("Kinds", [ORG + "classification"]), ("Acronym", [DSI_NS + "acronym"]),
                     ("Country", [SCHEMA + "addressCountry"]), ("Part of", [ORG + "subOrganizationOf"])],
    "position": [("Held by", [DSI_NS + "heldBy"]), ("Stance", [DSI_NS + "stance"]), ("Date", [DCT + "date"]),
                 ("Expressed in", [DSI_NS + "expressedIn"])],
    "grant": [("Number", [DSI_NS + "grantNumber"]), ("Funder", [DSI_NS + "funder"]),
              ("Recipients", [DSI_NS + "recipient"])],
}
FACTS["recommendation"] = FACTS["decision"]

# Home page: domain classes in this order (each followed by its subclasses), provenance/technical ones apart.
DOMAIN_ORDER = ["Meeting", "MeetingSeries", "AgendaItem", "Presentation", "Decision", "Recommendation", "Document",
                "Person", "Organisation", "Topic", "Position", "Grant", "Process"]
TECHNICAL = {"Source", "SourceGraph", "StatementAnnotation", "Participation", "DocumentPart", "Paragraph",
             "Section"}


def _lit(value: str) -> Row:
    return {"type": "literal", "value": value, "label": value, "path": None, "lang": None, "datatype": None}


def _values(entity: Row, prop: str) -> list[Row]:
    for p in entity.get("properties", []):
        if p["property"]["value"] == prop:
            return p["values"]
    return []


def _terms(entity: Row, prop: str) -> list[Row]:
    return [v["term"] for v in _values(entity, prop) if v["term"]["type"] != "bnode"]


def _first(entity: Row, prop: str) -> str | None:
    terms = _terms(entity, prop)
    return terms[0]["value"] if terms else None


def _place(entity: Row) -> list[Row]:
    """The venue ("name, locality, country") of a meeting, or "online" for an online meeting."""
    places = []
    for v in _values(entity, SCHEMA + "location"):
        parts: dict[str, str] = {}
        for n in v.get("nested", []):
            parts[n["property"]["value"]] = ", ".join(x["term"]["label"] for x in n["values"])
        text = ", ".join(parts[k] for k in (SCHEMA + "name", SCHEMA + "addressLocality", SCHEMA + "addressCountry")
                         if parts.get(k))
        if text or v["term"]["type"] != "bnode":
            places.append(_lit(text) if text else v["term"])
    modes = {t["value"].rsplit("/", 1)[-1] for t in _terms(entity, SCHEMA + "eventAttendanceMode")}
    if "OnlineEventAttendanceMode" in modes:
        places.append(_lit("online"))
    elif "MixedEventAttendanceMode" in modes:
        places.append(_lit("hybrid (in person and online)"))
    return places


def summary(entity: Row) -> list[Row]:
    """The at-a-glance facts of an entity: ``[{"label", "values": [term]}]`` (empty facts left out)."""
    facts = []
    for label, props in FACTS.get(entity.get("kind") or "", []):
        if label == "Dates":
            start, end = _first(entity, SCHEMA + "startDate"), _first(entity, SCHEMA + "endDate")
            text = f"{start} – {end}" if start and end and end != start else start or end
            values = [_lit(text)] if text else []
        elif label == "Place":
            values = _place(entity)
        else:
            values = [t for p in props for t in _terms(entity, p)]
        if values:
            facts.append({"label": label, "values": values})
    return facts


def _short_part_label(label: str, parent: str, number: str | None, path: str | None) -> str:
    """``"Decision 16/2: …, paragraph 1"`` under ``"Decision 16/2: …"`` -> ``"para 1"``."""
    if number and path and path.startswith("/id/paragraph/"):
        return f"para {number}" if number[0].isdigit() else number
    if label.startswith(parent) and len(label) > len(parent):
        return label[len(parent):].lstrip(" ,:") or label
    head, sep, rest = label.partition(", ")
    if sep and parent.startswith(head):
        return rest
    return label


def _parts(section: Row, parent: str) -> None:
    """One row per part with a short label linking to it and its summaries; the number column folds in."""
    rows: dict[str, Row] = {}
    for r in section["rows"]:
        part = r.get("part")
        if not part:
            continue
        number = r["number"]["value"] if r.get("number") else None
        row = rows.setdefault(part["value"], {
            "part": {**part, "label": _short_part_label(part["label"], parent, number, part.get("path")),
                     "title": part["label"]}, "page": r.get("page"), "summary": []})
        if r.get("summary") and r["summary"] not in row["summary"]:
            row["summary"].append(r["summary"])
    section["display_rows"] = list(rows.values())
    section["display_keys"] = ["part", "page", "summary"]


def agenda(entity: Row) -> list[Row]:
    """A meeting's agenda items, each once, with its readings (and pages) and presentations (with presenters)."""
    sections = {s["title"]: s for s in entity.get("sections", [])}
    items: dict[str, Row] = {}

    def item(term: Row, number: Row | None = None) -> Row:
        entry = items.setdefault(term["value"], {"item": term, "number": None, "readings": [], "presentations": []})
        if number and not entry["number"]:
            entry["number"] = number["value"]
        return entry

    for r in sections.get("Agenda", {}).get("rows", []):
        entry = item(r["agenda_item"], r.get("number"))
        if r.get("reading"):
            reading = {"reading": r["reading"], "page": r["page"]["value"] if r.get("page") else None}
            if reading not in entry["readings"]:
                entry["readings"].append(reading)
    for r in sections.get("Presentations", {}).get("rows", []):
        if not r.get("agenda_item") or not r.get("presentation"):
            continue
        entry = item(r["agenda_item"])
        talk = next((t for t in entry["presentations"] if t["presentation"]["value"] == r["presentation"]["value"]),
                    None)
        if talk is None:
            talk = {"presentation": r["presentation"], "presenters": []}
            entry["presentations"].append(talk)
        if r.get("presenter"):
            who = {"presenter": r["presenter"], "organisation": r.get("organisation")}
            if who not in talk["presenters"]:
                talk["presenters"].append(who)
    return sorted(items.values(), key=lambda e: (e["number"] is None, _natural(e["number"] or ""),
                                                 e["item"]["label"]))


def _natural(text: str) -> list[Any]:
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", text) if t]


def _compact(section: Row, iri: str) -> None:
    """Only the columns that have a value in some row, other than the page's own entity in every row."""
    rows = section.get("display_rows", section["rows"])
    keys = section.get("display_keys", section["keys"])

    def shown(k: str) -> bool:
        values = [r.get(k) for r in rows if r.get(k)]
        return bool(values) and not all(isinstance(v, dict) and v.get("value") == iri for v in values)
    section["display_rows"] = rows
    section["display_keys"] = [k for k in keys if shown(k)]
    labels = {"refs": "sources", **dict(zip(section["keys"], section["columns"], strict=False))}
    section["display_columns"] = [labels.get(k, k.replace("_", " ")) for k in section["display_keys"]]


def _effects(section: Row, iri: str, parent: str) -> None:
    """One row per target: its most specific relations ("establishes" over the "mandates" it implies) and the
    parts that state it (the decision itself only when no part does)."""
    rows: dict[str, Row] = {}
    for r in section["rows"]:
        target, relation, via = r.get("target"), r.get("relation"), r.get("via")
        if not target:
            continue
        row = rows.setdefault(target["value"], {"target": target, "relation": [], "via": []})
        if relation and relation["value"] not in [x["value"] for x in row["relation"]]:
            row["relation"].append(relation)
        if via and via["value"] not in [x["value"] for x in row["via"]]:
            short = via["label"] if via["value"] == iri else _short_part_label(via["label"], parent, None, None)
            row["via"].append({**via, "label": short, "title": via["label"]})
    for row in rows.values():
        names = {x["value"] for x in row["relation"]}
        if len(names) > 1:
            row["relation"] = [x for x in row["relation"] if x["value"] != "mandates"]
        parts = [v for v in row["via"] if v["value"] != iri]
        row["via"] = parts or [v for v in row["via"] if v["value"] == iri]
    section["display_rows"] = sorted(rows.values(), key=lambda r: (r["relation"][0]["value"] if r["relation"]
                                                                   else "", r["target"]["label"].lower()))
    section["display_keys"] = ["relation", "target", "via"]


def _participants(entity: Row, section: Row) -> None:
    """The Participants table with each participation's sources and note; the statements then skip it."""
    details: dict[tuple[str, str], Row] = {}
    prop = next((p for p in entity.get("properties", []) if p["property"]["value"] == DSI_NS + "participation"),
                None)
    if prop is None:
        return
    for v in prop["values"]:
        parts = {n["property"]["value"]: n["values"] for n in v.get("nested", [])}
        who = [x["term"]["value"] for x in parts.get(DSI_NS + "participant", [])]
        role = [x["term"]["value"] for x in parts.get(DSI_NS + "role", [])]
        notes = [x["term"] for x in parts.get(PREFIXES["skos"] + "editorialNote", [])]
        for w in who:
            entry = details.setdefault((w, role[0] if role else ""), {"refs": set(), "note": []})
            entry["refs"] |= set(v.get("refs", []))
            entry["note"] += [n for n in notes if n not in entry["note"]]
    rows = []
    for r in section["rows"]:
        key = ((r.get("participant") or {}).get("value", ""), (r.get("role") or {}).get("value", ""))
        found = details.get(key, {"refs": set(), "note": []})
        rows.append({**r, "refs": sorted(found["refs"]), "note": found["note"]})
    section["display_rows"] = rows
    section["display_keys"] = [*section["keys"], "note", "refs"]
    prop["in_section"] = section["title"]


def enrich(entity: Entity) -> Entity:
    """Add the page presentation keys to an entity read model (in place; returns it)."""
    entity["summary"] = summary(entity)
    if entity.get("kind") == "meeting":
        entity["agenda"] = agenda(entity)
    for section in entity.get("sections", []):
        if section["title"] == "Parts":
            _parts(section, entity.get("label", ""))
        elif section["title"] == "Agenda" and entity.get("agenda"):
            section["display_rows"] = []  # shown as the grouped agenda
        elif section["title"] == "Presentations" and entity.get("agenda"):
            section["display_rows"] = [r for r in section["rows"] if not r.get("agenda_item")]
        elif section["title"] == "Establishes, mandates, cites":
            _effects(section, entity.get("iri", ""), entity.get("label", ""))
        elif section["title"] == "Participants":
            _participants(entity, section)
        _compact(section, entity.get("iri", ""))
    for prop in entity.get("properties", []):
        graphs = [g["value"] for v in prop["values"] for g in v["graphs"]]
        prop["inferred"] = bool(graphs) and all(g.endswith(INFERRED_GRAPH) for g in graphs)
    _mark_incoming(entity.get("incoming", []))
    return entity


def _mark_incoming(groups: list[Row]) -> None:
    """Flag incoming groups that repeat a ``dsi:`` group through an aligned vocabulary; name same-label ones."""
    def subjects(g: Row) -> tuple[int, frozenset[str]]:
        return g["count"], frozenset(s["value"] for s in g["subjects"])
    own = {subjects(g) for g in groups if g["property"]["value"].startswith(DSI_NS)}
    for g in groups:
        g["inferred"] = not g["property"]["value"].startswith(DSI_NS) and subjects(g) in own
    seen = [(g["inferred"], g["property"]["label"]) for g in groups]
    for g in groups:
        if seen.count((g["inferred"], g["property"]["label"])) > 1:
            g["property"]["curie"] = curie(g["property"]["value"])


def class_groups(classes: list[ClassCount], parents: dict[str, str]) -> ClassGroups:
    """Home page classes: ``domain`` (by ``DOMAIN_ORDER``, subclasses after their parent) and ``provenance``.

    :param parents: local class name -> local name of the ``DOMAIN_ORDER`` class it specialises.
    """
    domain: list[Row] = []
    provenance: list[ClassCount] = []
    by_name = {c["value"].rsplit("/", 1)[-1]: c for c in classes}
    for name in DOMAIN_ORDER:
        if name in by_name:
            domain.append({**by_name[name], "level": 0})
        subs = [c for n, c in by_name.items() if parents.get(n) == name
                and n not in DOMAIN_ORDER and n not in TECHNICAL]
        domain.extend({**c, "level": 1} for c in sorted(subs, key=lambda c: -c["count"]))
    placed = {c["value"] for c in domain}
    for name, c in by_name.items():
        if name in TECHNICAL:
            provenance.append(c)
        elif c["value"] not in placed:
            domain.append({**c, "level": 0})
    return {"domain": domain, "provenance": provenance}


def class_parents(store: GraphStore) -> dict[str, str]:
    """Local class name -> the ``DOMAIN_ORDER`` class it specialises (the first in that order).

    The closure is computed here from direct ``rdfs:subClassOf`` (Virtuoso cannot run ``?c rdfs:subClassOf+ ?top``
    with neither end bound).
    """
    supers = closure((str(r["sub"]), str(r["super"])) for r in store.select(sparqlfiles.query("subclasses")))
    tops = {c[len(DSI_NS):]: {t[len(DSI_NS):] for t in found if t.startswith(DSI_NS)}
            for c, found in supers.items() if c.startswith(DSI_NS)}
    return {c: next(n for n in DOMAIN_ORDER if n in found) for c, found in tops.items()
            if any(n in found for n in DOMAIN_ORDER)}
