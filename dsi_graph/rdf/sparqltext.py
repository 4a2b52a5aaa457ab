"""The one SPARQL text tokenizer: query form and first keyword, SERVICE use, ``VALUES`` binding, dataset clauses.

The query is tokenised (comments, strings and IRIs skipped), never edited by pattern matching on raw text, and
bound terms are written in SPARQL syntax from RDF terms with every character escaped, so a hostile literal stays
a literal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Literal as TypingLiteral
from typing import NamedTuple

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

QueryForm = TypingLiteral["select", "ask", "construct"]  # DESCRIBE answers like CONSTRUCT


class SparqlTextError(ValueError):
    """A query text that cannot be bound or rewritten (no query form, unbalanced braces, a bad term)."""

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_IRI_OK = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')
_LANG_OK = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
_VAR_OK = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FORMS = {"select": "select", "ask": "ask", "construct": "construct", "describe": "describe"}
_MODIFIERS = {"group", "having", "order", "limit", "offset", "values"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


class Token(NamedTuple):
    """A significant token: kind (``word``, ``iri``, ``string``, ``other``), text, start offset, nesting depth."""

    kind: str
    text: str
    start: int
    depth: int


def tokens(query: str) -> list[Token]:
    """Significant tokens of a query (no blanks or comments) with their brace depth; keywords are lower-cased."""
    return list(_tokens(query))


@lru_cache(maxsize=512)
def _tokens(query: str) -> tuple[Token, ...]:
    """:func:`tokens`, memoised: the entity pages bind the same few query texts on every request."""
    out: list[Token] = []
    depth = 0
    previous = ""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        text = match.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "word":
            after = query[match.end() : match.end() + 1]
            if previous in ("?", "$", ":") or after == ":" or query[match.start() - 1 : match.start()] == ":":
                kind = "name"  # a variable, prefix or local name, never a keyword
            else:
                text = text.lower()
        if text == "}":
            depth -= 1
        out.append(Token(kind, text, match.start(), depth))
        if text == "{":
            depth += 1
        previous = text if kind == "other" else ""
    return tuple(out)


def query_form(query: str) -> str | None:
    """``select``, ``ask``, ``construct`` or ``describe`` (None when the text is no query, e.g. an update)."""
    for token in tokens(query):
        if token.kind == "word" and token.depth == 0:
            if token.text in _FORMS:
                return _FORMS[token.text]
            if token.text not in ("base", "prefix"):
                return None
    return None


def keyword(query: str) -> str:
    """The first keyword after the prologue (``SELECT``, ``ASK``, ``INSERT``...), upper case; '' if none."""
    for token in tokens(query):
        if token.kind == "word" and token.depth == 0 and token.text not in ("base", "prefix"):
            return token.text.upper()
    return ""


def uses_service(query: str) -> bool:
    """Whether the query has a ``SERVICE`` clause (a keyword, not a name, string or IRI)."""
    return any(t.kind == "word" and t.text == "service" for t in tokens(query))


def contract_form(form: str | None) -> QueryForm | None:
    """The store contract's form for a query form (DESCRIBE answers like CONSTRUCT)."""
    if form is None:
        return None
    return "construct" if form == "describe" else form  # type: ignore[return-value]


def sparql_term(term: Identifier) -> str:
    """Write an RDF term in SPARQL syntax, escaping everything that could end it early.

    :raise SparqlTextError: for blank nodes (not allowed in VALUES) and malformed IRIs or language tags.
    """
    if isinstance(term, URIRef):
        if not _IRI_OK.fullmatch(str(term)):
            raise SparqlTextError(f"not a valid IRI to bind: {str(term)!r}")
        return term.n3()
    if isinstance(term, Literal):
        body = '"' + "".join(_ESCAPES.get(c, c) for c in str(term)) + '"'
        if term.language:
            if not _LANG_OK.fullmatch(term.language):
                raise SparqlTextError(f"not a valid language tag: {term.language!r}")
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return body + "^^" + sparql_term(URIRef(str(term.datatype)))
        return body
    if isinstance(term, BNode):
        raise SparqlTextError("a blank node cannot be bound in a query sent to a remote engine")
    raise SparqlTextError(f"cannot bind {term!r}")


def values_block(bindings: Mapping[str, Identifier]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` for the bindings."""
    names = list(bindings)
    for name in names:
        if not _VAR_OK.fullmatch(name):
            raise SparqlTextError(f"not a valid variable name: {name!r}")
    head = " ".join(f"?{name}" for name in names)
    row = " ".join(sparql_term(bindings[name]) for name in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def _matching(toks: list[Token], index: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``index``."""
    depth = toks[index].depth
    for j in range(index + 1, len(toks)):
        if toks[j].text == "}" and toks[j].depth == depth:
            return j
    raise SparqlTextError("unbalanced braces in the query")


def bind_values(query: str, bindings: Mapping[str, Identifier] | None) -> str:
    """Pre-bind variables: put a ``VALUES`` block first in the query's WHERE group.

    :raise SparqlTextError: when the text is no query or a term cannot be bound.
    """
    if not bindings:
        return query
    block = values_block(bindings)
    toks = tokens(query)  # the text as written (memoised): every offset below is one of it
    inner = _subselect_blocks(toks, bindings)
    form_at = next((i for i, t in enumerate(toks) if t.kind == "word" and t.depth == 0 and t.text in _FORMS), None)
    if form_at is None:
        raise SparqlTextError("bindings need a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    start = form_at + 1
    short_construct = None
    if toks[form_at].text == "construct":
        if start < len(toks) and toks[start].text == "{":
            start = _matching(toks, start) + 1
        else:
            short_construct = toks[form_at]
    group = next((i for i in range(start, len(toks)) if toks[i].text == "{" and toks[i].depth == 0), None)
    if group is None:  # DESCRIBE <x> without WHERE: add one before any solution modifier
        end = next((t.start for t in toks[start:] if t.kind == "word" and t.depth == 0 and t.text in _MODIFIERS), None)
        cut = len(query) if end is None else end
        return f"{query[:cut]} WHERE {{ {block} }} {query[cut:]}"
    open_at = toks[group].start + 1
    close = _matching(toks, group)
    first = toks[group + 1] if group + 1 < len(toks) else None
    inserts = list(inner)
    if first is not None and first.kind == "word" and first.text == "select":  # WHERE { SELECT ... }
        inserts += [(open_at, f" {block} {{"), (toks[close].start, "} ")]
    else:
        inserts.append((open_at, f" {block} "))
    if short_construct is not None:  # CONSTRUCT WHERE { P } -> CONSTRUCT { P } WHERE { VALUES ... P }
        template = _inserted(query[open_at : toks[close].start], [(at - open_at, text) for at, text in inner])
        inserts.append((short_construct.start + len("construct"), f" {{{template}}}"))
    return _inserted(query, inserts)


def _inserted(text: str, inserts: list[tuple[int, str]]) -> str:
    """``text`` with each ``(offset, piece)`` inserted at its offset of the original text (same offsets in the
    order given)."""
    pieces, at = [], 0
    for _, (offset, piece) in sorted(enumerate(inserts), key=lambda item: (item[1][0], item[0])):
        pieces += [text[at:offset], piece]
        at = offset
    return "".join(pieces) + text[at:]


def _subselect_blocks(toks: list[Token], bindings: Mapping[str, Identifier]) -> list[tuple[int, str]]:
    """Where to put the bindings of the variables a sub-select projects, first in its WHERE group as well.

    The bound variable is the same inside a sub-select that projects it, and a sub-select's LIMIT must cut the
    bound entity's rows, not everyone's (rdflib's ``initBindings`` reaches into sub-selects in the same way).
    """
    inserts: list[tuple[int, str]] = []
    for i, tok in enumerate(toks):
        if not (tok.kind == "word" and tok.text == "select" and tok.depth > 0):
            continue
        group = next((j for j in range(i + 1, len(toks)) if toks[j].text == "{" and toks[j].depth == tok.depth), None)
        if group is None:
            continue
        head = toks[i + 1 : group]
        projected = {t.text for k, t in enumerate(head) if t.kind == "name" and k and head[k - 1].text in "?$"}
        star = any(t.text == "*" for t in head)
        names = {n: v for n, v in bindings.items() if star or n in projected}
        if names:
            inserts.append((toks[group].start + 1, " " + values_block(names) + " "))
    return inserts


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED`` at the top level)."""
    return any(t.kind == "word" and t.depth == 0 and t.text == "from" for t in tokens(query))


def with_dataset(query: str, default: list[str], named: list[str]) -> str:
    """Write ``FROM <g>`` / ``FROM NAMED <g>`` clauses into a query that names no dataset of its own.

    The clauses go before the WHERE group (after a CONSTRUCT template; at the end of a bare DESCRIBE). Text that
    is no query, or that has FROM clauses already, is returned unchanged.
    """
    if not (default or named):
        return query
    toks = tokens(query)
    form_at = next((i for i, t in enumerate(toks) if t.kind == "word" and t.depth == 0 and t.text in _FORMS), None)
    if form_at is None or has_dataset_clause(query):
        return query
    clauses = " ".join([*(f"FROM {sparql_term(URIRef(g))}" for g in default),
                        *(f"FROM NAMED {sparql_term(URIRef(g))}" for g in named)])
    start = form_at + 1
    if toks[form_at].text == "construct" and start < len(toks) and toks[start].text == "{":
        start = _matching(toks, start) + 1
    parens = 0
    for tok in toks[start:]:
        if tok.text == "(":
            parens += 1
        elif tok.text == ")":
            parens -= 1
        elif parens == 0 and tok.depth == 0 and (tok.text == "{" or (tok.kind == "word" and tok.text == "where")):
            return f"{query[:tok.start]}{clauses} {query[tok.start:]}"
        elif parens == 0 and tok.depth == 0 and tok.kind == "word" and tok.text in _MODIFIERS:
            return f"{query[:tok.start]}{clauses} {query[tok.start:]}"  # DESCRIBE <x> LIMIT 1
    return f"{query} {clauses}"
