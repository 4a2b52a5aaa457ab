"""Label search: an in-memory index over ``rdfs:label``, ``skos:altLabel`` and acronyms, built once per store.

Names and queries are folded alike (case, accents, hyphens and dashes: "Benefit-sharing" = "benefit sharing").
Ranking, best first:

1. ``pinned`` IRIs (the web layer passes what the citation recogniser of :mod:`dsi_graph.link` resolves the query
   to: "CBD/COP/DEC/16/2", "decision 16/2", "WGDSI 2"), in their order;
2. the graph's entities before ontology terms and vocabulary concepts (``tier``);
3. an exact name;
4. query words that name the hit's type ("meeting", "decision", "fund": the Cali Fund before "Fund host");
5. how a name matches: prefix > phrase at a word start > every query word starts a word of the entity's
   names (in any order, small words dropped; an acronym of the label counts: "DSI" in "Digital Sequence
   Information") > substring;
6. shorter labels, then alphabetical.

Each hit carries its type, a date (start date or date) and a snippet (description, summary or definition).
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
SNIPPET = 200  # characters of a hit's snippet
SMALL_WORDS = frozenset("a an and at by for from in of on or the to with".split())
BACK_KINDS = frozenset({"term", "concept", "status", "role", None})  # ontology terms and vocabulary concepts
_DASHES = re.compile(r"[\u002d\u2010-\u2015\u2212_]+")
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents, hyphens and dashes as spaces, whitespace collapsed."""
    spaced = _DASHES.sub(" ", unicodedata.normalize("NFKD", text))
    return " ".join(spaced.encode("ascii", "ignore").decode("ascii").lower().split())


def words(folded: str) -> list[str]:
    """The words of a folded text (letters and digits), small words kept."""
    return _WORD.findall(folded)


def initials(folded: str) -> str:
    """The initials of a name's words without the small ones (an acronym it may go by)."""
    return "".join(w[0] for w in words(folded) if w not in SMALL_WORDS and w.isalpha())


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
    """One search result (a hit of ``/search.json``)."""

    iri: str
    label: str
    kind: str | None
    type: str | None
    path: str | None
    matched: str
    date: str | None = None
    snippet: str | None = None


@dataclass(frozen=True)
class _Info:
    kind: str | None
    type: str | None
    path: str | None
    words: frozenset[str]  # the words of every name
    initials: frozenset[str]  # the acronyms of every name
    type_words: frozenset[str]  # the words of the type's label and of the kind
    date: str | None
    snippet: str | None


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SNIPPET:
        return text
    cut = text[:SNIPPET].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def _details(store: GraphStore) -> dict[str, tuple[str | None, str | None]]:
    """IRI -> (date, snippet text), each the first by weight."""
    dates: dict[str, tuple[int, str]] = {}
    texts: dict[str, tuple[int, int, str]] = {}
    for row in store.select(sparqlfiles.query("index-details")):
        iri, w = str(row["s"]), int(row["w"])
        if row.get("date") is not None:
            value = str(row["date"])
            if iri not in dates or (w, value) < dates[iri]:
                dates[iri] = (w, value)
        if row.get("text") is not None:
            lit = row["text"]
            lang = 0 if getattr(lit, "language", None) in ("en", None) else 1
            key = (w, lang, str(lit))
            if iri not in texts or key < texts[iri]:
                texts[iri] = key
    return {iri: (dates[iri][1] if iri in dates else None, _snippet(texts[iri][2]) if iri in texts else None)
            for iri in dates.keys() | texts.keys()}


class LabelIndex:
    """Every labelled IRI with its main label, other names, kind, most specific ``dsi:`` type, date and snippet."""

    def __init__(self, entries: list[tuple[str, str, str]], main: dict[str, str], info: dict[str, _Info]):
        self._entries = entries  # (folded name, name, iri)
        self._main = main
        self._info = info

    @classmethod
    def build(cls, store: GraphStore, base: str) -> LabelIndex:
        """Read the labels, types, class hierarchy, dates and texts once."""
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
        details = _details(store)
        folded_names: dict[str, list[str]] = {}
        for iri, name in names:
            if iri in main:
                folded_names.setdefault(iri, []).append(fold(name))
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
            type_words = {w for t in specific for w in words(fold(class_labels.get(t) or
                                                                  re.sub(r"(?<=[a-z])(?=[A-Z])", " ",
                                                                         t[len(DSI_NS):])))}
            type_words |= set(words(fold(kind or "")))
            folded = folded_names.get(iri, [])
            date, snippet = details.get(iri, (None, None))
            info[iri] = _Info(kind, type_label, uris.iri_to_path(iri, base),
                              frozenset(w for f in folded for w in words(f)),
                              frozenset(filter(None, (initials(f) for f in folded))), frozenset(type_words),
                              date, snippet)
        entries = sorted({(fold(name), name, iri) for iri, name in names if iri in main})
        return cls(entries, main, info)

    def __len__(self) -> int:
        return len(self._main)

    def of_kind(self, kind: str, limit: int = 1000) -> list[Hit]:
        """Every entity of one kind, by label (the choices of a named query's parameter)."""
        found = sorted((self._main[iri].lower(), iri) for iri, info in self._info.items() if info.kind == kind)
        out = []
        for _, iri in found[:limit]:
            info = self._info[iri]
            out.append(Hit(iri, self._main[iri], info.kind, info.type, info.path, self._main[iri], info.date, None))
        return out

    def _all_words(self, info: _Info, wanted: list[str]) -> bool:
        """Whether every wanted word starts a word of the names or sits in one of their acronyms."""
        def found(w: str) -> bool:
            return any(x.startswith(w) for x in info.words) or (
                len(w) >= 3 and w.isalpha() and any(w in a for a in info.initials | info.words if len(a) > len(w)))
        return bool(wanted) and all(found(w) for w in wanted)

    def search(self, query: str, limit: int = 20, kind: str | None = None, pinned: Iterable[str] = ()) -> list[Hit]:
        """The best ``limit`` hits for ``query`` (optionally of one ``kind``), ``pinned`` IRIs first."""
        q = fold(query)
        if not q:
            return []
        all_q = words(q)
        wanted = [w for w in all_q if w not in SMALL_WORDS] or all_q
        phrase = re.compile(r"(^|[^a-z0-9])" + re.escape(q))
        level: dict[str, tuple[int, str]] = {}
        for folded, name, iri in self._entries:
            if q not in folded:
                continue
            rank = 0 if folded == q else 1 if folded.startswith(q) else 2 if phrase.search(folded) else 4
            if iri not in level or (rank, name) < level[iri]:
                level[iri] = (rank, name)
        if len(wanted) > 1 or not level:
            for iri, info in self._info.items():
                if (iri not in level or level[iri][0] > 3) and self._all_words(info, wanted):
                    level[iri] = (3, self._main[iri])
        pins = [p for p in dict.fromkeys(pinned) if p in self._main]
        for p in pins:
            level.setdefault(p, (0, query.strip()))
        best = []
        for iri, (rank, name) in level.items():
            info = self._info[iri]
            if kind and info.kind != kind:
                continue
            bonus = sum(1 for w in wanted if w in info.type_words)
            pin = pins.index(iri) if iri in pins else len(pins)
            best.append(((pin, info.kind in BACK_KINDS, rank > 0, -bonus, rank, len(self._main[iri]),
                          self._main[iri].lower()), iri, name))
        best.sort()
        out = []
        for _, iri, name in best[: max(1, min(limit, MAX_LIMIT))]:
            info = self._info[iri]
            out.append(Hit(iri, self._main[iri], info.kind, info.type, info.path, name, info.date, info.snippet))
        return out


def hits_as_dicts(hits: list[Hit]) -> list[dict]:
    """Hits as plain dicts for JSON."""
    return [asdict(h) for h in hits]
