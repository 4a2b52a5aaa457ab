"""Text normalisation for matching names: tokens of letters and digits, folded, with offsets into the original.

Folding removes case and diacritics (``Hervé`` -> ``herve``); ``&`` is the token ``and``; everything else that is
not a letter or a digit separates tokens, so hyphens, slashes, apostrophes, punctuation and line breaks never stop
a match. Names are compared by their *compact key*, the tokens joined without separators, which also makes
``Neth-erlands`` (a word split by a hyphen or a line break), ``Co-Chairs`` and ``CoChairs`` equal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Token:
    """A run of letters and digits: ``norm`` folded, ``start``/``end`` offsets into the original text."""

    norm: str
    start: int
    end: int


_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+|&")  # "&" is the word "and": "Manufacturers & Associations"


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word folded: lower case, diacritics removed (``Hervé`` -> ``herve``, ``ß`` -> ``ss``)."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` in order."""
    return [Token("and" if m.group(0) == "&" else fold(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)]


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
