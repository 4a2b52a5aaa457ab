"""Queries whose cost is bounded by the data around one node: the lean path of ``/sparql``, evaluated in-process.

A query is *bounded* when its text is one of these shapes, read from the tokens of
:func:`dsi_graph.rdf.sparqltext.tokens` (nothing else is allowed, not even a FILTER, a second pattern or a path):

- ``SELECT [DISTINCT|REDUCED] ?v ... | * [WHERE] { S P O [.] } [LIMIT n] [OFFSET n]``
- ``ASK [WHERE] { S P O [.] }``
- ``CONSTRUCT WHERE { S P O [.] }`` and ``CONSTRUCT { template } WHERE { S P O [.] }``
- ``DESCRIBE <iri> ...`` (no WHERE: the description of the named nodes)

where the one triple pattern has a constant subject or a constant object (an IRI, a prefixed name or a literal)
and the predicate is a constant, ``a`` or a variable. Such a query reads one index range of one node (its
statements, or the statements pointing at it): no join, so no cross product, and its answer is at most that node's
degree. Every other query is evaluated where it can be stopped (:mod:`dsi_graph.read.isolation`). Entity lookups
(``SELECT ?p ?o WHERE { <iri> ?p ?o }``) are the common bounded query; they skip the hand-off to a query process
(figures in BENCHMARKS.md, "storm").
"""

from __future__ import annotations

from dsi_graph.rdf.sparqltext import Token, tokens

_CONSTANT, _VARIABLE = "constant", "variable"


class _Reader:
    """A cursor over the depth-0 and depth-1 tokens of one query."""

    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.at = 0

    def peek(self, offset: int = 0) -> Token | None:
        index = self.at + offset
        return self.toks[index] if index < len(self.toks) else None

    def take(self, *texts: str) -> bool:
        token = self.peek()
        if token is not None and token.kind in ("word", "other") and token.text in texts:
            self.at += 1
            return True
        return False

    def done(self) -> bool:
        return self.at >= len(self.toks)


def _term(reader: _Reader) -> str | None:
    """Read one RDF term or variable; its kind (constant / variable), or None when it is anything else."""
    token = reader.peek()
    if token is None:
        return None
    if token.kind == "other" and token.text in ("?", "$"):
        name = reader.peek(1)
        if name is not None and name.kind == "name":
            reader.at += 2
            return _VARIABLE
        return None
    if token.kind == "iri":
        reader.at += 1
        return _CONSTANT
    if token.kind == "name" or (token.kind == "other" and token.text == ":"):
        return _CONSTANT if _prefixed_name(reader) else None
    if token.kind == "string":
        reader.at += 1
        if reader.take("@"):
            lang = reader.peek()
            if lang is None or lang.kind not in ("word", "name"):
                return None
            reader.at += 1
        elif reader.peek() is not None and reader.peek().text == "^" and reader.peek(1) is not None \
                and reader.peek(1).text == "^":
            reader.at += 2
            if _term(reader) != _CONSTANT:
                return None
        return _CONSTANT
    return None


def _prefixed_name(reader: _Reader) -> bool:
    """``prefix:local``, ``:local`` or ``prefix:``, as the tokenizer splits them."""
    if reader.peek().kind == "name":
        if reader.peek().text == "_":  # a blank node label is a variable, not a constant
            return False
        reader.at += 1
    if not reader.take(":"):
        return False
    after = reader.peek()
    if after is not None and after.kind in ("name", "word") and after.start == reader.toks[reader.at - 1].start + 1:
        reader.at += 1
    return True


def _pattern(reader: _Reader) -> bool:
    """``S P O`` with a constant S or O and a constant, ``a`` or variable predicate."""
    subject = _term(reader)
    if subject is None:
        return False
    if not reader.take("a") and _term(reader) is None:
        return False
    obj = _term(reader)
    return obj is not None and _CONSTANT in (subject, obj)


def _group(reader: _Reader) -> bool:
    """``{ S P O [.] }`` holding exactly one bounded pattern."""
    if not reader.take("{") or not _pattern(reader):
        return False
    reader.take(".")
    return reader.take("}")


def _template(reader: _Reader) -> bool:
    """A CONSTRUCT template: ``{ triples }`` of terms and variables only."""
    if not reader.take("{"):
        return False
    while not reader.take("}"):
        if reader.done():
            return False
        for _ in range(3):
            if not reader.take("a") and _term(reader) is None:
                return False
        reader.take(".")
    return True


def _integer(reader: _Reader) -> bool:
    digits = 0
    while reader.peek() is not None and reader.peek().kind == "other" and reader.peek().text.isdigit():
        reader.at += 1
        digits += 1
    return digits > 0


def _prologue(reader: _Reader) -> bool:
    while True:
        if reader.take("base"):
            if reader.peek() is None or reader.peek().kind != "iri":
                return False
            reader.at += 1
        elif reader.take("prefix"):
            if reader.peek() is not None and reader.peek().kind == "name":
                reader.at += 1
            if not reader.take(":") or reader.peek() is None or reader.peek().kind != "iri":
                return False
            reader.at += 1
        else:
            return True


def _select(reader: _Reader) -> bool:
    reader.take("distinct", "reduced")
    if not reader.take("*"):
        count = 0
        while reader.peek() is not None and reader.peek().text in ("?", "$"):
            if _term(reader) != _VARIABLE:
                return False
            count += 1
        if count == 0:
            return False
    reader.take("where")
    if not _group(reader):
        return False
    for keyword in ("limit", "offset"):
        if reader.take(keyword) and not _integer(reader):
            return False
    return True


def _construct(reader: _Reader) -> bool:
    if reader.take("where"):
        return _group(reader)
    return _template(reader) and reader.take("where") and _group(reader)


def _describe(reader: _Reader) -> bool:
    count = 0
    while not reader.done():
        if _term(reader) != _CONSTANT:
            return False
        count += 1
    return count > 0


def is_bounded(query: str) -> bool:
    """Whether ``query`` is one of the bounded shapes above (its cost bounded by one node's degree)."""
    try:
        toks = tokens(query)
    except Exception:  # a text the tokenizer refuses is no lean query; the engine will say what is wrong
        return False
    if any(t.depth > 1 for t in toks):
        return False
    reader = _Reader(toks)
    if not _prologue(reader):
        return False
    if reader.take("select"):
        shaped = _select(reader)
    elif reader.take("ask"):
        reader.take("where")
        shaped = _group(reader)
    elif reader.take("construct"):
        shaped = _construct(reader)
    elif reader.take("describe"):
        shaped = _describe(reader)
    else:
        return False
    return shaped and reader.done()
