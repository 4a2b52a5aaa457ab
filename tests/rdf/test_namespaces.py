"""The closed DSI namespace matches the ontology; the generator keeps it so."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

import dsi_graph.rdf.namespaces as namespaces
from dsi_graph.rdf.namespaces import DSI, DSI_NS, ONTOLOGY_FILE, PREFIXES, ontology_terms, regenerate, sparql_prologue


def declared_terms() -> set[str]:
    """Local names of the DSI class's annotated terms."""
    return set(DSI.__annotations__)


def test_dsi_has_exactly_the_ontology_terms() -> None:
    graph = Graph().parse(ONTOLOGY_FILE)
    defined = {
        str(s)[len(DSI_NS) :] for s in graph.subjects(RDFS.isDefinedBy, URIRef(DSI_NS)) if str(s).startswith(DSI_NS)
    }
    assert declared_terms() == defined
    terms = ontology_terms()
    assert set(terms["classes"]) | set(terms["properties"]) == defined
    assert "Webinar" in terms["classes"] and "possiblySameAs" in terms["properties"]


def test_terms_resolve_to_iris() -> None:
    assert DSI.Webinar == URIRef(DSI_NS + "Webinar")
    assert DSI.possiblySameAs == URIRef(DSI_NS + "possiblySameAs")
    assert DSI.Meeting in DSI


def test_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = DSI.Meetings
    with pytest.raises(AttributeError):
        _ = DSI["startDate"]


def test_generated_class_is_up_to_date(tmp_path: Path) -> None:
    copy = tmp_path / "namespaces.py"
    shutil.copy(namespaces.__file__, copy)
    assert regenerate(copy) is False
    assert copy.read_text(encoding="utf-8") == Path(namespaces.__file__).read_text(encoding="utf-8")


def test_generator_adds_a_new_term(tmp_path: Path) -> None:
    ontology = tmp_path / "dsi.ttl"
    extra = (
        '\ndsi:exampleTerm a owl:ObjectProperty ;\n    rdfs:label "example term"@en ;\n'
        '    skos:definition "A term added by the test."@en ;\n'
        "    rdfs:isDefinedBy <https://w3id.org/dsi-graph/def/> .\n"
    )
    ontology.write_text(ONTOLOGY_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    copy = tmp_path / "namespaces.py"
    shutil.copy(namespaces.__file__, copy)
    assert regenerate(copy, ontology) is True
    assert "    exampleTerm: URIRef\n" in copy.read_text(encoding="utf-8")
    assert regenerate(copy, ontology) is False


def test_generator_rejects_an_undefined_term(tmp_path: Path) -> None:
    ontology = tmp_path / "dsi.ttl"
    extra = '\ndsi:Orphan a owl:Class ;\n    rdfs:label "orphan"@en .\n'
    ontology.write_text(ONTOLOGY_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    with pytest.raises(ValueError, match="Orphan"):
        ontology_terms(ontology)


def test_generator_main_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dsi_graph.rdf.namespaces"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    # on the committed, up-to-date file the generator changes nothing and says so
    assert done.returncode == 0, done.stderr
    assert "already up to date" in done.stdout


def test_prefixes_and_prologue() -> None:
    assert PREFIXES["dsi"] == DSI_NS
    assert PREFIXES["schema"] == "http://schema.org/"
    prologue = sparql_prologue({"dsi": DSI_NS})
    assert prologue == f"PREFIX dsi: <{DSI_NS}>\n"
    assert sparql_prologue().count("PREFIX ") == len(PREFIXES)
