"""Validation: SHACL violations and warnings, *-violation.rq checks, the three report formats, the command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fixtures_build import BUILD_DATA
from rdflib import RDF, Graph
from rdflib.namespace import SH

from dsi_graph.build import pipeline, validate
from dsi_graph.cli import cli


@pytest.fixture()
def violating(build_settings) -> validate.ValidationReport:
    return pipeline.validate_project(build_settings("violating"))


def test_violations_warnings_and_their_sources(violating):
    assert not violating.conforms
    by_shape = {f.shape: f for f in violating.violations}
    assert set(by_shape) == {"DocumentShape dcterms:date", "check meeting-without-start-violation"}
    dates = by_shape["DocumentShape dcterms:date"]
    assert dates.focus == "/id/document/doc-two" and dates.path == "dcterms:date"
    assert dates.message == "A document has at most one date" and dates.severity == "Violation"
    assert {"src-a", "src-b"} <= set(dates.graphs)
    check = by_shape["check meeting-without-start-violation"]
    assert check.focus == "/id/meeting/iag-2024-02" and check.message == "This meeting has no start date"
    (warning,) = violating.warnings
    assert warning.severity == "Warning" and warning.focus == "/id/person/ann-example"


def test_text_json_and_turtle(violating):
    text = violating.text()
    assert text.startswith("Validation: 2 violation(s), 1 warning(s)\n")
    assert "[Violation] DocumentShape dcterms:date (1)\n  - /id/document/doc-two  path dcterms:date" in text
    assert "[Warning] PersonShape schema:affiliation (1)" in text
    data = json.loads(violating.render("json"))
    assert data["conforms"] is False and len(data["violations"]) == 2 and len(data["warnings"]) == 1
    graph = Graph().parse(data=violating.render("turtle"), format="turtle")
    assert len(set(graph.subjects(RDF.type, SH.ValidationResult))) == 3


def test_conforming_data_with_warnings(build_settings):
    report = pipeline.validate_project(build_settings("ok"))
    assert report.conforms and len(report.warnings) == 1


def test_rdf_files(build_settings):
    settings = build_settings("ok")
    bad = pipeline.validate_project(settings, [str(BUILD_DATA / "rdf" / "two-dates.ttl")])
    assert [f.focus for f in bad.violations] == ["/id/document/doc-three"]
    assert bad.violations[0].graphs == ["two-dates"]
    fine = pipeline.validate_project(settings, [str(BUILD_DATA / "rdf" / "no-affiliation.ttl")])
    assert fine.conforms and [f.focus for f in fine.warnings] == ["/id/person/bo-example"]


def _env(data: str) -> dict[str, str]:
    return {
        "DSI_GRAPH_DATA_DIR": str(BUILD_DATA / data),
        "DSI_GRAPH_SHAPES_DIR": str(BUILD_DATA / "shapes"),
        "DSI_GRAPH_QUERIES_DIR": str(BUILD_DATA / "queries"),
    }


def test_command_exit_codes_and_formats(runner: CliRunner):
    ok = runner.invoke(cli, ["validate"], env=_env("ok"))
    assert ok.exit_code == 0 and ok.output.startswith("Validation: 0 violation(s), 1 warning(s)")
    bad = runner.invoke(cli, ["validate", "--format", "json"], env=_env("violating"))
    assert bad.exit_code == 1 and len(json.loads(bad.output)["violations"]) == 2
    ttl = runner.invoke(cli, ["validate", "--format", "turtle"], env=_env("violating"))
    assert ttl.exit_code == 1 and len(Graph().parse(data=ttl.output, format="turtle")) > 0
    files = runner.invoke(cli, ["validate", str(BUILD_DATA / "rdf" / "two-dates.ttl")], env=_env("ok"))
    assert files.exit_code == 1 and "/id/document/doc-three" in files.output
    files = runner.invoke(cli, ["validate", str(BUILD_DATA / "rdf" / "no-affiliation.ttl")], env=_env("ok"))
    assert files.exit_code == 0
    missing = runner.invoke(cli, ["validate", "nowhere.ttl"], env=_env("ok"))
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_command_reports_data_errors(tmp_path, runner: CliRunner):
    (tmp_path / "x.yaml").write_text("persons:\n  - id: p-1\n    label: P\n")
    env = {**_env("ok"), "DSI_GRAPH_DATA_DIR": str(tmp_path)}
    result = runner.invoke(cli, ["validate"], env=env)
    assert result.exit_code == 1 and "x.yaml:2: sources: record 'p-1' names no sources" in result.output
