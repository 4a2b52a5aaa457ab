"""The YAML -> RDF converter: every field of tests/data/build/ok lands as the contract says; every error names
file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fixtures_build import BUILD_DATA
from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, XSD

from dsi_graph.build.converter import DataError, load_data
from dsi_graph.rdf.namespaces import DSI, PREFIXES

BASE = "https://w3id.org/dsi-graph/"
SCHEMA = PREFIXES["schema"]
CONCEPTS = {
    "role-co-chair", "role-member", "role-speaker", "role-presenter", "org-kind-secretariat",
    "status-conflicting", "status-planned", "status-verified", "stance-supports",
}


def iri(kind: str, slug: str) -> URIRef:
    return URIRef(f"{BASE}id/{kind}/{slug}")


def graph(ds: Dataset, name: str):
    return ds.graph(URIRef(f"{BASE}graph/{name}"))


def sch(name: str) -> URIRef:
    return URIRef(SCHEMA + name)


@pytest.fixture(scope="module")
def ok() -> Dataset:
    return load_data(BUILD_DATA / "ok", concepts=CONCEPTS)


def test_entities_and_plain_fields(ok):
    a = graph(ok, "src-a")
    m = iri("meeting", "iag-2024-01")
    assert (m, RDF.type, DSI.AdvisoryGroupMeeting) in a
    assert (m, RDFS.label, Literal("Informal Advisory Group meeting, 23 January 2024", lang="en")) in a
    assert (m, DSI.inSeries, iri("series", "iag-2024-series")) in a
    assert (m, sch("startDate"), Literal("2024-01-23", datatype=XSD.date)) in a
    assert (m, DSI.startTime, Literal("07:00 EST")) in a
    assert (m, sch("eventAttendanceMode"), sch("OnlineEventAttendanceMode")) in a
    assert (m, DSI.topic, iri("topic", "data-governance")) in a
    place = a.value(m, sch("location"))
    assert (place, RDF.type, sch("Place")) in a and (place, sch("addressCountry"), Literal("Canada")) in a
    assert (place, sch("name"), Literal("Online")) in a


def test_value_level_sources_and_annotation(ok):
    a, b = graph(ok, "src-a"), graph(ok, "src-b")
    m = iri("meeting", "iag-2024-01")
    end = Literal("2024-01", datatype=XSD.gYearMonth)
    assert (m, sch("endDate"), end) in b and (m, sch("endDate"), end) not in a
    (ann,) = list(b.subjects(RDF.type, DSI.StatementAnnotation))
    assert str(ann).startswith(f"{BASE}graph/src-b#a-")
    assert (ann, RDF.subject, m) in b and (ann, RDF.predicate, sch("endDate")) in b and (ann, RDF.object, end) in b
    assert (ann, DSI.status, iri("concept", "status-conflicting")) in b
    assert (ann, SKOS.editorialNote, Literal("Source B gives only the month", lang="en")) in b


def test_record_in_two_sources_and_nested_parts(ok):
    doc, sec = iri("document", "doc-one"), iri("section", "doc-one-sec-ii-b")
    for name in ("src-a", "src-b"):
        g = graph(ok, name)
        assert (doc, RDF.type, DSI.Report) in g
        assert (doc, DCTERMS.date, Literal("2023", datatype=XSD.gYear)) in g
        assert (doc, DCTERMS.identifier, Literal("CBD/X/1/2")) in g
        assert (doc, DCTERMS.publisher, iri("organisation", "scbd")) in g
        assert (doc, DSI.documentOf, iri("meeting", "iag-2024-01")) in g
        assert (iri("meeting", "iag-2024-01"), DSI.hasDocument, doc) in g
        assert (doc, DSI.hasPart, sec) in g and (sec, DSI.partOf, doc) in g
        assert (sec, RDFS.label, Literal("Report one, section II.B", lang="en")) in g
        assert (sec, DSI.page, Literal(12)) in g and (sec, SKOS.notation, Literal("II.B")) in g


def test_agenda_items_participations_and_presenters(ok):
    a = graph(ok, "src-a")
    m, item, talk = iri("meeting", "iag-2024-01"), iri("agenda-item", "iag-2024-01-item-1"), iri("document", "talk-one")
    tim, scbd = iri("person", "tim-hirsch"), iri("organisation", "scbd")
    assert (m, DSI.hasAgendaItem, item) in a and (item, DSI.agendaItemOf, m) in a
    assert (item, DSI.preparatoryReading, iri("section", "doc-one-sec-ii-b")) in a
    assert (talk, DSI.presentedAt, item) in a and (talk, DSI.presenter, tim) in a
    roles = {}
    for node in a.objects(item, DSI.participation):
        assert (node, RDF.type, DSI.Participation) in a and (node, DSI.participant, tim) in a
        roles[a.value(node, DSI.role)] = a.value(node, DSI.onBehalfOf)
    assert roles == {iri("concept", "role-co-chair"): scbd, iri("concept", "role-presenter"): None}
    (node,) = list(a.objects(m, DSI.participation))
    assert (node, DSI.participant, scbd) in a and (node, DSI.role, iri("concept", "role-speaker")) in a


def test_decisions_paragraphs_persons_organisations_topics(ok):
    a, b = graph(ok, "src-a"), graph(ok, "src-b")
    dec, para = iri("decision", "cbd-cop-dec-16-2"), iri("paragraph", "cbd-cop-dec-16-2-para-6")
    fund = iri("organisation", "cali-fund")
    assert (dec, RDF.type, DSI.Decision) in a and (dec, SKOS.notation, Literal("16/2")) in a
    assert (dec, DSI.adoptedAt, iri("meeting", "iag-2024-01")) in a
    assert (iri("meeting", "iag-2024-01"), DSI.adopted, dec) in a
    assert (para, RDFS.label, Literal("Decision 16/2, paragraph 6", lang="en")) in a
    assert (para, DSI.establishes, fund) in a and (fund, DSI.establishedBy, para) in a
    assert (fund, RDF.type, DSI.Fund) in b and (fund, DSI.status, iri("concept", "status-planned")) in b
    tim = iri("person", "tim-hirsch")
    assert (tim, SKOS.altLabel, Literal("Tim Hirsh", lang="en")) in a
    assert (tim, sch("sameAs"), URIRef("https://orcid.org/0000-0002-1825-0097")) in a
    assert (tim, sch("affiliation"), iri("organisation", "gbif")) in a
    (membership,) = list(a.objects(tim, ORG.hasMembership))
    assert (membership, ORG.organization, iri("organisation", "scbd")) in a
    assert (membership, ORG.role, iri("concept", "role-member")) in a
    assert (membership, DSI.memberDuring, Literal("2024")) in a
    scbd = iri("organisation", "scbd")
    assert (scbd, ORG.classification, iri("concept", "org-kind-secretariat")) in a
    assert (scbd, DSI.acronym, Literal("SCBD")) in a
    assert (iri("organisation", "gbif"), sch("addressCountry"), Literal("NO")) in a  # not False
    topic = iri("topic", "data-governance")
    assert (topic, SKOS.prefLabel, Literal("Data governance", lang="en")) in a
    assert (topic, SKOS.inScheme, URIRef(f"{BASE}id/scheme/topics")) in a


def test_meta_graph_describes_sources(ok):
    meta = graph(ok, "meta")
    src, g = iri("source", "src-a"), URIRef(f"{BASE}graph/src-a")
    assert (src, RDF.type, DSI.Source) in meta
    assert (src, DCTERMS.title, Literal("Source A page", lang="en")) in meta
    assert (src, sch("url"), URIRef("https://example.org/a")) in meta
    assert (src, DCTERMS.publisher, Literal("Example Secretariat")) in meta
    assert (src, URIRef(PREFIXES["pav"] + "retrievedOn"), Literal("2024-05-01", datatype=XSD.date)) in meta
    assert (src, DSI.localCopy, Literal("data/sources/a.txt")) in meta
    assert (g, RDF.type, DSI.SourceGraph) in meta and (g, DSI.derivedFromSource, src) in meta
    assert (g, PROV.wasDerivedFrom, src) in meta
    assert (iri("source", "src-b"), sch("url"), None) not in meta  # url: null


def test_conversion_is_deterministic():
    first = sorted(load_data(BUILD_DATA / "ok").quads((None, None, None, None)), key=str)
    second = sorted(load_data(BUILD_DATA / "ok").quads((None, None, None, None)), key=str)
    assert [q[:3] for q in first] == [q[:3] for q in second]


SOURCES = """\
sources:
  - id: src-a
    title: "Source A"
"""

ERRORS = [
    ("meetings:\n  - id: m-1\n    type: Webinar\n    label: x\n    sources: [src-a\n", "data/bad.yaml:6: YAML syntax"),
    ("meeting:\n  - id: m-1\n", "data/bad.yaml:1: unknown record kind 'meeting' (did you mean 'meetings'?)"),
    ("persons:\n  - id: p-1\n    label: P\n    lable: Q\n    sources: [src-a]\n",
     "data/bad.yaml:4: lable: unknown field for persons (did you mean 'label'?)"),
    ("persons:\n  - label: P\n    sources: [src-a]\n", "data/bad.yaml:2: id: a person record needs an id"),
    ("persons:\n  - id: p-1\n    sources: [src-a]\n", "data/bad.yaml:2: label: 'p-1' has no label"),
    ("persons:\n  - id: p-1\n    label: P\n", "data/bad.yaml:2: sources: record 'p-1' names no sources"),
    ("persons:\n  - id: tim-hirsch\n    label: T\n    sources: [src-a]\n"
     "documents:\n  - id: d-1\n    type: Presentation\n    label: D\n    sources: [src-a]\n"
     "    presenters: [tim-hirsh]\n",
     "data/bad.yaml:10: presenters: person: unknown slug 'tim-hirsh' (did you mean 'tim-hirsch'?)"),
    ("persons:\n  - id: p-1\n    label: P\n    sources: [src-x]\n",
     "data/bad.yaml:4: sources: unknown source id 'src-x'"),
    ("documents:\n  - id: d-1\n    type: Report\n    label: D\n    date: 2024-13-01\n    sources: [src-a]\n",
     "data/bad.yaml:5: date: bad date '2024-13-01'"),
    ("persons:\n  - id: Tim_Hirsch\n    label: T\n    sources: [src-a]\n",
     "data/bad.yaml:2: id: bad slug 'Tim_Hirsch'"),
    ("meetings:\n  - id: m-1\n    type: Webinnar\n    label: M\n    sources: [src-a]\n",
     "data/bad.yaml:3: type: unknown type 'Webinnar' for meetings (did you mean 'Webinar'?)"),
    ("meetings:\n  - id: m-1\n    label: M\n    sources: [src-a]\n", "data/bad.yaml:2: type: 'm-1' needs a type"),
    ("persons:\n  - id: p-1\n    label: P\n    sources: [src-a]\norganisations:\n  - id: p-1\n    label: O\n"
     "    sources: [src-a]\n", "data/bad.yaml:6: id: 'p-1' is already a person (data/bad.yaml:2)"),
    ("persons:\n  - id: p-1\n    label: P\n    sources: [src-a]\n    memberships:\n      - organisation: p-1\n",
     "data/bad.yaml:6: memberships: organisation: 'p-1' is a person, expected organisation"),
    ("organisations:\n  - id: o-1\n    label: O\n    kinds: [secretariet]\n    sources: [src-a]\n",
     "data/bad.yaml:4: kinds: unknown org-kind 'secretariet' (did you mean 'org-kind-secretariat'?)"),
    ("persons:\n  - id: p-1\n    label: P\n    status: maybe\n    sources: [src-a]\n",
     "data/bad.yaml:4: status: unknown status 'maybe'"),
    ("meetings:\n  - id: m-1\n    type: Webinar\n    label: M\n    format: virtual\n    sources: [src-a]\n",
     "data/bad.yaml:5: format: unknown format 'virtual'"),
    ("persons:\n  - id: p-1\n    label: P\n    url: www.example.org\n    sources: [src-a]\n",
     "data/bad.yaml:4: url: expected an http(s) address"),
    ("persons:\n  - id: p-1\n    label: [P, Q]\n    sources: [src-a]\n", "data/bad.yaml:3: label: expects one value"),
]


@pytest.mark.parametrize("text,expected", ERRORS, ids=[e[1].split(": ", 1)[1][:40] for e in ERRORS])
def test_errors_name_file_and_line(tmp_path: Path, text: str, expected: str):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.yaml").write_text(SOURCES)
    (data / "bad.yaml").write_text(text)
    with pytest.raises(DataError) as info:
        load_data(data, concepts=CONCEPTS)
    assert any(line.startswith(expected) for line in info.value.errors), info.value.errors


def test_all_errors_are_collected(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.yaml").write_text(SOURCES)
    (data / "a.yaml").write_text(textwrap.dedent("""\
        persons:
          - id: p-1
            label: P
            sources: [src-a]
            affiliations: [nobody]
          - id: p-2
            sources: [src-a]
        """))
    with pytest.raises(DataError) as info:
        load_data(data)
    assert info.value.errors == [
        "data/a.yaml:5: affiliations: unknown slug 'nobody'",
        "data/a.yaml:6: label: 'p-2' has no label",
    ]
    assert str(info.value).startswith("2 error(s) in the data:\n")


EVIDENCE = """meetings:
  - id: m-1
    type: Webinar
    label: M
    start: 2024-08-12
    end: 2024-08-16
    city: Montreal
    evidence:
      - {source: src-b, fields: [start, city], locator: "p. 1", quote: "opened on 12 August"}
    sources: [src-a, src-b]
"""


def test_evidence_names_which_source_states_which_field(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.yaml").write_text(SOURCES + '  - id: src-b\n    title: "Source B"\n')
    (data / "m.yaml").write_text(EVIDENCE)
    ds = load_data(data, concepts=CONCEPTS)
    a, b = graph(ds, "src-a"), graph(ds, "src-b")
    m = iri("meeting", "m-1")
    start = Literal("2024-08-12", datatype=XSD.date)
    # the field named by evidence is stated by that source only; the others by every record source
    assert (m, sch("startDate"), start) in b and (m, sch("startDate"), start) not in a
    end = Literal("2024-08-16", datatype=XSD.date)
    assert (m, sch("endDate"), end) in a and (m, sch("endDate"), end) in b
    assert (m, RDFS.label, Literal("M", lang="en")) in a
    (ann,) = [x for x in b.subjects(RDF.predicate, sch("startDate"))]
    assert (ann, RDF.subject, m) in b and (ann, RDF.object, start) in b
    assert (ann, DSI.locator, Literal("p. 1")) in b and (ann, DSI.quote, Literal("opened on 12 August")) in b
    place = b.value(m, sch("location"))
    assert (place, sch("addressLocality"), Literal("Montreal")) in b
    assert (place, sch("addressLocality"), Literal("Montreal")) not in a


@pytest.mark.parametrize("entry,expected", [
    ("{source: src-b, fields: [start], quote: q, page: 3}", "evidence: unknown key 'page'"),
    ("{source: src-b, locator: x}", "evidence: an evidence entry needs 'source:' and a list 'fields:'"),
    ("{source: src-b, fields: [start]}", "evidence: an evidence entry needs 'locator:' or 'quote:'"),
    ("{source: src-b, fields: [venue], quote: q}", "evidence: evidence names 'venue', which this record"),
    ("{source: src-x, fields: [start], quote: q}", "sources: unknown source id 'src-x'"),
])
def test_evidence_errors_name_file_and_line(tmp_path: Path, entry: str, expected: str):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.yaml").write_text(SOURCES + '  - id: src-b\n    title: "Source B"\n')
    good = '{source: src-b, fields: [start, city], locator: "p. 1", quote: "opened on 12 August"}'
    text = EVIDENCE.replace(good, entry)
    (data / "m.yaml").write_text(text)
    with pytest.raises(DataError) as info:
        load_data(data, concepts=CONCEPTS)
    assert any(line.startswith("data/m.yaml:") and expected in line for line in info.value.errors), info.value.errors


def test_a_source_written_again_with_the_same_fields_is_one_source(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.yaml").write_text(SOURCES)
    (data / "again.yaml").write_text(SOURCES + "persons:\n  - id: p-1\n    label: P\n    sources: [src-a]\n")
    ds = load_data(data, concepts=CONCEPTS)
    assert (iri("person", "p-1"), RDFS.label, Literal("P", lang="en")) in graph(ds, "src-a")
    (data / "again.yaml").write_text(SOURCES.replace('"Source A"', '"Source A, other title"'))
    with pytest.raises(DataError) as info:
        load_data(data, concepts=CONCEPTS)
    assert any("source 'src-a' is listed twice with other fields" in line for line in info.value.errors)
