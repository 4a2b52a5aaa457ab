"""The recogniser's index of known entities: names by compact key, identifiers, slugs, links and document parts.

Built from two SELECT queries in ``dsi_graph/link/queries/`` over any :class:`GraphStore`; pure after that.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from dsi_graph.link.normalise import compact, is_acronym, token_words
from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import PREFIXES
from dsi_graph.stores.base import GraphStore

SKIPPED_KINDS = frozenset({"concept", "scheme", "source", "position"})
# How strongly a form names its entity: the top rank wins when several entities share a form.
RANKS = {"label": 3, "acronym": 3, "identifier": 3, "fileName": 3, "altLabel": 2, "derived": 1}
# The subject matter itself never names one entity (an SBSTTA agenda item is labelled exactly like this).
GENERIC = frozenset(
    compact(name)
    for name in (
        "Digital sequence information on genetic resources",
        "Digital sequence information on genetic resources (DSI)",
        "Digital sequence information",
        "DSI",
        "Genetic resources",
        "Benefit-sharing",
        "Working Group",
        "Webinar report",
        "Recommended reading",
    )
)
_NOTIFICATION_NUMBER = re.compile(r"^\d{4}-\d{3}$")
_SUBTITLE = re.compile(r"^(?P<head>[^:]{3,80}?)(?:\s+(?P<number>\d{1,2}))?:\s+(?P<tail>.+)$")
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class Form:
    """One name of one entity: ``rank`` from :data:`RANKS`; ``case`` when it must match with its case."""

    iri: str
    name: str
    rank: int
    case: bool = False
    number: str | None = None  # a derived subtitle of "Webinar 3: ..." is boosted after "3:" in the text


@dataclass
class Entity:
    """An entity the graph holds: kind and slug from its IRI, its English label."""

    iri: str
    kind: str
    slug: str
    label: str | None = None


@dataclass
class Index:
    """Everything the recogniser looks names up in."""

    entities: dict[str, Entity] = field(default_factory=dict)
    forms: dict[str, list[Form]] = field(default_factory=lambda: defaultdict(list))
    prefixes: set[str] = field(default_factory=set)
    slugs: dict[str, str] = field(default_factory=dict)
    identifiers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    links: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    topics: set[tuple[str, str]] = field(default_factory=set)  # (entity, its dsi:topic)
    parts: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))  # doc: (part, number)
    parent: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    fuzzy: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # first two chars -> keys
    max_key: int = 0
    base: str = uris.DEFAULT_BASE

    def add_form(self, form: Form) -> None:
        """Index one name under its compact key (skipping generic and too-short names)."""
        key = compact(form.name)
        if key in GENERIC or len(key) < 2 or (len(key) < 4 and not form.case):
            return
        if any(f.iri == form.iri and f.rank >= form.rank for f in self.forms.get(key, ())):
            return
        self.forms[key].append(form)
        self.max_key = max(self.max_key, len(key))
        self.prefixes.update(key[:i] for i in range(1, len(key) + 1))
        if form.rank >= 2 and len(key) >= 10 and not any(c.isdigit() for c in key) and key not in self.fuzzy[key[:2]]:
            self.fuzzy[key[:2]].append(key)


def read_query(name: str) -> str:
    """The text of ``dsi_graph/link/queries/{name}.rq``."""
    return resources.files("dsi_graph.link").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")


def split_iri(iri: str) -> tuple[str, str, str] | None:
    """``(base, kind, slug)`` of an entity IRI ``{base}id/{kind}/{slug}``, else ``None``."""
    head, sep, rest = iri.rpartition("/id/")
    kind, _, slug = rest.partition("/")
    if not sep or kind not in uris.KINDS or not uris.SLUG_RE.match(slug):
        return None
    return head + "/", kind, slug


def symbol_key(symbol: str) -> str:
    """The key identifiers are compared by: lower case, runs of other characters as one ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


def derived_names(label: str, kind: str) -> list[tuple[str, str | None]]:
    """Shorter names a label implies: without a trailing ``(...)``, the part before ``", "``, the subtitle after
    ``": "`` (with the number before the colon), the parts of ``" / "``, an organisation's name before ``" on "`` or
    without ``" of the United Nations"``."""
    found: list[tuple[str, str | None]] = []
    stripped = _TRAILING_PARENS.sub("", label)
    if stripped != label:
        found.append((stripped, None))
    head = label.split(", ")[0]
    if head != label and len(token_words(head)) >= 3:
        found.append((head, None))
    subtitle = _SUBTITLE.match(label)
    if subtitle and len(token_words(subtitle.group("tail"))) >= 2:
        found.append((subtitle.group("tail"), subtitle.group("number")))
    if " / " in label:
        found.extend((part, None) for part in label.split(" / ") if len(token_words(part)) >= 2)
    if kind == "organisation" and stripped.endswith(" of the United Nations"):
        found.append((stripped.removesuffix(" of the United Nations"), None))
    if kind == "organisation" and " on " in stripped:
        name = stripped.split(" on ")[0]
        if len(token_words(name)) >= 2 and all(w[:1].isupper() for w in name.split()):
            found.append((name, None))
    return found


def build_index(store: GraphStore) -> Index:
    """Read the entities, their names and their links from ``store``."""
    index = Index()
    names = store.select(read_query("entity-names"))
    for row in names.rows:
        iri = str(row["entity"])
        parts = split_iri(iri)
        if not parts or parts[1] in SKIPPED_KINDS:
            continue
        index.base = parts[0]
        entity = index.entities.setdefault(iri, Entity(iri, parts[1], parts[2]))
        index.slugs[parts[2]] = iri
        prop, name = str(row["property"]).rsplit("/", 1)[-1].rsplit("#", 1)[-1], str(row["name"])
        if prop == "label":
            entity.label = entity.label or name
        _add_name(index, entity, prop, name)
    links = store.select(read_query("entity-links"))
    for row in links.rows:
        a, b, prop = str(row["entity"]), str(row["other"]), str(row["property"])
        if a not in index.entities or b not in index.entities:
            continue
        index.links[a].add(b)
        index.links[b].add(a)
        if prop == PREFIXES["dsi"] + "topic":
            index.topics.add((a, b))
        elif prop == PREFIXES["dsi"] + "partOf":
            index.parent[a] = b
    for iri, entity in index.entities.items():
        if entity.kind == "person" and entity.label:
            index.surnames[token_words(entity.label)[-1]].add(iri)
    return finish(index)


def _add_name(index: Index, entity: Entity, prop: str, name: str) -> None:
    if prop == "notation":
        if entity.kind == "section":
            index.parts["pending"].append((entity.iri, name))
        return
    if prop == "identifier":
        index.identifiers[symbol_key(name)].add(entity.iri)
        if _NOTIFICATION_NUMBER.match(name) or (name.isdigit() and len(name) < 5):
            return
    if prop == "fileName":
        name = re.sub(r"\.[A-Za-z0-9]{2,4}$", "", name)
        if len(token_words(name)) > 5 or "(" in name:  # it would hide the names of the people and bodies in it
            return
    rank = RANKS.get(prop, 2)
    index.add_form(Form(entity.iri, name, rank, is_acronym(name)))
    if prop in {"label", "altLabel"}:
        for derived, number in derived_names(name, entity.kind):
            index.add_form(Form(entity.iri, derived, RANKS["derived"], is_acronym(derived), number))


def finish(index: Index) -> Index:
    """Attach the sections read before their parents were known."""
    for part, notation in index.parts.pop("pending", []):
        parent = index.parent.get(part)
        if parent:
            index.parts[parent].append((part, notation))
    return index
