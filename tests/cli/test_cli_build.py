"""The `build` command: summary on success, curator-readable errors and exit 1 on failure, nothing touched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from fixtures_build import BUILD_DATA

from dsi_graph.cli import cli

SCRIPT = Path(sys.executable).parent / "dsi-graph"


def _env(data: str | Path) -> dict[str, str]:
    return {
        "DSI_GRAPH_DATA_DIR": str(BUILD_DATA / data),
        "DSI_GRAPH_SHAPES_DIR": str(BUILD_DATA / "shapes"),
        "DSI_GRAPH_QUERIES_DIR": str(BUILD_DATA / "queries"),
    }


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_prints_a_summary(tmp_path: Path, runner: CliRunner):
    out = tmp_path / "dist"
    result = runner.invoke(cli, ["build", "--out", str(out)], env=_env("ok"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Built {out} (build ")
    assert "named graphs" in result.output and "Person" in result.output and "1 warning(s)" in result.output
    assert json.loads((out / "build.json").read_text())["counts"]["Person"] == 2


def test_build_failures_exit_1_and_touch_nothing(tmp_path: Path, runner: CliRunner):
    out = tmp_path / "dist"
    assert runner.invoke(cli, ["build", "--out", str(out)], env=_env("ok")).exit_code == 0
    before = _snapshot(out)
    violating = runner.invoke(cli, ["build", "--out", str(out)], env=_env("violating"))
    assert violating.exit_code == 1
    assert "the graph has 2 violation(s); nothing was written" in violating.output
    assert "[Violation] DocumentShape dcterms:date (1)" in violating.output
    bad = tmp_path / "data"
    bad.mkdir()
    (bad / "sources.yaml").write_text("sources:\n  - id: src-a\n    title: A\n")
    (bad / "x.yaml").write_text("persons:\n  - id: p-1\n    label: P\n    sources: [src-a]\n    affiliations: [gbf]\n")
    broken = runner.invoke(cli, ["build", "--out", str(out)], env=_env(bad))
    assert broken.exit_code == 1
    assert "1 error(s) in the data:" in broken.output and "x.yaml:5: affiliations: unknown slug 'gbf'" in broken.output
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "dist"]


def test_installed_console_script(tmp_path: Path):
    out = tmp_path / "dist"
    env = {**os.environ, **_env("ok")}
    done = subprocess.run([str(SCRIPT), "build", "--out", str(out)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Built" in done.stdout and (out / "dsi-graph.nq").stat().st_size > 0
    failed = subprocess.run([str(SCRIPT), "validate"], env={**env, **_env("violating")}, capture_output=True,
                            text=True, timeout=120)
    assert failed.returncode == 1 and "2 violation(s)" in failed.stdout


def test_real_build(real_build: Path, real_store):
    info = json.loads((real_build / "build.json").read_text())
    assert info["violations"] == 0 and info["triples"] > 1000
    assert real_store.count() == info["quads"]
    assert len(real_store.graphs()) == len(info["named_graphs"])
