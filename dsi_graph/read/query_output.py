"""Render a named query's answer: SPARQL-results JSON, CSV/TSV, a terminal table, Turtle. Pure, no I/O."""

from __future__ import annotations

import csv
import io
import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from dsi_graph.rdf.namespaces import PREFIXES, curie
from dsi_graph.rdf.uris import DEFAULT_BASE
from dsi_graph.read.models import ResultsJson
from dsi_graph.stores.base import SelectResult

Answer = SelectResult | Graph | bool
TRIPLE_VARS = ["subject", "predicate", "object"]


def as_rows(answer: Answer) -> tuple[list[str], list[dict[str, Identifier]]]:
    """Variables and rows of any answer (a graph gives subject/predicate/object rows, ASK one ``boolean`` row)."""
    if isinstance(answer, bool):
        return ["boolean"], [{"boolean": Literal(answer)}]
    if isinstance(answer, Graph):
        triples = sorted(answer, key=lambda t: tuple(str(x) for x in t))
        return list(TRIPLE_VARS), [dict(zip(TRIPLE_VARS, triple, strict=True)) for triple in triples]
    return list(answer.vars), list(answer.rows)


def term_json(term: Identifier) -> dict[str, str]:
    """A term as a SPARQL 1.1 JSON results binding."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    data = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype is not None:
            data["datatype"] = str(term.datatype)
    return data


def answer_json(answer: Answer) -> ResultsJson:
    """The answer in the SPARQL 1.1 JSON results shape (``head``/``results`` or ``boolean``)."""
    if isinstance(answer, bool):
        return {"head": {}, "boolean": answer}
    names, rows = as_rows(answer)
    bindings = [{k: term_json(v) for k, v in row.items()} for row in rows]
    return {"head": {"vars": names}, "results": {"bindings": bindings}}


def to_delimited(answer: Answer, delimiter: str = ",") -> str:
    """CSV (``,``) or TSV (tab) with a header line; values are plain strings, cells never break a line in TSV."""
    names, rows = as_rows(answer)
    buffer = io.StringIO()
    if delimiter == "\t":
        clean = [[str(row.get(n, "")).replace("\t", " ").replace("\r", " ").replace("\n", " ") for n in names]
                 for row in rows]
        buffer.write("\t".join(names) + "\n")
        buffer.writelines("\t".join(cells) + "\n" for cells in clean)
        return buffer.getvalue()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([str(row.get(n, "")) for n in names])
    return buffer.getvalue()


def short(term: Identifier | None, base: str = DEFAULT_BASE) -> str:
    """A compact display form: entity IRIs as ``kind/slug``, known namespaces as CURIEs, literals as text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(base + "id/"):
            return text[len(base) + 3 :]
        return curie(text) or text
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_table(answer: Answer, base: str = DEFAULT_BASE, max_width: int = 48) -> str:
    """An aligned plain-text table for a terminal, long cells cut with an ellipsis, and a row count."""
    names, rows = as_rows(answer)
    cells = [[_cut(short(row.get(n), base), max_width) for n in names] for row in rows]
    widths = [max([len(n), *(len(c[i]) for c in cells)]) for i, n in enumerate(names)]
    lines = [" | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def to_turtle(answer: Answer) -> str:
    """Turtle of a CONSTRUCT/DESCRIBE answer, with the project's prefixes.

    :raise ValueError: for a SELECT or ASK answer.
    """
    if not isinstance(answer, Graph):
        raise ValueError("turtle needs a CONSTRUCT or DESCRIBE query; use table, json, csv or tsv")
    for prefix, namespace in PREFIXES.items():
        answer.bind(prefix, namespace, override=True)
    return answer.serialize(format="turtle")


def render(answer: Answer, fmt: str, base: str = DEFAULT_BASE) -> str:
    """The answer as text in ``fmt``: table, json, csv, tsv or turtle."""
    import json

    if fmt == "json":
        return json.dumps(answer_json(answer), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return to_delimited(answer, ",")
    if fmt == "tsv":
        return to_delimited(answer, "\t")
    if fmt == "turtle":
        return to_turtle(answer)
    return to_table(answer, base)


# --- the HTML table of a named query: human headers, label columns folded, one row per fact -------------------

SOURCE_VARS = ("source", "g", "graph", "locator", "quote")  # what differs between the sources of one fact
_LABEL_SUFFIXES = ("Label", "Name")


def header(name: str, columns: dict[str, str] | None = None) -> str:
    """A column's header: the ``#+ columns:`` label of the query, else its variable in words (``onBehalfOf`` ->
    ``On behalf of``; ``stanceLabel`` -> ``Stance``)."""
    if columns and name in columns:
        return str(columns[name])
    for suffix in _LABEL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").lower()
    return words[:1].upper() + words[1:]


def table(answer: Answer, columns: dict[str, str] | None = None) -> tuple[list[tuple[str, str]], list[dict]]:
    """The rows of an answer as people read them: ``([(variable, header)], rows)``.

    A ``?xLabel`` or ``?xName`` column beside ``?x`` is left out (the page labels ``?x``); rows that differ only in
    their source (``?source``, ``?g``, locator, quote) become one row whose source cells list every source, in
    first-seen order (not when the query is about sources: ``?source`` first).
    """
    names, rows = as_rows(answer)
    shown = [n for n in names if not any(n.endswith(s) and n[: -len(s)] in names for s in _LABEL_SUFFIXES)]
    per_source = [n for n in shown if n in SOURCE_VARS] if shown and shown[0] != "source" else []
    keys = [n for n in shown if n not in per_source]
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(str(row.get(n, "")) + "\x00" + type(row.get(n)).__name__ for n in keys)
        entry = merged.setdefault(key, {**{n: row.get(n) for n in keys}, **{n: [] for n in per_source}})
        for n in per_source:
            if row.get(n) is not None and row[n] not in entry[n]:
                entry[n].append(row[n])
    return [(n, header(n, columns)) for n in shown], list(merged.values())
