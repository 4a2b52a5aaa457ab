"""Measure recognition against hand-written gold: entity recall and precision on pages, citation recall and
precision on a paragraph set. Used by ``benchmarks/recognition.py`` and the tests; pure apart from reading files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dsi_graph.link.citations import find_citations
from dsi_graph.link.recognise import Mention


@dataclass(frozen=True)
class GoldPage:
    """A page and what it names: ``names`` the entities held for it, ``also_named`` other correct links."""

    file: str
    source: str
    names: frozenset[str]
    also_named: frozenset[str] = frozenset()


@dataclass
class Score:
    """Recall of the gold names and precision of the linked mentions, with what was missed or wrong."""

    recall: float
    precision: float
    found: int
    gold: int
    linked: int
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def read_gold(path: str | Path) -> list[GoldPage]:
    """The pages of a gold YAML file (``tests/link/data/seed-gold.yaml``)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [
        GoldPage(p["file"], p["source"], frozenset(p["names"]), frozenset(p.get("also_named") or ()))
        for p in data["pages"]
    ]


def slug_of(iri: str) -> str:
    """The slug (last path segment) of an entity IRI."""
    return iri.rsplit("/", 1)[-1]


def score_page(mentions: list[Mention], page: GoldPage) -> Score:
    """Recall of ``page.names`` among the linked mentions, precision of the linked mentions against both lists."""
    linked = [m for m in mentions if m.iri]
    slugs = {slug_of(m.iri) for m in linked if m.iri}
    correct = page.names | page.also_named
    wrong = [f"{m.text!r} -> {slug_of(m.iri)}" for m in linked if m.iri and slug_of(m.iri) not in correct]
    found = page.names & slugs
    return Score(
        recall=len(found) / len(page.names) if page.names else 1.0,
        precision=(len(linked) - len(wrong)) / len(linked) if linked else 1.0,
        found=len(found),
        gold=len(page.names),
        linked=len(linked),
        missed=sorted(page.names - slugs),
        wrong=wrong,
    )


def read_citation_cases(path: str | Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The lines of a citation fixture: ``text || kind:slug | kind:slug`` (``#`` lines are comments)."""
    cases = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _, expected = line.partition(" ||")
        pairs = [tuple(item.strip().split(":", 1)) for item in expected.split("|") if item.strip()]
        cases.append((text, [(kind, slug) for kind, slug in pairs]))
    return cases


def score_citations(cases: list[tuple[str, list[tuple[str, str]]]]) -> Score:
    """Recall and precision of :func:`find_citations` over the cases, by (kind, slug) per line."""
    expected_total = found_total = correct_total = 0
    missed: list[str] = []
    wrong: list[str] = []
    for text, expected in cases:
        got = Counter((c.kind, c.slug) for c in find_citations(text))
        want = Counter(expected)
        hits = sum((got & want).values())
        expected_total += sum(want.values())
        found_total += sum(got.values())
        correct_total += hits
        missed += [f"{text[:60]!r}: {k}:{s}" for (k, s) in (want - got).elements()]
        wrong += [f"{text[:60]!r}: {k}:{s}" for (k, s) in (got - want).elements()]
    return Score(
        recall=correct_total / expected_total if expected_total else 1.0,
        precision=correct_total / found_total if found_total else 1.0,
        found=correct_total,
        gold=expected_total,
        linked=found_total,
        missed=missed,
        wrong=wrong,
    )


@dataclass(frozen=True)
class ReconcileCase:
    """A spreadsheet cell (``query``, optionally the column's ``type``) and the entity it names (``kind/slug``)."""

    query: str
    expect: str
    type: str | None = None


@dataclass
class ReconcileScore:
    """Precision at 1 of reconciliation: how many cases put the expected entity first; the misses with what came."""

    cases: int
    correct: int
    matched: int  # first candidates flagged ``match`` (certain)
    wrong_matches: int  # ... of which name another entity: should be 0
    misses: list[tuple[str, str, str | None]] = field(default_factory=list)  # (query, expected, first candidate)

    @property
    def precision(self) -> float:
        return self.correct / self.cases if self.cases else 0.0


def read_reconcile_cases(path: str | Path) -> list[ReconcileCase]:
    """The cases of a ``cases:`` YAML list (``tests/link/data/reconcile-cases.yaml``)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [ReconcileCase(str(c["query"]), str(c["expect"]), c.get("type")) for c in data["cases"]]


def score_reconciliation(reconcile, cases: list[ReconcileCase]) -> ReconcileScore:
    """Run each case through ``reconcile`` (a :meth:`Reconciler.reconcile`) and count the first candidates."""
    score = ReconcileScore(len(cases), 0, 0, 0)
    for case in cases:
        query = {"query": case.query, "limit": 3, **({"type": case.type} if case.type else {})}
        results = reconcile(query)
        first = results[0] if results else None
        if first and first["id"] == case.expect:
            score.correct += 1
        else:
            score.misses.append((case.query, case.expect, first["id"] if first else None))
        if first and first.get("match"):
            score.matched += 1
            score.wrong_matches += first["id"] != case.expect
    return score
