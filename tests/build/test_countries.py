"""The Parties' ISO 3166-1 codes (``build/countries.py``): pycountry's table, in ``graph/iso-3166``, never guessed."""

from __future__ import annotations

from rdflib import RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import ORG

from dsi_graph.build import countries
from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import DSI

ISO = URIRef(uris.graph_iri("iso-3166"))


def _party(ds: Dataset, slug: str, label: str, graph: str = "some-source") -> URIRef:
    iri = URIRef(uris.entity_iri("organisation", slug))
    g = ds.graph(URIRef(uris.graph_iri(graph)))
    g.add((iri, ORG.classification, countries.PARTY))
    g.add((iri, RDFS.label, Literal(label, lang="en")))
    return iri


def test_codes_go_to_their_own_graph_with_a_source_record():
    ds = Dataset()
    kenya = _party(ds, "party-kenya", "Kenya")
    eu = _party(ds, "party-european-union", "European Union")
    fake = _party(ds, "party-atlantis", "Atlantis")
    assert countries.add_iso_codes(ds) == 1
    iso = ds.graph(ISO)
    expected = {(countries.ALPHA_2, Literal("KE")), (countries.ALPHA_3, Literal("KEN")),
                (SKOS.closeMatch, countries.country_authority("KEN"))}
    assert set(iso.predicate_objects(kenya)) == expected
    assert not list(iso.predicate_objects(eu)) and not list(iso.predicate_objects(fake))
    meta = ds.graph(URIRef(uris.graph_iri("meta")))
    source = URIRef(uris.entity_iri("source", countries.SOURCE))
    assert (ISO, DSI.derivedFromSource, source) in meta
    assert "pycountry" in str(meta.value(source, RDFS.label))


def test_no_party_no_graph():
    ds = Dataset()
    assert countries.add_iso_codes(ds) == 0
    assert len(ds.graph(ISO)) == 0


def test_the_real_build_codes_the_parties(real_store):
    rows = real_store.select(
        "SELECT ?s ?a ?b WHERE { GRAPH ?g { ?s <http://www.wikidata.org/prop/direct/P297> ?a ; "
        "<http://www.wikidata.org/prop/direct/P298> ?b } }").rows
    codes = {str(r["s"]).rsplit("/", 1)[1]: (str(r["a"]), str(r["b"])) for r in rows}
    assert codes["party-kenya"] == ("KE", "KEN") and codes["party-united-kingdom"] == ("GB", "GBR")
    assert "party-european-union" not in codes and len(codes) >= 20


def test_coded_parties_link_to_the_country_authority_in_the_same_graph():
    ds = Dataset()
    kenya = _party(ds, "party-kenya", "Kenya")
    _party(ds, "party-european-union", "European Union")
    countries.add_iso_codes(ds)
    links = [(s, o) for s, _, o, g in ds.quads((None, SKOS.closeMatch, None, None))]
    assert links == [(kenya, URIRef("http://publications.europa.eu/resource/authority/country/KEN"))]
    assert (kenya, SKOS.closeMatch, links[0][1]) in ds.graph(ISO)


def test_the_real_build_links_parties_to_the_authority(real_store):
    rows = real_store.select(
        "SELECT ?s ?c WHERE { GRAPH <" + str(ISO) + "> { ?s <http://www.w3.org/2004/02/skos/core#closeMatch> ?c ; "
        "<http://www.wikidata.org/prop/direct/P298> ?code } "
        "FILTER(STR(?c) = CONCAT('http://publications.europa.eu/resource/authority/country/', ?code)) }").rows
    linked = {str(r["s"]).rsplit("/", 1)[1] for r in rows}
    assert "party-kenya" in linked and "party-european-union" not in linked and len(linked) >= 20
