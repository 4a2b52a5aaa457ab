"""The CBD citation grammar: decisions, recommendations, documents, notifications, meetings and paragraphs.

Pure functions, no I/O. Each :class:`Citation` carries the normalised official symbol and the slug the graph's
convention gives it (``docs/design.md`` section 1), so a caller can look it up or propose a record for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dsi_graph.link import meetings

KINDS = ("decision", "recommendation", "document", "notification", "meeting", "paragraph")


@dataclass(frozen=True)
class Citation:
    """One citation found in a text: ``text == source[start:end]``."""

    text: str
    start: int
    end: int
    kind: str
    symbol: str
    slug: str
    paragraph: str | None = None


_ROMAN = re.compile(r"^(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(numeral: str) -> int | None:
    """The value of an upper-case Roman numeral up to L (``"XIII"`` -> 13), else ``None``."""
    if not numeral or not _ROMAN.match(numeral):
        return None
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        nxt = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < nxt else value
    return total


def _number(part: str) -> str | None:
    """An arabic or Roman session number as arabic digits without leading zeros."""
    if part.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
        return str(int(part))
    value = roman_to_int(part)
    return None if value is None else str(value)


# --- decisions -------------------------------------------------------------------------------------------------

# One decision number: "15/9", "XIII/16", "NP-3/12", "NP 3/12", "CP-9/13".
_REF = r"(?:(?P<body>NP|CP)[- ]?)?(?P<session>\d{1,2}|[IVXL]{1,6})/(?P<num>\d{1,3})(?![/\d])"
_REF_RE = re.compile(_REF)
_PARA = r"\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s?\([a-z]{1,3}\))?(?:\s?\([ivx]{1,5}\))?"
_PARA_WORD = r"(?:[Pp]aragraphs?|[Pp]aras?\.?|¶)"
_LIST_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
_DECISION_LIST = re.compile(
    r"\b(?:(?P<prefix>COP|NP-MOP|COP-MOP|CP-MOP)\s+)?[Dd]ecisions?\s*"
    rf"(?P<refs>{_REF}(?:{_LIST_SEP}{_REF.replace('?P<body>', '').replace('?P<session>', '').replace('?P<num>', '')})*)"
)
_BARE_ROMAN = re.compile(r"(?<![\w/.-])(?P<session>[IVXL]{1,6})/(?P<num>\d{1,3})(?![/\d])")
_BARE_NP = re.compile(r"(?<![\w/.-])(?P<body>NP|CP)-(?P<session>\d{1,2})/(?P<num>\d{1,3})(?![/\d])")
# "paragraph 2 of decision 16/2", "paras. 6-10 of decision 15/9"
_PARA_OF = re.compile(rf"\b{_PARA_WORD}\s*(?P<para>{_PARA})\s+of\s+(?:COP\s+)?(?:[Dd]ecision\s+)?{_REF}")
# "16/2, para. 6(a)", "decision 15/9 paras 6-10" (the decision part is matched first, the tail here)
_PARA_TAIL = re.compile(rf"\s*,?\s*{_PARA_WORD}\s*(?P<para>(?>{_PARA}))(?!\s+of\s)")  # "…, paragraph 9 of X" is X's
_BARE_ARABIC = re.compile(r"(?<![\w/.-])(?P<session>\d{1,2})/(?P<num>\d{1,3})(?![/\d])")


def decision_symbol(body: str | None, session: str, number: str) -> tuple[str, str]:
    """The official symbol and slug of a decision: COP unless ``body`` is ``NP`` or ``CP``."""
    prefix = {"NP": "CBD/NP/MOP/DEC", "CP": "CBD/CP/MOP/DEC"}.get((body or "").upper(), "CBD/COP/DEC")
    symbol = f"{prefix}/{session}/{number}"
    return symbol, _slug(symbol)


def _slug(symbol: str) -> str:
    """The graph's slug of a symbol: lower case, every run of other characters one ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


def _para_slug(decision_slug: str, para: str) -> tuple[str, str]:
    """Normalised paragraph number and the slug of that paragraph of a decision."""
    para = re.sub(r"\s+", "", para).replace("–", "-")
    word = "paras" if re.match(r"^\d+-\d+$", para) else "para"
    return para, f"{decision_slug}-{word}-{_slug(para)}"


_PREFIX_BODIES = {"NP-MOP": "NP", "COP-MOP": "NP", "CP-MOP": "CP"}  # "NP-MOP decision 3/12" is NP-3/12


def _decision(
    text: str, start: int, end: int, match: re.Match[str], source: str, prefix: str | None = None
) -> Citation | None:
    session = _number(match.group("session"))
    if session is None:
        return None
    body = match.groupdict().get("body") or _PREFIX_BODIES.get(prefix or "")
    symbol, slug = decision_symbol(body, session, match.group("num"))
    return Citation(source[start:end], start, end, "decision", symbol, slug)


def _with_paragraph(citation: Citation, para: str, start: int, end: int, source: str) -> Citation:
    number, slug = _para_slug(citation.slug, para)
    return Citation(source[start:end], start, end, "paragraph", citation.symbol, slug, number)


def _decisions(source: str) -> list[Citation]:
    found: list[Citation] = []
    for match in _PARA_OF.finditer(source):
        decision = _decision(source, match.start(), match.end(), match, source)
        if decision:
            found.append(_with_paragraph(decision, match.group("para"), match.start(), match.end(), source))
    for match in _DECISION_LIST.finditer(source):
        refs_start = match.start("refs")
        for i, ref in enumerate(_REF_RE.finditer(source, refs_start, match.end("refs"))):
            start = match.start() if i == 0 else ref.start()
            decision = _decision(source, start, ref.end(), ref, source, match.group("prefix"))
            if decision:
                found.append(_tail(decision, source))
    for pattern in (_BARE_ROMAN, _BARE_NP):
        for match in pattern.finditer(source):
            decision = _decision(source, match.start(), match.end(), match, source)
            if decision:
                found.append(_tail(decision, source))
    for match in _BARE_ARABIC.finditer(source):
        tail = _PARA_TAIL.match(source, match.end())
        if tail and source[match.end()] == ",":
            decision = _decision(source, match.start(), match.end(), match, source)
            if decision:
                found.append(_with_paragraph(decision, tail.group("para"), match.start(), tail.end(), source))
    return found


def _tail(decision: Citation, source: str) -> Citation:
    """Extend a decision citation by a paragraph reference that follows it (``16/2, para. 6(a)``)."""
    tail = _PARA_TAIL.match(source, decision.end)
    if tail:
        return _with_paragraph(decision, tail.group("para"), decision.start, tail.end(), source)
    return decision


# --- symbols -----------------------------------------------------------------------------------------------------

_SEGMENT = r"[A-Za-z0-9]+(?:\.\d+)?"
_SYMBOL = re.compile(
    rf"(?<![\w/])(?P<unep>UNEP/)?(?P<cbd>CBD/)?(?P<first>(?(cbd)[A-Z][A-Z0-9]*|(?:WGDSI|WG2020|SBSTTA|SBI|COP)))"
    rf"(?P<rest>(?:/{_SEGMENT})+)"
)


def _symbol(match: re.Match[str], source: str) -> Citation | None:
    parts = [match.group("first"), *match.group("rest").strip("/").split("/")]
    if len(parts) < 2 or not any(p[:1].isdigit() or roman_to_int(p) for p in parts[1:]):
        return None
    text, start, end = match.group(0), match.start(), match.end()
    if "DEC" in parts:
        i = parts.index("DEC")
        if len(parts) == i + 3 and parts[i + 2].isdecimal():  # "CBD/COP/DEC/16/2decision" is no decision
            session = _number(parts[i + 1])
            if session is None:
                return None
            symbol = "CBD/" + "/".join([*parts[:i + 1], session, str(int(parts[i + 2]))])
            return _tail(Citation(text, start, end, "decision", symbol, _slug(symbol)), source)
    symbol = "CBD/" + "/".join(parts)
    if match.group("unep"):
        symbol = "UNEP/" + symbol
    if "REC" in parts:
        return Citation(text, start, end, "recommendation", symbol, _slug(symbol))
    if len(parts) == 2 and parts[1].isdigit() and parts[0] in meetings.BODIES:
        code = meetings.meeting_code(parts[0], parts[1])
        if code:
            return Citation(text, start, end, "meeting", code[0], code[1])
    return Citation(text, start, end, "document", symbol, _slug(symbol))


# --- recommendations in prose, notifications ----------------------------------------------------------------------

_RECOMMENDATION = re.compile(
    r"\b(?P<body>WGDSI|WG2020|SBSTTA|SBI|WG8J)\s+recommendations?\s+(?P<session>\d{1,2})/(?P<num>\d{1,3})(?![/\d])"
)
_NOTIFICATION = re.compile(
    r"\b[Nn]otifications?\s+(?:[Nn]o\.?\s*|[Nn]umber\s+)?(?P<refs>\d{4}-\d{3}(?:(?:\s*,\s*|\s+and\s+)\d{4}-\d{3})*)\b"
)
_NOTIFICATION_NUMBER = re.compile(r"(\d{4})-(\d{3})")


def _recommendations(source: str) -> list[Citation]:
    found = []
    for match in _RECOMMENDATION.finditer(source):
        symbol = f"CBD/{match.group('body')}/REC/{int(match.group('session'))}/{int(match.group('num'))}"
        found.append(Citation(match.group(0), match.start(), match.end(), "recommendation", symbol, _slug(symbol)))
    return found


def _notifications(source: str) -> list[Citation]:
    found = []
    for match in _NOTIFICATION.finditer(source):
        for i, number in enumerate(_NOTIFICATION_NUMBER.finditer(source, match.start("refs"), match.end("refs"))):
            start = match.start() if i == 0 else number.start()
            symbol = f"notification {number.group(0)}"
            found.append(Citation(source[start : number.end()], start, number.end(), "notification", symbol,
                                  _slug(symbol)))
    return found


# --- all together --------------------------------------------------------------------------------------------------


def _select(candidates: list[Citation]) -> list[Citation]:
    """Longest first, then non-overlapping, sorted by position."""
    chosen: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for citation in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if all(citation.end <= s or citation.start >= e for s, e in taken):
            chosen.append(citation)
            taken.append((citation.start, citation.end))
    return sorted(chosen, key=lambda c: c.start)


def find_citations(text: str) -> list[Citation]:
    """Every CBD citation in ``text``, non-overlapping and in order (the longest reading wins an overlap)."""
    candidates: list[Citation] = []
    for match in _SYMBOL.finditer(text):
        citation = _symbol(match, text)
        if citation:
            candidates.append(citation)
    candidates += _decisions(text)
    candidates += _recommendations(text)
    candidates += _notifications(text)
    for start, end, symbol, slug in meetings.find_meetings(text):
        candidates.append(Citation(text[start:end], start, end, "meeting", symbol, slug))
    return _select(candidates)


def parse_citation(ref: str) -> Citation | None:
    """The citation that ``ref`` is as a whole (surrounding spaces aside), else ``None``.

    Bare decision numbers (``"15/9"``) are read as COP decisions here, since the whole reference is one citation.
    """
    text = ref.strip()
    if not text:
        return None
    for citation in find_citations(text):
        if citation.start == 0 and citation.end == len(text):
            return citation
    bare = re.fullmatch(_REF, text)
    if bare:
        return _decision(text, 0, len(text), bare, text)
    bare_para = re.fullmatch(rf"{_REF}{_PARA_TAIL.pattern}", text)
    if bare_para:
        decision = _decision(text, 0, len(text), bare_para, text)
        if decision:
            return _with_paragraph(decision, bare_para.group("para"), 0, len(text), text)
    return None
