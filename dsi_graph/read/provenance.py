"""Entity pages without repetition: aligned-vocabulary copies folded into the property they copy, each source
numbered and listed once with what it states, outbound identifiers apart.

Pure reshaping of the property lists that :func:`dsi_graph.read.describe.describe` builds (no store): a value keeps
its ``graphs`` and gains ``refs`` (numbers into the page's ``sources``) and ``evidence`` (locator and quote).
"""

from __future__ import annotations

from typing import Any

from dsi_graph.rdf.namespaces import DSI_NS, PREFIXES, SCHEMA, curie
from dsi_graph.read.models import Identifier, PageSource, Property, TermView

INFERRED_GRAPH = "graph/inferred"
RDFS, SKOS, OWL = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["owl"]
RDF_TYPE = PREFIXES["rdf"] + "type"
# the label aliases of queries/rules/construct-label-aliases.rq: copies of rdfs:label
LABEL_ALIASES = {SCHEMA + "name", PREFIXES["dcterms"] + "title", PREFIXES["foaf"] + "name", SKOS + "prefLabel"}
IDENTIFIER_PROPS = {OWL + "sameAs": "same as", SCHEMA + "sameAs": "same as", SKOS + "exactMatch": "exact match",
                    SKOS + "closeMatch": "close match"}
# (IRI prefix, authority): the authorities an identifier link names
AUTHORITIES = [
    ("http://www.wikidata.org/entity/", "Wikidata"), ("https://www.wikidata.org/wiki/", "Wikidata"),
    ("https://ror.org/", "ROR"), ("https://orcid.org/", "ORCID"), ("https://doi.org/", "DOI"),
    ("http://dx.doi.org/", "DOI"), ("https://www.gbif.org/", "GBIF"), ("https://api.gbif.org/", "GBIF"),
    ("http://publications.europa.eu/resource/authority/country/", "EU country authority"),
    ("https://www.iso.org/obp/ui/#iso:code:3166:", "ISO 3166"), ("urn:iso:std:iso:3166", "ISO 3166"),
    ("https://sws.geonames.org/", "GeoNames"), ("http://sws.geonames.org/", "GeoNames"),
    ("http://id.loc.gov/", "Library of Congress"), ("https://viaf.org/viaf/", "VIAF"),
]


def is_inferred(graph: str) -> bool:
    """Whether a graph IRI is the build's inferred graph."""
    return graph.endswith(INFERRED_GRAPH)


def _keys(prop: Property) -> set[str]:
    return {v["term"]["value"] for v in prop["values"]}


def _only_inferred(prop: Property) -> bool:
    graphs = [g["value"] for v in prop["values"] for g in v["graphs"]]
    return bool(graphs) and all(is_inferred(g) for g in graphs)


def fold_aligned(props: list[Property], supers: dict[str, set[str]]) -> list[Property]:
    """Fold each inferred copy (a super-property or label alias with no value of its own) into what it copies.

    :param supers: property IRI -> its super-properties (the closure of ``rdfs:subPropertyOf``).
    """
    asserted = [p for p in props if not _only_inferred(p)]
    kept: list[Property] = []
    for prop in props:
        iri = prop["property"]["value"]
        target = None
        if _only_inferred(prop):
            for own in asserted:
                own_iri = own["property"]["value"]
                copies = iri in supers.get(own_iri, set()) or (own_iri == RDFS + "label" and iri in LABEL_ALIASES)
                if copies and _keys(prop) <= _keys(own) | _nested_keys(own, prop):
                    target = own
                    break
        if target is None:
            kept.append(prop)
            continue
        term = dict(prop["property"])
        term["curie"] = curie(iri)
        target.setdefault("aligned", []).append(term)  # type: ignore[arg-type]
    for prop in kept:
        for value in prop["values"]:
            if value.get("nested"):
                value["nested"] = fold_aligned([_own_types(n) for n in value["nested"]
                                                if not (n["property"]["value"] == RDF_TYPE and _only_inferred(n))],
                                               supers)
    return kept


def _own_types(prop: Property) -> Property:
    """A blank node's types without the aligned ones (``prov:Association`` beside ``dsi:Participation``)."""
    if prop["property"]["value"] != RDF_TYPE:
        return prop
    own = [v for v in prop["values"] if v["term"]["value"].startswith(DSI_NS)]
    return {**prop, "values": own} if own else prop


def _nested_keys(own: Property, prop: Property) -> set[str]:
    """Blank nodes are named per graph: a copy of a blank-node property matches by position."""
    if all(v["term"]["type"] == "bnode" for v in prop["values"]) and len(prop["values"]) == len(own["values"]):
        return _keys(prop)
    return set()


def _walk(props: list[Property]) -> list[tuple[Property, dict[str, Any]]]:
    out = []
    for prop in props:
        for value in prop["values"]:
            out.append((prop, value))
            out.extend(_walk(value.get("nested", [])))
    return out


def number_sources(props: list[Property], evidence: dict[tuple[str, str], list[tuple[str, str | None, str | None]]],
                   sources: dict[str, TermView]) -> list[PageSource]:
    """Number the sources of every statement (most statements first), set each value's ``refs`` and ``evidence``.

    :param evidence: (property IRI, object) -> [(graph, locator, quote)] from the statement annotations.
    :param sources: graph IRI -> the graph's view (label, path, ``source`` IRI, ``url``).
    """
    pairs = _walk(props)
    counts: dict[str, int] = {}
    for _, value in pairs:
        for g in value["graphs"]:
            if not is_inferred(g["value"]):
                counts[g["value"]] = counts.get(g["value"], 0) + 1
    order = sorted(counts, key=lambda g: (-counts[g], sources.get(g, {}).get("label", g)))
    number = {g: i + 1 for i, g in enumerate(order)}
    listed: dict[str, PageSource] = {}
    for g in order:
        view = next(gv for _, v in pairs for gv in v["graphs"] if gv["value"] == g)
        src = sources.get(g)
        source_term: TermView | None = None
        if src and src.get("source"):
            source_term = {"type": "iri", "value": src["source"], "label": view["label"],
                           "path": src.get("source_path")}
        listed[g] = {"ref": number[g], "label": view["label"], "graph": view, "source": source_term,
                     "url": src.get("url") if src else None, "states": [], "statements": counts[g], "evidence": []}
    for prop, value in pairs:
        value["refs"] = sorted(number[g["value"]] for g in value["graphs"] if g["value"] in number)
        value["inferred"] = not value["refs"] and any(is_inferred(g["value"]) for g in value["graphs"])
        plabel = prop["property"]["label"]
        for g in value["graphs"]:
            entry = listed.get(g["value"])
            if entry is not None and plabel not in entry["states"]:
                entry["states"].append(plabel)
        found = evidence.get((prop["property"]["value"], value["term"]["value"]), [])
        value["evidence"] = []
        for g, locator, quote in found:
            if g in number and (locator or quote):
                value["evidence"].append({"ref": number[g], "locator": locator, "quote": quote})
                listed[g]["evidence"].append({"property": plabel, "value": value["term"]["label"] or None,
                                              "locator": locator, "quote": quote})
    return list(listed.values())


def authority(iri: str) -> tuple[str, str]:
    """(authority name, identifier) of an outbound IRI (``Q42`` of Wikidata); the host for an unknown one."""
    for prefix, name in AUTHORITIES:
        if iri.startswith(prefix):
            return name, iri[len(prefix):].strip("/") or iri
    host = iri.split("://", 1)[-1].split("/", 1)[0]
    return host or iri, iri.rstrip("/").rsplit("/", 1)[-1]


def split_identifiers(props: list[Property]) -> tuple[list[Property], list[Identifier]]:
    """The properties without the identifier links, and those links as outbound identifiers (each once)."""
    kept: list[Property] = []
    found: dict[str, Identifier] = {}
    for prop in props:
        match = IDENTIFIER_PROPS.get(prop["property"]["value"])
        if match is None or any(v["term"]["type"] != "iri" or v["term"].get("path") for v in prop["values"]):
            kept.append(prop)
            continue
        for value in prop["values"]:
            url = value["term"]["value"]
            name, ident = authority(url)
            entry = found.setdefault(url, {"authority": name, "id": ident, "url": url, "match": match, "refs": []})
            entry["refs"] = sorted(set(entry["refs"]) | set(value.get("refs", [])))
    return kept, sorted(found.values(), key=lambda i: (i["authority"], i["id"]))
