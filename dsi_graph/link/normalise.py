"""Text normalisation for matching names: tokens of letters and digits, folded, with offsets into the original.

Folding removes case and diacritics (``Hervé`` -> ``herve``); everything that is not a letter or a digit separates
tokens, so hyphens, slashes, apostrophes, punctuation and line breaks never stop a match. Names are compared by
their *compact key*, the tokens joined without separators, which also makes ``Neth-erlands`` (a word split by a
hyphen or a line break), ``Co-Chairs`` and ``CoChairs`` equal.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Token:
    """A run of letters and digits: ``norm`` folded, ``start``/``end`` offsets into the original text."""

    norm: str
    start: int
    end: int


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded: lower case, diacritics removed (``ß`` -> ``ss``); '' for a separator."""
    decomposed = unicodedata.normalize("NFKD", char)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(c for c in folded if c.isalnum())


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` in order."""
    result: list[Token] = []
    start = -1
    buffer: list[str] = []
    for i, char in enumerate(text):
        folded = _fold_char(char) if not char.isascii() else (char.lower() if char.isalnum() else "")
        if folded:
            if start < 0:
                start = i
            buffer.append(folded)
        elif start >= 0:
            result.append(Token("".join(buffer), start, i))
            start, buffer = -1, []
    if start >= 0:
        result.append(Token("".join(buffer), start, len(text)))
    return result


def compact(text: str) -> str:
    """The compact key of a name: its folded tokens joined (``"Co-Chairs' report"`` -> ``"cochairsreport"``)."""
    return "".join(t.norm for t in tokens(text))


def token_words(text: str) -> list[str]:
    """The folded tokens of ``text`` (for counting a name's words)."""
    return [t.norm for t in tokens(text)]


def is_acronym(name: str) -> bool:
    """Whether ``name`` is written like an acronym (``GBIF``, ``EMBL-EBI``, ``IISD ENB``): matched with its case."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(compact(name)) <= 8


def same_case(original: str, name: str) -> bool:
    """Whether ``original`` has the letters and digits of ``name`` in the same case (separators ignored)."""
    return [c for c in original if c.isalnum()] == [c for c in name if c.isalnum()]
