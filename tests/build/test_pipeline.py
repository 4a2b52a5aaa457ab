"""The build: artefacts, VoID, inference, rebase, determinism and atomicity (a failed build touches nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, VOID

from dsi_graph.build import pipeline
from dsi_graph.build.converter import DataError
from dsi_graph.stores.oxigraph import OxigraphStore

BASE = "https://w3id.org/dsi-graph/"
ARTEFACTS = {"dsi-graph.nq", "dsi-graph.trig", "dsi-graph.ttl", "store", "void.ttl", "validation.ttl", "changes.json",
             "validation.txt", "build.json", "datapackage"} | {
    dump + suffix for dump in ("dsi-graph.nq", "dsi-graph.trig", "dsi-graph.ttl", "void.ttl")
    for suffix in (".gz", ".br")}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def built(build_settings, tmp_path: Path) -> pipeline.BuildResult:
    return pipeline.build(build_settings("ok"), tmp_path / "dist")


def test_build_writes_every_artefact(built: pipeline.BuildResult):
    out = built.out
    assert {p.name for p in out.iterdir()} == ARTEFACTS
    info = json.loads((out / "build.json").read_text())
    assert info["build_id"] == built.build_id and len(info["build_id"]) == 64
    assert info["counts"]["Person"] == 2 and info["counts"]["Organisation"] == 2 and info["counts"]["Fund"] == 1
    assert info["quads"] == built.quads and info["triples"] == built.triples > 100
    assert f"{BASE}graph/src-a" in info["named_graphs"] and f"{BASE}graph/void" in info["named_graphs"]
    assert info["warnings"] == 1 and info["violations"] == 0
    trig = OxigraphStore()
    trig.load(str(out / "dsi-graph.trig"))
    assert trig.count() == built.quads
    union = Graph().parse(out / "dsi-graph.ttl", format="turtle")
    assert len(union) == built.triples
    assert "Validation: 0 violation(s), 1 warning(s)" in (out / "validation.txt").read_text()
    assert "1 warning(s)" in built.summary() and "Person" in built.summary()
    last = built.summary().splitlines()[-1]  # what the warnings are, per check, and whether to act
    assert last.startswith("1 warning(s) (") and "never fail the build" in last and "validation.txt" in last
    assert f"{built.report.warnings[0].shape.split()[0].removesuffix('Shape').removesuffix('Recommended')} 1" in last


def test_disk_store_and_dump_agree(built: pipeline.BuildResult):
    disk = OxigraphStore(built.out / "store", read_only=True)
    memory = OxigraphStore()
    memory.load(str(built.out / "dsi-graph.nq"))
    assert disk.count() == memory.count() == built.quads
    assert disk.graphs() == memory.graphs()
    query = "SELECT ?n WHERE { <https://w3id.org/dsi-graph/id/person/tim-hirsch> <http://schema.org/name> ?n }"
    assert [row["n"] for row in disk.select(query)] == [Literal("Tim Hirsch", lang="en")]  # made by the rule


def test_rules_fill_the_inferred_graph(built: pipeline.BuildResult):
    store = OxigraphStore()
    store.load(str(built.out / "dsi-graph.nq"))
    inferred = f"{BASE}graph/inferred"
    assert store.count(inferred) > 0
    assert store.ask(
        f"ASK {{ GRAPH <{inferred}> {{ <{BASE}id/topic/data-governance> <http://schema.org/name> ?n }} }}"
    )


def test_void_description(built: pipeline.BuildResult):
    void = Graph().parse(built.out / "void.ttl", format="turtle")
    d = URIRef(f"{BASE}dataset")
    assert (d, RDF.type, VOID.Dataset) in void and (d, RDF.type, DCAT.Dataset) in void
    assert int(void.value(d, VOID.triples)) > 100
    assert str(void.value(d, VOID.uriSpace)) == f"{BASE}id/"
    assert void.value(d, VOID.sparqlEndpoint) == URIRef(f"{BASE}sparql")
    assert URIRef(f"{BASE}dumps/dsi-graph.nq") in set(void.objects(d, VOID.dataDump))
    partitions = void.objects(d, VOID.classPartition)
    classes = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities)) for p in partitions}
    assert classes[URIRef(f"{BASE}def/Person")] == 2
    src = URIRef(f"{BASE}graph/src-b")
    assert src in set(void.objects(d, VOID.subset))
    store = OxigraphStore()
    store.load(str(built.out / "dsi-graph.nq"))
    assert int(void.value(src, VOID.triples)) == store.count(str(src))
    media = {void.value(dist, DCAT.mediaType) for dist in void.objects(d, DCAT.distribution)}
    assert URIRef("https://www.iana.org/assignments/media-types/application/n-quads") in media


def test_build_is_deterministic(build_settings, tmp_path: Path, built: pipeline.BuildResult):
    again = pipeline.build(build_settings("ok"), tmp_path / "again")
    assert again.build_id == built.build_id
    assert (again.out / "dsi-graph.nq").read_bytes() == (built.out / "dsi-graph.nq").read_bytes()


def test_rebase_moves_every_iri(build_settings, tmp_path: Path):
    settings = build_settings("ok", base_iri="http://localhost:8080/kg/")
    result = pipeline.build(settings, tmp_path / "rebased")
    nq = (result.out / "dsi-graph.nq").read_text()
    assert "w3id.org/dsi-graph" not in nq
    assert "<http://localhost:8080/kg/id/person/tim-hirsch> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " \
           "<http://localhost:8080/kg/def/Person> <http://localhost:8080/kg/graph/src-a> ." in nq
    assert result.counts["Person"] == 2
    void = Graph().parse(result.out / "void.ttl", format="turtle")
    assert str(void.value(URIRef("http://localhost:8080/kg/dataset"), VOID.uriSpace)) == "http://localhost:8080/kg/id/"


def test_failed_builds_leave_the_previous_build_untouched(build_settings, tmp_path: Path, monkeypatch):
    out = tmp_path / "dist"
    pipeline.build(build_settings("ok"), out)
    before = snapshot(out)

    with pytest.raises(pipeline.BuildFailed) as info:  # a violation
        pipeline.build(build_settings("violating"), out)
    assert {f.shape for f in info.value.report.violations} == {
        "check meeting-without-start-violation", "DocumentShape dcterms:date"
    }
    assert snapshot(out) == before

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.yaml").write_text("persons:\n  - id: p-1\n")
    with pytest.raises(DataError):  # a data error
        pipeline.build(build_settings(str(bad)), out)
    assert snapshot(out) == before

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pipeline, "class_counts", broken)  # fails after the artefacts are written
    with pytest.raises(OSError, match="disk full"):
        pipeline.build(build_settings("ok"), out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "dist"]  # no temporary folder left


def test_swap_replaces_and_cleans(tmp_path: Path):
    out, new = tmp_path / "dist", tmp_path / "new"
    out.mkdir()
    (out / "old.txt").write_text("old")
    new.mkdir()
    (new / "new.txt").write_text("new")
    pipeline.swap(new, out)
    assert [p.name for p in out.iterdir()] == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
