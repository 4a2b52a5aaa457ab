"""Content negotiation as data tables and pure functions (no Flask).

- ``GRAPH_TYPES`` / ``RESULT_TYPES``: the media types we serialise RDF graphs and SPARQL results in.
- ``SUFFIXES``: URL suffix -> media type (the suffix beats the Accept header).
- ``ALIASES``: tolerated non-canonical names (``text/ttl``, ``application/json``...) -> canonical candidates.
- :func:`choose_format`: pick one of the offered types for an Accept header (q-values, wildcards, specificity).
- :func:`prefers_json`: whether a page's client prefers its JSON twin to the HTML.
- :func:`choose_for_query_form`: the SPARQL endpoint's choice for a query form, honouring SPARQLWrapper's
  ``format`` / ``output`` parameters; raises :class:`UnsupportedMediaType` (HTTP 406) when nothing fits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from dsi_graph.rdf.formats import (
    ALIASES,
    FORMAT_PARAMS,
    GRAPH_TYPES,
    HTML,
    RESULT_TYPES,
    SUFFIXES,
    UnsupportedMediaType,
)


class AcceptRange(NamedTuple):
    """One media range of an Accept header."""

    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        """2 for ``a/b``, 1 for ``a/*``, 0 for ``*/*``."""
        if self.type == "*":
            return 0
        return 1 if self.subtype == "*" else 2


def parse_accept(accept: str | None) -> list[AcceptRange]:
    """Parse an Accept header into media ranges (lower case; malformed parts are skipped, bad q counts as 1)."""
    ranges: list[AcceptRange] = []
    if not accept:
        return ranges
    for order, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        if "/" not in media:
            continue
        main, _, sub = media.partition("/")
        if not main or not sub or (main == "*" and sub != "*"):
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 1.0
        ranges.append(AcceptRange(main, sub, q, order))
    return ranges


def canonical(media_type: str, offered: Sequence[str]) -> str | None:
    """The offered type that ``media_type`` (canonical or alias, parameters ignored) names, or None."""
    bare = media_type.split(";")[0].strip().lower()
    if bare in offered:
        return bare
    for candidate in ALIASES.get(bare, ()):
        if candidate in offered:
            return candidate
    return None


def _names(media_type: str) -> set[str]:
    """The media type and every alias that resolves to it."""
    names = {media_type}
    names.update(alias for alias, targets in ALIASES.items() if media_type in targets)
    return names


def _quality(offer: str, ranges: Sequence[AcceptRange]) -> tuple[float, int, int]:
    """(q, specificity, -order) of the most specific range matching ``offer``; q=-1 when none matches."""
    names = _names(offer)
    main = offer.split("/")[0]
    best: tuple[int, float, int] | None = None  # (specificity, q, -order)
    for r in ranges:
        if r.specificity == 2:
            hit = f"{r.type}/{r.subtype}" in names
        elif r.specificity == 1:
            hit = r.type == main
        else:
            hit = True
        if hit:
            key = (r.specificity, r.q, -r.order)
            if best is None or key[0] > best[0] or (key[0] == best[0] and key[1] > best[1]):
                best = key
    if best is None:
        return (-1.0, -1, 0)
    return (best[1], best[0], best[2])


def choose_format(
    accept: str | None,
    offered: Sequence[str],
    suffix: str | None = None,
    default: str | None = None,
) -> str | None:
    """Pick the offered media type for ``accept``; a URL ``suffix`` (``.ttl``) beats the header.

    Missing or empty Accept gives ``default`` (or the first offered). Ties on q go to the more specific
    match, then to the earlier range in the header, then to ``default``, then to the order of ``offered``.
    :return: a member of ``offered``, or None when nothing is acceptable (caller answers 404/406).
    """
    offered = [o.lower() for o in offered]
    if suffix is not None:
        media = SUFFIXES.get(suffix.lower() if suffix.startswith(".") else "." + suffix.lower())
        return canonical(media, offered) if media else None
    if default is not None and default in offered:
        offered = [default] + [o for o in offered if o != default]
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0] if offered else None
    scored = []
    for index, offer in enumerate(offered):
        q, specificity, neg_order = _quality(offer, ranges)
        if q > 0:
            scored.append(((q, specificity, neg_order, -index), offer))
    if not scored:
        return None
    return max(scored)[1]


def prefers_json(accept: str | None) -> bool:
    """Whether an Accept header prefers JSON to HTML (for bare paths such as ``/search`` and for errors)."""
    return choose_format(accept, [HTML, "application/json"], default=HTML) == "application/json"


def _from_params(params: Mapping[str, str] | None, offered: Sequence[str]) -> str | None:
    """The type a ``format=`` / ``output=`` / ``results=`` parameter names, if it is offered (else None)."""
    if not params:
        return None
    for key in ("format", "output", "results"):
        value = params.get(key)
        if not value:
            continue
        value = value.strip().lower()
        for candidate in FORMAT_PARAMS.get(value, ()):
            if candidate in offered:
                return candidate
        found = canonical(value, offered)
        if found:
            return found
    return None


def offered_for_form(form: str) -> list[str]:
    """Media types the endpoint offers for a query form (``select``, ``ask``, ``construct``, ``describe``)."""
    if form in ("select", "ask"):
        return list(RESULT_TYPES)
    if form in ("construct", "describe"):
        return list(GRAPH_TYPES)
    raise ValueError(f"unknown query form {form!r}")


def choose_for_query_form(form: str, accept: str | None, params: Mapping[str, str] | None = None) -> str:
    """The media type to answer a SPARQL query of ``form`` in.

    A ``format``/``output`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, a media type...) that fits
    the form wins; unknown values are ignored. Then the Accept header over the types applicable to the form only
    (an Accept naming a graph type first still gets results for a SELECT). Defaults: SPARQL results JSON for
    SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE.
    :raise UnsupportedMediaType: when the Accept header excludes every applicable type (HTTP 406).
    """
    offered = offered_for_form(form)
    chosen = _from_params(params, offered)
    if chosen:
        return chosen
    default = "application/sparql-results+json" if form in ("select", "ask") else "text/turtle"
    chosen = choose_format(accept, offered, default=default)
    if chosen is None:
        raise UnsupportedMediaType(
            f"none of the types in Accept: {accept!r} fits a {form.upper()} query; "
            f"available: {', '.join(offered)}"
        )
    return chosen


