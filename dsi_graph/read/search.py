"""Label search: an in-memory index over ``rdfs:label``, ``skos:altLabel`` and acronyms, built once per store.

Ranking: exact match > prefix > word prefix > substring; then shorter labels first, then alphabetical. Matching
ignores case and accents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import DSI_NS
from dsi_graph.read import sparqlfiles
from dsi_graph.stores.base import GraphStore

MAX_LIMIT = 100


def fold(text: str) -> str:
    """Lower case without accents, whitespace collapsed."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(ascii_text.lower().split())


def closure(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Every class's strict superclasses from direct ``rdfs:subClassOf`` pairs (Virtuoso cannot run
    ``?a rdfs:subClassOf+ ?b`` with neither end bound)."""
    direct: dict[str, set[str]] = {}
    for sub, sup in pairs:
        direct.setdefault(sub, set()).add(sup)
    out: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        out[start] = seen
    return out


@dataclass(frozen=True)
class Hit:
    """One search result (the JSON shape of ``/search.json``)."""

    iri: str
    label: str
    kind: str | None
    type: str | None
    path: str | None
    matched: str


class LabelIndex:
    """Every labelled IRI with its main label, other names, kind and most specific ``dsi:`` type."""

    def __init__(self, entries: list[tuple[str, str, str]], main: dict[str, str], info: dict[str, tuple]):
        self._entries = entries  # (folded name, name, iri)
        self._main = main
        self._info = info  # iri -> (kind, type label, path)

    @classmethod
    def build(cls, store: GraphStore, base: str) -> LabelIndex:
        """Read the labels, types and class hierarchy once."""
        main: dict[str, str] = {}
        names: list[tuple[str, str]] = []
        for row in store.select(sparqlfiles.query("index-labels")):
            iri, label = str(row["s"]), str(row["label"])
            is_main = str(row["main"]) == "main"
            if is_main and (iri not in main or getattr(row["label"], "language", None) == "en"):
                main[iri] = label
            names.append((iri, label))
        supers = closure((str(r["sub"]), str(r["super"])) for r in store.select(sparqlfiles.query("subclasses")))
        class_labels = {str(r["c"]): str(r["label"]) for r in store.select(sparqlfiles.query("class-labels"))}
        types: dict[str, set[str]] = {}
        for row in store.select(sparqlfiles.query("index-types")):
            types.setdefault(str(row["s"]), set()).add(str(row["type"]))
        info = {}
        for iri in main:
            kind_slug = uris.parse_entity_iri(iri, base)
            kind = kind_slug[0] if kind_slug else ("term" if iri.startswith(base + "def/") else None)
            own = types.get(iri, set())
            specific = sorted(t for t in own if not any(t in supers.get(o, set()) for o in own if o != t))
            type_label = None
            if specific:
                t = specific[0]
                type_label = class_labels.get(t) or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", t[len(DSI_NS):]).lower()
            info[iri] = (kind, type_label, uris.iri_to_path(iri, base))
        entries = sorted({(fold(name), name, iri) for iri, name in names if iri in main})
        return cls(entries, main, info)

    def __len__(self) -> int:
        return len(self._main)

    def search(self, query: str, limit: int = 20, kind: str | None = None) -> list[Hit]:
        """The best ``limit`` hits for ``query`` (optionally of one ``kind``)."""
        q = fold(query)
        if not q:
            return []
        best: dict[str, tuple[int, int, str, str]] = {}
        for folded, name, iri in self._entries:
            if q not in folded:
                continue
            if folded == q:
                rank = 0
            elif folded.startswith(q):
                rank = 1
            elif re.search(r"(^|[\s\-/(,.:;'\"])" + re.escape(q), folded):
                rank = 2
            else:
                rank = 3
            if kind and self._info[iri][0] != kind:
                continue
            key = (rank, len(self._main[iri]), self._main[iri].lower(), name)
            if iri not in best or key < best[iri]:
                best[iri] = key
        ordered = sorted(best.items(), key=lambda item: item[1])[: max(1, min(limit, MAX_LIMIT))]
        return [Hit(iri, self._main[iri], *self._info[iri], matched=key[3]) for iri, key in ordered]


def hits_as_dicts(hits: list[Hit]) -> list[dict]:
    """Hits as plain dicts for JSON."""
    return [asdict(h) for h in hits]
