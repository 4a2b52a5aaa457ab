"""Known entities in text: citations (by the grammar) and names (labels, alternative labels, acronyms, identifiers),
tolerant of case, diacritics, hyphens, line breaks and small misspellings; ambiguous names are not linked blindly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from dsi_graph.link import nearby
from dsi_graph.link.citations import Citation, find_citations, parse_citation
from dsi_graph.link.index import RANKS, Index, build_index, symbol_key
from dsi_graph.link.normalise import Token, compact, same_case, tokens
from dsi_graph.stores.base import GraphStore

RANK_SCORES = {3: 1.0, 2: 0.95, 1: 0.85}
COHERENT_SCORE = 0.8  # an ambiguous name resolved by the other entities the text links
NARROWER_SCORE = 0.75  # an ambiguous name resolved to the entity whose topic the other candidate is
TIED_SCORE = 0.7  # each candidate of an ambiguous reference in resolve(); every single link scores higher
SUGGESTION_CEILING = 0.6  # suggestions for an unknown reference score below this
PART_SCORE = 0.9  # a section found by its number after its document's name
_SUGGESTED_KINDS = {
    "recommendation": {"decision"},
    "notification": {"document"},
    "paragraph": {"paragraph", "decision"},
}
# A name never runs over a sentence end or a blank line (one line break inside a name is fine; "L. " is an initial).
_BREAK = re.compile(r"(?<![A-Z])[.!?;]\s|\n\s*\n")


@dataclass(frozen=True)
class Mention:
    """A thing the text names: ``iri`` when linked; ``candidates`` (and ``iri`` None) when ambiguous.

    ``kind`` is the entity's kind (the IRI's path segment) when linked, else the citation's kind; for a citation
    the graph lacks, ``label`` holds the citation's normalised symbol.
    """

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
        candidates = self._citations(text) + self._names(text, toks)
        candidates += [_Candidate(start, end, scores) for start, end, scores in nearby.et_al(self.index, text)]
        covered = bytearray(len(text))
        for cand in candidates:
            covered[cand.start : cand.end] = b"\x01" * cand.length
        candidates += [_Candidate(s, e, scores) for s, e, scores in nearby.misspelt(self.index, text, toks, covered)]
        chosen = _select(candidates, len(text))
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
                    if rank == RANKS["derived"] and not text[start].isupper() and not form.case:
                        continue  # a shortened name written as common words ("many researchers") is not a name
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

    def _decide(self, text: str, chosen: list[_Candidate]) -> list[Mention]:
        """Turn the chosen candidates into mentions; an ambiguous name is resolved only by the text's other links."""
        linked = {next(iter(c.scores)) for c in chosen if len(c.scores) == 1}
        mentions = []
        for cand in chosen:
            iri, score, candidates = None, 0.0, ()
            if len(cand.scores) == 1:
                iri, score = next(iter(cand.scores.items()))
            elif len(cand.scores) > 1:
                same_label = max(cand.scores.values()) == 1.0
                iri, score = self._disambiguate(set(cand.scores), linked, same_label, text[cand.start].isupper())
                if iri is None:
                    candidates = tuple(sorted(cand.scores))
                    score = round(1 / len(candidates), 3)
            if cand.citation and iri is None and not candidates:  # a citation the graph lacks: its symbol as label
                kind, score, label = cand.citation.kind, 1.0, cand.citation.symbol
            else:
                kind = self.kind(iri) if iri else self.kind(candidates[0])
                label = self.label(iri) if iri else None
            mentions.append(Mention(text[cand.start : cand.end], cand.start, cand.end, kind, iri, score, label,
                                    candidates))
        return mentions

    def _disambiguate(
        self, options: set[str], linked: set[str], same_label: bool, titled: bool
    ) -> tuple[str | None, float]:
        """One of ``options``. When they share one label and one is the topic of the other (an agenda item
        labelled like its topic): the item when the text writes the name as a title (capital first letter), the
        topic when it writes it as a common noun. Else the one linked to most of the text's other linked entities;
        else ``None``."""
        topics = {b for a, b in self.index.topics if a in options and b in options}
        narrower = options - topics
        if same_label and len(narrower) == 1 and len(topics) == 1:
            return next(iter(narrower if titled else topics)), NARROWER_SCORE
        coherence = {iri: len(self.index.links.get(iri, set()) & linked) for iri in narrower}
        best = max(coherence.values())
        winners = [iri for iri, n in coherence.items() if n == best]
        if best > 0 and len(winners) == 1:
            return winners[0], COHERENT_SCORE
        return None, 0.0

    def _parts(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Sections named after their document: ``Report X (Section II.B.2, ... and Section II.B.3(b))``."""
        spans = [(m.start, m.end, m.iri, m.kind) for m in mentions]
        return [Mention(text[start:end], start, end, self.kind(part), part, PART_SCORE, self.label(part))
                for start, end, part in nearby.section_parts(self.index, text, spans)]

    # --- one reference ------------------------------------------------------------------------------------------

    def resolve(self, ref: str) -> list[Mention]:
        """Candidates for one reference (a citation, slug, symbol or name), best first.

        A recognised citation or name comes first with its score (at least :data:`TIED_SCORE`); the candidates of an
        ambiguous name come each with :data:`TIED_SCORE`; a citation the graph lacks comes first with ``iri`` None;
        then, when nothing was linked, up to five suggestions, each scored below :data:`SUGGESTION_CEILING`.
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
            results.append(Mention(text, 0, len(text), citation.kind, None, 1.0, citation.symbol))
        else:
            whole = [m for m in self.mentions(text) if m.start == 0 and m.end == len(text)]
            for mention in whole:
                if mention.iri:
                    results.append(mention)
                results += [self._whole(text, c, TIED_SCORE) for c in mention.candidates]
        if not results or results[0].iri is None:
            results += self.suggest(text, citation.kind if citation else None)
        return results

    def _whole(self, text: str, iri: str, score: float) -> Mention:
        return Mention(text, 0, len(text), self.kind(iri), iri, score, self.label(iri))

    def suggest(self, text: str, citation_kind: str | None = None, limit: int = 5) -> list[Mention]:
        """Entities whose names are closest to ``text`` (for a 404 page), best first; for a citation, the entities
        of its kind whose slugs are closest to the citation's."""
        if citation_kind:
            citation = parse_citation(text)
            kinds = _SUGGESTED_KINDS.get(citation_kind, {citation_kind})
            choices = {e.slug: e.iri for e in self.index.entities.values() if e.kind in kinds}
            key = citation.slug if citation else symbol_key(text)
            matches = process.extract(key, list(choices), scorer=fuzz.ratio, limit=limit, score_cutoff=70)
            return [self._whole(text, choices[slug], round(SUGGESTION_CEILING * sim / 101, 3))
                    for slug, sim, _ in matches]
        key = compact(text)
        if not key:
            return []
        suggestions: list[Mention] = []
        seen: set[str] = set()
        matches = process.extract(key, list(self.index.forms), scorer=fuzz.ratio, limit=limit * 3, score_cutoff=60)
        for name, similarity, _ in matches:
            for form in self.index.forms[name]:
                if form.iri not in seen:
                    seen.add(form.iri)
                    suggestions.append(self._whole(text, form.iri, round(SUGGESTION_CEILING * similarity / 101, 3)))
        return suggestions[:limit]


def _select(candidates: list[_Candidate], size: int) -> list[_Candidate]:
    """Non-overlapping candidates: the longest first; on a tie, linked before unlinked, then the higher score."""
    order = sorted(candidates, key=lambda c: (-c.length, 0 if c.scores else 1, -max(c.scores.values(), default=0),
                                              c.start))
    taken = bytearray(size)
    chosen: list[_Candidate] = []
    for cand in order:
        if taken.find(1, cand.start, cand.end) < 0:
            chosen.append(cand)
            taken[cand.start : cand.end] = b"\x01" * cand.length
    return sorted(chosen, key=lambda c: c.start)


__all__ = ["Mention", "Recogniser"]
