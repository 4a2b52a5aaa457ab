"""Readable SPARQL syntax errors: line, column, a short message and a hint, the parser's own text kept as ``detail``.

The engines report a syntax error in their own words: Oxigraph as ``error at L:C: expected one of`` and a list of
tokens and Unicode ranges, rdflib (pyparsing) as ``Expected ... (at char N), (line:L, col:C)`` or ``Unknown
namespace prefix : p``. :func:`explain` turns either into an :class:`ErrorReport`. An undeclared prefix is found in
the query text itself (whatever the engine said), and the hint names the ``PREFIX`` line to add when the prefix is
one of the project's (:data:`dsi_graph.rdf.namespaces.PREFIXES`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from typing import Any

from dsi_graph.rdf import sparqltext
from dsi_graph.rdf.namespaces import PREFIXES
from dsi_graph.stores.base import QuerySyntaxError

_OXIGRAPH_AT = re.compile(r"\bat (\d+):(\d+)")
_PYPARSING_AT = re.compile(r"line:\s*(\d+),\s*col:\s*(\d+)")
_CHAR_AT = re.compile(r"at char (\d+)")
_EXPECTED = re.compile(r"expected (?:one of )?(.*)", re.DOTALL | re.IGNORECASE)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)+)"')
_BARE = re.compile(r"(?<![\w'\"\[\\])([A-Za-z][A-Za-z0-9_]*)(?![\w'\"\]])")
_MAX_EXPECTED = 8


@dataclass(frozen=True)
class ErrorReport:
    """A syntax error told for people: ``message`` and ``hint`` to read, ``detail`` the parser's raw text."""

    message: str
    line: int | None
    column: int | None
    hint: str | None
    detail: str
    prefix: str | None = None

    def fields(self) -> dict[str, Any]:
        """The report as the extra keys of the JSON error envelope (``message`` is its ``error``)."""
        return {k: v for k, v in asdict(self).items() if k != "message"}


def _line_col(query: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = query[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _position(query: str, raw: str) -> tuple[int | None, int | None]:
    for pattern in (_OXIGRAPH_AT, _PYPARSING_AT):
        match = pattern.search(raw)
        if match:
            return int(match.group(1)), int(match.group(2))
    match = _CHAR_AT.search(raw)
    if match:
        return _line_col(query, min(int(match.group(1)), len(query)))
    return None, None


def undeclared_prefixes(query: str) -> list[tuple[str, int]]:
    """The prefixes a query uses without a ``PREFIX`` line, each with the offset of its first use, in order."""
    toks = sparqltext.tokens(query)
    declared: set[str] = set()
    used: dict[str, int] = {}
    for i, tok in enumerate(toks):
        if tok.text != ":" or tok.kind != "other":
            continue
        prev = toks[i - 1] if i else None
        adjacent = prev is not None and prev.kind == "name" and prev.start + len(prev.text) == tok.start
        name = prev.text if adjacent and prev is not None else ""
        start = prev.start if adjacent and prev is not None else tok.start
        before = toks[i - 2] if adjacent and i >= 2 else prev
        if before is not None and before.kind == "word" and before.text == "prefix":
            declared.add(name)
        elif adjacent and before is not None and before.text in ("?", "$"):
            continue  # ?var followed by ':' is no prefixed name
        else:
            used.setdefault(name, start)
    return [(name, at) for name, at in used.items() if name not in declared]


def _expected(raw: str) -> list[str]:
    """The readable alternatives of an 'expected one of' list: keywords and punctuation, no character ranges."""
    match = _EXPECTED.search(raw)
    if not match:
        return []
    text = match.group(1)
    items = [q for q in _QUOTED.findall(text)]
    ranges = re.sub(r"\[[^\]]*\]", " ", text)  # ['A' ..= 'Z' | ...] blocks are character classes
    items += [w for w in _BARE.findall(ranges) if w not in ("Prefix", "not", "found")]
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _found(query: str, line: int | None, column: int | None) -> str | None:
    """The text at (line, column): the next token, for 'unexpected ...'."""
    if line is None or column is None:
        return None
    lines = query.splitlines()
    if not 0 < line <= len(lines):
        return "the query ends too early" if line > len(lines) else None
    rest = lines[line - 1][column - 1:].strip()
    if not rest:
        return "at the end of the line" if line < len(lines) else "the query ends too early"
    token = re.match(r"[A-Za-z0-9_:?$\-]+|\S", rest)
    return f"unexpected '{token.group()}'" if token else None


def _balance_hint(query: str) -> str | None:
    toks = sparqltext.tokens(query)
    braces = sum(1 for t in toks if t.text == "{") - sum(1 for t in toks if t.text == "}")
    parens = sum(1 for t in toks if t.text == "(") - sum(1 for t in toks if t.text == ")")
    if braces > 0:
        return f"{braces} '{{' not closed: add '}}' at the end of the group."
    if braces < 0:
        return f"{-braces} '}}' without a matching '{{'."
    if parens > 0:
        return f"{parens} '(' not closed."
    if parens < 0:
        return f"{-parens} ')' without a matching '('."
    if sparqltext.query_form(query) is None:
        return "A query is SELECT, CONSTRUCT, ASK or DESCRIBE, after its PREFIX lines (updates are refused)."
    return None


def explain(query: str, raw: str) -> ErrorReport:
    """A readable report of the syntax error ``raw`` that an engine gave for ``query``."""
    missing = undeclared_prefixes(query)
    if missing:
        name, at = missing[0]
        line, column = _line_col(query, at)
        if name in PREFIXES:
            hint = f"Add the line: PREFIX {name}: <{PREFIXES[name]}>"
        else:
            close = difflib.get_close_matches(name, list(PREFIXES), n=1)
            known = f"did you mean {close[0]}:? " if close else ""
            hint = (f"Declare it with PREFIX {name}: <namespace IRI>, or use a prefix of the project ({known}"
                    f"{', '.join(p + ':' for p in PREFIXES)}).")
        return ErrorReport(f"undeclared prefix '{name}:' at line {line}, column {column}", line, column, hint, raw,
                           name)
    line, column = _position(query, raw)
    where = f" at line {line}, column {column}" if line is not None else ""
    found = _found(query, line, column)
    message = f"syntax error{where}" + (f": {found}" if found else "")
    expected = _expected(raw)
    hint = _balance_hint(query)
    if expected:
        shown = ", ".join(expected[:_MAX_EXPECTED]) + (" ..." if len(expected) > _MAX_EXPECTED else "")
        hint = (hint + " " if hint else "") + f"Expected here: {shown}."
    return ErrorReport(message, line, column, hint, raw)


class ExplainedSyntaxError(QuerySyntaxError):
    """A :class:`QuerySyntaxError` with its :class:`ErrorReport`; ``str()`` is the readable message."""

    def __init__(self, report: ErrorReport) -> None:
        super().__init__(report.message)
        self.report = report


def explained(query: str, error: QuerySyntaxError) -> QuerySyntaxError:
    """``error`` with a report of what it means for ``query`` (an already explained error is returned as is)."""
    if isinstance(error, ExplainedSyntaxError):
        return error
    return ExplainedSyntaxError(explain(query, str(error)))


def envelope(error: QuerySyntaxError) -> tuple[str, dict[str, Any]]:
    """(message, extra keys) of the 400 error envelope for a syntax error: ``query syntax error: ...``, hint, detail."""
    report = getattr(error, "report", None)
    if not isinstance(report, ErrorReport):
        return f"query syntax error: {error}", {"detail": str(error)}
    return f"query syntax error: {report.message}", report.fields()
