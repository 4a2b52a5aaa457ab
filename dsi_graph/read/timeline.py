"""The timeline read model: meetings with their kind, series and parts, and dated documents, with filters.

Three queries of ``read/queries/`` feed it: ``timeline`` (meetings: most specific kind, formality, series, the
meeting they are a part of), ``timeline-documents`` (decisions, recommendations, notifications, studies) and
``timeline-agenda`` (agenda items). Filters are plain values matched in Python against the model (never written
into query text): ``formal`` (formal|informal), ``series`` (series slug), ``year``, ``kind`` (class name) and
``what`` (meeting|decision|recommendation|notification|study). Values of one filter are alternatives, filters
combine. Parts are grouped under their meeting once the filters are applied; a part whose meeting is filtered
out stands on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from dsi_graph.rdf import uris
from dsi_graph.read import sparqlfiles
from dsi_graph.read.labels import fallback_label, fetch_labels, local_name
from dsi_graph.read.models import Linked, TimelineAgendaItem, TimelineEvent, TimelineFacet, TimelinePage
from dsi_graph.stores.base import GraphStore

FILTERS = ("formal", "series", "year", "kind", "what")
WHAT = ("meeting", "decision", "recommendation", "notification", "study")
_YEAR = re.compile(r"\d{4}")


class TimelineFilterError(ValueError):
    """A filter the timeline does not know, or a value it cannot have; ``allowed`` lists what it can."""

    def __init__(self, message: str, allowed: Sequence[str]) -> None:
        super().__init__(message)
        self.allowed = list(allowed)


def _linked(iri: str, labels: dict[str, str], base: str) -> Linked:
    return {"value": iri, "label": labels.get(iri) or fallback_label(iri), "path": uris.iri_to_path(iri, base)}


def _slug(iri: str | None) -> str | None:
    return iri.rstrip("/").rsplit("/", 1)[-1] if iri else None


def _first(rows: list, key: str) -> dict[str, str]:
    """item IRI -> the first value of ``key`` the rows give it."""
    out: dict[str, str] = {}
    for r in rows:
        if key in r:
            out.setdefault(str(r["item"]), str(r[key]))
    return out


def events(store: GraphStore, base: str) -> tuple[list[TimelineEvent], dict[str, str]]:
    """Every meeting and dated document as a flat list by placement date, and meeting -> the meeting it is part of.

    ``agenda`` is filled, ``parts`` left empty for :func:`group`.
    """
    meetings = store.select(sparqlfiles.query("timeline")).rows
    documents = store.select(sparqlfiles.query("timeline-documents")).rows
    agenda = store.select(sparqlfiles.query("timeline-agenda")).rows
    iris = {str(r[k]) for rows in (meetings, documents, agenda) for r in rows
            for k in ("item", "kind", "series", "parent", "class", "at", "meeting") if k in r}
    labels = fetch_labels(store, iris)
    formal_of: dict[str, bool] = {}
    for r in meetings:
        if "formality" in r:
            formal_of.setdefault(str(r["item"]), str(r["formality"]).endswith("/FormalMeeting"))
    kinds, series, parents, ends = (_first(meetings, k) for k in ("kind", "series", "parent", "end"))
    out: dict[str, TimelineEvent] = {}
    for r in meetings:
        iri = str(r["item"])
        if iri in out:
            continue
        out[iri] = {**_linked(iri, labels, base), "date": str(r["date"]), "end": ends.get(iri), "what": "meeting",
                    "sort": str(r["date"]), "kind": _linked(kinds[iri], labels, base) if iri in kinds else None,
                    "formal": formal_of.get(iri),
                    "series": _linked(series[iri], labels, base) if iri in series else None,
                    "at": None, "parts": [], "agenda": []}
    for r in documents:
        iri = str(r["item"])
        if iri in out:
            continue
        at = str(r["at"]) if "at" in r else None
        out[iri] = {**_linked(iri, labels, base), "date": str(r["date"]), "end": None,
                    "what": local_name(str(r["class"])).lower(),
                    "sort": str(r["placed"]) if "placed" in r else str(r["date"]),
                    "kind": _linked(str(r["class"]), labels, base), "formal": formal_of.get(at) if at else None,
                    "series": out[at]["series"] if at in out else None,
                    "at": _linked(at, labels, base) if at else None, "parts": [], "agenda": []}
    for r in agenda:
        meeting = out.get(str(r["meeting"]))
        if meeting is not None and all(a["value"] != str(r["item"]) for a in meeting["agenda"]):
            entry: TimelineAgendaItem = {**_linked(str(r["item"]), labels, base),
                                         "notation": str(r["notation"]) if "notation" in r else None}
            meeting["agenda"].append(entry)
    return sorted(out.values(), key=lambda e: (e["sort"], e["what"] != "meeting", e["label"])), parents


def parse_filters(args: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Filters from query parameters (``formal=informal&year=2024&year=2025``), empty values dropped.

    :raise TimelineFilterError: for a parameter that is no filter, or a bad ``formal``, ``year`` or ``what`` value.
    """
    filters: dict[str, list[str]] = {}
    for name, values in args.items():
        if name not in FILTERS:
            raise TimelineFilterError(f"unknown timeline filter {name!r}", FILTERS)
        kept = [v.strip() for v in values if v.strip()]
        for value in kept:
            if name == "formal" and value not in ("formal", "informal"):
                raise TimelineFilterError(f"formal={value!r}: use formal or informal", ("formal", "informal"))
            if name == "year" and not _YEAR.fullmatch(value):
                raise TimelineFilterError(f"year={value!r}: a year has four digits", ("2024",))
            if name == "what" and value not in WHAT:
                raise TimelineFilterError(f"what={value!r}: not a kind of timeline event", WHAT)
        if kept:
            filters[name] = kept
    return filters


def _values(event: TimelineEvent) -> dict[str, str | None]:
    """The filterable values of an event."""
    formal = None if event["formal"] is None else ("formal" if event["formal"] else "informal")
    return {"formal": formal, "series": _slug(event["series"]["value"]) if event["series"] else None,
            "year": event["sort"][:4], "kind": local_name(event["kind"]["value"]) if event["kind"] else None,
            "what": event["what"]}


def matches(event: TimelineEvent, filters: Mapping[str, Sequence[str]]) -> bool:
    """Whether an event passes every filter (values of one filter are alternatives)."""
    values = _values(event)
    return all(values[name] in wanted for name, wanted in filters.items())


def facets(flat: list[TimelineEvent]) -> dict[str, list[TimelineFacet]]:
    """The values each filter can take, with labels and counts over every event."""
    out: dict[str, list[TimelineFacet]] = {}
    for name in FILTERS:
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for event in flat:
            value = _values(event)[name]
            if value is None:
                continue
            counts[value] += 1
            source = {"series": event["series"], "kind": event["kind"]}.get(name)
            labels.setdefault(value, source["label"] if source else value)
        order = sorted(counts) if name == "year" else sorted(counts, key=lambda v: (-counts[v], labels[v]))
        out[name] = [{"value": v, "label": labels[v], "count": counts[v]} for v in order]
    return out


def check_known(filters: Mapping[str, Sequence[str]], known: Mapping[str, list[TimelineFacet]]) -> None:
    """:raise TimelineFilterError: for a ``series`` or ``kind`` value that no event has."""
    for name in ("series", "kind"):
        allowed = [f["value"] for f in known[name]]
        for value in filters.get(name, ()):
            if value not in allowed:
                raise TimelineFilterError(f"{name}={value!r}: no event has it", allowed)


def group(flat: list[TimelineEvent], parents: Mapping[str, str]) -> list[TimelineEvent]:
    """Parts under their meeting (when it is in ``flat``), the rest on its own, in the order of ``flat``."""
    by_iri = {e["value"]: e for e in flat}
    top: list[TimelineEvent] = []
    for event in flat:
        parent = parents.get(event["value"])
        if parent in by_iri and parent != event["value"]:
            by_iri[parent]["parts"].append(event)
        else:
            top.append(event)
    return top


def timeline_page(store: GraphStore, base: str, filters: Mapping[str, Sequence[str]] | None = None) -> TimelinePage:
    """The timeline after ``filters`` (see :func:`parse_filters`), with the facets of every event.

    :raise TimelineFilterError: for a series or kind that no event has.
    """
    filters = {k: list(v) for k, v in (filters or {}).items()}
    flat, parents = events(store, base)
    known = facets(flat)
    check_known(filters, known)
    kept = [e for e in flat if matches(e, filters)]
    return {"events": group(kept, parents), "count": len(kept), "filters": filters, "facets": known}
