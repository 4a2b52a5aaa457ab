"""The `query` command through the installed console script: the default build (``dist/`` in the working
directory) and ``--build DIR``, each opened read-only, exit 0 with the table printed and nothing on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "dsi-graph"


def _query(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DSI_GRAPH_")}
    return subprocess.run([str(SCRIPT), "query", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def _assert_table(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # e.g. no "RuntimeError: Flush is only possible on read-write instances" at exit
    lines = done.stdout.splitlines()
    assert [cell.strip() for cell in lines[0].split(" | ")][:4] == ["decision", "number", "symbol", "label"]
    assert set(lines[1]) <= {"-", "+"}
    assert "decision/cbd-cop-dec-16-2" in done.stdout
    assert lines[-1].startswith("(") and lines[-1].endswith(" rows)")


@pytest.fixture(scope="module")
def workdir(real_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory whose ``dist/`` is the real build (the default build of the command)."""
    folder = tmp_path_factory.mktemp("cwd")
    (folder / "dist").symlink_to(real_build, target_is_directory=True)
    return folder


def test_query_on_the_default_build(workdir: Path) -> None:
    _assert_table(_query("decisions", cwd=workdir))


def test_query_on_a_build_dir(real_build: Path, tmp_path: Path) -> None:
    _assert_table(_query("decisions", "--build", str(real_build), cwd=tmp_path))


def test_query_without_a_build_says_so(tmp_path: Path) -> None:
    done = _query("decisions", "--build", str(tmp_path / "none"), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.startswith("Error:")
