"""Precision at 1 of /reconcile's matching on the team's list of real-world spellings (goal >= 0.95)."""

from __future__ import annotations

import pytest

from dsi_graph.config import PROJECT_ROOT
from dsi_graph.link.evaluate import read_reconcile_cases, score_reconciliation
from dsi_graph.link.reconcile import Reconciler

RECONCILE_CASES = PROJECT_ROOT / "tests" / "link" / "data" / "reconcile-cases.yaml"


@pytest.fixture(scope="module")
def reconciler(real_store, link_recogniser) -> Reconciler:
    return Reconciler.from_store(real_store, "https://w3id.org/dsi-graph/", link_recogniser)


def test_the_cases_cover_every_kind_the_issue_names():
    cases = read_reconcile_cases(RECONCILE_CASES)
    assert len(cases) >= 40
    kinds = {c.expect.split("/")[0] for c in cases}
    assert {"organisation", "decision", "meeting", "person"} <= kinds
    assert sum(c.expect.startswith("organisation/party-") for c in cases) >= 10  # delegations


def test_precision_at_1_reaches_the_goal(reconciler):
    score = score_reconciliation(reconciler.reconcile, read_reconcile_cases(RECONCILE_CASES))
    print(f"reconciliation precision at 1: {score.correct}/{score.cases} = {score.precision:.3f}; "
          f"certain matches {score.matched}, wrong certain matches {score.wrong_matches}")
    assert score.precision >= 0.95, score.misses
    assert score.wrong_matches == 0
