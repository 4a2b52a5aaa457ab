"""The project's namespaces: the closed ``DSI`` ontology namespace and the prefix table.

``DSI`` is generated from ``ontology/dsi.ttl`` (``python -m dsi_graph.namespaces``); a typo in a term fails
at import. ``tests/test_namespaces.py`` checks it against the ontology.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

DSI_NS = "https://w3id.org/dsi-graph/def/"


class DSI(DefinedNamespace):
    """The dsi-graph ontology (``ontology/dsi.ttl``)."""

    _fail = True
    _NS = Namespace(DSI_NS)

    # classes
    Meeting: URIRef
    FormalMeeting: URIRef
    ConferenceOfTheParties: URIRef
    MeetingOfTheParties: URIRef
    SubsidiaryBodyMeeting: URIRef
    ExpertGroupMeeting: URIRef
    WorkingGroupMeeting: URIRef
    InformalMeeting: URIRef
    AdvisoryGroupMeeting: URIRef
    Dialogue: URIRef
    Webinar: URIRef
    Workshop: URIRef
    Retreat: URIRef
    Consultation: URIRef
    SideEvent: URIRef
    MeetingSeries: URIRef
    AgendaItem: URIRef
    Document: URIRef
    Decision: URIRef
    Recommendation: URIRef
    DraftDecision: URIRef
    Report: URIRef
    Notification: URIRef
    Study: URIRef
    Submission: URIRef
    Presentation: URIRef
    InformationDocument: URIRef
    Synthesis: URIRef
    Statement: URIRef
    PositionPaper: URIRef
    Article: URIRef
    OpenLetter: URIRef
    MemberList: URIRef
    Recording: URIRef
    DocumentPart: URIRef
    Section: URIRef
    Paragraph: URIRef
    Person: URIRef
    Organisation: URIRef
    Fund: URIRef
    Topic: URIRef
    Position: URIRef
    Grant: URIRef
    Process: URIRef
    Mechanism: URIRef
    Participation: URIRef
    Source: URIRef
    SourceGraph: URIRef
    StatementAnnotation: URIRef

    # properties
    fileName: URIRef
    status: URIRef
    startTime: URIRef
    inSeries: URIRef
    partOfMeeting: URIRef
    hasAgendaItem: URIRef
    agendaItemOf: URIRef
    topic: URIRef
    preparatoryReading: URIRef
    participation: URIRef
    participant: URIRef
    role: URIRef
    onBehalfOf: URIRef
    nominatedBy: URIRef
    organiser: URIRef
    host: URIRef
    funder: URIRef
    fundedBy: URIRef
    adoptedAt: URIRef
    adopted: URIRef
    adoptedBy: URIRef
    cites: URIRef
    mandates: URIRef
    establishes: URIRef
    establishedBy: URIRef
    implements: URIRef
    documentOf: URIRef
    hasDocument: URIRef
    hasPart: URIRef
    partOf: URIRef
    page: URIRef
    summary: URIRef
    author: URIRef
    presenter: URIRef
    presentedAt: URIRef
    accompaniedBy: URIRef
    memberDuring: URIRef
    acronym: URIRef
    heldBy: URIRef
    stance: URIRef
    statement: URIRef
    expressedIn: URIRef
    grantNumber: URIRef
    funds: URIRef
    recipient: URIRef
    localCopy: URIRef
    derivedFromSource: URIRef


PREFIXES: dict[str, str] = {
    "dsi": DSI_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "pav": "http://purl.org/pav/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "vann": "http://purl.org/vocab/vann/",
    "doco": "http://purl.org/spar/doco/",
    "cito": "http://purl.org/spar/cito/",
    "eli": "http://data.europa.eu/eli/ontology#",
}


def sparql_prologue(prefixes: dict[str, str] | None = None) -> str:
    """PREFIX lines for a SPARQL query."""
    table = PREFIXES if prefixes is None else prefixes
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in table.items())
