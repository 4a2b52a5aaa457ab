"""One document -> ``mentions`` (what the text names that the graph knows) and ``proposals`` (records to review).

Proposals are made for: a cited decision, recommendation, document, notification or meeting the graph lacks
(with its symbol), a paragraph of a known decision the graph lacks, the dates and place of a meeting where the
text states them and the graph lacks or differs, every intervention of a meeting report (a position, with its
supporters' and opposers' positions), every agent an intervention names that the graph lacks, and every person
named after a title or with their organisation in brackets that the graph lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from dsi_graph.ingest import persons, positions
from dsi_graph.ingest.known import KnownGraph, MeetingFacts
from dsi_graph.ingest.meetings import DayIndex, find_dates, place_before
from dsi_graph.ingest.readers import Document
from dsi_graph.ingest.records import SHAPE_VERSION, Proposal, context, evidence, text_hash
from dsi_graph.link.citations import Citation, find_citations
from dsi_graph.rdf import uris

MEETING_WINDOW = 300  # characters before a date in which the meeting it dates is looked for
DOC_SYMBOL_RE = re.compile(r"^((UNEP/)?CBD(/[A-Z][A-Z0-9-]*)+(/([0-9]+|[IVXLC]+))+"
                           r"(/INF/[0-9]+|/L\.[0-9]+|/CRP\.[0-9]+)?(/(Add|Rev|Corr)\.[0-9]+)*|[0-9]{4}-[0-9]{3})$")
DEC_SYMBOL_RE = re.compile(r"^(UNEP/)?CBD(/[A-Z][A-Z0-9-]*)+/DEC/([0-9]+|[IVXLC]+)/[0-9]+$")
_MEETING_OF = (  # decision/recommendation slug -> the meeting that adopted it, by the slug convention
    (re.compile(r"^cbd-cop-dec-(\d+)-\d+$"), "cop-{}"),
    (re.compile(r"^cbd-np-mop-dec-(\d+)-\d+$"), "np-mop-{}"),
    (re.compile(r"^cbd-(wgdsi|sbstta|sbi|wg2020|wg8j)-rec-(\d+)-\d+$"), "{}-{}"),
    (re.compile(r"^cbd-(wgdsi|sbstta|sbi|wg2020|wg8j)-(\d+)-"), "{}-{}"),
)


class Recognises(Protocol):
    """What ingest needs of the recogniser (``dsi_graph.link.recognise.Recogniser``)."""

    def mentions(self, text: str) -> list[Any]:
        """Known entities named in ``text`` (objects with text, start, end, kind, iri, score, label)."""
        ...


@dataclass
class IngestResult:
    """What ingesting one file gives: the source it becomes, its mentions and proposals (the JSON shape)."""

    doc: Document
    source: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    skipped: int = 0  # proposals left out because they were accepted or rejected before

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON shape (``data/README.md``, "Ingesting a document")."""
        return {
            "version": SHAPE_VERSION,
            "file": str(self.doc.path),
            "media_type": self.doc.media_type,
            "title": self.doc.title,
            "chars": len(self.doc.text),
            "sha256": text_hash(self.doc.text),
            "pages": self.doc.pages if self.doc.paged else [],
            "source": self.source,
            "mentions": self.mentions,
            "proposals": [p.as_dict() for p in self.proposals],
            "skipped": self.skipped,
        }


def source_record(doc: Document, url: str | None = None, today: date | None = None) -> dict[str, Any]:
    """The source record the ingested file becomes (its id made from its name and the hash of its text)."""
    stem = re.sub(r"[^a-z0-9]+", "-", doc.path.stem.lower()).strip("-")[:48].strip("-") or "document"
    sid = f"ingested-{stem}-{text_hash(doc.text)[:8]}"
    title = doc.title or doc.path.name
    return {
        "id": sid, "title": title, "url": url, "retrieved": (today or date.today()).isoformat(),
        "note": f"Ingested with dsi-graph ingest from the file {doc.path.name} ({doc.media_type}).",
    }


def ingest(doc: Document, known: KnownGraph, recogniser: Recognises, *, url: str | None = None,
           remembered: Iterable[str] = (), today: date | None = None) -> IngestResult:
    """Recognise and propose for one document; proposals whose key is in ``remembered`` are left out."""
    result = IngestResult(doc, source_record(doc, url, today))
    citations = find_citations(doc.text)
    result.mentions = mention_list(doc, known, recogniser.mentions(doc.text), citations)
    builder = _Builder(doc, known, recogniser)
    linked = {(m["start"], m["end"]) for m in result.mentions if m.get("iri")}
    builder.citations([c for c in citations if c.kind == "paragraph" or (c.start, c.end) not in linked])
    builder.meeting_facts(citations)
    builder.interventions(citations, result.mentions)
    persons.propose(builder, result.mentions)
    seen = set(remembered)
    for proposal in builder.done():
        if proposal.key in seen:
            result.skipped += 1
        else:
            result.proposals.append(proposal)
    return result


def mention_list(doc: Document, known: KnownGraph, mentions: Iterable[Any], citations: list[Citation]) -> list[dict]:
    """Recognised entities and citations as JSON rows in text order; a citation not linked is listed unlinked."""
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for m in mentions:
        row = {"text": m.text, "start": m.start, "end": m.end, "kind": m.kind, "iri": m.iri,
               "score": round(float(m.score), 3), "label": m.label, "page": doc.page_of(m.start)}
        candidates = getattr(m, "candidates", None)
        if candidates and not m.iri:
            row["candidates"] = [str(c) for c in candidates]
        rows[(m.start, m.end)] = row
    for c in citations:
        row = rows.get((c.start, c.end))
        if row is not None:
            row["symbol"] = c.symbol
            continue
        if any(s <= c.start and c.end <= e for s, e in rows):
            continue
        iri = known.iri(c.slug)
        rows[(c.start, c.end)] = {"text": c.text, "start": c.start, "end": c.end, "kind": c.kind, "iri": iri,
                                  "score": 1.0 if iri else 0.0, "label": known.label_of(c.slug) if iri else None,
                                  "page": doc.page_of(c.start), "symbol": c.symbol}
    return [rows[k] for k in sorted(rows)]


def _state(record: dict[str, Any], field: str, value: str, held: str | None, file: str) -> None:
    """Set a field; a value the graph gives otherwise is marked ``conflicting`` with a note saying both."""
    if held is None or held == value:
        record[field] = value
    else:
        note = f"{file} gives {value}; the graph already has {held} from another source."
        record[field] = {"value": value, "status": "conflicting", "note": note}


def adopted_at(slug: str, known: KnownGraph) -> str | None:
    """The meeting a decision, recommendation or document belongs to, by the slug convention, when known."""
    for pattern, template in _MEETING_OF:
        if m := pattern.match(slug):
            meeting = template.format(*m.groups())
            return meeting if known.kind_of(meeting) == "meeting" else None
    return None


class _Builder:
    """Collects proposals by slug, merging evidence when the same record is proposed twice."""

    def __init__(self, doc: Document, known: KnownGraph, recogniser: Recognises) -> None:
        self.doc, self.known, self.recogniser = doc, known, recogniser
        self.by_id: dict[tuple[str, str], Proposal] = {}

    def add(self, proposal: Proposal, start: int, end: int, fields: list[str] | tuple[str, ...] = ()) -> Proposal:
        """Add a proposal (or one more evidence span, stating ``fields``, to the same record); return the kept one."""
        key = (proposal.kind, str(proposal.record["id"]))
        kept = self.by_id.setdefault(key, proposal)
        same = [e for e in kept.evidence if (e.start, e.end) == (start, end)]
        if same:
            same[0].fields.extend(f for f in fields if f not in same[0].fields)
        elif len(kept.evidence) < 4:
            kept.evidence.append(evidence(self.doc, start, end, list(fields)))
        if not kept.context:
            kept.context = context(self.doc, start, end)
        return kept

    def done(self) -> list[Proposal]:
        """The proposals, entities before the positions that refer to them; keys computed now."""
        order = {"organisations": 0, "persons": 0, "meetings": 1, "decisions": 2, "documents": 2, "positions": 3}
        out = sorted(self.by_id.values(), key=lambda p: order.get(p.kind, 9))
        for p in out:
            p.key = ""
            p.__post_init__()
        return out

    # -- citations ---------------------------------------------------------------------------------------------
    def citations(self, citations: list[Citation]) -> None:
        """A proposal for every cited thing the graph lacks (and every paragraph of a decision it lacks)."""
        for c in citations:
            if self.known.kind_of(c.slug) is not None:
                continue
            if c.kind == "paragraph":
                self.paragraph(c)
                continue
            record = self.cited_record(c)
            if record is not None:
                kind = "meetings" if c.kind == "meeting" else "decisions" if "type" in record and record["type"] in (
                    "Decision", "Recommendation") else "documents"
                fields = [f for f in ("symbol", "number", "code") if f in record]
                self.add(Proposal(kind, "new", f"cited as {c.text!r}; the graph has no {c.kind} {c.symbol}", record),
                         c.start, c.end, fields)

    def cited_record(self, c: Citation) -> dict[str, Any] | None:
        """The record for a cited thing, from its symbol (a descriptive label; the note says so)."""
        note = f"Descriptive label made from the symbol cited in {self.doc.path.name}; the title is not given there."
        if c.kind in ("decision", "recommendation"):
            number = "/".join(c.symbol.split("/")[-2:])
            record: dict[str, Any] = {"id": c.slug, "type": "Decision" if c.kind == "decision" else "Recommendation",
                                      "label": f"{'Decision' if c.kind == 'decision' else 'Recommendation'} {c.symbol}"}
            if c.kind == "decision" and "/NP/" in c.symbol:
                number = "NP-" + number
            record["number"] = number
            if DEC_SYMBOL_RE.match(c.symbol) or (c.kind == "recommendation" and DOC_SYMBOL_RE.match(c.symbol)):
                record["symbol"] = c.symbol
            if meeting := adopted_at(c.slug, self.known):
                record["adopted_at"] = meeting
        elif c.kind == "meeting":
            record = {"id": c.slug, "type": "Meeting", "label": c.symbol, "code": c.symbol}
        else:
            notification = c.kind == "notification"
            number = re.search(r"\d{4}-\d{3}", c.symbol) if notification else None
            symbol = number.group() if number else c.symbol
            label = f"Notification {symbol}" if notification else symbol
            dtype = "Notification" if notification else "InformationDocument" if "/INF/" in symbol else "Document"
            record = {"id": c.slug, "type": dtype, "label": label}
            if DOC_SYMBOL_RE.match(symbol):
                record["symbol"] = symbol
            if meeting := adopted_at(c.slug, self.known):
                record["meeting"] = meeting
        try:
            uris.check_slug(c.slug)
        except uris.IRIError:
            return None
        record["note"] = note
        return record

    def paragraph(self, c: Citation) -> None:
        """A paragraph of a decision: added to the known decision, or to the proposed new one."""
        parent = re.sub(r"-paras?-.*$", "", c.slug)
        if not c.paragraph or not re.match(r"^\d+(\([a-z]+\))?(\([ivx]+\))?$", c.paragraph):
            return
        known = self.known.kind_of(parent) is not None
        if not known:
            decision = Citation(c.text, c.start, c.end, "decision", c.symbol, parent)
            record = self.cited_record(decision)
            if record is None:
                return
            proposal = self.add(Proposal("decisions", "new", f"cited as {c.text!r}; the graph has no decision "
                                         f"{c.symbol}", record), c.start, c.end, ["number", "paragraphs"])
        else:
            proposal = self.add(Proposal("decisions", "adds", f"cited as {c.text!r}; decision {c.symbol} has no "
                                         f"paragraph {c.paragraph} in the graph", {"id": parent}), c.start, c.end,
                                ["paragraphs"])
        paragraphs = proposal.record.setdefault("paragraphs", [])
        if all(p["number"] != c.paragraph for p in paragraphs):
            name = (self.known.label_of(parent) or str(proposal.record.get("label", parent))).split(":")[0]
            paragraphs.append({"number": c.paragraph, "label": f"{name}, paragraph {c.paragraph}"})

    # -- meetings ----------------------------------------------------------------------------------------------
    def meeting_facts(self, citations: list[Citation]) -> None:
        """Dates and place of a meeting where the text writes them just after naming it."""
        text = self.doc.text
        meetings = [c for c in citations if c.kind == "meeting"]
        for span in find_dates(text):
            if not span.is_range:
                continue
            window = text[max(0, span.start - MEETING_WINDOW) : span.start]
            if "\n\n" in window.rstrip():
                window_start = span.start - len(window) + window.rstrip().rfind("\n\n")
            else:
                window_start = span.start - len(window)
            near = [c for c in meetings if window_start <= c.start < span.start]
            if not near:
                continue
            cited = near[-1]
            facts = self.known.meetings.get(cited.slug)
            new = self.by_id.get(("meetings", cited.slug))
            if facts is None and new is None:
                continue
            record: dict[str, Any] = new.record if new is not None else {"id": cited.slug}
            held = facts or MeetingFacts()
            fields = []
            if (held.start, held.end) != (span.first, span.last):
                _state(record, "start", span.first, held.start, self.doc.path.name)
                _state(record, "end", span.last, held.end, self.doc.path.name)
                fields += ["start", "end"]
            place = place_before(text, span)
            if place is not None and held.city != place.city:
                _state(record, "city", place.city, held.city, self.doc.path.name)
                fields.append("city")
                if place.country:
                    record["country"] = place.country
                    fields.append("country")
            if not fields:
                continue
            if new is None:
                reason = f"the text dates {cited.symbol} {span.first} to {span.last}" + (
                    f"; the graph has {held.start} to {held.end}" if held.start else "") + (
                    f"; the text places it in {place.city}, the graph in {held.city}"
                    if place is not None and held.city and "city" in fields else "")
                new = self.add(Proposal("meetings", "adds", reason, record), cited.start, cited.end)
            self.add(new, span.start, span.end, [f for f in fields if f in ("start", "end")])
            if place is not None and "city" in fields:
                self.add(new, place.start, place.end, [f for f in fields if f in ("city", "country")])

    # -- interventions -----------------------------------------------------------------------------------------
    def interventions(self, citations: list[Citation], mentions: list[dict[str, Any]]) -> None:
        """Positions (and new agents) from the interventions of a meeting report."""
        positions.propose(self, citations, mentions, DayIndex(self.doc.text, find_dates(self.doc.text)))
