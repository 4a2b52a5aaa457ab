"""The VoID + DCAT description of a build (``graph/void``): counts, partitions, subsets, dumps, endpoint.

The dataset is ``{base}dataset``; each named graph is a ``void:subset`` (and an ``sd:NamedGraph`` of the
``sd:Dataset``). Counts describe every graph except ``graph/void`` itself.

Links to other datasets are ``void:Linkset`` subsets, one per target dataset and link predicate (VoID gives a
linkset one ``void:linkPredicate``), counted from whatever links the graph holds: ``owl:sameAs``,
``schema:sameAs``, ``skos:exactMatch`` and ``skos:closeMatch`` statements whose object lies in a target's URI
space (:data:`TARGETS`), with the sources of the graphs that state them.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, SKOS, VOID

from dsi_graph.build.countries import COUNTRY_AUTHORITY
from dsi_graph.rdf import about, uris
from dsi_graph.rdf.namespaces import DSI, PREFIXES

SD = Namespace(PREFIXES["sd"])
TITLE = about.TITLE
DESCRIPTION = about.DESCRIPTION
LICENSE = URIRef(about.DATA_LICENSE)
#: the datasets the graph links to: slug -> (title, URI space of its entities, home page)
TARGETS: dict[str, tuple[str, str, str]] = {
    "wikidata": ("Wikidata", "http://www.wikidata.org/entity/", "https://www.wikidata.org/"),
    "ror": ("Research Organization Registry (ROR)", "https://ror.org/", "https://ror.org/"),
    "orcid": ("ORCID", "https://orcid.org/", "https://orcid.org/"),
    "doi": ("DOI (Digital Object Identifiers)", "https://doi.org/", "https://www.doi.org/"),
    "gbif": ("GBIF, the Global Biodiversity Information Facility", "https://www.gbif.org/", "https://www.gbif.org/"),
    "eu-country": ("EU Publications Office country authority", COUNTRY_AUTHORITY,
                   "http://publications.europa.eu/resource/authority/country"),
}
LINK_PREDICATES = (OWL.sameAs, URIRef(PREFIXES["schema"] + "sameAs"), SKOS.exactMatch, SKOS.closeMatch)
DUMPS = (("dsi-graph.nq", "application/n-quads"), ("dsi-graph.trig", "application/trig"),
         ("dsi-graph.ttl", "text/turtle"))


def dataset_iri(base: str) -> URIRef:
    """The IRI of the described dataset."""
    return URIRef(uris.path_to_iri("/dataset", base))


def _partition(base: str, kind: str, term: URIRef) -> URIRef:
    """A stable IRI for a class or property partition."""
    return URIRef(uris.path_to_iri(f"/dataset#{kind}-{uris.slugify(str(term).rsplit('/', 1)[-1])}", base))


def target_of(iri: str) -> str | None:
    """The slug of the target dataset whose URI space holds ``iri``, else None."""
    return next((slug for slug, (_t, space, _h) in TARGETS.items() if iri.startswith(space) and iri != space), None)


def _linksets(out: Graph, d: URIRef, base: str, links: dict[tuple[str, URIRef], set], meta: Graph) -> None:
    """One ``void:Linkset`` per (target, predicate) with its count and sources, and each target described."""
    for (slug, predicate), found in sorted(links.items()):
        title, space, home = TARGETS[slug]
        target = URIRef(uris.path_to_iri(f"/dataset#{slug}", base))
        out.add((target, RDF.type, VOID.Dataset))
        out.add((target, DCTERMS.title, Literal(title, lang="en")))
        out.add((target, VOID.uriSpace, Literal(space)))
        out.add((target, FOAF.homepage, URIRef(home)))
        predicate_name = uris.slugify(str(predicate).rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        linkset = URIRef(uris.path_to_iri(f"/dataset#linkset-{slug}-{predicate_name}", base))
        out.add((d, VOID.subset, linkset))
        out.add((linkset, RDF.type, VOID.Linkset))
        out.add((linkset, VOID.subjectsTarget, d))
        out.add((linkset, VOID.objectsTarget, target))
        out.add((linkset, VOID.linkPredicate, predicate))
        out.add((linkset, VOID.triples, Literal(len({(s, o) for s, o, _g in found}))))
        for graph in sorted({g for _s, _o, g in found}):
            for src in meta.objects(graph, DSI.derivedFromSource):
                out.add((linkset, DCTERMS.source, src))


def describe(ds: Dataset, base: str = uris.DEFAULT_BASE) -> Graph:
    """Describe ``ds`` (all graphs but ``graph/void``) as VoID + DCAT; return the triples of ``graph/void``."""
    void_graph = URIRef(uris.graph_iri("void", base))
    per_graph: Counter[URIRef] = Counter()
    properties: Counter[URIRef] = Counter()
    instances: dict[URIRef, set] = defaultdict(set)
    entities: set = set()
    triples: set = set()
    id_space = uris.path_to_iri("/id/", base)
    links: dict[tuple[str, URIRef], set] = defaultdict(set)
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = getattr(g, "identifier", g)
        if gid == void_graph:
            continue
        per_graph[gid] += 1
        if p in LINK_PREDICATES and isinstance(o, URIRef) and (target := target_of(str(o))):
            links[(target, p)].add((s, o, gid))
        if (s, p, o) in triples:
            continue
        triples.add((s, p, o))
        properties[p] += 1
        if p == RDF.type and isinstance(o, URIRef):
            instances[o].add(s)
        if isinstance(s, URIRef) and str(s).startswith(id_space):
            entities.add(s)

    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    d = dataset_iri(base)
    out.add((d, RDF.type, VOID.Dataset))
    out.add((d, RDF.type, DCAT.Dataset))
    out.add((d, RDF.type, SD.Dataset))
    out.add((d, DCTERMS.title, Literal(TITLE, lang="en")))
    out.add((d, RDFS.label, Literal(TITLE, lang="en")))
    out.add((d, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    out.add((d, DCTERMS.license, LICENSE))
    out.add((d, VOID.triples, Literal(len(triples))))
    out.add((d, VOID.entities, Literal(len(entities))))
    out.add((d, VOID.distinctSubjects, Literal(len({t[0] for t in triples}))))
    out.add((d, VOID.properties, Literal(len(properties))))
    out.add((d, VOID.classes, Literal(len(instances))))
    out.add((d, VOID.uriSpace, Literal(id_space)))
    out.add((d, VOID.sparqlEndpoint, URIRef(uris.path_to_iri("/sparql", base))))
    out.add((d, VOID.rootResource, URIRef(uris.path_to_iri("/", base))))
    out.add((d, VOID.vocabulary, URIRef(uris.ontology_namespace(base))))
    for ns in ("schema", "skos", "dcterms", "prov", "org", "foaf"):
        out.add((d, VOID.vocabulary, URIRef(PREFIXES[ns])))
    for name, media_type in DUMPS:
        dump = URIRef(uris.path_to_iri(f"/dumps/{name}", base))
        out.add((d, VOID.dataDump, dump))
        out.add((d, DCAT.distribution, dump))
        out.add((dump, RDF.type, DCAT.Distribution))
        out.add((dump, DCAT.downloadURL, dump))
        out.add((dump, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media_type)))
        out.add((dump, DCTERMS.format, Literal(media_type)))
        out.add((dump, DCTERMS.license, LICENSE))
    for cls, members in sorted(instances.items()):
        part = _partition(base, "class", cls)
        out.add((d, VOID.classPartition, part))
        out.add((part, VOID["class"], cls))
        out.add((part, VOID.entities, Literal(len(members))))
    for prop, count in sorted(properties.items()):
        part = _partition(base, "property", prop)
        out.add((d, VOID.propertyPartition, part))
        out.add((part, VOID.property, prop))
        out.add((part, VOID.triples, Literal(count)))
    meta = ds.graph(URIRef(uris.graph_iri("meta", base)))
    _linksets(out, d, base, links, meta)
    for gid, count in sorted(per_graph.items()):
        if not isinstance(gid, URIRef):
            continue
        out.add((d, VOID.subset, gid))
        out.add((gid, RDF.type, VOID.Dataset))
        out.add((gid, VOID.triples, Literal(count)))
        for src in meta.objects(gid, DSI.derivedFromSource):
            out.add((gid, DCTERMS.source, src))
        named = BNode("ng" + uris.slugify(str(gid).rsplit("/", 1)[-1]))
        out.add((d, SD.namedGraph, named))
        out.add((named, RDF.type, SD.NamedGraph))
        out.add((named, SD.name, gid))
        out.add((named, SD.graph, gid))
    return out
