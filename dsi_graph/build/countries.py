"""ISO 3166-1 codes of the Parties, from the ISO table that ``pycountry`` ships (named as the source).

Added at build time, in a graph of their own (``graph/iso-3166``) described in ``graph/meta`` by a ``dsi:Source``
record, for each organisation of kind ``org-kind-party`` whose English label (or an alternative label)
``pycountry.countries.lookup`` resolves exactly; nothing is guessed (the European Union, a Party that is no country,
gets no code). The codes use Wikidata's properties for them: ``wdt:P297`` (alpha-2) and ``wdt:P298`` (alpha-3).

Each coded Party also links, as ``skos:closeMatch`` (a Party to the Convention is the state as a member, close to
but not the same thing as the country concept), to the EU Publications Office's country authority, whose IRIs are
the alpha-3 code under ``http://publications.europa.eu/resource/authority/country/`` (``.../KEN``): a link
computed from the same pycountry code, in the same graph and with the same source.
"""

from __future__ import annotations

from importlib.metadata import version

import pycountry
from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, VOID

from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import DSI, PREFIXES

GRAPH = "iso-3166"
SOURCE = "iso-3166-pycountry"
ALPHA_2 = URIRef(PREFIXES["wdt"] + "P297")
ALPHA_3 = URIRef(PREFIXES["wdt"] + "P298")
PARTY = URIRef(uris.entity_iri("concept", "org-kind-party"))
COUNTRY_AUTHORITY = "http://publications.europa.eu/resource/authority/country/"


def country_authority(alpha_3: str) -> URIRef:
    """The EU Publications Office country authority's IRI of an ISO 3166-1 alpha-3 code."""
    return URIRef(COUNTRY_AUTHORITY + alpha_3)


def party_codes(ds: Dataset) -> dict[URIRef, tuple[str, str]]:
    """``{party: (alpha-2, alpha-3)}`` for every Party whose label pycountry resolves exactly."""
    found = {}
    parties = {s for s, _, _, _ in ds.quads((None, ORG.classification, PARTY, None))}  # every graph, not the default
    for party in sorted(parties):
        names = [o for p in (RDFS.label, SKOS.altLabel) for _, _, o, _ in ds.quads((party, p, None, None))
                 if isinstance(o, Literal)]
        for name in sorted(names, key=lambda n: (n.language != "en", str(n))):
            try:
                country = pycountry.countries.lookup(str(name))
            except LookupError:
                continue
            found[party] = (country.alpha_2, country.alpha_3)
            break
    return found


def add_iso_codes(ds: Dataset) -> int:
    """Write the Parties' codes into ``graph/iso-3166`` and describe its source; the number of Parties coded."""
    codes = party_codes(ds)
    if not codes:
        return 0
    graph = ds.graph(URIRef(uris.graph_iri(GRAPH)))
    for party, (alpha_2, alpha_3) in codes.items():
        graph.add((party, ALPHA_2, Literal(alpha_2)))
        graph.add((party, ALPHA_3, Literal(alpha_3)))
        graph.add((party, SKOS.closeMatch, country_authority(alpha_3)))
    meta = ds.graph(URIRef(uris.graph_iri("meta")))
    src, g = URIRef(uris.entity_iri("source", SOURCE)), URIRef(uris.graph_iri(GRAPH))
    title = f"ISO 3166-1 country codes, as shipped by pycountry {version('pycountry')}"
    meta.add((src, RDF.type, DSI.Source))
    meta.add((src, RDFS.label, Literal(title, lang="en")))
    meta.add((src, DCTERMS.title, Literal(title, lang="en")))
    meta.add((src, URIRef(PREFIXES["schema"] + "url"), URIRef("https://pypi.org/project/pycountry/")))
    publisher = "pycountry (the ISO 3166 Maintenance Agency's table, via Debian's iso-codes)"
    meta.add((src, DCTERMS.publisher, Literal(publisher)))
    meta.add((src, SKOS.editorialNote, Literal(
        "Codes added by the build for Parties whose label pycountry.countries.lookup resolves exactly; the link to "
        "the EU Publications Office country authority (skos:closeMatch) is its IRI of the same alpha-3 code.",
        lang="en")))
    meta.add((g, RDF.type, DSI.SourceGraph))
    meta.add((g, RDF.type, VOID.Dataset))
    meta.add((g, DSI.derivedFromSource, src))
    meta.add((g, PROV.wasDerivedFrom, src))
    return len(codes)
