"""Interventions -> position proposals: holder (and speaker), stance, statement, meeting, day, topics, evidence.

Each intervention gives one position; each supporter a position supporting it and each opposer one opposing it
(both ``addresses`` the main position). The meeting is the one the report names in its first lines; the date
is the day heading the intervention sits under; topics and what the position addresses are the entities the
sentence names (topics; processes, agenda items, decisions, documents). Agents the graph lacks are proposed too.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from dsi_graph.ingest.actors import ActorRef, Resolver, guess_actor
from dsi_graph.ingest.interventions import Actor, Intervention, find_interventions
from dsi_graph.ingest.meetings import DayIndex
from dsi_graph.ingest.records import Proposal
from dsi_graph.link.citations import Citation

if TYPE_CHECKING:
    from dsi_graph.ingest.known import KnownGraph
    from dsi_graph.ingest.proposals import _Builder

ADDRESS_KINDS = ("process", "agenda-item", "decision", "document", "paragraph")
AGENDA_RE = re.compile(r"\bagenda item (\d+(?:\.\d+)?)", re.IGNORECASE)
LABEL_CHARS = 90
SAME_POSITION = 70  # rapidfuzz token-set ratio from which a reported statement is a position the graph holds


def resolver(builder: _Builder) -> Resolver:
    """Names -> agents: the recogniser's whole-name match of an organisation or person, else the slug convention."""
    cache: dict[str, ActorRef | None] = {}
    known = builder.known

    def resolve(name: str) -> ActorRef | None:
        if name in cache:
            return cache[name]
        found = None
        for m in builder.recogniser.mentions(name):
            parsed = known.parse(m.iri)
            covers = m.start <= 1 and m.end >= len(name.rstrip(" .")) - 1
            if parsed and parsed[0] in ("organisation", "person") and covers and float(m.score) >= 0.85:
                found = ActorRef(parsed[1], known.label_of(parsed[1]) or m.label or name, True)
                break
        if found is None:
            guess = guess_actor(name)
            if guess is not None and known.kind_of(guess.slug) in ("organisation", "person"):
                found = ActorRef(guess.slug, known.label_of(guess.slug) or guess.label, True)
        cache[name] = found
        return found

    return resolve


@dataclass
class _Around:
    """What the text around an intervention gives: its mentions (by start) and the agenda items announced before."""

    mentions: list[dict[str, Any]]
    starts: list[int]
    items: list[tuple[int, str]]  # (offset, agenda item number)

    @classmethod
    def of(cls, text: str, mentions: list[dict[str, Any]]) -> _Around:
        """Index the mentions and agenda item references of ``text``."""
        ordered = sorted(mentions, key=lambda m: m["start"])
        items = [(m.start(), m.group(1)) for m in AGENDA_RE.finditer(text)]
        return cls(ordered, [m["start"] for m in ordered], items)

    def within(self, start: int, end: int) -> list[dict[str, Any]]:
        """The mentions inside ``start``..``end``."""
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.starts[i] < end:
            if self.mentions[i]["end"] <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def agenda_item(self, offset: int) -> str | None:
        """The number of the last agenda item named before ``offset``."""
        i = bisect.bisect_left(self.items, (offset, "")) - 1
        return self.items[i][1] if i >= 0 else None


def propose(builder: _Builder, citations: list[Citation], mentions: list[dict[str, Any]], days: DayIndex) -> None:
    """Add the position and agent proposals of every intervention in the builder's document."""
    text = builder.doc.text
    meeting = report_meeting(builder, citations)
    around = _Around.of(text, mentions)
    for item in find_interventions(text, resolver(builder)):
        main = position(builder, item, item.holder, [*item.co_holders], item.stance, meeting, around, days, None)
        for actor in item.supporters:
            position(builder, item, actor, [], "stance-supports", meeting, around, days, main)
        for actor in item.opposers:
            position(builder, item, actor, [], "stance-opposes", meeting, around, days, main)


def report_meeting(builder: _Builder, citations: list[Citation]) -> Citation | None:
    """The meeting the report names in its first lines, when the graph has it or it is proposed."""
    for c in citations:
        if c.start > 800:
            break
        if c.kind == "meeting" and (builder.known.kind_of(c.slug) == "meeting" or ("meetings", c.slug) in
                                    builder.by_id):
            return c
    return None


def agent(builder: _Builder, actor: Actor) -> str:
    """The slug of an agent; one the graph lacks is proposed as a new organisation."""
    ref = actor.ref
    if not ref.known:
        record: dict[str, Any] = {"id": ref.slug, "label": ref.label}
        if ref.kinds:
            record["kinds"] = list(ref.kinds)
        if ref.acronym:
            record["acronym"] = ref.acronym
        fields = [f for f in ("kinds", "acronym") if f in record]
        reason = f"named as {actor.text!r} in an intervention; the graph has no such agent"
        builder.add(Proposal("organisations", "new", reason, record), actor.start, actor.end, fields)
    return ref.slug


def position(builder: _Builder, item: Intervention, actor: Actor, more: list[Actor], stance: str,
             meeting: Citation | None, around: _Around, days: DayIndex, main: Proposal | None) -> Proposal:
    """One position proposal for ``actor`` (with co-holders ``more``) in ``item``."""
    doc, known = builder.doc, builder.known
    holders = [agent(builder, a) for a in [actor, *more]]
    sentence = doc.text[item.start : item.end]
    clause = " ".join(doc.text[item.clause_start : item.clause_end].split()).rstrip(".")
    if main is None and not more and (held := held_position(known, holders[0], stance, clause)):
        reason = f"intervention that the graph holds as {held}: {item.holder.text} {item.verb}"
        record = {"id": held, "holder": holders[0], "stance": stance}
        if item.speaker is not None:
            record["speaker"] = agent(builder, item.speaker)
        return builder.add(Proposal("positions", "adds", reason, record), item.start, item.end, list(record)[1:])
    names = " and ".join(known.label_of(h) or a.ref.label for h, a in zip(holders, [actor, *more], strict=True))
    if main is None:
        statement = _capital(clause) + "."
        gist = " ".join(item.rest.split())
        label = f"{names}: {item.verb} {gist}"
    else:
        verb = "supported" if stance == "stance-supports" else "opposed"
        statement = f"{_capital(verb)} the intervention: {clause}."
        label = f"{names}: {verb} {main.record['label'].split(':')[0]}'s intervention"
    if len(label) > LABEL_CHARS:
        label = label[: LABEL_CHARS - 3].rsplit(" ", 1)[0] + "..."
    digest = hashlib.sha256(f"{sentence}|{stance}|{holders}".encode()).hexdigest()[:8]
    slug = f"{holders[0]}-{meeting.slug if meeting else 'statement'}-{digest}"
    record: dict[str, Any] = {"id": slug, "label": label, "holder": holders[0] if len(holders) == 1 else holders,
                              "stance": stance, "statement": statement}
    speaker = None
    if item.speaker is not None and main is None:
        speaker = agent(builder, item.speaker)
        record["speaker"] = speaker
    if meeting is not None:
        record["expressed_in"] = meeting.slug
    day = days.day_at(item.start)
    if day is not None:
        record["date"] = day.first
    topics, addresses = _about(builder, item, around, meeting)
    if topics:
        record["topics"] = topics
    if main is not None:
        addresses = [str(main.record["id"])]
    if addresses:
        record["addresses"] = addresses
    fields = ["holder", "stance", "statement"] + (["speaker"] if speaker else [])
    needs = [h for h in [*holders, speaker] if h and known.kind_of(h) is None]
    if main is not None:
        needs.append(str(main.record["id"]))
    if meeting is not None and known.kind_of(meeting.slug) is None:
        needs.append(meeting.slug)
    who = "supporter" if stance == "stance-supports" and main else "opposer" if main else "intervention"
    reason = f"{who} in a meeting report: {item.holder.text} {item.verb}"
    proposal = builder.add(Proposal("positions", "new", reason, record, needs=needs), item.start, item.end, fields)
    if meeting is not None:
        builder.add(proposal, meeting.start, meeting.end, ["expressed_in"])
    if day is not None:
        builder.add(proposal, day.start, day.end, ["date"])
    return proposal


def held_position(known: KnownGraph, holder: str, stance: str, statement: str) -> str | None:
    """The slug of the graph's position of ``holder`` with ``stance`` whose statement or label is most like
    ``statement`` (from :data:`SAME_POSITION` on), else ``None``."""
    best, slug = 0.0, None
    for position, texts in known.positions.get((holder, stance), {}).items():
        score = max(fuzz.token_set_ratio(statement.lower(), text.lower()) for text in texts)
        if score > best:
            best, slug = score, position
    return slug if best >= SAME_POSITION else None


def _about(builder: _Builder, item: Intervention, around: _Around,
           meeting: Citation | None) -> tuple[list[str], list[str]]:
    """Topics and addressed entities the clause names (and the agenda item it falls under)."""
    known = builder.known
    topics: list[str] = []
    addresses: list[str] = []
    for m in around.within(item.clause_start, item.clause_end):
        parsed = known.parse(m.get("iri"))
        if parsed is None:
            continue
        kind, slug = parsed
        if kind == "topic" and slug not in topics:
            topics.append(slug)
        elif kind in ADDRESS_KINDS and slug not in addresses:
            addresses.append(slug)
    number = around.agenda_item(item.start) if meeting is not None else None
    if meeting is not None and number is not None:
        slug = f"{meeting.slug}-item-{number.replace('.', '-')}"
        if known.kind_of(slug) == "agenda-item" and slug not in addresses:
            addresses.append(slug)
    return topics, addresses


def _capital(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:]
