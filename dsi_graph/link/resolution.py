"""What ``/resolve`` answers for one reference: found (303), ambiguous (300) or missing (404). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from dsi_graph.link.recognise import SUGGESTION_CEILING, Mention


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
