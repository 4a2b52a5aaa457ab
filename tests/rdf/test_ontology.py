"""The ontology, the vocabularies and the alignment rules, checked against the design contract."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from dsi_graph.config import PROJECT_ROOT
from dsi_graph.rdf.namespaces import DSI, DSI_NS, PREFIXES

ONTOLOGY = PROJECT_ROOT / "ontology" / "dsi.ttl"
VOCABULARIES = PROJECT_ROOT / "ontology" / "vocabularies.ttl"
DESIGN = PROJECT_ROOT / "docs" / "design.md"
RULES = PROJECT_ROOT / "queries" / "rules"
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
VANN = Namespace("http://purl.org/vocab/vann/")
DOCO = Namespace("http://purl.org/spar/doco/")
CITO = Namespace("http://purl.org/spar/cito/")
ID = "https://w3id.org/dsi-graph/id/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The parsed ontology."""
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    """The parsed vocabularies."""
    return Graph().parse(VOCABULARIES)


def design_section(number: int) -> str:
    """The text of section ``number`` of docs/design.md."""
    text = DESIGN.read_text(encoding="utf-8")
    match = re.search(rf"^## {number}\. .*?(?=^## \d+\. |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    assert match, f"design.md has no section {number}"
    return match.group(0)


def dsi_terms(graph: Graph) -> set[URIRef]:
    """Every subject in the dsi: namespace except the ontology and its version."""
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(DSI_NS) and str(s) != DSI_NS}


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef(DSI_NS)
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for prop in (
        DCTERMS.title,
        DCTERMS.description,
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
        DCTERMS.modified,
    ):
        assert ontology.value(onto, prop) is not None, prop
    assert ontology.value(onto, VANN.preferredNamespacePrefix) == Literal("dsi")
    assert ontology.value(onto, VANN.preferredNamespaceUri) == Literal(DSI_NS)
    assert str(ontology.value(onto, OWL.versionIRI)).startswith(DSI_NS)


def test_every_term_is_documented(ontology: Graph) -> None:
    terms = dsi_terms(ontology)
    assert len(terms) > 90
    for term in terms:
        labels = [o for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
        definitions = [o for o in ontology.objects(term, SKOS.definition) if o.language == "en"]  # type: ignore[union-attr]
        assert len(labels) == 1, term
        assert len(definitions) == 1, term
        assert ontology.value(term, RDFS.isDefinedBy) == URIRef(DSI_NS), term
        kinds = set(ontology.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term


def test_every_term_of_the_design_exists(ontology: Graph) -> None:
    named = set(re.findall(r"`dsi:([A-Za-z]+)`", design_section(2) + design_section(6)))
    named |= set(re.findall(r"dsi:([A-Za-z]+)", design_section(2)))
    assert {"Meeting", "Webinar", "possiblySameAs", "presenter", "StatementAnnotation"} <= named
    defined = {str(t)[len(DSI_NS) :] for t in dsi_terms(ontology)}
    assert named - defined == set()
    assert defined - named == set(), "terms the design does not list"


def test_classes_and_properties_are_typed_as_the_design_says(ontology: Graph) -> None:
    classes = set(re.findall(r"dsi:([A-Z][A-Za-z]+)", design_section(2)))
    for name in classes:
        assert (DSI[name], RDF.type, OWL.Class) in ontology, name
    for name in ("page", "summary", "fileName", "acronym", "localCopy", "grantNumber", "statement", "startTime"):
        assert (DSI[name], RDF.type, OWL.DatatypeProperty) in ontology, name


ALIGNMENT = [
    (DSI.Meeting, RDFS.subClassOf, SCHEMA.Event),
    (DSI.Meeting, RDFS.subClassOf, PROV.Activity),
    (DSI.Webinar, RDFS.subClassOf, DSI.InformalMeeting),
    (DSI.WorkingGroupMeeting, RDFS.subClassOf, DSI.FormalMeeting),
    (DSI.MeetingSeries, RDFS.subClassOf, SCHEMA.EventSeries),
    (DSI.Document, RDFS.subClassOf, FOAF.Document),
    (DSI.Document, RDFS.subClassOf, SCHEMA.CreativeWork),
    (DSI.Decision, RDFS.subClassOf, SCHEMA.Legislation),
    (DSI.Presentation, RDFS.subClassOf, SCHEMA.PresentationDigitalDocument),
    (DSI.Article, RDFS.subClassOf, SCHEMA.ScholarlyArticle),
    (DSI.Recording, RDFS.subClassOf, SCHEMA.VideoObject),
    (DSI.Section, RDFS.subClassOf, DOCO.Section),
    (DSI.Paragraph, RDFS.subClassOf, DOCO.Paragraph),
    (DSI.Person, RDFS.subClassOf, FOAF.Person),
    (DSI.Organisation, RDFS.subClassOf, ORG.Organization),
    (DSI.Fund, RDFS.subClassOf, DSI.Organisation),
    (DSI.Topic, RDFS.subClassOf, SKOS.Concept),
    (DSI.Grant, RDFS.subClassOf, SCHEMA.MonetaryGrant),
    (DSI.Mechanism, RDFS.subClassOf, DSI.Process),
    (DSI.Participation, RDFS.subClassOf, PROV.Association),
    (DSI.StatementAnnotation, RDFS.subClassOf, RDF.Statement),
    (DSI.inSeries, RDFS.subPropertyOf, SCHEMA.superEvent),
    (DSI.hasAgendaItem, RDFS.subPropertyOf, SCHEMA.subEvent),
    (DSI.topic, RDFS.subPropertyOf, DCTERMS.subject),
    (DSI.topic, RDFS.subPropertyOf, SCHEMA.about),
    (DSI.participant, RDFS.subPropertyOf, PROV.agent),
    (DSI.role, RDFS.subPropertyOf, PROV.hadRole),
    (DSI.organiser, RDFS.subPropertyOf, SCHEMA.organizer),
    (DSI.adoptedBy, RDFS.subPropertyOf, SCHEMA.legislationPassedBy),
    (DSI.cites, RDFS.subPropertyOf, CITO.cites),
    (DSI.cites, RDFS.subPropertyOf, DCTERMS.references),
    (DSI.establishes, RDFS.subPropertyOf, DSI.mandates),
    (DSI.hasPart, RDFS.subPropertyOf, DCTERMS.hasPart),
    (DSI.partOf, RDFS.subPropertyOf, SCHEMA.isPartOf),
    (DSI.summary, RDFS.subPropertyOf, DCTERMS.abstract),
    (DSI.author, RDFS.subPropertyOf, DCTERMS.creator),
    (DSI.presenter, RDFS.subPropertyOf, DSI.author),
    (DSI.acronym, RDFS.subPropertyOf, SKOS.altLabel),
    (DSI.heldBy, RDFS.subPropertyOf, PROV.wasAttributedTo),
    (DSI.expressedIn, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    (DSI.funds, RDFS.subPropertyOf, SCHEMA.fundedItem),
    (DSI.hasAgendaItem, OWL.inverseOf, DSI.agendaItemOf),
    (DSI.adoptedAt, OWL.inverseOf, DSI.adopted),
    (DSI.establishes, OWL.inverseOf, DSI.establishedBy),
    (DSI.documentOf, OWL.inverseOf, DSI.hasDocument),
    (DSI.hasPart, OWL.inverseOf, DSI.partOf),
]


@pytest.mark.parametrize("triple", ALIGNMENT, ids=lambda t: f"{t[0].n3()} {t[1].n3()} {t[2].n3()}")
def test_alignment(ontology: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in ontology


def test_schema_org_is_http_only(ontology: Graph) -> None:
    assert "https://schema.org/" not in ONTOLOGY.read_text(encoding="utf-8")
    assert PREFIXES["schema"] == "http://schema.org/"


def test_vocabularies_hold_the_design_concepts(vocabularies: Graph) -> None:
    slugs = set(re.findall(r"`((?:org-kind|role|stance|status)-[a-z-]+)`", design_section(7)))
    assert len(slugs) == 45
    concepts = {str(c)[len(ID + "concept/") :] for c in vocabularies.subjects(RDF.type, SKOS.Concept)}
    assert concepts == slugs
    scheme_of = {"org-kind": "org-kinds", "role": "roles", "stance": "stances", "status": "statuses"}
    for slug in slugs:
        concept = URIRef(f"{ID}concept/{slug}")
        prefix = next(p for p in scheme_of if slug.startswith(p + "-"))
        scheme = URIRef(f"{ID}scheme/{scheme_of[prefix]}")
        pref = vocabularies.value(concept, SKOS.prefLabel)
        assert pref is not None and pref.language == "en"  # type: ignore[union-attr]
        assert vocabularies.value(concept, RDFS.label) == pref
        assert vocabularies.value(concept, SKOS.definition) is not None
        assert (concept, SKOS.inScheme, scheme) in vocabularies, slug
        assert (concept, SKOS.topConceptOf, scheme) in vocabularies, slug
    schemes = {str(s)[len(ID + "scheme/") :] for s in vocabularies.subjects(RDF.type, SKOS.ConceptScheme)}
    assert schemes == {"org-kinds", "roles", "stances", "statuses", "topics"}


EXAMPLE = """
@prefix dsi: <https://w3id.org/dsi-graph/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/dsi-graph/id/meeting/w-1> a dsi:Webinar ; rdfs:label "Webinar 1"@en ;
    dsi:hasAgendaItem <https://w3id.org/dsi-graph/id/agenda-item/w-1-item-1> ;
    dsi:topic <https://w3id.org/dsi-graph/id/topic/t> .
<https://w3id.org/dsi-graph/id/agenda-item/w-1-item-1> a dsi:AgendaItem ; rdfs:label "Item 1"@en .
<https://w3id.org/dsi-graph/id/document/p> a dsi:Presentation ; rdfs:label "Talk"@en ;
    dsi:presenter <https://w3id.org/dsi-graph/id/person/a-b> ;
    dsi:possiblySameAs <https://w3id.org/dsi-graph/id/document/q> .
<https://w3id.org/dsi-graph/id/person/a-b> a dsi:Person ; rdfs:label "A B"@en ;
    <http://schema.org/sameAs> <https://orcid.org/0000-0002-1825-009X> .
<https://w3id.org/dsi-graph/id/organisation/f> a dsi:Fund ; rdfs:label "F"@en ;
    <http://schema.org/sameAs> <https://ror.org/0abcde012>, <https://doi.org/10.1234/f> ;
    skos:exactMatch <http://www.wikidata.org/entity/Q1234567> ;
    skos:closeMatch <https://www.gbif.org/publisher/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d> .
<https://w3id.org/dsi-graph/id/topic/t> a dsi:Topic, skos:Concept ; rdfs:label "T"@en ; skos:prefLabel "T"@en .
<https://w3id.org/dsi-graph/id/decision/d> a dsi:Decision ; rdfs:label "D"@en ;
    dsi:adoptedAt <https://w3id.org/dsi-graph/id/meeting/w-1> .
"""


@pytest.fixture(scope="module")
def inferred() -> dict[str, set[tuple[str, str, str]]]:
    """What each rule infers from the ontology, the vocabularies and EXAMPLE, run on pyoxigraph (union default)."""
    store = ox.Store()
    store.load(
        path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ID.replace("id/", "graph/ontology"))
    )
    store.load(
        path=str(VOCABULARIES), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ID.replace("id/", "graph/ontology"))
    )
    store.load(input=EXAMPLE.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ID.replace("id/", "graph/x")))
    out = {}
    for rule in sorted(RULES.glob("construct-*.rq")):
        triples = store.query(rule.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        out[rule.stem] = {
            (t.subject.value, t.predicate.value, str(getattr(t.object, "value", t.object))) for t in triples
        }
    return out


def test_rules_add_only_new_triples(inferred: dict[str, set[tuple[str, str, str]]]) -> None:
    graph = Graph().parse(ONTOLOGY).parse(VOCABULARIES).parse(data=EXAMPLE, format="turtle")
    stated = {(str(s), str(p), str(o)) for s, p, o in graph}
    for name, triples in inferred.items():
        assert triples and not triples & stated, name


def test_rules_have_summaries() -> None:
    rules = sorted(RULES.glob("construct-*.rq"))
    assert len(rules) == 5
    for rule in rules:
        assert rule.read_text(encoding="utf-8").startswith("#+ summary: "), rule.name


def _t(s: str, p: URIRef, o: URIRef | str) -> tuple[str, str, str]:
    return (ID + s, str(p), o if isinstance(o, str) and not isinstance(o, URIRef) else str(o))


def test_subclass_closure(inferred: dict[str, set[tuple[str, str, str]]]) -> None:
    got = inferred["construct-subclass-closure"]
    for cls in (DSI.InformalMeeting, DSI.Meeting, SCHEMA.Event, PROV.Activity):
        assert _t("meeting/w-1", RDF.type, cls) in got
    assert _t("organisation/f", RDF.type, DSI.Organisation) in got
    assert _t("organisation/f", RDF.type, FOAF.Organization) in got
    assert _t("topic/t", RDF.type, SKOS.Concept) not in got, "stated already"
    assert _t("decision/d", RDF.type, SCHEMA.Legislation) in got
    assert _t("meeting/w-1", RDF.type, DSI.Webinar) not in got
    assert not any(s.startswith(DSI_NS) for s, _, _ in got), "ontology terms are not instances"


def test_subproperty_closure(inferred: dict[str, set[tuple[str, str, str]]]) -> None:
    got = inferred["construct-subproperty-closure"]
    assert _t("document/p", DSI.author, ID + "person/a-b") in got
    assert _t("document/p", DCTERMS.creator, ID + "person/a-b") in got
    assert _t("document/p", SCHEMA.author, ID + "person/a-b") in got
    assert _t("meeting/w-1", DCTERMS.subject, ID + "topic/t") in got
    assert _t("meeting/w-1", SCHEMA.subEvent, ID + "agenda-item/w-1-item-1") in got
    # from the inverse of a stated triple: the item's dsi:agendaItemOf is only implied
    assert _t("agenda-item/w-1-item-1", SCHEMA.superEvent, ID + "meeting/w-1") in got


def test_inverses(inferred: dict[str, set[tuple[str, str, str]]]) -> None:
    got = inferred["construct-inverses"]
    assert _t("agenda-item/w-1-item-1", DSI.agendaItemOf, ID + "meeting/w-1") in got
    assert _t("meeting/w-1", DSI.adopted, ID + "decision/d") in got
    assert _t("document/q", DSI.possiblySameAs, ID + "document/p") in got


def test_label_aliases(inferred: dict[str, set[tuple[str, str, str]]]) -> None:
    got = inferred["construct-label-aliases"]
    assert _t("meeting/w-1", SCHEMA.name, "Webinar 1") in got
    assert _t("document/p", DCTERMS.title, "Talk") in got
    assert _t("decision/d", DCTERMS.title, "D") in got
    assert _t("person/a-b", FOAF.name, "A B") in got
    assert _t("organisation/f", FOAF.name, "F") in got
    assert _t("topic/t", SCHEMA.name, "T") in got
    assert _t("topic/t", SKOS.prefLabel, "T") not in got, "stated already"
    assert _t("concept/stance-supports", SCHEMA.name, "Supports") in got
    assert _t("meeting/w-1", DCTERMS.title, "Webinar 1") not in got
    assert not any(s.startswith(DSI_NS) for s, _, _ in got), "ontology terms keep rdfs:label only"


def test_owl_same_as_for_entity_iris_only(inferred: dict[str, set[tuple[str, str, str]]]) -> None:
    same_as = str(OWL.sameAs)
    assert inferred["construct-owl-same-as"] == {
        _t("person/a-b", OWL.sameAs, URIRef("https://orcid.org/0000-0002-1825-009X")),
        _t("organisation/f", OWL.sameAs, URIRef("https://ror.org/0abcde012")),
        _t("organisation/f", OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1234567")),
    }, "no owl:sameAs for a DOI or a skos:closeMatch"
    assert all(p == same_as for _, p, _ in inferred["construct-owl-same-as"])


def test_rules_agree_with_rdflib() -> None:
    """The same rules give the same triples on rdflib as on pyoxigraph (the memory store is the oracle)."""
    graph = Graph().parse(ONTOLOGY).parse(VOCABULARIES).parse(data=EXAMPLE, format="turtle")
    store = ox.Store()
    store.load(input=graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    for rule in sorted(RULES.glob("construct-*.rq")):
        query = rule.read_text(encoding="utf-8")
        expected = {(str(s), str(p), str(o)) for s, p, o in graph.query(query)}  # type: ignore[misc]
        got = {
            (t.subject.value, t.predicate.value, str(getattr(t.object, "value", t.object))) for t in store.query(query)
        }
        assert got == expected, rule.name
        assert got


def test_xsd_used_for_dates_in_ontology(ontology: Graph) -> None:
    assert ontology.value(URIRef(DSI_NS), DCTERMS.created).datatype == XSD.date  # type: ignore[union-attr]


CHECKS = PROJECT_ROOT / "queries" / "checks"
BAD_EXAMPLE = """
@prefix dsi: <https://w3id.org/dsi-graph/def/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <http://schema.org/> .
<https://w3id.org/dsi-graph/id/meeting/m-1> a dsi:Webinar ; rdfs:label "M"@en ;
    schema:startDate "2024-05-02"^^xsd:date ; schema:endDate "2024-05-01"^^xsd:date ;
    dsi:inSeriez <https://w3id.org/dsi-graph/id/series/s> .
<https://w3id.org/dsi-graph/id/meeting/m-2> a dsi:Webinar, dsi:Webinarr ; rdfs:label "M2"@en ;
    schema:startDate "2024-05-02"^^xsd:date ; schema:endDate "2024-05-01"^^xsd:date .
[] a dsi:StatementAnnotation ; rdf:subject <https://w3id.org/dsi-graph/id/meeting/m-2> ;
    rdf:predicate schema:endDate ; rdf:object "2024-05-01"^^xsd:date ;
    dsi:status <https://w3id.org/dsi-graph/id/concept/status-conflicting> .
<https://w3id.org/dsi-graph/id/person/m-1> a dsi:Person ; rdfs:label "Same slug"@en .
<https://w3id.org/dsi-graph/id/document/d-1> a dsi:Report ; rdfs:label "A document that is its own source"@en .
<https://w3id.org/dsi-graph/id/source/d-1> a dsi:Source ; rdfs:label "The same, as a source"@en .
<https://w3id.org/dsi-graph/id/person/tim-hirsch> a dsi:Person ; rdfs:label "Tim Hirsch"@en .
<https://w3id.org/dsi-graph/id/person/tim-hirsh> a dsi:Person ; rdfs:label "Tim Hirsch"@en .
"""


def run_checks(extra: str) -> dict[str, list[tuple[str, ...]]]:
    """Run every check over ontology + vocabularies + ``extra`` on pyoxigraph; rows per check."""
    store = ox.Store()
    for path in (ONTOLOGY, VOCABULARIES):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ID + "graph-ontology"))
    store.load(input=extra.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ID + "graph-x"))
    rows = {}
    for check in sorted(CHECKS.glob("*-violation.rq")):
        result = store.query(check.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        rows[check.stem] = [tuple(str(getattr(v, "value", v)) for v in row) for row in result]
    return rows


def test_checks_pass_on_clean_data() -> None:
    rows = run_checks(EXAMPLE)
    assert set(rows) >= {
        "undeclared-dsi-term-violation",
        "meeting-ends-before-start-violation",
        "slug-used-by-two-kinds-violation",
        "same-label-two-entities-violation",
    }
    assert all(not r for r in rows.values()), rows


def test_checks_find_faults() -> None:
    rows = run_checks(BAD_EXAMPLE)
    undeclared = {r[0] for r in rows["undeclared-dsi-term-violation"]}
    assert undeclared == {DSI_NS + "inSeriez", DSI_NS + "Webinarr"}
    assert [r[0] for r in rows["meeting-ends-before-start-violation"]] == [ID + "meeting/m-1"]
    assert [r[0] for r in rows["slug-used-by-two-kinds-violation"]] == ["m-1"]
    twins = [r[:2] for r in rows["same-label-two-entities-violation"]]
    assert twins == [(ID + "person/tim-hirsch", ID + "person/tim-hirsh")]
