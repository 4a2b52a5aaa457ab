"""``/resolve`` by external identifier (``wikidata=``, ``ror=``, ``orcid=``, ``doi=``, ``gbif=``, ``iso=``): 303 to
the entity that links to it, 300 when several do, 404 in the envelope when none does, 400 for a malformed one."""

from __future__ import annotations

import pytest
from rdflib.namespace import OWL, RDFS, SKOS

from dsi_graph.link.resolution import IdentifierError, external_iri, resolve_external
from dsi_graph.rdf import uris
from dsi_graph.stores.oxigraph import OxigraphStore

JSON = {"Accept": "application/json"}


@pytest.mark.parametrize(("scheme", "value", "iri"), [
    ("wikidata", "Q42", "http://www.wikidata.org/entity/Q42"),
    ("wikidata", "https://www.wikidata.org/wiki/q42", "http://www.wikidata.org/entity/Q42"),
    ("ror", "https://ror.org/02mhbdp94", "https://ror.org/02mhbdp94"),
    ("orcid", "0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097"),
    ("doi", "doi:10.1002/ppp3.10198", "https://doi.org/10.1002/ppp3.10198"),
    ("doi", "https://dx.doi.org/10.2760/936096", "https://doi.org/10.2760/936096"),
])
def test_identifiers_are_read_in_the_forms_people_copy(scheme, value, iri):
    assert external_iri(scheme, value) == iri


@pytest.mark.parametrize(("scheme", "value"), [("wikidata", "42"), ("orcid", "0000-0002"), ("doi", "11.1/x"),
                                               ("ror", "not-a-ror"), ("nosuch", "x")])
def test_malformed_identifiers_are_refused(scheme, value):
    with pytest.raises(IdentifierError):
        external_iri(scheme, value)


def test_one_link_is_found_several_are_ambiguous_none_is_missing(tmp_path):
    a, b = uris.entity_iri("organisation", "a"), uris.entity_iri("organisation", "b")
    path = tmp_path / "links.trig"
    path.write_text(f"""
<{uris.graph_iri("some-source")}> {{
  <{a}> <{OWL.sameAs}> <http://www.wikidata.org/entity/Q1> ; <{RDFS.label}> "A"@en .
  <{b}> <{SKOS.closeMatch}> <http://www.wikidata.org/entity/Q1> ; <{SKOS.exactMatch}> <https://doi.org/10.1234/ABC> .
}}""", encoding="utf-8")
    store = OxigraphStore()
    store.load(str(path))
    several = resolve_external(store, "wikidata", "Q1")
    assert several.status == 300 and {m.iri for m in several.candidates} == {str(a), str(b)}
    found = resolve_external(store, "doi", "10.1234/abc")  # DOIs compare without case
    assert found.status == 303 and found.candidates[0].iri == str(b) and found.candidates[0].kind == "organisation"
    assert resolve_external(store, "wikidata", "Q2").status == 404


def test_resolve_an_iso_code_to_the_party(real_client):
    for code in ("KE", "KEN", "ken"):
        response = real_client.get("/resolve", query_string={"iso": code})
        assert response.status_code == 303 and response.headers["Location"] == "/id/organisation/party-kenya"
    assert real_client.get("/id/organisation/party-kenya").status_code == 303


def test_resolve_a_doi_to_the_document(real_client):
    response = real_client.get("/resolve", query_string={"doi": "https://doi.org/10.1002/ppp3.10198"}, headers=JSON)
    assert response.status_code == 303 and response.headers["Location"] == "/id/document/rohden-scholz-2021"
    body = response.get_json()
    assert body["scheme"] == "doi" and body["candidates"][0]["iri"].endswith("/id/document/rohden-scholz-2021")


def test_unknown_identifier_is_a_404_in_the_envelope(real_client):
    response = real_client.get("/resolve", query_string={"wikidata": "Q4115189"})  # no Accept: a service
    assert response.status_code == 404 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 404 and body["candidates"] == [] and "Q4115189" in body["error"]
    page = real_client.get("/resolve", query_string={"wikidata": "Q4115189"}, headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.mimetype == "text/html"


@pytest.mark.parametrize("query", [{"orcid": "12"}, {"iso": "KENYA"}, {"doi": "10.1/x", "iso": "KE"}])
def test_malformed_or_several_identifiers_are_a_400(real_client, query):
    response = real_client.get("/resolve", query_string=query)
    assert response.status_code == 400 and response.get_json()["ok"] is False
