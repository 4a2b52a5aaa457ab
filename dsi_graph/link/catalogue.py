"""What reconciliation knows about each entity besides its names: statements, types, the ontology's classes and
properties. Read from two SELECT queries in ``dsi_graph/link/queries/`` over any :class:`GraphStore`; pure after that.

Entity identifiers of the Reconciliation API are ``{kind}/{slug}`` (the path after ``/id/``); type identifiers are
class IRIs, property identifiers predicate IRIs (a CURIE, a local name or a short alias is accepted as well).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Literal
from rdflib.term import Identifier

from dsi_graph.link.index import read_query, split_iri
from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import PREFIXES
from dsi_graph.read.search import closure, fold
from dsi_graph.stores.base import GraphStore

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
ALT_LABEL = PREFIXES["skos"] + "altLabel"
NAME_PROPERTIES = (RDFS_LABEL, PREFIXES["schema"] + "name", PREFIXES["skos"] + "prefLabel")
DESCRIPTION_PROPERTIES = (PREFIXES["dcterms"] + "description", PREFIXES["dsi"] + "summary",
                          PREFIXES["dcterms"] + "abstract", PREFIXES["skos"] + "definition")
# Short names a spreadsheet column may carry, for property constraints (each one or more predicates).
ALIASES: dict[str, tuple[str, ...]] = {
    "affiliation": (PREFIXES["schema"] + "affiliation",),
    "country": (PREFIXES["schema"] + "addressCountry",),
    "date": (PREFIXES["dcterms"] + "date", PREFIXES["schema"] + "startDate", PREFIXES["schema"] + "endDate"),
    "meeting": tuple(PREFIXES["dsi"] + p for p in ("adoptedAt", "documentOf", "ofMeeting", "presentedAt",
                                                    "partOfMeeting", "agendaItemOf")),
    "symbol": (PREFIXES["dcterms"] + "identifier",),
    "identifier": (PREFIXES["dcterms"] + "identifier",),
    "acronym": (PREFIXES["dsi"] + "acronym",),
    "series": (PREFIXES["dsi"] + "inSeries",),
    "author": (PREFIXES["dsi"] + "author",),
    "organiser": (PREFIXES["dsi"] + "organiser",),
}
# Not proposed for extension: the type, editors' notes, and the copies of the label the build writes for other
# vocabularies (schema:name, foaf:name, dcterms:title).
_HIDDEN = {RDF_TYPE, PREFIXES["skos"] + "editorialNote", PREFIXES["schema"] + "name", PREFIXES["foaf"] + "name",
           PREFIXES["dcterms"] + "title"}
# Kinds a query without a type never returns (the sources' records and the vocabularies' concepts and schemes).
UNTYPED_SKIPPED = frozenset({"source", "concept", "scheme"})


@dataclass(frozen=True)
class Term:
    """A class or property: IRI, label, comment."""

    iri: str
    name: str
    description: str | None = None


@dataclass
class Catalogue:
    """Statements by subject (entities and the blank nodes they point to), types, classes and properties."""

    base: str
    statements: dict[str, dict[str, list[Identifier]]] = field(default_factory=lambda: defaultdict(dict))
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # entity -> direct ontology classes
    classes: dict[str, Term] = field(default_factory=dict)
    properties: dict[str, Term] = field(default_factory=dict)
    supers: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: GraphStore, base: str = uris.DEFAULT_BASE) -> Catalogue:
        """Read the entities' statements and the ontology's terms from ``store``."""
        cat = cls(base)
        ns = uris.ontology_namespace(base)
        rows = store.select(read_query("reconcile-statements"), {"ids": Literal(base + "id/")})
        for row in rows.rows:
            subject, prop, value = row["entity"], str(row["property"]), row["value"]
            key = _key(subject)
            cat.statements[key].setdefault(prop, []).append(value)
            if prop == RDF_TYPE and str(value).startswith(ns):
                cat.types[key].add(str(value))
        pairs = []
        for row in store.select(read_query("reconcile-terms")).rows:
            iri, sort = str(row["term"]), str(row["sort"])
            label = str(row["label"]) if row.get("label") is not None else _local_label(iri)
            comment = str(row["comment"]) if row.get("comment") is not None else None
            table = cat.classes if sort == "class" else cat.properties
            if iri not in table or (table[iri].description is None and comment):
                table[iri] = Term(iri, label, comment)
            if row.get("super") is not None:
                pairs.append((iri, str(row["super"])))
        cat.supers = closure(pairs)
        return cat

    # --- identifiers -------------------------------------------------------------------------------------------

    def entity_iri(self, ident: str) -> str | None:
        """The IRI of an API identifier (``meeting/cop-16``, or the full IRI), when the graph holds it."""
        ident = ident.strip()
        iri = ident if ident.startswith(("http://", "https://")) else self.base + "id/" + ident.strip("/")
        return iri if iri in self.statements and split_iri(iri) else None

    def ident(self, iri: str) -> str:
        """The API identifier ``{kind}/{slug}`` of an entity IRI."""
        return iri[len(self.base + "id/"):] if iri.startswith(self.base + "id/") else iri

    def resolve_type(self, ident: str) -> str | None:
        """A class IRI from an IRI, a CURIE (``dsi:Meeting``) or a local name (``Meeting``)."""
        return _resolve(ident, self.classes, uris.ontology_namespace(self.base))

    def resolve_properties(self, ident: str) -> tuple[str, ...]:
        """The predicates a property identifier names: an IRI, a CURIE, a local name or an alias of :data:`ALIASES`."""
        if fold(ident) in ALIASES:
            return ALIASES[fold(ident)]
        found = _resolve(ident, self.properties, uris.ontology_namespace(self.base))
        if found:
            return (found,)
        used = {p for props in self.statements.values() for p in props}
        if ident in used:
            return (ident,)
        local = [p for p in used if re.split(r"[/#]", p)[-1].lower() == ident.lower()]
        return tuple(sorted(local))

    # --- reading -----------------------------------------------------------------------------------------------

    def has_type(self, iri: str, classes: set[str]) -> bool:
        """Whether the entity is an instance of one of ``classes`` (or of a subclass)."""
        own = self.types.get(iri, set())
        return any(t in classes or self.supers.get(t, set()) & classes for t in own)

    def specific_types(self, iri: str) -> list[Term]:
        """The entity's most specific ontology classes."""
        own = self.types.get(iri, set())
        specific = sorted(t for t in own if not any(t in self.supers.get(o, set()) for o in own if o != t))
        return [self.classes.get(t, Term(t, _local_label(t))) for t in specific]

    def values(self, iri: str, props: tuple[str, ...]) -> list[Identifier]:
        """Values of ``props`` on the entity, and on the blank nodes it points to (a meeting's place)."""
        statements = self.statements.get(iri, {})
        found = [v for p in props for v in statements.get(p, ())]
        for objects in statements.values():
            for obj in objects:
                if isinstance(obj, BNode):
                    found += [v for p in props for v in self.statements.get(_key(obj), {}).get(p, ())]
        return found

    def name(self, node: Identifier) -> str:
        """The English label of an entity or a blank node (else its IRI or lexical form)."""
        statements = self.statements.get(_key(node), {})
        for prop in NAME_PROPERTIES:
            labels = statements.get(prop, [])
            english = [v for v in labels if isinstance(v, Literal) and v.language in ("en", None)]
            if english or labels:
                return str((english or labels)[0])
        term = self.properties.get(str(node)) or self.classes.get(str(node))
        return term.name if term else str(node)

    def description(self, iri: str, size: int = 200) -> str | None:
        """The entity's description (or summary), cut at ``size`` characters."""
        for prop in DESCRIPTION_PROPERTIES:
            for value in self.statements.get(iri, {}).get(prop, []):
                text = " ".join(str(value).split())
                return text if len(text) <= size else text[: size - 1].rsplit(" ", 1)[0] + "…"
        return None

    def property_name(self, iri: str) -> str:
        """The label of a property (from the ontology, else its local name)."""
        term = self.properties.get(iri)
        return term.name if term else _local_label(iri)

    def kind(self, iri: str) -> str | None:
        """The kind (``/id/`` path segment) of an entity IRI."""
        parts = split_iri(iri)
        return parts[1] if parts else None

    def used_properties(self, type_iri: str | None = None) -> list[tuple[Term, int]]:
        """The predicates entities (of ``type_iri``) carry, most used first, with their ontology labels."""
        counts: Counter[str] = Counter()
        for iri, statements in self.statements.items():
            if iri.startswith("_:") or (type_iri and not self.has_type(iri, {type_iri})):
                continue
            counts.update(p for p in statements if p not in _HIDDEN)
        return [(self.properties.get(p, Term(p, _local_label(p))), n)
                for p, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _key(node: Identifier) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _local_label(iri: str) -> str:
    local = re.split(r"[/#]", iri)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower() or iri


def _resolve(ident: str, table: dict[str, Term], ns: str) -> str | None:
    ident = ident.strip()
    if ident in table:
        return ident
    prefix, sep, local = ident.partition(":")
    if sep and prefix in PREFIXES and PREFIXES[prefix] + local in table:
        return PREFIXES[prefix] + local
    if ns + ident in table:
        return ns + ident
    return None


__all__ = ["ALIASES", "ALT_LABEL", "NAME_PROPERTIES", "UNTYPED_SKIPPED", "Catalogue", "Term"]
