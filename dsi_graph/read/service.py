"""The SPARQL 1.1 Service Description of the endpoint (``sd:Service``), apart from the protocol parsing."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID

from dsi_graph.rdf.formats import rdflib_format

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def service_description(
    endpoint: str, named_graphs: Sequence[str] = (), void_url: str | None = None, *, union_default: bool = True
) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint`` as an rdflib Graph."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    graph.bind("void", VOID)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if union_default:
        graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads"):
        graph.add((service, SD.resultFormat, FORMATS[name]))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    if union_default:
        graph.add((default, RDFS.comment, Literal("The default graph is the union of all named graphs.", lang="en")))
    for name in named_graphs:
        node = BNode()
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, RDF.type, SD.NamedGraph))
        graph.add((node, SD.name, URIRef(name)))
    if void_url:
        graph.add((dataset, RDFS.seeAlso, URIRef(void_url)))
        graph.add((URIRef(void_url), VOID.sparqlEndpoint, service))
    return graph


def describe_service(endpoint: str, named_graphs: Sequence[str], media_type: str, void_url: str | None) -> bytes:
    """The service description serialised in a graph media type."""
    graph = service_description(endpoint, named_graphs, void_url)
    return graph.serialize(format=rdflib_format(media_type), encoding="utf-8")
