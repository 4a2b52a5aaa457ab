"""What the client tests share: the live server over the real build (``tests/fixtures_server.py``) and Comunica,
installed by ``scripts/install.sh --test`` into ``tests/clients/node_modules`` (``package.json`` pins it).

Without node or Comunica the Comunica tests fail under CI (``CI=true``: the README's test command installs them)
and are skipped elsewhere, with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

CLIENTS = Path(__file__).resolve().parent
COMUNICA = CLIENTS / "node_modules" / "@comunica" / "query-sparql"


def _node() -> str:
    """The node binary, when node and Comunica are installed; else fail (CI) or skip (elsewhere) saying why."""
    node = shutil.which("node")
    missing = "node" if node is None else None if COMUNICA.is_dir() else f"Comunica ({COMUNICA})"
    if missing is None:
        return node  # type: ignore[return-value]
    reason = f"{missing} is not installed: run `bash scripts/install.sh --test`"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def comunica():
    """``comunica(jobs)``: run ``[{"sources": [...], "query": "SELECT ..."}]`` in one Comunica process, get the
    rows of each as ``[{variable: value}]``."""
    node = _node()

    def run(jobs: list[dict[str, Any]]) -> list[list[dict[str, str]]]:
        done = subprocess.run([node, str(CLIENTS / "comunica.mjs"), json.dumps(jobs)], cwd=CLIENTS,
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-4000:]
        return json.loads(done.stdout)

    return run
