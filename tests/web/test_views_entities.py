"""Dereferencing, data documents, entity pages and their JSON twins, ontology and graph pages (Flask client)."""

from __future__ import annotations

import json
import warnings

import pytest
from fixtures_web import BASE
from rdflib import Dataset, Graph, URIRef

MEETING = BASE + "id/meeting/iag-2024-01"


def parse(data: bytes | str, fmt: str, into: Graph | Dataset | None = None) -> Graph | Dataset:
    """Parse with rdflib, muting the DeprecationWarning rdflib 7.6 raises inside its own JSON-LD/TriG parsers."""
    target = Graph() if into is None else into
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib.*")
        return target.parse(data=data, format=fmt)

# Accept header -> where /id/ sends the client (Vapour's scenario matrix, extended to Turtle and JSON-LD).
SEE_OTHER = [
    (None, "/page/meeting/iag-2024-01"),
    ("text/html", "/page/meeting/iag-2024-01"),
    ("application/xhtml+xml,text/html", "/page/meeting/iag-2024-01"),
    ("*/*", "/page/meeting/iag-2024-01"),
    ("text/turtle", "/data/meeting/iag-2024-01"),
    ("application/ld+json", "/data/meeting/iag-2024-01"),
    ("application/rdf+xml", "/data/meeting/iag-2024-01"),
    ("application/rdf+xml;q=0.5,text/html;q=.3", "/data/meeting/iag-2024-01"),
    ("text/html,application/rdf+xml", "/page/meeting/iag-2024-01"),
    ("text/html;q=0.2,text/turtle", "/data/meeting/iag-2024-01"),
]


@pytest.mark.parametrize(("accept", "location"), SEE_OTHER)
def test_id_303_by_accept(client, accept, location):
    response = client.get("/id/meeting/iag-2024-01", headers={"Accept": accept} if accept else {})
    assert response.status_code == 303
    assert response.headers["Location"] == location
    assert "Accept" in response.headers["Vary"]


def test_id_406_and_404(client):
    assert client.get("/id/meeting/iag-2024-01", headers={"Accept": "image/png"}).status_code == 406
    missing = client.get("/id/person/tim-hirsh")
    assert missing.status_code == 404
    assert b"Tim Hirsch" in missing.data and b'name="q"' in missing.data  # suggestion and search box
    assert client.get("/id/nokind/x").status_code == 404
    assert client.get("/id/person/Bad_Slug").status_code == 404


@pytest.mark.parametrize(("suffix", "fmt", "media"), [
    (".ttl", "turtle", "text/turtle"), (".jsonld", "json-ld", "application/ld+json"),
    (".nt", "nt", "application/n-triples"), (".rdf", "xml", "application/rdf+xml"),
])
def test_data_suffix_formats_parse(client, suffix, fmt, media):
    response = client.get(f"/data/meeting/iag-2024-01{suffix}", headers={"Accept": "text/html"})  # suffix wins
    assert response.status_code == 200 and response.mimetype == media
    graph = parse(response.data, fmt)
    assert (URIRef(MEETING), None, None) in graph
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(("accept", "fmt"), [("application/trig", "trig"), ("application/n-quads", "nquads")])
def test_data_as_dataset_keeps_source_graphs(client, accept, fmt):
    response = client.get("/data/meeting/iag-2024-01", headers={"Accept": accept})
    ds = parse(response.data, fmt, Dataset())
    assert (URIRef(MEETING), None, None, URIRef(BASE + "graph/cbd-iag-2024")) in ds
    assert any(True for _ in ds.quads((URIRef(BASE + "graph/cbd-iag-2024"), None, None,
                                      URIRef(BASE + "graph/meta"))))


def test_data_406_and_404(client):
    assert client.get("/data/meeting/iag-2024-01", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/data/meeting/nothing.ttl").status_code == 404


def test_page_html_has_alternates_canonical_and_jsonld(client):
    response = client.get("/page/meeting/iag-2024-01")
    html = response.data.decode()
    assert response.status_code == 200
    assert f'<link rel="canonical" href="{MEETING}">' in html
    assert 'type="text/turtle" href="/data/meeting/iag-2024-01.ttl"' in html
    assert 'href="/page/meeting/iag-2024-01.json"' in html
    assert 'rel="alternate"; type="application/ld+json"' in response.headers["Link"]
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    embedded = html[start:html.index("</script>", start)]
    graph = parse(embedded, "json-ld")
    assert (URIRef(MEETING), URIRef("http://schema.org/name"), None) in graph


def test_page_json_twin_matches_page_data(client):
    data = client.get("/page/meeting/iag-2024-01.json").get_json()
    assert data["ok"] is True and data["iri"] == MEETING and data["kind"] == "meeting"
    assert [s["title"] for s in data["sections"]][:3] == ["Agenda", "Presentations", "Participants"]
    html = client.get("/page/meeting/iag-2024-01").data.decode()
    for row in data["sections"][0]["rows"]:
        assert row["agenda_item"]["label"] in html
    assert client.get("/page/meeting/none.json").status_code == 404


def test_incoming_paging_parameters(client):
    topic_prop = "https://w3id.org/dsi-graph/def/topic"
    ok = client.get("/page/topic/data-governance.json", query_string={"incoming": topic_prop, "page": "1"})
    assert ok.status_code == 200
    assert client.get("/page/topic/data-governance", query_string={"page": "x"}).status_code == 400
    # request input is bound, never pasted: a hostile property value is just an unknown property
    odd = client.get("/page/topic/data-governance.json", query_string={"incoming": "> } DROP ALL #"})
    assert odd.status_code == 200


def test_ontology_pages_and_turtle(client):
    index = client.get("/def/")
    assert index.status_code == 200 and b"dsi:Meeting" in index.data
    ttl = client.get("/def/", headers={"Accept": "text/turtle"})
    graph = parse(ttl.data, "turtle")
    assert (URIRef(BASE + "def/Meeting"), None, None) in graph
    term = client.get("/def/presenter.json").get_json()
    assert term["label"] == "presenter"
    assert client.get("/def/presenter.ttl").mimetype == "text/turtle"
    assert client.get("/def/NoSuchTerm").status_code == 404


def test_graph_description(client):
    data = client.get("/graph/cbd-iag-2024.json").get_json()
    assert data["triples"] > 50 and data["source"]["path"] == "/id/source/cbd-iag-2024"
    ttl = client.get("/graph/cbd-iag-2024", headers={"Accept": "text/turtle"})
    assert b"void:triples" in ttl.data
    assert client.get("/graph/nope").status_code == 404
    assert json.loads(client.get("/graph/nope").data)["ok"] is False
