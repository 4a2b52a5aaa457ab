"""Names found around the exact ones: misspelt names, surnames before "et al.", and sections named by their
number after their document ("Report of the IAG from Nov 2021 (Section II.B.2, ... and Section II.B.3(b))").
"""

from __future__ import annotations

import bisect
import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from dsi_graph.link.index import Index
from dsi_graph.link.normalise import Token, compact

FUZZY_WORDS = 6  # longest misspelt name looked for, in tokens
ET_AL_SCORE = 0.8
PART_WINDOW = 120  # characters after a document's name searched for its sections ("(Section D, p. 5)")
_ET_AL = re.compile(r"\b(?P<name>[A-Z][A-Za-z'’-]+)\s+et\s+al\b")

Span = tuple[int, int, dict[str, float]]


def misspelt(index: Index, text: str, toks: list[Token], covered: bytearray) -> list[Span]:
    """Capitalised names one edit (two for long names) or swap of neighbours from a known name; no digits.

    ``covered`` marks with 1 the characters exact names already took; a misspelt name does not start there.
    """
    found: list[Span] = []
    for i, tok in enumerate(toks):
        if covered[tok.start] or not text[tok.start].isupper():
            continue
        window = ""
        for j in range(i, min(i + FUZZY_WORDS, len(toks))):
            window += toks[j].norm
            if len(window) > index.max_key + 2:
                break
            bucket = index.fuzzy.get(window[:2])
            if len(window) < 10 or not bucket:
                continue
            best = process.extractOne(window, bucket, scorer=OSA.distance, score_cutoff=2)
            if not best:
                continue
            key, distance = best[0], best[1]
            if 0 < distance <= (1 if len(key) < 16 else 2):
                score = round(0.9 * (1 - distance / len(key)), 3)
                iris = {f.iri for f in index.forms[key] if f.rank >= 2}
                found.append((tok.start, toks[j].end, dict.fromkeys(iris, score)))
    return found


def et_al(index: Index, text: str) -> list[Span]:
    """``Houssen et al.``: the surname of exactly one person the graph holds."""
    found: list[Span] = []
    for match in _ET_AL.finditer(text):
        people = index.surnames.get(compact(match.group("name")), set())
        if len(people) == 1:
            found.append((match.start("name"), match.end("name"), {next(iter(people)): ET_AL_SCORE}))
    return found


def section_parts(
    index: Index, text: str, mentions: list[tuple[int, int, str | None, str]]
) -> list[tuple[int, int, str]]:
    """Sections named by number after a mention ``(start, end, iri, kind)`` of their document or a sibling."""
    found: list[tuple[int, int, str]] = []
    taken = bytearray(len(text))
    for start, end, _, _ in mentions:
        taken[start:end] = b"\x01" * (end - start)
    starts = sorted(start for start, _, _, _ in mentions)
    for _, end, iri, kind in mentions:
        if not iri or kind not in {"document", "section"}:
            continue
        doc = iri if kind == "document" else index.parent.get(iri)
        parts = index.parts.get(doc or "", [])
        if not parts:
            continue
        following = bisect.bisect_left(starts, end)
        limit = min(starts[following] if following < len(starts) else len(text), end + PART_WINDOW, len(text))
        newline = text.find("\n", end, limit)
        window_end = newline if newline >= 0 else limit
        for part, notation in parts:
            span = None if part == iri else find_notation(text, end, window_end, notation)
            if span and taken.find(1, span[0], span[1]) < 0:
                found.append((*span, part))
                taken[span[0] : span[1]] = b"\x01" * (span[1] - span[0])
    return found


def find_notation(text: str, start: int, end: int, notation: str) -> tuple[int, int] | None:
    """Where a section's number (``II.B.3(b)``, ``D.3``, or ``A`` of ``Annex, section A``) stands in the window."""
    for variant in dict.fromkeys([notation, notation.split("section ")[-1]]):
        pattern = rf"(?:^|(?<=[\s(,;]))(?:[Ss]ections?\s+|and\s+)?(?P<n>{re.escape(variant)})(?=[\s,;)]|\.(?!\w)|$)"
        match = re.compile(pattern).search(text, start, end)
        if match:
            return match.start("n"), match.end("n")
    return None
