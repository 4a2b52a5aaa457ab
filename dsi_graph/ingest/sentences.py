"""Sentences of a report: cut after ``.``, ``!``, ``?`` before a capital, at blank lines, list bullets and headings.

A line of at most :data:`HEADING_CHARS` characters that ends without punctuation before a capitalised line is a
heading ("Thursday, 15 August 2024", "Modalities of the fund"), not a wrapped line of the sentence after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

HEADING_END_RE = re.compile(r"(?<=[\w)])[ \t]*\n(?=[ \t]*[A-Z])")  # a line ending without punctuation
BULLET_RE = re.compile(r"\s*(?:[-*•+]|\d{1,2}[.)])[ \t]+")
HEADING_CHARS = 60  # a line that short, ending so, is a heading and not a wrapped line of a sentence


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans of ``text``: cut after ``.``, ``!``, ``?`` before a capital, and at blank lines."""
    start = 0
    abbrev = re.compile(r"(?:\b(?:para|paras|No|Nos|e\.g|i\.e|Dr|Mr|Ms|Mrs|Art|art|cf|vs|etc|St|p|pp)|\b[A-Z])\.$")
    for m in re.finditer(r"[.!?](?=\s+[\"“(]?[A-Z0-9])|\n\s*\n|\n(?=[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+)", text):
        end = m.end()
        if m.group().startswith(".") and abbrev.search(text[max(0, end - 6) : end]):
            continue
        yield from _trimmed(text, start, end)
        start = end
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span without surrounding white space, cut after a heading line (short, no end punctuation)."""
    for m in HEADING_END_RE.finditer(text, start, end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start >= start and m.start() - line_start <= HEADING_CHARS:
            yield from _stripped(text, start, m.start())
            start = m.end()
    yield from _stripped(text, start, end)


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span without surrounding white space (and a list bullet), if anything is left."""
    if bullet := BULLET_RE.match(text, start, end):
        start = bullet.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
