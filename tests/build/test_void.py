"""VoID linksets (``build/void.py``): one per target dataset and link predicate, counted from the graph's links."""

from __future__ import annotations

from rdflib import RDF, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS, VOID

from dsi_graph.build import void
from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import DSI

SCHEMA_SAME_AS = URIRef("http://schema.org/sameAs")


def _linksets(graph) -> dict[tuple[str, str], int]:
    """``{(target slug, predicate): count}`` of the linksets a description states."""
    found = {}
    for linkset in graph.subjects(RDF.type, VOID.Linkset):
        target = str(graph.value(linkset, VOID.objectsTarget)).rsplit("#", 1)[1]
        found[(target, str(graph.value(linkset, VOID.linkPredicate)))] = int(graph.value(linkset, VOID.triples))
    return found


def test_links_are_counted_per_target_and_predicate_with_their_sources():
    ds = Dataset()
    g1, g2 = URIRef(uris.graph_iri("source-a")), URIRef(uris.graph_iri("source-b"))
    a, b = URIRef(uris.entity_iri("document", "a")), URIRef(uris.entity_iri("organisation", "b"))
    doi = URIRef("https://doi.org/10.1002/ppp3.10198")
    ds.graph(g1).add((a, SCHEMA_SAME_AS, doi))
    ds.graph(g2).add((a, SCHEMA_SAME_AS, doi))  # the same link stated by a second source counts once
    ds.graph(g2).add((b, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q42")))
    ds.graph(g2).add((b, SKOS.closeMatch, URIRef("http://publications.europa.eu/resource/authority/country/KEN")))
    ds.graph(g2).add((b, SKOS.exactMatch, URIRef("https://example.org/elsewhere")))  # no target dataset
    ds.graph(g2).add((b, DCTERMS.references, URIRef("https://ror.org/02mhbdp94")))  # not a link predicate
    meta = ds.graph(URIRef(uris.graph_iri("meta")))
    meta.add((g1, DSI.derivedFromSource, URIRef(uris.entity_iri("source", "a"))))
    meta.add((g2, DSI.derivedFromSource, URIRef(uris.entity_iri("source", "b"))))
    out = void.describe(ds)
    assert _linksets(out) == {("doi", str(SCHEMA_SAME_AS)): 1, ("wikidata", str(OWL.sameAs)): 1,
                              ("eu-country", str(SKOS.closeMatch)): 1}
    dataset = void.dataset_iri(uris.DEFAULT_BASE)
    doi_set = next(ls for ls in out.subjects(RDF.type, VOID.Linkset) if str(ls).endswith("doi-sameas"))
    assert (dataset, VOID.subset, doi_set) in out and (doi_set, VOID.subjectsTarget, dataset) in out
    assert set(out.objects(doi_set, DCTERMS.source)) == {URIRef(uris.entity_iri("source", n)) for n in "ab"}
    target = out.value(doi_set, VOID.objectsTarget)
    assert (target, VOID.uriSpace, Literal("https://doi.org/")) in out


def test_no_links_no_linkset():
    assert not _linksets(void.describe(Dataset()))


def test_the_real_build_has_linksets_for_its_dois_and_the_country_authority(real_store):
    rows = real_store.select(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?target ?p ?n WHERE { GRAPH ?g { "
        "?ls a void:Linkset ; void:objectsTarget ?target ; void:linkPredicate ?p ; void:triples ?n } }").rows
    counts = {(str(r["target"]).rsplit("#", 1)[1], str(r["p"])): int(r["n"]) for r in rows}
    links = real_store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { ?s <http://schema.org/sameAs> ?o } "
        "FILTER(STRSTARTS(STR(?o), 'https://doi.org/')) } }").rows
    assert counts[("doi", str(SCHEMA_SAME_AS))] == int(links[0]["n"]) >= 2
    assert counts[("eu-country", str(SKOS.closeMatch))] >= 20
