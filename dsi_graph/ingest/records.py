"""Proposals in the curation format of ``data/README.md``: one record, its evidence in the text and a stable key.

A :class:`Proposal` is what ``dsi-graph ingest`` writes and ``dsi-graph review`` reads: ``kind`` (the record
list, ``documents``, ``positions``...), ``action`` (``new``: the graph lacks the entity; ``adds``: what the text
states about a known one), the ``record`` without its ``sources`` (review adds the ingested source), the
``evidence`` spans ``{quote, start, end, page}`` with ``quote == text[start:end]``, the record ``fields`` that
evidence states, and ``key``: a hash of kind and record, so a rejected proposal is known when it comes again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from dsi_graph.ingest.readers import Document

SHAPE_VERSION = 1
CONTEXT_CHARS = 160


@dataclass
class Evidence:
    """Where the text states it: ``quote == text[start:end]``, on ``page`` (PDF) or ``None``, and which fields."""

    quote: str
    start: int
    end: int
    page: int | None = None
    fields: list[str] = field(default_factory=list)


@dataclass
class Proposal:
    """One proposed record with its evidence; ``key`` is computed from kind and record."""

    kind: str
    action: str
    reason: str
    record: dict[str, Any]
    evidence: list[Evidence] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)  # slugs of other proposals this one refers to
    context: str = ""
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            self.key = proposal_key(self.kind, self.record)

    @property
    def fields(self) -> list[str]:
        """The record fields that the evidence states, in order."""
        out: list[str] = []
        for item in self.evidence:
            out.extend(f for f in item.fields if f not in out)
        return out

    def as_dict(self) -> dict[str, Any]:
        """The proposal as plain JSON data, in the documented order."""
        data = asdict(self)
        data["fields"] = self.fields
        return {k: data[k] for k in ("key", "kind", "action", "reason", "record", "fields", "needs", "evidence",
                                     "context")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Proposal:
        """A proposal read back from :meth:`as_dict` data (the key is kept as written)."""
        evidence = [Evidence(**e) for e in data.get("evidence", [])]
        return cls(data["kind"], data["action"], data.get("reason", ""), dict(data["record"]), evidence,
                   list(data.get("needs", [])), data.get("context", ""), data.get("key", ""))


def proposal_key(kind: str, record: dict[str, Any]) -> str:
    """A stable key of a proposal: the first 16 hex digits of the SHA-256 of its kind and record (sorted JSON)."""
    payload = json.dumps([kind, record], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def evidence(doc: Document, start: int, end: int, fields: list[str]) -> Evidence:
    """The evidence of ``doc.text[start:end]`` for ``fields``, with its page."""
    return Evidence(doc.text[start:end], start, end, doc.page_of(start), list(fields))


def context(doc: Document, start: int, end: int) -> str:
    """The text around a span, with the span in ``[[...]]``, on one line."""
    before = doc.text[max(0, start - CONTEXT_CHARS) : start]
    after = doc.text[end : end + CONTEXT_CHARS]
    return " ".join(f"{before}[[{doc.text[start:end]}]]{after}".split())


def text_hash(text: str) -> str:
    """The SHA-256 of a text (hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
