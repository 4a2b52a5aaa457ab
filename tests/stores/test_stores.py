"""The store contract, the same tests on every backend: oxigraph (memory, disk), rdflib, and two real engines."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from engines import external
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.query import Result

from dsi_graph.rdf.formats import GRAPH_TYPES, RESULT_TYPES, rdflib_format
from dsi_graph.stores.base import GraphStore, QuerySyntaxError, StoreError
from dsi_graph.stores.memory import MemoryStore
from dsi_graph.stores.oxigraph import OxigraphStore
from dsi_graph.stores.results import quiet_rdflib

EX = "http://example.org/"
GRAPH_A = URIRef(EX + "graph/a")
GRAPH_B = URIRef(EX + "graph/b")
M1, M2, ORG1 = URIRef(EX + "m1"), URIRef(EX + "m2"), URIRef(EX + "org1")

# Two named graphs; one triple in both; blank nodes, language tags, typed literals, a multi-line quoted string.
TRIG = r"""
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/graph/a> {
  ex:m1 a ex:Meeting ; rdfs:label "Meeting one"@en , "Réunion un"@fr ; ex:start "2024-01-23"^^xsd:date ;
    ex:days 3 ; ex:location [ ex:name "Nairobi" ; ex:country "Kenya" ] .
  ex:m2 a ex:Meeting ; rdfs:label "Meeting two"@en-GB ; ex:partOf ex:m1 ; ex:note "two\nlines, \"quoted\"" .
}
<http://example.org/graph/b> {
  ex:m1 rdfs:label "Meeting one"@en ; ex:host ex:org1 .
  ex:org1 a ex:Org ; rdfs:label "Org one"@en ; ex:size "12.5"^^xsd:decimal ; ex:code "K-1" .
  ex:d1 a ex:Decision ; rdfs:label "Decision 16/2"@en ; ex:adoptedAt ex:m1 .
}
"""
COUNTS = {GRAPH_A: 12, GRAPH_B: 9}
PREFIXES = "PREFIX ex: <http://example.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

BACKENDS = [
    "oxigraph-memory",
    "oxigraph-disk",
    "memory",
    pytest.param("remote-oxigraph", marks=external),
    pytest.param("remote-virtuoso", marks=external),
]


def _open(kind: str, request: pytest.FixtureRequest, tmp: Path) -> GraphStore:
    if kind == "oxigraph-memory":
        return OxigraphStore()
    if kind == "oxigraph-disk":
        return OxigraphStore(tmp / "store")
    if kind == "memory":
        return MemoryStore()
    if kind == "remote-oxigraph":
        return request.getfixturevalue("oxigraph_server").store()
    return request.getfixturevalue("virtuoso_server").store(graph_prefix=EX + "graph/")


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The contract dataset as a TriG file."""
    path = tmp_path_factory.mktemp("contract") / "contract.trig"
    path.write_text(TRIG, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def oracle(data_file: Path) -> MemoryStore:
    """The rdflib reference store over the contract dataset."""
    store = MemoryStore()
    store.load(str(data_file))
    return store


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, data_file: Path):
    """(store, quads the load reported) for each backend, loaded once per module."""
    store = _open(request.param, request, tmp_path_factory.mktemp(request.param))
    added = store.load(str(data_file))
    yield store, added
    store.close()


@pytest.fixture()
def store(loaded) -> GraphStore:
    """The loaded store under test."""
    return loaded[0]


def _norm(term):
    """Blank nodes compare equal to each other (labels are local to a store); language tags ignore case."""
    if isinstance(term, BNode):
        return "_:b"
    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower())
    return term


def _rows(result, names=None) -> list[tuple]:
    """Distinct rows, sorted (engines differ on duplicates from a triple held in two graphs)."""
    names = names or [str(v) for v in result.vars]
    return sorted({tuple(_norm(row.get(n)) for n in names) for row in result.rows}, key=repr)


def _same_graph(a: Graph, b: Graph) -> bool:
    """Isomorphic once language tags are lower-cased."""
    def lower(graph: Graph) -> Graph:
        out = Graph()
        for s, p, o in graph:
            out.add((s, p, _norm(o) if isinstance(o, Literal) else o))
        return out

    return isomorphic(lower(a), lower(b))


def test_store_meets_protocol(store: GraphStore) -> None:
    assert isinstance(store, GraphStore)


def test_load_reports_quads(loaded) -> None:
    assert loaded[1] == sum(COUNTS.values())


def test_count_all_and_per_graph(store: GraphStore) -> None:
    assert store.count() == sum(COUNTS.values())
    for graph, expected in COUNTS.items():
        assert store.count(str(graph)) == expected
    assert store.count(EX + "graph/none") == 0


def test_graphs(store: GraphStore) -> None:
    assert store.graphs() == [GRAPH_A, GRAPH_B]


def test_select_with_bindings(store: GraphStore) -> None:
    result = store.select(PREFIXES + "SELECT ?label WHERE { ?m rdfs:label ?label } ORDER BY ?label", {"m": M1})
    assert result.vars == ["label"]
    assert {row["label"] for row in result} == {Literal("Meeting one", lang="en"), Literal("Réunion un", lang="fr")}


def test_bound_variable_is_seen_by_filter(store: GraphStore) -> None:
    query = PREFIXES + "SELECT ?m WHERE { ?m rdfs:label ?l FILTER(STR(?l) = STR(?q)) }"
    assert [row["m"] for row in store.select(query, {"q": Literal("Org one")})] == [ORG1]


def test_hostile_literal_stays_a_literal(store: GraphStore) -> None:
    hostile = Literal('Meeting one"@en } ?m ?p ?o . } # \n DROP ALL', lang="en")
    query = PREFIXES + "SELECT ?m WHERE { ?m rdfs:label ?label }"
    assert store.select(query, {"label": hostile}).rows == []
    assert store.ask(PREFIXES + "ASK { ?m rdfs:label ?label }", {"label": Literal("Meeting one", lang="en")})
    assert store.count() == sum(COUNTS.values())


def test_typed_literals_and_blank_nodes(store: GraphStore) -> None:
    query = PREFIXES + "SELECT ?start ?days ?size ?name WHERE { ex:m1 ex:start ?start ; ex:days ?days ; "
    query += "ex:location ?loc . ?loc ex:name ?name . ex:org1 ex:size ?size }"
    (row,) = store.select(query).rows
    assert row["start"] == Literal("2024-01-23", datatype=XSD.date)
    assert row["days"] == Literal(3)
    assert row["size"] == Literal("12.5", datatype=XSD.decimal)
    assert row["name"] == Literal("Nairobi")
    (row,) = store.select(PREFIXES + "SELECT ?note WHERE { ex:m2 ex:note ?note }").rows
    assert row["note"] == Literal('two\nlines, "quoted"')


def test_union_default_graph(store: GraphStore) -> None:
    query = PREFIXES + "SELECT ?type ?host WHERE { ex:m1 a ?type ; ex:host ?host }"
    assert _rows(store.select(query)) == [(URIRef(EX + "Meeting"), ORG1)]
    count = store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    assert int(count) == 5  # m1, m2, the location, org1, d1


def test_graph_queries(store: GraphStore) -> None:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    assert {row["g"]: int(row["n"]) for row in store.select(query)} == COUNTS
    assert not store.ask(PREFIXES + "ASK { GRAPH ?g { ex:m1 ex:host ?h } FILTER(?g = ?a) }", {"a": GRAPH_A})
    assert store.ask(PREFIXES + "ASK { GRAPH ?g { ex:m1 ex:host ?h } }", {"g": GRAPH_B})


def test_ask(store: GraphStore) -> None:
    assert store.ask(PREFIXES + "ASK { ex:d1 ex:adoptedAt ex:m1 }") is True
    assert store.ask(PREFIXES + "ASK { ex:m1 ex:adoptedAt ex:d1 }") is False


def test_construct(store: GraphStore) -> None:
    query = PREFIXES + "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a ex:Meeting ; rdfs:label ?l }"
    expected = Graph()
    for s, o in ((M1, Literal("Meeting one", lang="en")), (M1, Literal("Réunion un", lang="fr")),
                 (M2, Literal("Meeting two", lang="en-GB"))):
        expected.add((s, RDFS.label, o))
    assert _same_graph(store.construct(query), expected)
    place = PREFIXES + "CONSTRUCT { ?m ex:location ?loc . ?loc ?p ?o } WHERE { ?m ex:location ?loc . ?loc ?p ?o }"
    got = store.construct(place, {"m": M1})
    assert len(got) == 3 and len(set(got.objects(M1, URIRef(EX + "location")))) == 1


def test_describe(store: GraphStore) -> None:
    got = store.construct(PREFIXES + "DESCRIBE ex:org1")
    assert (ORG1, RDF.type, URIRef(EX + "Org")) in got
    assert (ORG1, URIRef(EX + "code"), Literal("K-1")) in got
    assert len(list(got.triples((ORG1, None, None)))) == 4


def test_syntax_error(store: GraphStore) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        store.select("SELEC ?s WHERE { ?s ?p ?o }")
    assert str(caught.value)
    with pytest.raises(QuerySyntaxError):
        store.execute("SELECT ?s WHERE { ?s ?p ", lambda form: "application/sparql-results+json")


def test_wrong_form_is_refused(store: GraphStore) -> None:
    with pytest.raises(StoreError):
        store.select(PREFIXES + "ASK { ?s ?p ?o }")


SELECT_Q = PREFIXES + "SELECT DISTINCT ?m ?label WHERE { ?m a ex:Meeting ; rdfs:label ?label }"
ASK_Q = PREFIXES + "ASK { ex:m2 ex:partOf ex:m1 }"
CONSTRUCT_Q = PREFIXES + "CONSTRUCT { ?m ex:location ?loc . ?loc ?p ?o } WHERE { ?m ex:location ?loc . ?loc ?p ?o }"


@pytest.mark.parametrize("media_type", list(RESULT_TYPES))
def test_execute_select_and_ask(store: GraphStore, media_type: str) -> None:
    answer = store.execute(SELECT_Q, lambda form: media_type)
    assert (answer.form, answer.media_type) == ("select", media_type)
    parsed = Result.parse(io.BytesIO(answer.body), content_type=media_type)
    rows = sorted((str(r["m"]), str(r["label"])) for r in parsed)
    expected = sorted((str(r["m"]), str(r["label"])) for r in store.select(SELECT_Q))
    assert rows == expected and len(rows) == 3
    if rdflib_format(media_type) not in ("csv", "tsv"):  # CSV/TSV carry no language tags
        assert {r["label"] for r in parsed} == {r["label"] for r in store.select(SELECT_Q)}
    answer = store.execute(ASK_Q, lambda form: media_type)
    assert answer.form == "ask"
    if rdflib_format(media_type) in ("json", "xml"):
        assert Result.parse(io.BytesIO(answer.body), content_type=media_type).askAnswer is True
    else:
        assert b"true" in answer.body.lower() or b"1" in answer.body


@pytest.mark.parametrize("media_type", list(GRAPH_TYPES))
def test_execute_construct(store: GraphStore, media_type: str) -> None:
    answer = store.execute(CONSTRUCT_Q, lambda form: media_type)
    assert (answer.form, answer.media_type) == ("construct", media_type)
    fmt = rdflib_format(media_type)
    if fmt in ("trig", "nquads"):
        dataset = Dataset()
        with quiet_rdflib():
            dataset.parse(data=answer.body, format=fmt)
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):  # noqa: B007
            graph.add((s, p, o))
    else:
        with quiet_rdflib():
            graph = Graph().parse(data=answer.body, format=fmt)
    assert len(graph) == 3
    assert _same_graph(graph, store.construct(CONSTRUCT_Q))


def test_execute_max_rows(store: GraphStore) -> None:
    answer = store.execute(SELECT_Q, lambda form: "application/sparql-results+json", max_rows=2)
    rows = list(Result.parse(io.BytesIO(answer.body), content_type="application/sparql-results+json"))
    assert len(rows) <= 3
    if answer.truncated:
        assert len(rows) == 2


def test_execute_protocol_graphs(store: GraphStore) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    answer = store.execute(query, lambda form: "application/sparql-results+json", default_graph_uris=[str(GRAPH_B)])
    parsed = Result.parse(io.BytesIO(answer.body), content_type="application/sparql-results+json")
    assert [int(r["n"]) for r in parsed] == [COUNTS[GRAPH_B]]


CROSS_CHECK = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    "SELECT DISTINCT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
    PREFIXES + "SELECT ?m (COUNT(DISTINCT ?l) AS ?n) WHERE { ?m rdfs:label ?l } GROUP BY ?m",
    PREFIXES + "SELECT ?m ?l WHERE { ?m a ex:Meeting OPTIONAL { ?m ex:partOf ?l } }",
    PREFIXES + "SELECT ?l WHERE { ?m rdfs:label ?l FILTER(LANG(?l) = 'en') }",
    PREFIXES + "SELECT ?o WHERE { ?s ex:size|ex:days|ex:start ?o }",
]


@pytest.mark.parametrize("query", CROSS_CHECK)
def test_cross_check_with_rdflib(store: GraphStore, oracle: MemoryStore, query: str) -> None:
    expected = oracle.select(query)
    got = store.select(query)
    assert got.vars == expected.vars
    assert _rows(got, expected.vars) == _rows(expected, expected.vars)
