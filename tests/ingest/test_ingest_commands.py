"""The ``ingest`` and ``review`` commands end to end: files written, decisions remembered, accepted records build.

The review is driven through click's CliRunner with typed answers; the accepted records then go through the real
build (on a copy of the project's data/), which must validate and carry the evidence into the graph.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from ingest_helpers import INGEST_DATA
from rdflib import Literal, URIRef

from dsi_graph.build import pipeline
from dsi_graph.config import PROJECT_ROOT, Settings
from dsi_graph.ingest import files
from dsi_graph.ingest.commands import ingest_command, main, review_command
from dsi_graph.rdf.namespaces import DSI
from dsi_graph.stores.oxigraph import OxigraphStore

BRIEFING = INGEST_DATA / "briefing.md"
NO_EDITOR = {"EDITOR": "", "VISUAL": ""}


def _data_copy(root: Path) -> Path:
    data = root / "data"
    data.mkdir(parents=True)
    for path in (PROJECT_ROOT / "data").glob("*.yaml"):
        shutil.copy(path, data / path.name)
    return data


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory, real_build: Path) -> dict:
    """Ingest the briefing into a copy of data/; accept the new caucus and the document, reject Kenya's position,
    accept Uganda's and the caucus's; accept the other dates of WGDSI-1 from a second text; then build that data.
    Returns the paths and outputs."""
    root = tmp_path_factory.mktemp("reviewed")
    data = _data_copy(root)
    runner = CliRunner()
    url = "https://example.org/briefing-note"
    ingested = runner.invoke(ingest_command, [str(BRIEFING), "--build", str(real_build), "--data", str(data),
                                              "--url", url], env=NO_EDITOR)
    assert ingested.exit_code == 0, ingested.output
    proposals = files.read_results(files.proposed_dir(data))
    other = root / "other-dates.txt"  # a text that dates and places a meeting otherwise than the graph does
    other.write_text("An invented note.\nWGDSI-1 met in Nairobi, Kenya, 20-24 November 2023.\n", encoding="utf-8")
    ingested = runner.invoke(ingest_command, [str(other), "--build", str(real_build), "--data", str(data)])
    assert ingested.exit_code == 0, ingested.output
    reviewed = runner.invoke(review_command, ["--data", str(data)], input="a\na\nr\na\na\na\n", env=NO_EDITOR)
    assert reviewed.exit_code == 0, reviewed.output
    out = root / "dist"
    result = pipeline.build(Settings.from_env({}, data_dir=str(data), build_dir=str(out)), out)
    again = runner.invoke(ingest_command, [str(BRIEFING), "--build", str(real_build), "--data", str(data),
                                           "--out", "-"], env=NO_EDITOR)
    return {"data": data, "proposals": proposals, "review": reviewed.output, "build": result, "out": out,
            "again": json.loads(again.output), "url": url}


def test_ingest_writes_a_proposal_file_under_data_proposed(reviewed) -> None:
    ((path, body),) = reviewed["proposals"]
    assert path.parent == reviewed["data"] / "proposed" and path.name.endswith(".proposals.json")
    assert body["source"]["url"] == reviewed["url"]
    assert [p["kind"] for p in body["proposals"]] == ["organisations", "documents", "positions", "positions",
                                                      "positions"]


def test_review_writes_accepted_records_with_source_and_evidence(reviewed) -> None:
    data = reviewed["data"]
    (written,) = data.glob("ingested-briefing-*.yaml")
    doc = yaml.safe_load(written.read_text(encoding="utf-8"))
    (source,) = doc["sources"]
    assert source["url"] == reviewed["url"] and source["id"] == reviewed["proposals"][0][1]["source"]["id"]
    (document,) = doc["documents"]
    assert document["id"] == "cbd-wgdsi-7-3" and document["sources"] == [source["id"]]
    assert document["evidence"] == [{"source": source["id"], "fields": ["symbol"],
                                     "locator": document["evidence"][0]["locator"], "quote": "CBD/WGDSI/7/3"}]
    assert document["evidence"][0]["locator"].startswith("characters ")
    uganda, caucus = doc["positions"]
    assert uganda["holder"] == "party-uganda" and uganda["stance"] == "stance-concerned"
    assert caucus["holder"] == "youth-caucus" and caucus["stance"] == "stance-proposes"
    (organisation,) = doc["organisations"]  # a name only: its evidence goes on the label
    assert organisation["label"] == {"value": "Youth Caucus", "locator": organisation["label"]["locator"],
                                     "quote": "Youth Caucus"}
    assert "1 rejected" in reviewed["review"] and "5 accepted" in reviewed["review"]
    rejected = (data / "proposed" / "rejected.txt").read_text(encoding="utf-8").split("\t")
    assert rejected[2].strip() == reviewed["proposals"][0][1]["proposals"][2]["record"]["id"]


def test_accepted_records_build_validate_and_carry_their_evidence(reviewed) -> None:
    assert reviewed["build"].report.conforms
    store = OxigraphStore()
    store.load(str(reviewed["out"] / "dsi-graph.nq"))
    query = "SELECT DISTINCT ?quote WHERE { ?a a ?t ; ?s ?entity ; ?q ?quote ; ?l ?locator }"
    base = "https://w3id.org/dsi-graph/id/"
    try:
        for entity, quote in (("document/cbd-wgdsi-7-3", "CBD/WGDSI/7/3"), ("organisation/youth-caucus",
                                                                             "Youth Caucus")):
            rows = store.select(query, {
                "t": DSI.StatementAnnotation, "s": URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"),
                "entity": URIRef(base + entity), "q": DSI.quote, "l": DSI.locator})
            assert [row["quote"] for row in rows] == [Literal(quote)]
    finally:
        store.close()


def test_conflicting_dates_build_and_keep_their_status(reviewed) -> None:
    store = OxigraphStore()
    store.load(str(reviewed["out"] / "dsi-graph.nq"))
    query = ("SELECT ?date ?note WHERE { ?a ?s ?m ; ?p ?start ; ?o ?date ; ?st ?status ; ?n ?note }")
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    try:
        rows = store.select(query, {
            "s": URIRef(rdf + "subject"), "m": URIRef("https://w3id.org/dsi-graph/id/meeting/wgdsi-1"),
            "p": URIRef(rdf + "predicate"), "start": URIRef("http://schema.org/startDate"),
            "o": URIRef(rdf + "object"), "st": DSI.status, "n": URIRef("http://www.w3.org/2004/02/skos/core#editorialNote"),
            "status": URIRef("https://w3id.org/dsi-graph/id/concept/status-conflicting")})
        assert [str(row["date"]) for row in rows] == ["2023-11-20"]
    finally:
        store.close()


def test_decided_proposals_are_not_proposed_again(reviewed) -> None:
    again = reviewed["again"]
    assert again["proposals"] == [] and again["skipped"] == 5


def test_review_with_nothing_left(reviewed) -> None:
    result = CliRunner().invoke(review_command, ["--data", str(reviewed["data"])], env=NO_EDITOR)
    assert result.exit_code == 0 and "No proposals left to review" in result.output


def test_edit_field_by_field_then_accept(tmp_path: Path, real_build: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    runner = CliRunner()
    out = tmp_path / "proposed"
    assert runner.invoke(ingest_command, [str(BRIEFING), "--build", str(real_build), "--data", str(data), "--out",
                                          str(out), "--format", "yaml"], env=NO_EDITOR).exit_code == 0
    (path,) = out.glob("*.proposals.yaml")
    proposals = yaml.safe_load(path.read_text(encoding="utf-8"))["proposals"]
    at = [p["kind"] for p in proposals].index("documents")
    editable = [k for k, v in proposals[at]["record"].items() if k != "id" and isinstance(v, str | list)]
    answers = ["s"] * at + ["e"] + ["" for _ in editable]
    answers[at + 1 + editable.index("label")] = "Working Group document 7/3 (not yet issued)"
    answers[at + 1 + editable.index("note")] = "-"
    result = runner.invoke(review_command, [str(out), "--data", str(data)], input="\n".join(answers) + "\nq\n",
                           env=NO_EDITOR)
    assert result.exit_code == 0, result.output
    (written,) = data.glob("ingested-briefing-*.yaml")
    (document,) = yaml.safe_load(written.read_text(encoding="utf-8"))["documents"]
    assert document["label"] == "Working Group document 7/3 (not yet issued)" and "note" not in document
    assert document["symbol"] == "CBD/WGDSI/7/3"


def test_ingest_prints_yaml_with_out_dash(real_build: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(BRIEFING), "--build", str(real_build), "--data",
                                       str(tmp_path), "--out", "-", "--format", "yaml"], env=NO_EDITOR)
    assert result.exit_code == 0, result.output
    body = yaml.safe_load(result.output)
    assert body["media_type"] == "text/markdown" and body["proposals"]
    assert not (tmp_path / "proposed").exists()  # printing writes nothing


def test_ingest_errors(real_build: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(ingest_command, [str(BRIEFING), "--build", str(tmp_path / "none")], env=NO_EDITOR)
    assert missing.exit_code == 1 and "no build" in missing.output
    two = runner.invoke(ingest_command, [str(BRIEFING), str(BRIEFING), "--url", "https://example.org/x"])
    assert two.exit_code == 2 and "one file" in two.output


def test_python_dash_m_runs_the_commands(real_build: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "EDITOR": ""}
    done = subprocess.run([sys.executable, "-m", "dsi_graph.ingest.commands", "ingest", str(BRIEFING), "--build",
                           str(real_build), "--data", str(tmp_path), "--out", "-"], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["source"]["title"].startswith("Briefing note")


def test_edit_in_the_editor_named_by_editor(tmp_path: Path, real_build: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    editor = tmp_path / "editor.sh"  # a real editor run by click.edit: it rewrites the label line of the file
    editor.write_text("#!/bin/sh\nsed -i 's/^label: .*/label: Edited in an editor/' \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    runner = CliRunner()
    assert runner.invoke(ingest_command, [str(BRIEFING), "--build", str(real_build), "--data", str(data)],
                         env=NO_EDITOR).exit_code == 0
    result = runner.invoke(review_command, ["--data", str(data)], input="s\ne\nq\n",
                           env={"EDITOR": str(editor), "VISUAL": ""})
    assert result.exit_code == 0, result.output
    (written,) = data.glob("ingested-*.yaml")
    (document,) = yaml.safe_load(written.read_text(encoding="utf-8"))["documents"]
    assert document["label"] == "Edited in an editor" and document["id"] == "cbd-wgdsi-7-3"
