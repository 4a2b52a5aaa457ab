"""Backend parity: the same pages, JSON twins, named queries, data documents and SPARQL answers on every store.

The reference is the default backend (embedded Oxigraph over the real build). Each other backend holds the same
build: rdflib in memory, ``oxigraph serve`` and Virtuoso 7 (published with ``dsi-graph publish``'s code) behind the
remote store. Answers are compared after normalising what engines may legitimately differ in: row order where the
order is not total, blank node labels, language-tag case (Virtuoso lower-cases tags), numeric literal spelling and
repeated rows from a union default graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from engines import external
from fixtures_server import run_server
from rdflib import BNode, Graph, Literal

from dsi_graph.config import Settings
from dsi_graph.publish import publish
from dsi_graph.read import queries
from dsi_graph.stores.base import GraphStore
from dsi_graph.stores.memory import MemoryStore
from dsi_graph.stores.oxigraph import OxigraphStore
from dsi_graph.stores.remote import RemoteStore
from dsi_graph.stores.results import quiet_rdflib
from dsi_graph.web.app import create_app

BACKENDS = ["memory", pytest.param("remote-oxigraph", marks=external), pytest.param("remote-virtuoso", marks=external)]
BASE = "https://w3id.org/dsi-graph/"
ID = BASE + "id/"
PAGES = [
    "/index.json",
    "/page/meeting/iag-2024-01.json",
    "/page/person/tim-hirsch.json",
    "/page/decision/cbd-cop-dec-16-2.json",
    "/page/topic/multilateral-mechanism.json",
    "/page/organisation/gbif.json",
    "/search.json?q=hirsch",
    "/timeline.json",
    "/sources.json",
]
DATA = ["/data/meeting/iag-2024-01.ttl", "/data/person/tim-hirsch.ttl", "/data/decision/cbd-cop-dec-16-2.ttl"]
SLOW_IN_RDFLIB = "/data/decision/cbd-cop-dec-16-2.ttl"
QUERY_NAMES = [q.name for q in queries.list_queries(queries.DEFAULT_API_DIR)]
SPARQL_SELECT = """PREFIX dsi: <https://w3id.org/dsi-graph/def/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?presentation ?title WHERE {
  ?presentation dsi:presentedAt/^dsi:hasAgendaItem? <https://w3id.org/dsi-graph/id/meeting/iag-2024-01> ;
    dsi:presenter <https://w3id.org/dsi-graph/id/person/tim-hirsch> ; rdfs:label ?title }"""
SPARQL_ASK = """PREFIX dsi: <https://w3id.org/dsi-graph/def/>
ASK { ?p dsi:presenter <https://w3id.org/dsi-graph/id/person/tim-hirsch> }"""
SPARQL_CONSTRUCT = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { <https://w3id.org/dsi-graph/id/person/tim-hirsch> rdfs:label ?l }
WHERE { <https://w3id.org/dsi-graph/id/person/tim-hirsch> rdfs:label ?l }"""


# Differences still open on Virtuoso 7 (none: meeting-documents was fixed in the query). Speed is no difference:
# the parity app's time limit is 60 s (parity_settings), so a loaded machine does not fail a right answer.
VIRTUOSO_OPEN: dict[str, str] = {}
KNOWN: dict[tuple[str, str], str] = {("remote-virtuoso", k): why for k, why in VIRTUOSO_OPEN.items()}


def known(request: pytest.FixtureRequest, key: str) -> None:
    """Mark a difference still open on this backend as an expected failure (strict: a fix must remove it)."""
    reason = KNOWN.get((request.node.callspec.params["backend"], key))
    if reason:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))


# --- normalisation ---------------------------------------------------------------------------------------------

def _canon(value: Any) -> Any:
    """A comparable form of a JSON answer: bnode labels blanked, language tags lower-cased, lists sorted."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("lang", "xml:lang") and isinstance(item, str):
                item = item.lower()
            out[key] = _canon(item)
        if out.get("type") == "bnode":
            out["value"] = "_:b"
            if "label" in out:
                out["label"] = ""
        if out.get("type") == "typed-literal":  # Virtuoso's name for a literal with a datatype
            out["type"] = "literal"
        return out
    if isinstance(value, list):
        return sorted((_canon(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\([^;]*?;\s*separator\s*=\s*(\"[^\"]*\"|'[^']*')\s*\)"
                          r"\s+AS\s+\?(\w+)", re.IGNORECASE | re.DOTALL)


def concatenated(query: str) -> dict[str, str]:
    """Variable -> separator of each ``GROUP_CONCAT(...; separator="x") AS ?var`` of a query."""
    return {var: sep[1:-1] for sep, var in GROUP_CONCAT.findall(query)}


def canon_results(data: dict, concat: dict[str, str] | None = None) -> dict:
    """SPARQL results JSON as a set of rows (order and repeats aside).

    A ``GROUP_CONCAT`` has no order and returns a simple literal (Oxigraph keeps a shared language tag): its
    parts are sorted, only its text compared, and an empty one counts as unbound.
    """
    if "boolean" in data:
        return {"boolean": data["boolean"]}
    rows = set()
    for row in data["results"]["bindings"]:
        row = dict(row)
        for var, sep in (concat or {}).items():
            if var in row and not row[var]["value"]:
                del row[var]  # over no values: "" (rdflib, Virtuoso) or unbound (Oxigraph)
            elif var in row:
                row[var] = {"type": "literal", "value": sep.join(sorted(row[var]["value"].split(sep)))}
        rows.add(json.dumps(_canon(row), sort_keys=True))
    return {"vars": data["head"]["vars"], "rows": sorted(rows)}


def canon_graph(text: str, fmt: str) -> set[tuple]:
    """Triples of an RDF document with blank nodes and language-tag case normalised."""
    graph = Graph()
    with quiet_rdflib():
        graph.parse(data=text, format=fmt)

    def term(t):
        if isinstance(t, BNode):
            return "_:b"
        if isinstance(t, Literal) and t.language:
            return Literal(str(t), lang=t.language.lower())
        return t

    return {(term(s), term(p), term(o)) for s, p, o in graph}


# --- fixtures --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def parity_settings(real_build: Path) -> Settings:
    """Settings over the real build, with a generous time limit (the tests compare answers, not speed)."""
    return Settings.from_env({}, build_dir=str(real_build), query_timeout=60.0)


@pytest.fixture(scope="module")
def reference(real_store: OxigraphStore, parity_settings: Settings):
    """The reference app: the default backend (embedded Oxigraph) over the real build."""
    return create_app(parity_settings, store=real_store).test_client()


def _published(engine, real_build: Path) -> RemoteStore:
    reports = publish(real_build / "dsi-graph.nq", engine.store())
    assert all(r.ok for r in reports), [r for r in reports if not r.ok]
    return RemoteStore(engine.query, graph_prefix=BASE + "graph/", timeout=60)


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest, real_build: Path, parity_settings: Settings) -> Iterator[Any]:
    """A test client of the app over one backend holding the real build."""
    store: GraphStore
    if request.param == "memory":
        store = MemoryStore()
        store.load(str(real_build / "dsi-graph.nq"))
    elif request.param == "remote-oxigraph":
        store = _published(request.getfixturevalue("oxigraph_server"), real_build)
    else:
        store = _published(request.getfixturevalue("virtuoso_server"), real_build)
    yield create_app(parity_settings, store=store).test_client()
    store.close()


def _json(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:2000])
    return response.get_json()


# --- the same answers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES)
def test_pages_match_the_reference(backend, reference, path: str, request: pytest.FixtureRequest) -> None:
    """Entity pages, search, timeline, sources and home: the same JSON twin as on the reference."""
    known(request, path)
    assert _canon(_json(backend, path)) == _canon(_json(reference, path))


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_named_queries_match_the_reference(backend, reference, name: str, request: pytest.FixtureRequest) -> None:
    """Every named query with its default parameters: the same rows as on the reference."""
    known(request, name)
    got, want = _json(backend, f"/queries/{name}.json"), _json(reference, f"/queries/{name}.json")
    assert got["params"] == want["params"]
    concat = concatenated(queries.get_query(name).text)
    assert canon_results(got, concat) == canon_results(want, concat)


@pytest.mark.parametrize("path", DATA)
def test_data_documents_match_the_reference(backend, reference, path: str, request: pytest.FixtureRequest) -> None:
    """The Turtle data documents hold the same triples (statements and their graphs flattened)."""
    if request.node.callspec.params["backend"] == "memory" and path == SLOW_IN_RDFLIB:
        pytest.skip("rdflib takes ~20 s over this document's 23 graphs (GRAPH ?m per binding); the other backends"
                    " check it, and the memory backend checks the two other documents")
    got, want = backend.get(path), reference.get(path)
    assert got.status_code == want.status_code == 200
    assert canon_graph(got.get_data(as_text=True), "trig") == canon_graph(want.get_data(as_text=True), "trig")


@pytest.mark.parametrize("query", [SPARQL_SELECT, SPARQL_ASK])
def test_sparql_results_match_the_reference(backend, reference, query: str) -> None:
    """SELECT and ASK through /sparql answer the same SPARQL results JSON."""
    headers = {"Accept": "application/sparql-results+json"}
    got = backend.post("/sparql", data={"query": query}, headers=headers)
    want = reference.post("/sparql", data={"query": query}, headers=headers)
    assert got.status_code == want.status_code == 200
    assert canon_results(json.loads(got.data)) == canon_results(json.loads(want.data))


def test_sparql_construct_matches_the_reference(backend, reference) -> None:
    """CONSTRUCT through /sparql answers the same triples."""
    headers = {"Accept": "application/n-triples"}
    got = backend.post("/sparql", data={"query": SPARQL_CONSTRUCT}, headers=headers)
    want = reference.post("/sparql", data={"query": SPARQL_CONSTRUCT}, headers=headers)
    assert got.status_code == want.status_code == 200
    triples = canon_graph(got.get_data(as_text=True), "nt")
    assert triples == canon_graph(want.get_data(as_text=True), "nt")
    assert triples  # the person has a label


# --- facts the sources give, on every backend ------------------------------------------------------------------

def test_tim_hirsch_presented_at_iag_2024_01_for_gbif(backend) -> None:
    """The meeting's presentations name Tim Hirsch with GBIF, and his page lists the presentation."""
    rows = _json(backend, "/queries/meeting-presentations.json")["results"]["bindings"]
    his = [r for r in rows if r.get("presenter", {}).get("value") == ID + "person/tim-hirsch"]
    assert his, rows
    orgs = {r.get(k, {}).get("value") for r in his for k in ("affiliation", "onBehalfOf", "nominatedBy")}
    assert ID + "organisation/gbif" in orgs
    page = _json(backend, "/page/person/tim-hirsch.json")
    assert page["label"] == "Tim Hirsch"
    assert any(s["rows"] for s in page["sections"])


def test_search_finds_hirsch(backend, request: pytest.FixtureRequest) -> None:
    """Search ranks the person first for his surname."""
    known(request, "search")
    hits = _json(backend, "/search.json?q=hirsch")["hits"]
    assert hits and hits[0]["iri"] == ID + "person/tim-hirsch"


# --- `dsi-graph serve --endpoint` over real HTTP ---------------------------------------------------------------

def test_serve_endpoint_over_oxigraph_serve(oxigraph_server, real_build: Path, reference, tmp_path: Path) -> None:
    """`dsi-graph serve --endpoint URL` over a running `oxigraph serve` with the published build answers pages."""
    _published(oxigraph_server, real_build)
    with run_server(["--endpoint", oxigraph_server.query], log_dir=tmp_path) as base:
        response = requests.get(f"{base}/page/person/tim-hirsch.json", timeout=60)
        assert response.status_code == 200
        got, want = response.json(), _json(reference, "/page/person/tim-hirsch.json")
        for data in (got, want):
            data.pop("schema_org")  # names the page by the host that served it
        assert _canon(got) == _canon(want)
        html = requests.get(f"{base}/page/meeting/iag-2024-01", timeout=60)
        assert html.status_code == 200 and "Tim Hirsch" in html.text
