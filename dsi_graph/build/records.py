"""The record kinds of ``data/*.yaml`` and their fields (design.md section 6), as data for the converter."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDFS, SKOS, URIRef
from rdflib.namespace import DCTERMS, ORG

from dsi_graph.rdf.namespaces import DSI, PREFIXES

SCHEMA = PREFIXES["schema"]
AGENTS = ("person", "organisation")
PARTS = ("document", "decision", "section", "paragraph")


@dataclass(frozen=True)
class Spec:
    """One field: predicates, conversion (text, plain, date, int, iri, ref, concept...), cardinality, inverse."""

    preds: tuple[URIRef, ...]
    conv: str
    many: bool = True
    inverse: URIRef | None = None
    kinds: tuple[str, ...] = ()  # ref: allowed target kinds (empty = any); concept: (scheme prefix,)


def ref(pred: URIRef | None, kinds: tuple[str, ...] = (), inverse: URIRef | None = None, many=True) -> Spec:
    """A reference field (bare slugs)."""
    return Spec(() if pred is None else (pred,), "ref", many, inverse, kinds)


def lit(pred: URIRef, conv: str = "plain", many: bool = True) -> Spec:
    """A literal field."""
    return Spec((pred,), conv, many)


COMMON: dict[str, Spec] = {
    "label": lit(RDFS.label, "text", many=False),
    "alt_labels": lit(SKOS.altLabel, "text"),
    "description": lit(DCTERMS.description, "text"),
    "note": lit(SKOS.editorialNote, "text"),
    "url": lit(URIRef(SCHEMA + "url"), "iri"),
    "same_as": lit(URIRef(SCHEMA + "sameAs"), "iri"),
    "exact_match": lit(SKOS.exactMatch, "iri"),
    "close_match": lit(SKOS.closeMatch, "iri"),
    "topics": ref(DSI.topic, ("topic",)),
}
SPECIAL = ("id", "type", "sources", "status", "evidence")


@dataclass(frozen=True)
class RecordKind:
    """A record kind: YAML key, IRI kind, allowed ``type`` names, fields and nested lists."""

    key: str
    kind: str
    types: tuple[str, ...]
    default_type: str | None
    fields: dict[str, Spec]
    nested: tuple[str, ...] = ()
    structured: tuple[str, ...] = ()  # fields handled by code (location, participants, ...)
    default_id: str | None = None
    default_label: str | None = None
    link: tuple[URIRef, URIRef] | None = None  # (parent -> child, child -> parent)
    scheme: str | None = None
    allowed: frozenset[str] = field(default=frozenset(), init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed", frozenset({*SPECIAL, *self.fields, *self.nested, *self.structured}))


def kind(key: str, iri_kind: str, types, default_type, fields: dict[str, Spec], **more) -> RecordKind:
    """A record kind with the common fields."""
    return RecordKind(key, iri_kind, tuple(types), default_type, {**COMMON, **fields}, **more)


MEETING_TYPES = (
    "Meeting", "FormalMeeting", "ConferenceOfTheParties", "MeetingOfTheParties", "SubsidiaryBodyMeeting",
    "ExpertGroupMeeting", "WorkingGroupMeeting", "InformalMeeting", "AdvisoryGroupMeeting", "Dialogue", "Webinar",
    "Workshop", "Retreat", "Consultation", "SideEvent",
)
DOCUMENT_TYPES = (
    "Document", "DraftDecision", "Report", "Notification", "Study", "Submission", "Presentation",
    "InformationDocument", "Synthesis", "Statement", "PositionPaper", "Article", "OpenLetter", "MemberList",
    "Recording",
)
SUMMARY = lit(DSI.summary, "text")
DATE = lit(DCTERMS.date, "date", many=False)
NUMBER = lit(SKOS.notation, many=False)
IDENTIFIER = lit(DCTERMS.identifier)

KINDS: dict[str, RecordKind] = {
    "series": kind("series", "series", ["MeetingSeries"], "MeetingSeries",
                   {"organisers": ref(DSI.organiser, AGENTS), "code": IDENTIFIER}),
    "meetings": kind("meetings", "meeting", MEETING_TYPES, None, {
        "code": IDENTIFIER, "series": ref(DSI.inSeries, ("series",)),
        "part_of": ref(DSI.partOfMeeting, ("meeting",)),
        "start": lit(URIRef(SCHEMA + "startDate"), "date", False),
        "end": lit(URIRef(SCHEMA + "endDate"), "date", False),
        "time": lit(DSI.startTime), "format": Spec((URIRef(SCHEMA + "eventAttendanceMode"),), "format", False),
        "organisers": ref(DSI.organiser, AGENTS), "hosts": ref(DSI.host, AGENTS), "funders": ref(DSI.funder, AGENTS),
        "on_behalf_of": ref(DSI.onBehalfOf, ("organisation",)), "grants": ref(DSI.fundedBy, ("grant",)),
        "documents": ref(DSI.hasDocument, ("document", "decision"), DSI.documentOf),
        "readings": ref(DSI.preparatoryReading, PARTS), "adopted": ref(DSI.adopted, ("decision",), DSI.adoptedAt),
    }, nested=("agenda",), structured=("venue", "city", "country", "participants")),
    "decisions": kind("decisions", "decision", ["Decision", "Recommendation", "DraftDecision"], "Decision", {
        "number": NUMBER, "symbol": IDENTIFIER, "adopted_at": ref(DSI.adoptedAt, ("meeting",), DSI.adopted),
        "adopted_by": ref(DSI.adoptedBy, ("organisation",)), "date": DATE, "cites": ref(DSI.cites, PARTS),
        "mandates": ref(DSI.mandates), "establishes": ref(DSI.establishes, (), DSI.establishedBy), "summary": SUMMARY,
    }, nested=("paragraphs",)),
    "documents": kind("documents", "document", DOCUMENT_TYPES, None, {
        "symbol": IDENTIFIER, "number": NUMBER, "date": DATE, "authors": ref(DSI.author, AGENTS),
        "publisher": ref(DCTERMS.publisher, AGENTS), "meeting": ref(DSI.documentOf, ("meeting",), DSI.hasDocument),
        "file_name": lit(DSI.fileName), "language": lit(DCTERMS.language), "cites": ref(DSI.cites, PARTS),
        "implements": ref(DSI.implements, ("decision",)), "possibly_same_as": ref(DSI.possiblySameAs, PARTS),
        "accompanied_by": ref(DSI.accompaniedBy, PARTS),
        "presented_at": ref(DSI.presentedAt, ("meeting", "agenda-item")), "summary": SUMMARY,
        "concerns": ref(DSI.concerns), "convenes": ref(DSI.convenes, ("meeting",)),
        "agenda_item": ref(DSI.underAgendaItem, ("agenda-item",)),
    }, nested=("sections", "paragraphs"), structured=("presenters",)),
    "persons": kind("persons", "person", ["Person"], "Person", {
        "affiliations": ref(URIRef(SCHEMA + "affiliation"), ("organisation",)), "orcid": Spec(
            (URIRef(SCHEMA + "sameAs"),), "orcid"),
    }, structured=("memberships",)),
    "organisations": kind("organisations", "organisation", ["Organisation", "Fund"], "Organisation", {
        "acronym": lit(DSI.acronym), "kinds": Spec((ORG.classification,), "concept", kinds=("org-kind",)),
        "parent": ref(ORG.subOrganizationOf, ("organisation",)), "country": lit(URIRef(SCHEMA + "addressCountry")),
        "administrative_agent": ref(DSI.administrativeAgent, ("organisation",)),
        "trustee": ref(DSI.trustee, ("organisation",)), "secretariat_host": ref(DSI.secretariatHost, ("organisation",)),
        "meeting": ref(DSI.ofMeeting, ("meeting",)),
    }),
    "topics": kind("topics", "topic", ["Topic"], "Topic", {
        "label": Spec((RDFS.label, SKOS.prefLabel), "text", many=False), "definition": lit(SKOS.definition, "text"),
        "broader": ref(SKOS.broader, ("topic",)), "related": ref(SKOS.related, ("topic",)),
    }, scheme="topics"),
    "positions": kind("positions", "position", ["Position"], "Position", {
        "holder": ref(DSI.heldBy, AGENTS), "stance": Spec((DSI.stance,), "concept", kinds=("stance",)),
        "statement": lit(DSI.statement, "text"), "expressed_in": ref(DSI.expressedIn), "date": DATE,
        "addresses": ref(DSI.addresses), "speaker": ref(DSI.spokenBy, AGENTS),
    }),
    "grants": kind("grants", "grant", ["Grant"], "Grant", {
        "number": lit(DSI.grantNumber), "funder": ref(DSI.funder, AGENTS), "recipients": ref(DSI.recipient, AGENTS),
        "funds": ref(DSI.funds),
    }),
    "processes": kind("processes", "process", ["Process", "Mechanism"], "Process", {
        "established_by": ref(DSI.establishedBy, ("decision", "paragraph"), DSI.establishes),
        "implements": ref(DSI.implements, ("decision",)), "date": DATE,
    }),
}

_PARA_FIELDS = {"number": NUMBER, "summary": SUMMARY, "mandates": ref(DSI.mandates),
                "establishes": ref(DSI.establishes, (), DSI.establishedBy), "cites": ref(DSI.cites, PARTS)}
NESTED: dict[str, RecordKind] = {
    "agenda": kind("agenda", "agenda-item", ["AgendaItem"], "AgendaItem", {
        "number": NUMBER, "readings": ref(DSI.preparatoryReading, PARTS),
        "presentations": Spec((), "ref", inverse=DSI.presentedAt, kinds=("document",)),
    }, structured=("participants",), default_id="{parent}-item-{number}", link=(DSI.hasAgendaItem, DSI.agendaItemOf)),
    "sections": kind("sections", "section", ["Section"], "Section", {
        "number": NUMBER, "page": lit(DSI.page, "int", False), "summary": SUMMARY,
    }, default_id="{parent}-sec-{number}", default_label="{parent}, section {number}", link=(DSI.hasPart, DSI.partOf)),
    "paragraphs": kind("paragraphs", "paragraph", ["Paragraph"], "Paragraph", _PARA_FIELDS,
                       default_id="{parent}-para-{number}", default_label="{parent}, paragraph {number}",
                       link=(DSI.hasPart, DSI.partOf)),
}
