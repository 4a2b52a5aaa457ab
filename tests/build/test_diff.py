"""Changes between builds: build.json names its predecessor, changes.json carries the recent builds' changes
forward, ``dsi-graph diff`` lists the statements added and removed per entity (real builds of the fixture data)."""

from __future__ import annotations

import json
import shutil

from fixtures_build import MEETING, NEW_LABEL, OLD_LABEL

from dsi_graph.build import diff, pipeline
from dsi_graph.cli import cli

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def test_build_json_names_the_build_it_replaced(two_builds):
    first = json.loads((two_builds["first"] / "build.json").read_text())
    second = json.loads((two_builds["out"] / "build.json").read_text())
    assert first["previous"] is None
    assert second["previous"] == {"build_id": first["build_id"], "built_at": first["built_at"]}
    assert second["build_id"] != first["build_id"]


def test_changes_json_records_each_build_newest_first(two_builds):
    history = diff.read_history(two_builds["out"])
    first = json.loads((two_builds["first"] / "build.json").read_text())
    assert [h["build_id"] for h in history] == [two_builds["result"].build_id, first["build_id"]]
    latest, initial = history
    assert initial["previous"] is None and initial["added"] == first["quads"]
    assert latest["previous"]["build_id"] == first["build_id"]
    meeting = next(e for e in latest["entities"] if e["entity"] == MEETING)
    assert meeting["label"] == NEW_LABEL and meeting["added"] >= 1 and meeting["removed"] >= 1
    assert latest["added"] == sum(e["added"] for e in latest["entities"])
    assert latest["graphs"]["https://w3id.org/dsi-graph/graph/src-a"]["removed"] >= 1
    assert "Changes since build" in two_builds["result"].summary()


def test_same_content_adds_no_entry_and_keeps_the_predecessor(two_builds, tmp_path):
    from fixtures_build import fixture_settings

    out = tmp_path / "dist"
    shutil.copytree(two_builds["out"], out, ignore=shutil.ignore_patterns("store"))
    again = pipeline.build(fixture_settings(two_builds["root"], data=str(two_builds["data"])), out)
    assert again.changes is None and "Changes: none" in again.summary()
    assert diff.read_history(out) == diff.read_history(two_builds["out"])
    assert json.loads((out / "build.json").read_text())["previous"] == again.previous
    assert again.previous["build_id"] == json.loads((two_builds["first"] / "build.json").read_text())["build_id"]


def test_diff_lists_statements_per_entity_with_their_graphs(two_builds, runner):
    answer = runner.invoke(cli, ["diff", str(two_builds["first"]), str(two_builds["out"]), "--format", "json"])
    assert answer.exit_code == 0, answer.output
    changes = json.loads(answer.output)
    meeting = next(e for e in changes["entities"] if e["entity"] == MEETING)
    graph = "<https://w3id.org/dsi-graph/graph/src-a>"
    assert {"predicate": LABEL, "object": f'"{OLD_LABEL}"@en', "graph": graph} in meeting["removed"]
    assert {"predicate": LABEL, "object": f'"{NEW_LABEL}"@en', "graph": graph} in meeting["added"]
    assert changes["added"] == sum(len(e["added"]) for e in changes["entities"])
    assert [e["entity"] for e in changes["entities"]] == sorted(e["entity"] for e in changes["entities"])
    text = runner.invoke(cli, ["diff", str(two_builds["first"]), str(two_builds["out"])])
    assert text.exit_code == 0
    assert f'  - {LABEL} "{OLD_LABEL}"@en  in {graph}' in text.output
    assert f'  + {LABEL} "{NEW_LABEL}"@en  in {graph}' in text.output
    assert text.output == runner.invoke(cli, ["diff", str(two_builds["first"]), str(two_builds["out"])]).output
    same = runner.invoke(cli, ["diff", str(two_builds["first"]), str(two_builds["first"] / "dsi-graph.nq")])
    assert "0 statement(s) added, 0 removed, in 0 entities" in same.output


def test_diff_of_what_is_no_build_says_which(tmp_path, runner):
    broken = tmp_path / "broken.nq"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    for path, message in ((tmp_path / "nowhere", "no such file"), (tmp_path, "no build here"),
                          (broken, "not N-Quads")):
        answer = runner.invoke(cli, ["diff", str(path), str(path)])
        assert answer.exit_code == 1 and message in answer.output and str(path) in answer.output


def test_history_keeps_the_last_builds():
    history = [{"build_id": str(n)} for n in range(30)]
    kept = diff.carry_forward(history, {"build_id": "new"})
    assert len(kept) == diff.KEPT and kept[0] == {"build_id": "new"} and kept[-1] == {"build_id": "18"}
    assert diff.carry_forward(history, None) == history[: diff.KEPT]
