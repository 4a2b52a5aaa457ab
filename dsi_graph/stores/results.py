"""SPARQL results in one place: rdflib results to :class:`SelectResult`, serialising rows, ASK answers and graphs
in any results or RDF media type, and cutting a serialised SELECT answer at a row limit.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from xml.etree import ElementTree

from rdflib import BNode, Dataset, Graph, Literal, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier

from dsi_graph.rdf.formats import rdflib_format
from dsi_graph.stores.base import SelectResult


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence the deprecation warnings rdflib 7.x raises from its own Dataset code (parse, SPARQL GRAPH)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"(Dataset\.\w+|ConjunctiveGraph) is deprecated", DeprecationWarning)
        yield


def plain(term: Identifier) -> Identifier:
    """Normalise a term: ``xsd:string`` literals become plain literals (RDF 1.1 makes them the same)."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def select_result(result: Result, max_rows: int | None = None) -> SelectResult:
    """Turn an rdflib SELECT result into a :class:`SelectResult` (cut at ``max_rows``)."""
    names = [str(v) for v in (result.vars or [])]
    rows: list[dict[str, Identifier]] = []
    truncated = False
    for solution in result:
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        row = {}
        for name in names:
            value = solution[name]  # type: ignore[index]
            if value is not None:
                row[name] = plain(value)
        rows.append(row)
    return SelectResult(names, rows, truncated)


def _tsv_term(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return term.n3()


def serialize_select(result: SelectResult, media_type: str) -> bytes:
    """Serialise select rows in a SPARQL results media type (JSON, XML, CSV or TSV)."""
    fmt = rdflib_format(media_type)
    if fmt == "tsv":  # rdflib has a TSV parser but no serialiser
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        lines += ["\t".join(_tsv_term(row.get(v)) for v in result.vars) for row in result.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    out = Result("SELECT")
    out.vars = [_var(v) for v in result.vars]
    out.bindings = [{_var(k): v for k, v in row.items()} for row in result.rows]
    return out.serialize(format=fmt, encoding="utf-8") or b""


def serialize_ask(value: bool, media_type: str) -> bytes:
    """Serialise an ASK answer in a SPARQL results media type."""
    fmt = rdflib_format(media_type)
    if fmt in ("csv", "tsv"):
        return b"_askResult\n" + (b"true\n" if value else b"false\n")
    out = Result("ASK")
    out.askAnswer = value
    return out.serialize(format=fmt, encoding="utf-8") or b""


def serialize_graph(graph: Graph, media_type: str) -> bytes:
    """Serialise triples in an RDF media type; quad formats put them in the default graph."""
    fmt = rdflib_format(media_type)
    if fmt in ("nquads", "trig"):
        dataset = Dataset()
        for triple in graph:
            dataset.default_graph.add(triple)
        graph = dataset
    with quiet_rdflib():
        return graph.serialize(format=fmt, encoding="utf-8")


def _var(name: str) -> Variable:
    return Variable(name)

def truncation_headers(max_rows: int) -> dict[str, str]:
    """Headers that say a SELECT answer was cut at ``max_rows`` rows."""
    return {
        "X-SPARQL-MaxRows": str(max_rows),
        "X-DSI-Truncated": "true",
        "Warning": f'199 - "results truncated to {max_rows} rows (DSI_GRAPH_MAX_ROWS); add LIMIT/OFFSET to page"',
    }


def truncate_results(body: bytes, media_type: str, max_rows: int) -> tuple[bytes, bool]:
    """Cut a serialised SELECT answer to ``max_rows`` rows; returns (body, whether it was cut)."""
    bare = media_type.split(";")[0].strip()
    if bare == "application/sparql-results+json":
        if body.count(b"{") <= max_rows:  # cheap pre-check: every row is an object
            return body, False
        data = json.loads(body)
        bindings = data.get("results", {}).get("bindings")
        if bindings is None or len(bindings) <= max_rows:
            return body, False
        data["results"]["bindings"] = bindings[:max_rows]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), True
    if bare == "application/sparql-results+xml":
        if body.count(b"<result>") + body.count(b"<result ") <= max_rows:
            return body, False
        ns = "{http://www.w3.org/2005/sparql-results#}"
        ElementTree.register_namespace("", ns[1:-1])
        root = ElementTree.fromstring(body)
        results = root.find(f"{ns}results")
        rows = list(results) if results is not None else []
        for row in rows[max_rows:]:
            results.remove(row)  # type: ignore[union-attr]
        return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True), True
    if bare in ("text/csv", "text/tab-separated-values"):
        if body.count(b"\n") <= max_rows + 1:
            return body, False
        if bare == "text/tab-separated-values":  # TSV escapes newlines, so lines are rows
            lines = body.split(b"\n")
            if len([line for line in lines[1:] if line]) <= max_rows:
                return body, False
            return b"\n".join(lines[: max_rows + 1]) + b"\n", True
        text = body.decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if len(rows) - 1 <= max_rows:
            return body, False
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows[: max_rows + 1])
        return out.getvalue().encode("utf-8"), True
    return body, False
