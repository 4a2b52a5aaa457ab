"""The published JSON-LD context (``/context.jsonld``): readable terms for the graph's classes and properties.

Written once, from the prefix table (``PREFIXES``, ``dsi`` under the served base) and the ontology's terms
(``ontology_terms()``), each property coerced as the graph uses it (``read/queries/context-usage.rq``): values all
IRIs give ``"@type": "@id"``, mostly English strings ``"@language": "en"``, mostly one datatype that ``@type``.
A term is the local name (``topic``, ``label``, ``startDate``): the ontology's terms first, then the other
vocabularies in the prefix table's order, so a local name two vocabularies share is the first one's term
(``sameAs`` is ``owl:sameAs``) and the other stays a compact IRI (``schema:sameAs``). ``id`` and ``type`` alias
``@id`` and ``@type``, as schema.org's and Wikidata's JSON do.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import Any

from rdflib import RDF, XSD

from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import PREFIXES, ontology_terms
from dsi_graph.read import sparqlfiles
from dsi_graph.stores.base import GraphStore

#: readable names for terms whose local name says nothing
NAMES = {PREFIXES["wdt"] + "P297": "isoAlpha2", PREFIXES["wdt"] + "P298": "isoAlpha3"}
RESERVED = frozenset({"id", "type", "graph", "context"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@cache
def _ontology() -> dict[str, list[str]]:
    return ontology_terms()


def prefixes(base: str) -> dict[str, str]:
    """The prefix table with ``dsi`` under the served base."""
    return {**PREFIXES, "dsi": uris.ontology_namespace(base)}


def _compact(iri: str, table: dict[str, str]) -> str:
    """``prefix:local`` when a prefix of ``table`` covers ``iri`` (the longest), else ``iri``."""
    best = max((p for p, ns in table.items() if iri.startswith(ns) and len(iri) > len(ns)),
               key=lambda p: len(table[p]), default=None)
    return f"{best}:{iri[len(table[best]):]}" if best else iri


def _usage(store: GraphStore) -> dict[str, dict[tuple[str, str, str], int]]:
    """``{property: {(kind, language, datatype): count}}`` over the graph."""
    usage: dict[str, dict[tuple[str, str, str], int]] = defaultdict(dict)
    for row in store.select(sparqlfiles.query("context-usage")):
        key = (str(row["kind"]), str(row.get("lang") or ""), str(row.get("dt") or ""))
        usage[str(row["p"])][key] = int(row["n"])
    return usage


def _coercion(uses: dict[tuple[str, str, str], int], table: dict[str, str]) -> dict[str, str]:
    """The term's ``@type`` / ``@language`` from how the property is used (nothing when it is mixed)."""
    literals = {key: n for key, n in uses.items() if key[0] == "literal"}
    if uses and not literals:
        return {"@type": "@id"}
    if not literals or len(literals) != len(uses):
        return {}
    (_kind, lang, datatype), _n = max(literals.items(), key=lambda item: (item[1], item[0]))
    if lang == "en":
        return {"@language": "en"}
    if datatype and not lang and datatype != str(XSD.string):
        return {"@type": _compact(datatype, table)}
    return {}


def _local(iri: str, table: dict[str, str]) -> str | None:
    name = NAMES.get(iri)
    if name is None:
        curie = _compact(iri, table)
        name = curie.split(":", 1)[1] if ":" in curie and curie != iri else None
    return name if name and _NAME.match(name) and name not in RESERVED else None


def _namespace_order(iri: str, table: dict[str, str]) -> int:
    order = list(table)
    curie = _compact(iri, table)
    return order.index(curie.split(":", 1)[0]) if curie != iri else len(order)


def jsonld_context(store: GraphStore, base: str) -> dict[str, Any]:
    """The context document ``{"@context": {...}}`` for the graph in ``store`` served under ``base``."""
    table = prefixes(base)
    ontology = table["dsi"]
    usage = _usage(store)
    context: dict[str, Any] = {**table, "id": "@id", "type": "@type"}
    terms = _ontology()
    own = [ontology + name for name in (*terms["classes"], *terms["properties"])]
    others = sorted((p for p in usage if not p.startswith(ontology) and p != str(RDF.type)),
                    key=lambda p: (_namespace_order(p, table), p))
    for iri in [*own, *others]:
        name = _local(iri, table)
        if name is None or name in context:
            continue
        if iri[len(ontology):] in terms["classes"]:  # a class: a plain term, for "type": "Meeting"
            context[name] = _compact(iri, table)
            continue
        coercion = _coercion(usage.get(iri, {}), table)
        context[name] = {"@id": _compact(iri, table), **coercion} if coercion else _compact(iri, table)
    return {"@context": context}
