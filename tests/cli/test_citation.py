"""Licence and citation stated once and the same everywhere: LICENSE, LICENSE-DATA, CITATION.cff (valid against the
CFF 1.2.0 schema), pyproject.toml, the VoID of a build and dsi_graph/rdf/about.py."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from dsi_graph import __version__
from dsi_graph.build import void
from dsi_graph.config import PROJECT_ROOT
from dsi_graph.rdf import about

SCHEMA = json.loads((Path(__file__).parent / "data" / "cff-1.2.0-schema.json").read_text(encoding="utf-8"))


def cff_errors(document: dict) -> list[str]:
    """The CFF 1.2.0 schema's complaints about ``document`` (formats checked too)."""
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document))


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_citation_cff_is_valid(cff):
    assert cff_errors(cff) == []


@pytest.mark.parametrize("change", [{"authors": []}, {"license": "not-a-licence"}, {"cff-version": "0.9"},
                                    {"date-released": "1 December 2026"}, {"colour": "blue"}])
def test_the_schema_catches_a_broken_citation(cff, change):
    """The schema is no formality: each of these breaks it."""
    assert cff_errors({**cff, **change})


def test_citation_names_the_version_licences_and_title(cff, pyproject):
    assert cff["version"] == pyproject["version"] == __version__
    assert sorted(cff["license"]) == sorted([about.DATA_LICENSE_SPDX, about.CODE_LICENSE_SPDX])
    assert about.TITLE in cff["title"] and cff["authors"] == [{"name": about.CREATOR}]
    assert cff["type"] == "dataset"


def test_pyproject_states_both_licences_with_their_files(pyproject):
    assert pyproject["license"] == f"{about.CODE_LICENSE_SPDX} AND {about.DATA_LICENSE_SPDX}"
    assert pyproject["license-files"] == ["LICENSE", "LICENSE-DATA"]
    code = (PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8")
    data = (PROJECT_ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert code.startswith("MIT License\n") and "Permission is hereby granted, free of charge" in code
    assert about.DATA_LICENSE in data and "Creative Commons Attribution 4.0 International Public License" in data
    assert "named public sources" in data.split("=====")[0]  # the note before the legal code


def test_void_states_the_data_licence():
    ds = Dataset()
    ds.graph(URIRef("https://w3id.org/dsi-graph/graph/a")).add(
        (URIRef("https://w3id.org/dsi-graph/id/person/x"), RDFS.label, Literal("X")))
    graph = void.describe(ds)
    dataset = void.dataset_iri(void.uris.DEFAULT_BASE)
    assert set(graph.objects(dataset, DCTERMS.license)) == {URIRef(about.DATA_LICENSE)}
    dumps = set(graph.objects(dataset, URIRef("http://www.w3.org/ns/dcat#distribution")))
    assert dumps and all(set(graph.objects(d, DCTERMS.license)) == {URIRef(about.DATA_LICENSE)} for d in dumps)


def test_citation_of_a_build_has_version_build_and_date():
    cited = about.citation("0.1.0", {"build_id": "ab" * 32, "built_at": "2026-12-01T10:00:00+00:00"},
                           "https://example.org/")
    assert cited["text"] == ("The dsi-graph contributors (2026). DSI negotiation knowledge graph [data set], version "
                             "0.1.0, build abababababab, built 2026-12-01. CC BY 4.0. https://example.org/")
    assert "  version = {0.1.0}" in cited["bibtex"] and "  year = {2026}" in cited["bibtex"]
    bare = about.citation("0.1.0", {}, "https://example.org/")
    assert bare["date"] is None and "build" not in bare["text"] and "year" not in bare["bibtex"]
