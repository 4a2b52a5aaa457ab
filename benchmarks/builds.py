"""The build a benchmark measures: the one named on its command line, made first when it is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ensure_build(build: str | Path) -> Path:
    """``build`` as a path, after `dsi-graph build --out build` when it holds no dump yet."""
    build = Path(build)
    if not (build / "dsi-graph.nq").exists():
        subprocess.run([sys.executable, "-m", "dsi_graph", "build", "--out", str(build)], cwd=ROOT, check=True)
    return build
