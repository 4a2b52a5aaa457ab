"""The Parties' ISO 3166-1 codes (``build/countries.py``): pycountry's table, in ``graph/iso-3166``, never guessed."""

from __future__ import annotations

from rdflib import RDFS, Dataset, Literal, URIRef
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
    expected = {(countries.ALPHA_2, Literal("KE")), (countries.ALPHA_3, Literal("KEN"))}
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
