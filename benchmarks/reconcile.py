"""Reconciliation figures of issue 11: precision at 1 of ``/reconcile``'s matching on the team's real-world
spellings (``tests/link/data/reconcile-cases.yaml``, goal >= 0.95), the certain matches and any wrong one, and the
time a batch of every case takes.

    python benchmarks/reconcile.py [--build DIR]   # default: the build in dist/ (made first when missing)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.builds import ensure_build  # noqa: E402
from dsi_graph.config import Settings  # noqa: E402
from dsi_graph.link.evaluate import read_reconcile_cases, score_reconciliation  # noqa: E402
from dsi_graph.link.reconcile import Reconciler  # noqa: E402
from dsi_graph.stores import open_store  # noqa: E402

CASES = ROOT / "tests" / "link" / "data" / "reconcile-cases.yaml"
GOAL = 0.95


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 when the goal is missed or a certain match is wrong."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=str(ROOT / "dist"), help="a build directory (dsi-graph build --out)")
    args = parser.parse_args(argv)
    build = ensure_build(args.build)
    settings = Settings.from_env({}, build_dir=str(build))
    store = open_store(settings, build_dir=build)
    started = time.perf_counter()
    reconciler = Reconciler.from_store(store, settings.base_iri)
    ready = time.perf_counter() - started
    cases = read_reconcile_cases(CASES)
    started = time.perf_counter()
    score = score_reconciliation(reconciler.reconcile, cases)
    elapsed = time.perf_counter() - started
    by_kind: dict[str, list[int]] = {}
    missed = {q for q, _, _ in score.misses}
    for case in cases:
        tally = by_kind.setdefault(case.expect.split("/")[0], [0, 0])
        tally[0] += case.query not in missed
        tally[1] += 1
    print(f"{'kind':14} {'cases':>6} {'right':>6} {'P@1':>6}")
    for kind, (right, total) in sorted(by_kind.items()):
        print(f"{kind:14} {total:6} {right:6} {right / total:6.3f}")
    print(f"{'all':14} {score.cases:6} {score.correct:6} {score.precision:6.3f}   (goal {GOAL})")
    print(f"certain matches (match: true) {score.matched}, of which wrong {score.wrong_matches}")
    for query, expected, got in score.misses:
        print(f"    missed: {query!r} -> {got} (expected {expected})")
    print(f"reconciler ready in {ready:.2f} s; {score.cases} queries in {elapsed:.2f} s "
          f"({1000 * elapsed / score.cases:.1f} ms each)")
    return 0 if score.precision >= GOAL and score.wrong_matches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
