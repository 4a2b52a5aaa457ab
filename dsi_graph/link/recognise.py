"""Known entities in text: citations (by the grammar) and names (labels, alternative labels, acronyms, identifiers),
tolerant of case, diacritics, hyphens, line breaks and small misspellings; ambiguous names are not linked blindly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from dsi_graph.link.citations import Citation, find_citations, parse_citation
from dsi_graph.link.index import RANKS, Index, build_index, symbol_key
from dsi_graph.link.normalise import Token, compact, same_case, tokens
from dsi_graph.stores.base import GraphStore

RANK_SCORES = {3: 1.0, 2: 0.95, 1: 0.85}
COHERENT_SCORE = 0.8  # an ambiguous name resolved by the other entities the text links
NARROWER_SCORE = 0.75  # an ambiguous name resolved to the entity whose topic the other candidate is
FUZZY_WORDS = 6  # longest misspelt name looked for, in tokens
PART_WINDOW = 120  # characters after a document's name searched for its sections ("(Section D, p. 5)")
# A name never runs over a sentence end or a blank line (one line break inside a name is fine; "L. " is an initial).
_BREAK = re.compile(r"(?<![A-Z])[.!?;]\s|\n\s*\n")
_ET_AL = re.compile(r"\b(?P<name>[A-Z][A-Za-z'’-]+)\s+et\s+al\b")


@dataclass(frozen=True)
class Mention:
    """A thing the text names: ``iri`` when linked; ``candidates`` (and ``iri`` None) when ambiguous."""

    text: str
    start: int
    end: int
    kind: str
    iri: str | None
    score: float
    label: str | None = None
    candidates: tuple[str, ...] = ()


@dataclass
class _Candidate:
    start: int
    end: int
    scores: dict[str, float] = field(default_factory=dict)  # iri -> score, the top tier only
    citation: Citation | None = None
    kind: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


class Recogniser:
    """Finds citations and the graph's entities in text; build one per store with :meth:`from_store`."""

    def __init__(self, index: Index) -> None:
        self.index = index

    @classmethod
    def from_store(cls, store: GraphStore) -> Recogniser:
        """A recogniser over the labels, alternative labels, acronyms, notations and identifiers in ``store``."""
        return cls(build_index(store))

    # --- look-ups ---------------------------------------------------------------------------------------------

    def lookup_iri(self, slug_or_symbol: str) -> str | None:
        """The IRI of the entity with this slug, symbol or identifier (``cop-16``, ``CBD/WGDSI/1/2``, ``15/9``)."""
        ref = slug_or_symbol.strip()
        key = symbol_key(ref)
        for candidate in (ref, key):
            if candidate in self.index.slugs:
                return self.index.slugs[candidate]
        found = self.index.identifiers.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        citation = parse_citation(ref)
        return self._citation_iri(citation)[0] if citation else None

    def _citation_iri(self, citation: Citation) -> tuple[str | None, float]:
        """The IRI a citation names (and how sure), falling back from a missing paragraph to its decision."""
        iri = self.index.slugs.get(citation.slug)
        if iri is None:
            found = self.index.identifiers.get(symbol_key(citation.symbol), set())
            iri = next(iter(found)) if len(found) == 1 else None
        if iri is None and citation.kind == "paragraph":
            decision = self.index.slugs.get(symbol_key(citation.symbol))
            return decision, 0.9
        return iri, 1.0

    def label(self, iri: str) -> str | None:
        """The English label of an entity."""
        entity = self.index.entities.get(iri)
        return entity.label if entity else None

    def kind(self, iri: str) -> str:
        """The kind (IRI path segment) of an entity."""
        return self.index.entities[iri].kind

    # --- mentions ---------------------------------------------------------------------------------------------

    def mentions(self, text: str) -> list[Mention]:
        """Citations and known names in ``text``: non-overlapping (the longest wins), sorted by position."""
        toks = tokens(text)
        candidates = self._citations(text) + self._names(text, toks) + self._et_al(text)
        candidates += self._fuzzy(text, toks, candidates)
        chosen = _select(candidates)
        mentions = self._decide(text, chosen)
        mentions += self._parts(text, mentions)
        return sorted(mentions, key=lambda m: m.start)

    def _citations(self, text: str) -> list[_Candidate]:
        found = []
        for citation in find_citations(text):
            iri, score = self._citation_iri(citation)
            found.append(_Candidate(citation.start, citation.end, {iri: score} if iri else {}, citation))
        return found

    def _names(self, text: str, toks: list[Token]) -> list[_Candidate]:
        index, found = self.index, []
        for i in range(len(toks)):
            key = ""
            for j in range(i, len(toks)):
                key += toks[j].norm
                if key not in index.prefixes:
                    break
                forms = index.forms.get(key)
                if not forms:
                    continue
                start, end = toks[i].start, toks[j].end
                if _BREAK.search(text, start, end):
                    break
                ranks: dict[str, int] = {}
                for form in forms:
                    if form.case and not same_case(text[start:end], form.name):
                        continue
                    rank = form.rank
                    if form.number:  # "Webinar 3: <title>" names webinar 3 only after its number
                        if not re.search(rf"(?<!\d){form.number}\s*:\s*$", text[max(0, start - 12) : start]):
                            continue
                        rank = RANKS["label"]
                    ranks[form.iri] = max(rank, ranks.get(form.iri, 0))
                if ranks:
                    top = max(ranks.values())
                    scores = {iri: RANK_SCORES[top] for iri, rank in ranks.items() if rank == top}
                    found.append(_Candidate(start, end, scores))
        return found

    def _et_al(self, text: str) -> list[_Candidate]:
        found = []
        for match in _ET_AL.finditer(text):
            people = self.index.surnames.get(compact(match.group("name")), set())
            if len(people) == 1:
                found.append(_Candidate(match.start("name"), match.end("name"), {next(iter(people)): 0.8}))
        return found

    def _fuzzy(self, text: str, toks: list[Token], exact: list[_Candidate]) -> list[_Candidate]:
        """Capitalised names one or two edits away from a known name (letters only; digits must match)."""
        covered = [(c.start, c.end) for c in exact]
        found = []
        for i, tok in enumerate(toks):
            if not text[tok.start].isupper() or any(s <= tok.start < e for s, e in covered):
                continue
            window = ""
            for j in range(i, min(i + FUZZY_WORDS, len(toks))):
                window += toks[j].norm
                if len(window) > self.index.max_key + 2:
                    break
                bucket = self.index.fuzzy.get(window[:2])
                if len(window) < 10 or not bucket:
                    continue
                best = process.extractOne(window, bucket, scorer=Levenshtein.distance, score_cutoff=2)
                if not best:
                    continue
                key, distance = best[0], best[1]
                if 0 < distance <= (1 if len(key) < 16 else 2):
                    score = round(0.9 * (1 - distance / len(key)), 3)
                    iris = {f.iri for f in self.index.forms[key] if f.rank >= 2}
                    found.append(_Candidate(tok.start, toks[j].end, dict.fromkeys(iris, score)))
        return found

    def _decide(self, text: str, chosen: list[_Candidate]) -> list[Mention]:
        """Turn the chosen candidates into mentions; an ambiguous name is resolved only by the text's other links."""
        linked = {next(iter(c.scores)) for c in chosen if len(c.scores) == 1}
        mentions = []
        for cand in chosen:
            iri, score, candidates = None, 0.0, ()
            if len(cand.scores) == 1:
                iri, score = next(iter(cand.scores.items()))
            elif len(cand.scores) > 1:
                iri, score = self._disambiguate(set(cand.scores), linked)
                if iri is None:
                    candidates = tuple(sorted(cand.scores))
                    score = round(1 / len(candidates), 3)
            if cand.citation and iri is None and not candidates:
                kind, score = cand.citation.kind, 1.0
            else:
                kind = self.kind(iri) if iri else self.kind(candidates[0])
            label = self.label(iri) if iri else None
            mentions.append(Mention(text[cand.start : cand.end], cand.start, cand.end, kind, iri, score, label,
                                    candidates))
        return mentions

    def _disambiguate(self, options: set[str], linked: set[str]) -> tuple[str | None, float]:
        """One of ``options``: the one the others are the topic of (an agenda item named like its topic), else
        the one linked to most of the text's other linked entities; ``None`` when neither decides."""
        narrower = options - {b for a, b in self.index.topics if a in options and b in options}
        if len(narrower) == 1:
            return next(iter(narrower)), NARROWER_SCORE
        coherence = {iri: len(self.index.links.get(iri, set()) & linked) for iri in narrower}
        best = max(coherence.values())
        winners = [iri for iri, n in coherence.items() if n == best]
        if best > 0 and len(winners) == 1:
            return winners[0], COHERENT_SCORE
        return None, 0.0

    def _parts(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Sections named after their document: ``Report X (Section II.B.2, ... and Section II.B.3(b))``."""
        found: list[Mention] = []
        starts = sorted(m.start for m in mentions)
        for mention in mentions:
            if not mention.iri or mention.kind not in {"document", "section"}:
                continue
            doc = mention.iri if mention.kind == "document" else self.index.parent.get(mention.iri)
            parts = self.index.parts.get(doc or "", [])
            if not parts:
                continue
            limit = min([s for s in starts if s >= mention.end] + [mention.end + PART_WINDOW, len(text)])
            newline = text.find("\n", mention.end, limit)
            window_end = newline if newline >= 0 else limit
            for part, notation in parts:
                if part == mention.iri:
                    continue
                span = _find_notation(text, mention.end, window_end, notation)
                if span and all(span[1] <= m.start or span[0] >= m.end for m in mentions + found):
                    found.append(Mention(text[span[0] : span[1]], *span, self.kind(part), part, 0.9,
                                         self.label(part)))
        return found

    # --- one reference ------------------------------------------------------------------------------------------

    def resolve(self, ref: str) -> list[Mention]:
        """Candidates for one reference (a citation, slug, symbol or name), best first.

        A recognised citation or name comes first with its score (several of equal score when ambiguous); a
        citation the graph lacks comes first with ``iri`` None; then up to five suggestions (score below 0.9).
        """
        text = ref.strip()
        if not text:
            return []
        results: list[Mention] = []
        citation = parse_citation(text)
        iri = self.lookup_iri(text)
        if iri:
            results.append(self._whole(text, iri, 1.0))
        elif citation:
            results.append(Mention(text, 0, len(text), citation.kind, None, 1.0))
        else:
            whole = [m for m in self.mentions(text) if m.start == 0 and m.end == len(text)]
            for mention in whole:
                if mention.iri:
                    results.append(mention)
                results += [self._whole(text, c, mention.score) for c in mention.candidates]
        if not results or results[0].iri is None:
            results += self.suggest(text)
        return results

    def _whole(self, text: str, iri: str, score: float) -> Mention:
        return Mention(text, 0, len(text), self.kind(iri), iri, score, self.label(iri))

    def suggest(self, text: str, limit: int = 5) -> list[Mention]:
        """Entities whose names are closest to ``text`` (for a 404 page), best first, scores below 0.9."""
        key = compact(text)
        if not key:
            return []
        suggestions: list[Mention] = []
        seen: set[str] = set()
        for name, similarity, _ in process.extract(key, list(self.index.forms), limit=limit * 3, score_cutoff=60):
            for form in self.index.forms[name]:
                if form.iri not in seen:
                    seen.add(form.iri)
                    suggestions.append(self._whole(text, form.iri, round(0.85 * similarity / 100, 3)))
        return suggestions[:limit]


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: the longest first; on a tie, linked before unlinked, then the higher score."""
    order = sorted(candidates, key=lambda c: (-c.length, 0 if c.scores else 1, -max(c.scores.values(), default=0),
                                              c.start))
    chosen: list[_Candidate] = []
    for cand in order:
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _find_notation(text: str, start: int, end: int, notation: str) -> tuple[int, int] | None:
    """Where a section's number (``II.B.3(b)``, ``D.3``, or ``A`` of ``Annex, section A``) stands in the window."""
    for variant in dict.fromkeys([notation, notation.split("section ")[-1]]):
        pattern = rf"(?:^|(?<=[\s(,;]))(?:[Ss]ections?\s+|and\s+)?(?P<n>{re.escape(variant)})(?=[\s,;)]|\.(?!\w)|$)"
        match = re.compile(pattern).search(text, start, end)
        if match:
            return match.start("n"), match.end("n")
    return None


__all__ = ["Mention", "Recogniser"]
