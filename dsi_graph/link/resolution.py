"""What ``/resolve`` answers for one reference: found (303), ambiguous (300) or missing (404).

A reference is a citation or name (``ref=``, classified by :func:`decide` from the recogniser's output, pure), or
an external identifier (``wikidata=Q42``, ``ror=``, ``orcid=``, ``doi=``, ``gbif=``, ``iso=KE`` / ``KEN``) looked
up by :func:`resolve_external` among the links the graph holds (``link/queries/resolve-*.rq``), the same links
the VoID linksets count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

from dsi_graph.build.void import TARGETS
from dsi_graph.link.index import read_query, split_iri
from dsi_graph.link.recognise import SUGGESTION_CEILING, Mention
from dsi_graph.stores.base import GraphStore


@dataclass(frozen=True)
class Resolution:
    """``status`` 303 with one candidate, 300 with the tied candidates, 404 with suggestions (maybe none)."""

    status: int
    candidates: tuple[Mention, ...]
    citation: Mention | None = None  # a citation the graph lacks (kind and text set, iri None)


def decide(results: list[Mention]) -> Resolution:
    """Classify the output of :meth:`Recogniser.resolve`."""
    unknown = results[0] if results and results[0].iri is None else None
    recognised = [m for m in results if m.iri and m.score >= SUGGESTION_CEILING]
    if unknown is None and recognised:
        best = recognised[0].score
        tied = tuple(m for m in recognised if m.score == best)
        return Resolution(303 if len(tied) == 1 else 300, tied)
    return Resolution(404, tuple(m for m in results if m.iri), unknown)


class IdentifierError(ValueError):
    """An external identifier that is not of its scheme's form (HTTP 400)."""


#: scheme -> the identifier's form, written bare or as the IRI or URL people copy (group 1 is the identifier)
SCHEMES: dict[str, re.Pattern[str]] = {
    "wikidata": re.compile(r"(?:https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]*)", re.I),
    "ror": re.compile(r"(?:https?://ror\.org/)?(0[a-z0-9]{6}[0-9]{2})", re.I),
    "orcid": re.compile(r"(?:https?://orcid\.org/)?([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])", re.I),
    "doi": re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.[0-9]{4,9}/\S+)", re.I),
    "gbif": re.compile(r"(?:https?://(?:www\.)?gbif\.org/)?([a-z-]+/[A-Za-z0-9-]+)"),
    "iso": re.compile(r"([A-Za-z]{2,3})"),
}
EXAMPLES = {"wikidata": "Q42", "ror": "02mhbdp94", "orcid": "0000-0002-1825-0097", "doi": "10.1002/ppp3.10198",
            "gbif": "dataset/...", "iso": "KE or KEN"}


def external_iri(scheme: str, value: str) -> str:
    """The IRI an identifier stands for in its target's URI space (``wikidata``, ``Q42`` -> ``.../entity/Q42``).

    :raise IdentifierError: for an unknown scheme or a value not of its form; ``iso`` codes have no IRI.
    """
    pattern = SCHEMES.get(scheme)
    match = pattern.fullmatch(value.strip()) if pattern else None
    if match is None or scheme == "iso":
        raise IdentifierError(f"{value!r} is not a {scheme} identifier (e.g. {EXAMPLES.get(scheme, '?')})")
    identifier = match.group(1)
    if scheme == "wikidata":
        identifier = identifier.upper()
    return TARGETS[scheme][1] + identifier


def resolve_external(store: GraphStore, scheme: str, value: str) -> Resolution:
    """The entities linked to an external identifier: 303 for one, 300 for several, 404 for none.

    :raise IdentifierError: when ``value`` is not of the scheme's form.
    """
    if scheme == "iso":
        match = SCHEMES["iso"].fullmatch(value.strip())
        if match is None:
            raise IdentifierError(f"{value!r} is not an ISO 3166-1 alpha-2 or alpha-3 code (e.g. KE or KEN)")
        rows = store.select(read_query("resolve-iso"), {"code": Literal(match.group(1).upper())})
    else:
        rows = store.select(read_query("resolve-link"), {"target": URIRef(external_iri(scheme, value))})
    found = []
    for row in rows:
        iri = str(row["entity"])
        parts = split_iri(iri)
        label = str(row["label"]) if row.get("label") is not None else (parts[2] if parts else iri)
        found.append(Mention(value, 0, len(value), parts[1] if parts else "", iri, 1.0, label))
    status = 404 if not found else 303 if len(found) == 1 else 300
    return Resolution(status, tuple(found))
