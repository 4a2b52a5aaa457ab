"""Labels and term views: how every read model names and shows an RDF term (label fallback, local paths)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import DSI_NS, curie
from dsi_graph.read import sparqlfiles
from dsi_graph.read.models import TermView
from dsi_graph.stores.base import GraphStore

LABEL_BATCH = 300  # IRIs per label query


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``)."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def humanise(name: str) -> str:
    """``startDate`` -> ``start date``; ``hasAgendaItem`` -> ``has agenda item``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").lower()


def _pick(candidates: list[tuple[int, Literal]]) -> str:
    """The label by language fallback en > untagged > any, then predicate weight."""
    def rank(item: tuple[int, Literal]) -> tuple[int, int, str]:
        weight, lit = item
        lang = lit.language or ""
        order = 0 if lang == "en" else 1 if lang == "" else 2
        return (order, weight, str(lit))
    return str(min(candidates, key=rank)[1])


def fetch_labels(store: GraphStore, iris: Iterable[str]) -> dict[str, str]:
    """Labels of many IRIs in batches (``rdfs:label`` before ``skos:prefLabel``; language fallback)."""
    todo = sorted({i for i in iris if i and sparqlfiles.writable(i)})
    found: dict[str, list[tuple[int, Literal]]] = {}
    text = sparqlfiles.query("entity-labels")
    for start in range(0, len(todo), LABEL_BATCH):
        for row in store.select(sparqlfiles.with_values(text, "x", todo[start:start + LABEL_BATCH])):
            found.setdefault(str(row["x"]), []).append((int(row["w"]), row["l"]))
    return {iri: _pick(c) for iri, c in found.items()}


def fallback_label(iri: str, *, predicate: bool = False) -> str:
    """A readable name for an IRI without a label: its local name in words when it is one (``schema:Place`` ->
    ``place``, ``OfflineEventAttendanceMode`` -> ``offline event attendance mode``), else its CURIE or IRI."""
    name = local_name(iri)
    if predicate or iri.startswith(DSI_NS) or re.fullmatch(r"[A-Za-z][A-Za-z_]{2,}", name):
        return humanise(name)
    return curie(iri) or iri


def term_view(term: Identifier, labels: dict[str, str], base: str, *, predicate: bool = False) -> TermView:
    """One RDF term as a dict: value, type, label, local path (IRIs under the base), language, datatype."""
    if isinstance(term, URIRef):
        iri = str(term)
        return {"type": "iri", "value": iri, "label": labels.get(iri) or fallback_label(iri, predicate=predicate),
                "path": uris.iri_to_path(iri, base)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term), "label": "", "path": None}
    lit: Literal = term  # type: ignore[assignment]
    return {"type": "literal", "value": str(lit), "label": str(lit), "path": None, "lang": lit.language,
            "datatype": str(lit.datatype) if lit.datatype else None}


def iri_view(iri: str, label: str, base: str) -> TermView:
    """An IRI term dict with a known label."""
    return {"type": "iri", "value": iri, "label": label, "path": uris.iri_to_path(iri, base)}
