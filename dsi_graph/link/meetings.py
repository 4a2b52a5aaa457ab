"""Meeting references: codes (``COP 16``, ``NP-MOP 4``, ``SBSTTA-22``) and prose (``the second meeting of the
Working Group``). Pure functions, no I/O; :mod:`dsi_graph.link.citations` turns the matches into citations.
"""

from __future__ import annotations

import re

# Body code -> (symbol prefix, slug prefix). Slugs follow docs/design.md: cop-16, np-mop-4, sbstta-22, wgdsi-1.
BODIES: dict[str, tuple[str, str]] = {
    "COP": ("COP", "cop"),
    "NP-MOP": ("NP-MOP", "np-mop"),
    "CP-MOP": ("CP-MOP", "cp-mop"),
    "SBSTTA": ("SBSTTA", "sbstta"),
    "SBI": ("SBI", "sbi"),
    "WGDSI": ("WGDSI", "wgdsi"),
    "WG2020": ("WG2020", "wg2020"),
    "WG8J": ("WG8J", "wg8j"),
}
# How texts write the codes: COP-MOP (in DSI texts, the Nagoya Protocol's) and OEWG (the post-2020 group).
_ALIASES = {"COP-MOP": "NP-MOP", "NPMOP": "NP-MOP", "NP MOP": "NP-MOP", "CPMOP": "CP-MOP", "OEWG": "WG2020"}

ORDINALS: dict[str, int] = {
    word: i
    for i, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        start=1,
    )
}

# Long names of the bodies, longest first; "the Working Group" alone means the DSI working group (WGDSI).
_BODY_NAMES: tuple[tuple[str, str], ...] = (
    (r"Conference\s+of\s+the\s+Parties\s+serving\s+as\s+the\s+meeting\s+of\s+the\s+Parties\s+to\s+the\s+Nagoya"
     r"\s+Protocol(?:\s+on\s+Access\s+and\s+Benefit[- ]?sharing)?", "NP-MOP"),
    (r"Conference\s+of\s+the\s+Parties(?:\s+to\s+the\s+Convention\s+on\s+Biological\s+Diversity)?", "COP"),
    (r"Ad\s+Hoc\s+Open[- ]ended\s+Working\s+Group\s+on\s+Benefit[- ]sharing\s+from\s+the\s+Use\s+of\s+Digital"
     r"\s+Sequence\s+Information\s+on\s+Genetic\s+Resources", "WGDSI"),
    (r"Open[- ]ended\s+Working\s+Group\s+on\s+the\s+Post[- ]?2020\s+Global\s+Biodiversity\s+Framework", "WG2020"),
    (r"(?:Ad\s+Hoc\s+)?Open[- ]ended\s+(?:Inter-sessional\s+)?Working\s+Group\s+on\s+Article\s+8\s?\(j\)"
     r"(?:\s+and\s+Related\s+Provisions)?", "WG8J"),
    (r"Subsidiary\s+Body\s+on\s+Scientific,?\s+Technical\s+and\s+Technological\s+Advice", "SBSTTA"),
    (r"Subsidiary\s+Body\s+on\s+Implementation", "SBI"),
    (r"Working\s+Group", "WGDSI"),
)
_BODY_ALT = "|".join(f"(?P<b{i}>{pattern})" for i, (pattern, _) in enumerate(_BODY_NAMES))
_ORDINAL = rf"(?P<ord>{'|'.join(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))"

_CODE = re.compile(
    r"(?<![\w/-])(?:CBD\s+)?(?P<code>COP[- ]MOP|NP[- ]?MOP|CP[- ]?MOP|CoP|COP|SBSTTA|SBI|WGDSI|WG2020|OEWG|WG8J)"
    r"\s?[- ]?\s?(?P<num>\d{1,2})(?:\.(?P<part>\d))?(?![\w/]|\.\d)"
)
_ORDINAL_MEETING = re.compile(
    rf"\b(?:[Tt]he\s+)?{_ORDINAL}\s+(?:meeting|session)\s+of\s+the\s+(?:{_BODY_ALT})", re.IGNORECASE
)
_ORDINAL_COP = re.compile(rf"\b(?:[Tt]he\s+)?{_ORDINAL}\s+Conference\s+of\s+the\s+Parties\b(?!\s+serving)")
# "Open-Ended Working Group 3": a working group's name (long, or the short post-2020 one) and a number.
_NAMED_GROUPS = [(p, c) for p, c in _BODY_NAMES if c in {"WG2020", "WGDSI", "WG8J"} and p != r"Working\s+Group"]
_NAMED_GROUPS.append((r"Open[- ]ended\s+Working\s+Group", "WG2020"))
_NAME_NUMBER = re.compile(
    r"\b(?:" + "|".join(f"(?P<n{i}>{p})" for i, (p, _) in enumerate(_NAMED_GROUPS)) + r")"
    r"\s+(?P<num>\d{1,2})\b(?![/.]\d)",
    re.IGNORECASE,
)


def meeting_code(body: str, number: str, part: str | None = None) -> tuple[str, str] | None:
    """The symbol (``NP-MOP-4``) and slug (``np-mop-4``) of a meeting of ``body``; ``part`` adds ``-{part}``."""
    code = _ALIASES.get(body.upper().replace(" ", "-"), body.upper().replace(" ", "-"))
    code = _ALIASES.get(code, code)
    if code not in BODIES or not number.isdigit() or int(number) == 0:
        return None
    symbol_prefix, slug_prefix = BODIES[code]
    suffix = f"-{int(part)}" if part else ""
    return f"{symbol_prefix}-{int(number)}{suffix}", f"{slug_prefix}-{int(number)}{suffix}"


def _ordinal_value(word: str) -> int | None:
    word = word.lower()
    if word in ORDINALS:
        return ORDINALS[word]
    digits = re.match(r"\d+", word)
    return int(digits.group(0)) if digits else None


def _body_of(match: re.Match[str]) -> str | None:
    for i, (_, code) in enumerate(_BODY_NAMES):
        if match.groupdict().get(f"b{i}"):
            return code
    return None


def find_meetings(text: str) -> list[tuple[int, int, str, str]]:
    """Meeting references in ``text`` as ``(start, end, symbol, slug)``, possibly overlapping."""
    found: list[tuple[int, int, str, str]] = []
    for match in _CODE.finditer(text):
        code = meeting_code(match.group("code"), match.group("num"), match.group("part"))
        if code:
            found.append((match.start(), match.end(), *code))
    for match in _ORDINAL_MEETING.finditer(text):
        number, body = _ordinal_value(match.group("ord")), _body_of(match)
        code = meeting_code(body, str(number)) if number and body else None
        if code:
            found.append((match.start(), match.end(), *code))
    for match in _ORDINAL_COP.finditer(text):
        number = _ordinal_value(match.group("ord"))
        code = meeting_code("COP", str(number)) if number else None
        if code:
            found.append((match.start(), match.end(), *code))
    for match in _NAME_NUMBER.finditer(text):
        body = next((code for i, (_, code) in enumerate(_NAMED_GROUPS) if match.group(f"n{i}")), None)
        code = meeting_code(body, match.group("num")) if body else None
        if code:
            found.append((match.start(), match.end(), *code))
    return found
