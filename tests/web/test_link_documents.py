"""Documents every Linked Data client reads (issue 11): the published JSON-LD context, JSON-LD data documents in
it with the entity first, ``Link`` headers on ``/id/`` and ``/data/``, 404s in the negotiated format, trailing
slashes (Flask client over the mini graph; rdflib parses what the server sends)."""

from __future__ import annotations

import json
import warnings

import pytest
from fixtures_web import BASE
from rdflib import RDFS, BNode, Dataset, Graph, URIRef
from requests.utils import parse_header_links

MEETING = BASE + "id/meeting/iag-2024-01"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def parse(data: bytes, fmt: str) -> Graph | Dataset:
    """Parse with rdflib (quad formats into a Dataset), muting the DeprecationWarning rdflib 7.6 raises inside its
    own JSON-LD and quad parsers."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib.*")
        return (Dataset() if fmt in ("nquads", "trig") else Graph()).parse(data=data, format=fmt)


def ground(graph: Graph) -> set:
    """The triples without blank nodes (blank node labels differ between serialisations)."""
    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


def links(response) -> list[dict[str, str]]:
    return parse_header_links(response.headers["Link"])


def test_the_context_names_readable_terms(client):
    response = client.get("/context.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    context = response.get_json()["@context"]
    assert context["id"] == "@id" and context["type"] == "@type"
    assert context["dsi"] == BASE + "def/" and context["AdvisoryGroupMeeting"] == "dsi:AdvisoryGroupMeeting"
    assert context["topic"] == {"@id": "dsi:topic", "@type": "@id"}  # an object property: values are IRIs
    assert context["label"] == {"@id": "rdfs:label", "@language": "en"}  # labels are English strings
    assert context["hasAgendaItem"]["@type"] == "@id"


def test_jsonld_document_uses_the_context_and_puts_the_entity_first(client):
    context = client.get("/context.jsonld").get_json()
    response = client.get("/data/meeting/iag-2024-01.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    document = json.loads(response.data)
    assert document["@context"] == context["@context"]
    first = document["@graph"][0]
    assert first["id"] == MEETING and "AdvisoryGroupMeeting" in first["type"]
    assert first["label"] == "Informal Advisory Group meeting, 23 January 2024"  # a plain string in the context
    turtle = client.get("/data/meeting/iag-2024-01.ttl").data
    assert ground(parse(response.data, "json-ld")) == ground(parse(turtle, "turtle"))  # the same statements


def test_id_links_to_its_description_alternates_and_licence(client):
    response = client.get("/id/meeting/iag-2024-01", headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    found = links(response)
    assert {"url": "/data/meeting/iag-2024-01", "rel": "describedby"} in found
    alternates = {link["type"]: link["url"] for link in found if link["rel"] == "alternate"}
    assert alternates["application/n-quads"] == "/data/meeting/iag-2024-01.nq"
    assert alternates["text/html"] == "/page/meeting/iag-2024-01"
    assert len(alternates) == 8  # six RDF formats, the page and its JSON twin
    assert {"url": LICENSE, "rel": "license"} in found


@pytest.mark.parametrize("path", ["/data/meeting/iag-2024-01", "/data/meeting/iag-2024-01.nt"])
def test_data_links_to_alternates_licence_and_dataset(client, path):
    response = client.get(path)
    found = links(response)
    rels = {link["rel"] for link in found}
    assert {"alternate", "license", "describedby", "describes"} <= rels
    assert {"url": MEETING, "rel": "describes"} in found
    assert {link["url"] for link in found if link["rel"] == "describedby"} == {"/void"}
    for link in found:
        if link["rel"] == "alternate" and link["url"].startswith("/data/"):
            assert client.get(link["url"]).mimetype == link["type"]


@pytest.mark.parametrize(("path", "accept", "media", "fmt"), [
    ("/data/meeting/iag-2024-99", "text/turtle", "text/turtle", "turtle"),
    ("/data/meeting/iag-2024-99", None, "text/turtle", "turtle"),
    ("/data/meeting/iag-2024-99.nt", "application/json", "application/n-triples", "nt"),
    ("/data/meeting/iag-2024-99", "application/rdf+xml", "application/rdf+xml", "xml"),
    ("/id/meeting/iag-2024-99", "text/turtle", "text/turtle", "turtle"),
    ("/id/meeting/iag-2024-99", "application/n-quads", "application/n-quads", "nquads"),
])
def test_unknown_entity_404_in_the_rdf_asked_for(client, path, accept, media, fmt):
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 404 and response.mimetype == media
    unknown = URIRef(BASE + "id/meeting/iag-2024-99")
    seen = {o for _, _, o, *_ in parse(response.data, fmt).quads((unknown, RDFS.seeAlso, None))} if fmt == "nquads" \
        else set(parse(response.data, fmt).objects(unknown, RDFS.seeAlso))
    assert URIRef(MEETING) in seen  # the entity that looks like it


@pytest.mark.parametrize(("path", "accept"), [
    ("/data/meeting/iag-2024-99", "application/json"),
    ("/data/meeting/iag-2024-99", "application/ld+json"),
    ("/id/meeting/iag-2024-99", "application/json"),
])
def test_unknown_entity_404_in_the_json_envelope(client, path, accept):
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 404 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 404 and "iag-2024-99" in body["error"]
    assert MEETING in [s["iri"] for s in body["suggestions"]]


def test_unknown_entity_404_for_a_browser_is_a_page(client):
    response = client.get("/id/meeting/iag-2024-99", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.mimetype == "text/html"


@pytest.mark.parametrize(("path", "location"), [
    ("/id/meeting/iag-2024-01/", "/id/meeting/iag-2024-01"),
    ("/page/meeting/iag-2024-01/", "/page/meeting/iag-2024-01"),
    ("/data/meeting/iag-2024-01.ttl/", "/data/meeting/iag-2024-01.ttl"),
    ("/page/meeting/iag-2024-01/?page=2", "/page/meeting/iag-2024-01?page=2"),
])
def test_trailing_slash_redirects(client, path, location):
    response = client.get(path)
    assert response.status_code == 301 and response.headers["Location"] == location
    assert client.get(location).status_code in (200, 303)
