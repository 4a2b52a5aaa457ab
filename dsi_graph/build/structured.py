"""Structured fields of the curated records: places, participations, memberships and presenters.

They become blank nodes whose labels are hashed from their content, so two builds of the same data are identical.
:class:`StructuredFields` belongs to a converter (:class:`dsi_graph.build.converter.Converter`) and writes
through its ``emit``, ``values``, ``ref``, ``concept`` and ``err``.
"""

from __future__ import annotations

import difflib
import hashlib
from typing import TYPE_CHECKING, Any

from rdflib import RDF, SKOS, BNode, Literal, URIRef
from rdflib.namespace import ORG

from dsi_graph.build.yamlread import Map, Str
from dsi_graph.rdf.namespaces import DSI, PREFIXES

SCHEMA = PREFIXES["schema"]

if TYPE_CHECKING:
    from dsi_graph.build.converter import Converter


def stable_hash(*parts: object) -> str:
    """A short stable hash of ``parts``."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:12]


def suggest(word: str, options) -> str:
    """`` (did you mean 'x'?)`` when a close option exists."""
    close = difflib.get_close_matches(str(word), sorted(options), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


class StructuredFields:
    """Location, participants, memberships and presenters of a record, written through the converter ``conv``."""

    def __init__(self, conv: Converter) -> None:
        self.conv = conv

    def special(self, entry: Any, ctx: tuple, claimed: dict[str, tuple]) -> None:
        """Structured fields: location, participants, memberships, presenters."""
        rec, file, s = entry.record, entry.file, entry.iri
        place_fields = [f for f in ("venue", "city", "country") if f in rec and entry.spec.key == "meetings"]
        if place_fields:
            place = BNode("place" + stable_hash(s))
            self.conv.emit(s, URIRef(SCHEMA + "location"), place, ctx, file, rec.line)
            self.conv.emit(place, RDF.type, URIRef(SCHEMA + "Place"), ctx, file, rec.line)
            for f, p in (("venue", "name"), ("city", "addressLocality"), ("country", "addressCountry")):
                for value, vctx in self.conv.values(rec.get(f), claimed.get(f, ctx), file, f):
                    self.conv.emit(place, URIRef(SCHEMA + p), Literal(str(value)), vctx, file, value.line)
        for part in rec.get("participants") or []:
            self.participation(s, part, ctx, file, "participants")
        for membership in rec.get("memberships") or [] if entry.spec.key == "persons" else []:
            self.membership(s, membership, ctx, file)
        events = [v for v, _ in self.conv.values(rec.get("presented_at"), ctx, file, "presented_at")]
        for presenter in rec.get("presenters") or [] if entry.spec.key == "documents" else []:
            item = presenter if isinstance(presenter, Map) else Map({Str("person"): presenter})
            item.line = getattr(presenter, "line", rec.line)
            person = self.sub_ref(item, "person", ("person",), file, "presenters", required=True)
            if person is None:
                continue
            self.conv.emit(s, DSI.presenter, person, ctx, file, item.line)
            for event in events:
                target = self.conv.ref(event, (), file, "presented_at") if event in self.conv.index else None
                if target is not None:
                    item[Str("role")] = item.get("role", Str("role-presenter"))
                    self.participation(target, item, ctx, file, "presenters")

    def sub_ref(self, item: Map, key: str, kinds, file: str, field: str, required: bool = False) -> URIRef | None:
        """Resolve ``item[key]`` as a slug."""
        value = item.get(key)
        if isinstance(value, Str):
            return self.conv.ref(value, kinds, file, f"{field}: {key}")
        if required or value is not None:
            self.conv.err(file, item.line, field, f"needs '{key}:' (an id)")
        return None

    def participation(self, event: URIRef, item, ctx, file: str, field: str) -> None:
        """A blank ``dsi:Participation`` of an agent in ``event``."""
        allowed = {"person", "organisation", "role", "on_behalf_of", "nominated_by", "note", "sources", "status"}
        if not isinstance(item, Map):
            line = getattr(item, "line", 0)
            self.conv.err(file, line, field, "each participant is a mapping (person: ..., role: ...)")
            return
        for key in set(item) - allowed:
            self.conv.err(file, key.line, field, f"unknown field '{key}'{suggest(key, allowed)}")
        who = "person" if "person" in item else "organisation"
        agent = self.sub_ref(item, who, (who,), file, field, required=True)
        if agent is None:
            return
        pctx = (item.get("sources", ctx[0]), None, None, None)
        keys = [str(item.get(k)) for k in ("role", "on_behalf_of", "nominated_by")]
        node = BNode("part" + stable_hash(event, agent, *keys))
        self.conv.emit(event, DSI.participation, node, pctx, file, item.line)
        self.conv.emit(node, RDF.type, DSI.Participation, pctx, file, item.line)
        self.conv.emit(node, DSI.participant, agent, pctx, file, item.line)
        if isinstance(item.get("role"), Str):
            role = self.conv.concept("role", item["role"], file, item.line, "role")
            self.conv.emit(node, DSI.role, role, pctx, file, 0)
        for key, pred in (("on_behalf_of", DSI.onBehalfOf), ("nominated_by", DSI.nominatedBy)):
            org = self.sub_ref(item, key, ("organisation",), file, field)
            if org is not None:
                self.conv.emit(node, pred, org, pctx, file, item.line)
        if isinstance(item.get("status"), Str):
            status = self.conv.concept("status", item["status"], file, item.line)
            self.conv.emit(node, DSI.status, status, pctx, file, 0)
        if isinstance(item.get("note"), Str):
            self.conv.emit(node, SKOS.editorialNote, Literal(str(item["note"]), lang="en"), pctx, file, item.line)

    def membership(self, person: URIRef, item, ctx, file: str) -> None:
        """A blank ``org:Membership`` of ``person``."""
        allowed = {"organisation", "role", "during", "note", "sources"}
        if not isinstance(item, Map):
            self.conv.err(file, getattr(item, "line", 0), "memberships", "each membership is a mapping (organisation:)")
            return
        for key in set(item) - allowed:
            self.conv.err(file, key.line, "memberships", f"unknown field '{key}'{suggest(key, allowed)}")
        org = self.sub_ref(item, "organisation", ("organisation",), file, "memberships", required=True)
        if org is None:
            return
        mctx = (item.get("sources", ctx[0]), None, None, None)
        node = BNode("memb" + stable_hash(person, org, item.get("role"), item.get("during")))
        self.conv.emit(person, ORG.hasMembership, node, mctx, file, item.line)
        for p, o in ((RDF.type, ORG.Membership), (ORG.member, person), (ORG.organization, org)):
            self.conv.emit(node, p, o, mctx, file, item.line)
        if isinstance(item.get("role"), Str):
            role = self.conv.concept("role", item["role"], file, item.line, "role")
            self.conv.emit(node, ORG.role, role, mctx, file, 0)
        if isinstance(item.get("during"), Str):
            self.conv.emit(node, DSI.memberDuring, Literal(str(item["during"])), mctx, file, item.line)
        if isinstance(item.get("note"), Str):
            self.conv.emit(node, SKOS.editorialNote, Literal(str(item["note"]), lang="en"), mctx, file, item.line)
