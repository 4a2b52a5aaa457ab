"""The project's namespaces: the closed ``DSI`` ontology namespace and the prefix table.

``DSI`` is generated from ``ontology/dsi.ttl``: run ``python -m dsi_graph.rdf.namespaces`` after changing the ontology;
a typo in a term then fails at import. ``tests/test_namespaces.py`` checks that both agree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, DefinedNamespace, NamespaceManager
from rdflib.term import Node

DSI_NS = "https://w3id.org/dsi-graph/def/"
ONTOLOGY_FILE = Path(__file__).resolve().parents[2] / "ontology" / "dsi.ttl"
_BEGIN = "    # --- generated from ontology/dsi.ttl by `python -m dsi_graph.rdf.namespaces`: begin ---\n"
_END = "    # --- generated: end ---\n"


class DSI(DefinedNamespace):
    """The dsi-graph ontology (``ontology/dsi.ttl``)."""

    _fail = True
    _NS = Namespace(DSI_NS)

    # --- generated from ontology/dsi.ttl by `python -m dsi_graph.rdf.namespaces`: begin ---
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
    status: URIRef
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
    author: URIRef
    presenter: URIRef
    presentedAt: URIRef
    accompaniedBy: URIRef
    possiblySameAs: URIRef
    heldBy: URIRef
    stance: URIRef
    expressedIn: URIRef
    funds: URIRef
    recipient: URIRef
    derivedFromSource: URIRef
    administrativeAgent: URIRef
    trustee: URIRef
    secretariatHost: URIRef
    ofMeeting: URIRef
    concerns: URIRef
    convenes: URIRef
    underAgendaItem: URIRef
    addresses: URIRef
    spokenBy: URIRef
    fileName: URIRef
    startTime: URIRef
    page: URIRef
    summary: URIRef
    memberDuring: URIRef
    acronym: URIRef
    statement: URIRef
    grantNumber: URIRef
    localCopy: URIRef
    locator: URIRef
    quote: URIRef
    # --- generated: end ---


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
    "wdt": "http://www.wikidata.org/prop/direct/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "vann": "http://purl.org/vocab/vann/",
    "doco": "http://purl.org/spar/doco/",
    "cito": "http://purl.org/spar/cito/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "eli-dl": "http://data.europa.eu/eli/eli-draft-legislation-ontology#",
}


SCHEMA = Namespace(PREFIXES["schema"])


def namespace_manager() -> NamespaceManager:
    """An rdflib namespace manager that knows exactly the project's prefixes (no rdflib defaults)."""
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        manager.bind(prefix, iri, override=True, replace=True)
    return manager


_MANAGER = namespace_manager()


def curie(iri: str) -> str | None:
    """``prefix:local`` for an IRI in one of the project's namespaces (a valid local name), else None."""
    if not any(iri.startswith(ns) and iri != ns for ns in PREFIXES.values()):
        return None
    try:
        prefix, _, local = _MANAGER.compute_qname_strict(iri, generate=False)
    except (KeyError, ValueError):
        return None
    return f"{prefix}:{local}" if PREFIXES.get(prefix) and local else None


def compact(term: Node | None, base: str) -> str:
    """A short readable form of a term: CURIE, base-relative path (``/id/...``), ``<iri>``, or N3 for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        short = curie(text)
        if short is not None:
            return short
        return text[len(base) - 1 :] if text.startswith(base) else f"<{text}>"
    if isinstance(term, Literal):
        return term.n3() if term.datatype or term.language else f'"{term}"'
    return "[]"


def sparql_prologue(prefixes: dict[str, str] | None = None) -> str:
    """PREFIX lines for a SPARQL query."""
    table = PREFIXES if prefixes is None else prefixes
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in table.items())


def ontology_terms(path: Path = ONTOLOGY_FILE) -> dict[str, list[str]]:
    """The local names of the classes and properties ``path`` defines, in the order of the file.

    :raise ValueError: if a term of the ``dsi:`` namespace has no ``rdfs:isDefinedBy``.
    """
    text = path.read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    ns = URIRef(DSI_NS)
    defined = {str(s)[len(DSI_NS) :] for s in graph.subjects(RDFS.isDefinedBy, ns) if str(s).startswith(DSI_NS)}
    order = re.findall(r"^dsi:(\w+)\s+a\s", text, flags=re.MULTILINE)
    if missing := sorted(set(order) - defined):
        raise ValueError(f"{path}: terms without rdfs:isDefinedBy: {', '.join(missing)}")
    classes = [t for t in order if (URIRef(DSI_NS + t), RDF.type, OWL.Class) in graph]
    properties = [t for t in order if t not in classes]
    return {"classes": classes, "properties": properties}


def render_terms(terms: dict[str, list[str]]) -> str:
    """The generated part of the ``DSI`` class body: one annotated attribute per term."""
    lines = [_BEGIN]
    for group, names in terms.items():
        lines.append(f"    # {group}\n")
        lines.extend(f"    {name}: URIRef\n" for name in names)
    lines.append(_END)
    return "".join(lines)


def regenerate(source: Path, ontology: Path = ONTOLOGY_FILE) -> bool:
    """Rewrite the ``DSI`` class in ``source`` from ``ontology``; return whether the file changed."""
    text = source.read_text(encoding="utf-8")
    head, _, rest = text.partition(_BEGIN)
    _, _, tail = rest.partition(_END)
    if not rest:
        raise ValueError(f"{source}: generated-section markers not found")
    new = head + render_terms(ontology_terms(ontology)) + tail
    if new != text:
        source.write_text(new, encoding="utf-8")
    return new != text


def main() -> int:
    """Regenerate ``DSI`` in this file from ``ontology/dsi.ttl`` and report what happened."""
    changed = regenerate(Path(__file__).resolve())
    print("dsi_graph/namespaces.py " + ("regenerated" if changed else "already up to date"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
