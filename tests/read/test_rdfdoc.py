"""Entity documents in quad formats carry the entity's statements in the default graph and in the source graphs."""

from __future__ import annotations

import warnings

import pyoxigraph as ox
import pytest
from rdflib import RDFS, Graph, URIRef

IRI = URIRef("https://w3id.org/dsi-graph/id/decision/cbd-cop-dec-16-2")
FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


def _quads(text: str, fmt: str) -> list[ox.Quad]:
    """Parsed by pyoxigraph (rdflib's Dataset parser warns of its own deprecated API, an error in these tests)."""
    return list(ox.parse(text, format=FORMATS[fmt]))


@pytest.mark.parametrize(("media", "fmt"), [("application/n-quads", "nquads"), ("application/trig", "trig")])
def test_quad_documents_fill_the_default_graph_too(client, media, fmt):
    response = client.get("/data/decision/cbd-cop-dec-16-2", headers={"Accept": media})
    assert response.status_code == 200 and response.mimetype == media
    text = response.get_data(as_text=True)
    about = [q for q in _quads(text, fmt) if q.subject == ox.NamedNode(str(IRI))]
    named = {(q.subject, q.predicate, q.object) for q in about if q.graph_name != ox.DefaultGraph()}
    default = {(q.subject, q.predicate, q.object) for q in about if q.graph_name == ox.DefaultGraph()}
    assert named and named == default  # every statement about the entity, once more in the default graph
    if fmt == "nquads":  # what a client that reads only the default graph sees (rdflib's Graph, Comunica)
        with warnings.catch_warnings():  # rdflib's N-Quads parser calls its own deprecated Dataset.default_context
            warnings.simplefilter("ignore", DeprecationWarning)
            plain = Graph().parse(data=text, format="nquads")
        assert plain.value(IRI, RDFS.label) is not None


def test_triple_formats_are_unchanged(client):
    turtle = client.get("/data/decision/cbd-cop-dec-16-2.ttl").get_data(as_text=True)
    nquads = client.get("/data/decision/cbd-cop-dec-16-2", headers={"Accept": "application/n-quads"})
    union = {(q.subject, q.predicate, q.object) for q in _quads(nquads.get_data(as_text=True), "nquads")}
    assert len(Graph().parse(data=turtle, format="turtle")) == len(union)
