"""What the graph already holds, read once from a store: entity slugs with their kind and label, meeting facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dsi_graph.rdf import uris
from dsi_graph.stores.base import GraphStore

RQ_DIR = Path(__file__).resolve().parent / "rq"


def read_query(name: str) -> str:
    """The text of ``rq/{name}.rq`` beside this module."""
    return (RQ_DIR / f"{name}.rq").read_text(encoding="utf-8")


@dataclass(frozen=True)
class MeetingFacts:
    """A meeting's dates and city as the graph holds them (any may be missing)."""

    start: str | None = None
    end: str | None = None
    city: str | None = None


@dataclass
class KnownGraph:
    """Slugs the graph knows (``slug -> (kind, label)``), meeting facts and the base IRI of its entity IRIs."""

    base: str = uris.DEFAULT_BASE
    entities: dict[str, tuple[str, str]] = field(default_factory=dict)
    meetings: dict[str, MeetingFacts] = field(default_factory=dict)
    positions: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)  # (holder, stance) -> texts

    @classmethod
    def from_store(cls, store: GraphStore, base: str = uris.DEFAULT_BASE) -> KnownGraph:
        """Read the entities, meeting facts and positions of ``store`` (three SELECTs)."""
        known = cls(base)
        for row in store.select(read_query("entities")):
            parsed = uris.parse_entity_iri(str(row["s"]), base)
            if parsed is not None:
                kind, slug = parsed
                known.entities.setdefault(slug, (kind, str(row["label"])))
        for row in store.select(read_query("meeting-facts")):
            parsed = uris.parse_entity_iri(str(row["m"]), base)
            if parsed is None:
                continue
            old = known.meetings.get(parsed[1], MeetingFacts())
            start, end, city = (_text(row.get(k)) for k in ("start", "end", "city"))
            known.meetings[parsed[1]] = MeetingFacts(old.start or start, old.end or end, old.city or city)
        for row in store.select(read_query("positions")):
            slugs = [uris.parse_entity_iri(str(row[k]), base) for k in ("position", "holder", "stance")]
            if all(slugs):
                position, holder, stance = (s[1] for s in slugs if s)
                texts = known.positions.setdefault((holder, stance), {}).setdefault(position, [])
                texts.append(str(row["text"]))
        return known

    def kind_of(self, slug: str | None) -> str | None:
        """The kind (``meeting``, ``organisation``...) of a known slug, else ``None``."""
        if not slug:
            return None
        found = self.entities.get(slug)
        return found[0] if found else None

    def label_of(self, slug: str) -> str | None:
        """The label of a known slug, else ``None``."""
        found = self.entities.get(slug)
        return found[1] if found else None

    def iri(self, slug: str) -> str | None:
        """The entity IRI of a known slug under this graph's base, else ``None``."""
        kind = self.kind_of(slug)
        return uris.entity_iri(kind, slug, self.base) if kind else None

    def parse(self, iri: str | None) -> tuple[str, str] | None:
        """``(kind, slug)`` of an entity IRI of this graph, else ``None``."""
        return uris.parse_entity_iri(iri, self.base) if iri else None


def _text(term: object) -> str | None:
    """A term's lexical form, or ``None``."""
    return None if term is None else str(term)
