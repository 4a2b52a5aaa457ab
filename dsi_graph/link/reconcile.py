"""The W3C Reconciliation Service API 0.2 without Flask: candidates for a query (names by the recogniser and the label
search, filtered by type, weighed by property constraints), suggestions, property proposals and data extension.

Scores run from 0 to 100. A candidate is a ``match`` only when it is certain: named by a symbol, a slug, a label, an
acronym or an alternative label that names nothing else (a misspelling or a loose search hit never is), no other
candidate comes close, and every property constraint given agrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from dsi_graph.link.catalogue import ALT_LABEL, NAME_PROPERTIES, UNTYPED_SKIPPED, Catalogue, Term
from dsi_graph.link.recognise import Recogniser
from dsi_graph.read.search import LabelIndex, fold

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
CERTAIN = 0.95  # a name score from here up names the entity (RANK_SCORES of a label, acronym or identifier)
MARGIN = 0.1  # ...when no other candidate scores within this
SEARCH_SCORES = (1.0, 0.6, 0.5, 0.4)  # label search: exact, prefix, word prefix, substring
TOKEN_CUTOFF, TOKEN_SCORE = 90, 0.5  # last resort: every word of a name is in the text (never a match)
PROPERTY_WEIGHT = 0.25  # share of the score the property constraints can take away
_INT_TYPES = {XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger}
_FLOAT_TYPES = {XSD.decimal, XSD.double, XSD.float}


@dataclass(frozen=True)
class Candidate:
    """One candidate of a reconciliation query, with its name score and its share of agreeing properties."""

    iri: str
    name_score: float
    agreement: float = 1.0  # share of the property constraints the entity agrees with

    @property
    def score(self) -> float:
        return self.name_score * (1 - PROPERTY_WEIGHT + PROPERTY_WEIGHT * self.agreement)


class Reconciler:
    """Answers reconciliation queries over one graph; build one per store with :meth:`from_store`."""

    def __init__(self, recogniser: Recogniser, labels: LabelIndex, catalogue: Catalogue) -> None:
        self.recogniser, self.labels, self.catalogue = recogniser, labels, catalogue
        self._name_list: list[tuple[str, str]] | None = None

    @classmethod
    def from_store(cls, store, base: str, recogniser: Recogniser | None = None,
                   labels: LabelIndex | None = None) -> Reconciler:
        """A reconciler over ``store`` (reusing a recogniser and a label index already built for it)."""
        return cls(recogniser or Recogniser.from_store(store), labels or LabelIndex.build(store, base),
                   Catalogue.from_store(store, base))

    # --- reconciliation ----------------------------------------------------------------------------------------

    def reconcile_batch(self, queries: dict[str, Any]) -> dict[str, Any]:
        """``{key: {"result": [...]}}`` for a batch ``{key: query}`` (a query is a dict, or a bare string)."""
        return {key: {"result": self.reconcile(q if isinstance(q, dict) else {"query": str(q)})}
                for key, q in queries.items()}

    def reconcile(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """The candidates of one query (``query``, ``type``, ``limit``, ``properties``), best first."""
        text = str(query.get("query") or "").strip()
        limit = _limit(query.get("limit"))
        classes = self._classes(query.get("type"))
        constraints = [(str(p.get("pid", "")), p.get("v"))
                       for p in query.get("properties") or [] if isinstance(p, dict)]
        names = self.name_scores(text, classes) if text else self._by_properties(constraints, classes)
        candidates = []
        for iri, name_score in names.items():
            agreement = self._agreement(iri, constraints) if constraints else 1.0
            candidates.append(Candidate(iri, name_score, agreement))
        candidates.sort(key=lambda c: (-c.score, self.catalogue.name(URIRef(c.iri)).lower(), c.iri))
        candidates = candidates[:limit]
        return [self._result(c, i, candidates) for i, c in enumerate(candidates)]

    def name_scores(self, text: str, classes: set[str] | None = None) -> dict[str, float]:
        """Entities ``text`` may name, each with a score from 0 to 1 (1 only for an identifier, label or acronym)."""
        scores: dict[str, float] = {}

        def add(iri: str | None, score: float) -> None:
            if not iri or iri not in self.catalogue.statements:
                return
            if classes and not self.catalogue.has_type(iri, classes):
                return
            if not classes and self.catalogue.kind(iri) in UNTYPED_SKIPPED:
                return
            scores[iri] = max(score, scores.get(iri, 0.0))

        for mention in self.recogniser.resolve(text):
            add(mention.iri, mention.score)
        folded = fold(text)
        for hit in self.labels.search(text, 20):
            matched = fold(hit.matched)
            rank = 0 if matched == folded else 1 if matched.startswith(folded) else 2 if re.search(
                r"(^|[\s\-/(,.:;'\"])" + re.escape(folded), matched) else 3
            add(hit.iri, SEARCH_SCORES[rank] * (1 if rank == 0 else min(1.0, 0.5 + len(folded) / len(matched) / 2)))
        if not scores or max(scores.values()) < CERTAIN:
            for mention in self.recogniser.suggest(text, limit=10):
                add(mention.iri, mention.score)
        if not scores:  # words around a name ("Republic of Kenya"): the names all of whose words the text has
            names = self._names()
            for _, similarity, i in process.extract(folded, [n for n, _ in names], scorer=fuzz.token_set_ratio,
                                                    limit=10, score_cutoff=TOKEN_CUTOFF):
                add(names[i][1], round(TOKEN_SCORE * similarity / 100, 3))
        return scores

    def _names(self) -> list[tuple[str, str]]:
        """Every (folded label or alternative label, entity) pair, read once."""
        if self._name_list is None:
            props = (*NAME_PROPERTIES, ALT_LABEL)
            self._name_list = sorted({(fold(str(v)), iri) for iri, st in self.catalogue.statements.items()
                                      if not iri.startswith("_:") for p in props for v in st.get(p, ())})
        return self._name_list

    def _by_properties(self, constraints: list[tuple[str, Any]], classes: set[str] | None) -> dict[str, float]:
        """Without a query text: every entity (of the types) agreeing with all constraints, at half score."""
        if not constraints:
            return {}
        pool = [i for i in self.catalogue.statements if not i.startswith("_:") and self.catalogue.ident(i) != i]
        return {iri: 0.5 for iri in pool if (not classes or self.catalogue.has_type(iri, classes))
                and self._agreement(iri, constraints) == 1.0}

    def _classes(self, value: Any) -> set[str] | None:
        wanted = [value] if isinstance(value, str) else list(value or [])
        classes = {c for c in (self.catalogue.resolve_type(str(v)) for v in wanted) if c}
        return classes or None

    def _agreement(self, iri: str, constraints: list[tuple[str, Any]]) -> float:
        agree = 0
        for pid, wanted in constraints:
            values = self.catalogue.values(iri, self.catalogue.resolve_properties(pid))
            given = wanted if isinstance(wanted, list) else [wanted]
            if any(self._agrees(value, v) for value in values for v in given):
                agree += 1
        return agree / len(constraints)

    def _agrees(self, value: Identifier, wanted: Any) -> bool:
        """Whether a stored value agrees with a value of the spreadsheet (an entity ``{id}``, a string, a number)."""
        if isinstance(wanted, dict):
            if wanted.get("id"):
                return self.catalogue.entity_iri(str(wanted["id"])) == str(value)
            wanted = wanted.get("name", "")
        text = fold(str(wanted))
        if not text:
            return False
        if isinstance(value, Literal):
            lexical = fold(str(value))
            return lexical == text or (value.datatype in (XSD.date, XSD.gYearMonth) and lexical.startswith(text))
        if isinstance(value, URIRef | BNode):
            if fold(self.catalogue.name(value)) == text:
                return True
            if isinstance(value, URIRef) and str(value) in self.catalogue.statements:
                return str(value) in {m.iri for m in self.recogniser.resolve(str(wanted)) if m.score >= 0.7}
        return False

    def _result(self, cand: Candidate, position: int, ranked: list[Candidate]) -> dict[str, Any]:
        iri = cand.iri
        result: dict[str, Any] = {
            "id": self.catalogue.ident(iri),
            "name": self.catalogue.name(URIRef(iri)),
            "score": round(100 * cand.score, 1),
            "type": [{"id": t.iri, "name": t.name} for t in self.catalogue.specific_types(iri)],
            "match": False,
        }
        description = self.catalogue.description(iri)
        if description:
            result["description"] = description
        if position == 0:
            runner_up = ranked[1].score if len(ranked) > 1 else 0.0
            result["match"] = cand.name_score >= CERTAIN and cand.agreement == 1.0 and cand.score - runner_up >= MARGIN
        return result

    # --- suggest, preview, extension ----------------------------------------------------------------------------

    def suggest_entities(self, prefix: str, type_id: str | None = None, limit: int = DEFAULT_LIMIT) -> list[dict]:
        """Entities whose names start with (or contain) ``prefix``, for autocomplete."""
        classes = self._classes(type_id)
        hits = [h for h in self.labels.search(prefix, MAX_LIMIT) if h.iri in self.catalogue.statements
                and self.catalogue.ident(h.iri) != h.iri and (self.catalogue.has_type(h.iri, classes) if classes
                                                               else self.catalogue.kind(h.iri) not in UNTYPED_SKIPPED)]
        out = []
        for hit in hits[:_limit(limit)]:
            item = {"id": self.catalogue.ident(hit.iri), "name": hit.label,
                    "notable": [{"id": t.iri, "name": t.name} for t in self.catalogue.specific_types(hit.iri)]}
            description = self.catalogue.description(hit.iri, 120)
            if description:
                item["description"] = description
            out.append(item)
        return out

    def suggest_types(self, prefix: str, limit: int = DEFAULT_LIMIT) -> list[dict]:
        """Ontology classes whose labels or local names contain ``prefix``."""
        return _terms(self.default_types(all_classes=True), prefix, limit)

    def suggest_properties(self, prefix: str, type_id: str | None = None, limit: int = DEFAULT_LIMIT) -> list[dict]:
        """Properties entities (of the type) carry whose labels or local names contain ``prefix``."""
        type_iri = self.catalogue.resolve_type(type_id) if type_id else None
        return _terms([t for t, _ in self.catalogue.used_properties(type_iri)], prefix, limit)

    def default_types(self, all_classes: bool = False) -> list[Term]:
        """The ontology's classes that hold entities (every class with a label when ``all_classes``)."""
        held = {t for types in self.catalogue.types.values() for t in types}
        held |= {s for t in held for s in self.catalogue.supers.get(t, set())}
        ns = self.catalogue.classes
        chosen = [t for iri, t in ns.items() if all_classes or iri in held]
        return sorted((t for t in chosen if t.iri.startswith(self.catalogue.base + "def/")), key=lambda t: t.name)

    def propose_properties(self, type_id: str | None, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
        """The data-extension property proposal for a type: the properties its entities carry, most used first."""
        type_iri = self.catalogue.resolve_type(type_id) if type_id else None
        props = [{"id": t.iri, "name": t.name, **({"description": t.description} if t.description else {})}
                 for t, _ in self.catalogue.used_properties(type_iri)][: _limit(limit)]
        answer: dict[str, Any] = {"properties": props, "limit": _limit(limit)}
        if type_id:
            answer["type"] = type_id
        return answer

    def extend(self, ids: list[str], properties: list[dict]) -> dict[str, Any]:
        """Data extension: the values of ``properties`` for each entity of ``ids`` (``{"meta": ..., "rows": ...}``)."""
        meta, rows = [], {}
        wanted = [(str(p.get("id", "")), self.catalogue.resolve_properties(str(p.get("id", "")))) for p in properties]
        for pid, preds in wanted:
            names = [self.catalogue.property_name(p) for p in preds]
            meta.append({"id": pid, "name": ", ".join(names) or pid})
        for ident in ids:
            iri = self.catalogue.entity_iri(str(ident))
            rows[str(ident)] = {pid: [self._cell(v) for v in _unique(self.catalogue.values(iri, preds))] if iri else []
                                for pid, preds in wanted}
        return {"meta": meta, "rows": rows}

    def _cell(self, value: Identifier) -> dict[str, Any]:
        if isinstance(value, URIRef) and str(value) in self.catalogue.statements and \
                self.catalogue.ident(str(value)) != str(value):
            return {"id": self.catalogue.ident(str(value)), "name": self.catalogue.name(value)}
        if isinstance(value, BNode):
            return {"str": self.catalogue.name(value)}
        if isinstance(value, Literal):
            if value.datatype == XSD.date:
                return {"date": f"{value}T00:00:00Z"}
            if value.datatype in _INT_TYPES:
                return {"int": int(value)}
            if value.datatype in _FLOAT_TYPES:
                return {"float": float(value)}
        return {"str": str(value)}

    def preview(self, ident: str) -> dict[str, Any] | None:
        """What the preview shows of an entity: name, types, description, IRI; ``None`` when unknown."""
        iri = self.catalogue.entity_iri(ident)
        if iri is None:
            return None
        return {"id": self.catalogue.ident(iri), "iri": iri, "name": self.catalogue.name(URIRef(iri)),
                "types": [t.name for t in self.catalogue.specific_types(iri)],
                "description": self.catalogue.description(iri, 400)}


def _limit(value: Any) -> int:
    try:
        return max(1, min(int(value), MAX_LIMIT))
    except (TypeError, ValueError):
        return DEFAULT_LIMIT


def _unique(values: list[Identifier]) -> list[Identifier]:
    return list(dict.fromkeys(values))


def _terms(terms: list[Term], prefix: str, limit: int) -> list[dict]:
    q = fold(prefix)
    found = [t for t in terms if q in fold(t.name) or q in fold(re.split(r"[/#]", t.iri)[-1])]
    found.sort(key=lambda t: (not fold(t.name).startswith(q), t.name))
    return [{"id": t.iri, "name": t.name, **({"description": t.description} if t.description else {})}
            for t in found[: _limit(limit)]]


__all__ = ["Candidate", "Reconciler"]
