"""The figures of issue 10 on the team's fixtures: seed pages (recall >= 0.9, precision >= 0.95) and the citation
paragraph set (recall and precision >= 0.95)."""

from __future__ import annotations

import pytest

from dsi_graph.config import PROJECT_ROOT
from dsi_graph.link.evaluate import read_citation_cases, read_gold, score_citations, score_page
from dsi_graph.link.recognise import Mention

DATA = PROJECT_ROOT / "tests" / "link" / "data"
GOLD = read_gold(DATA / "seed-gold.yaml") + read_gold(DATA / "held-out-gold.yaml")


@pytest.mark.parametrize("page", GOLD, ids=[p.source for p in GOLD])
def test_page_recall_and_precision(link_recogniser, page):
    text = (PROJECT_ROOT / page.file).read_text(encoding="utf-8")
    score = score_page(link_recogniser.mentions(text), page)
    assert score.recall >= 0.9, score.missed
    assert score.precision >= 0.95, score.wrong


def test_every_gold_slug_is_an_entity_of_the_graph(link_recogniser):
    for page in GOLD:
        unknown = {s for s in page.names | page.also_named if link_recogniser.lookup_iri(s) is None}
        assert not unknown, f"{page.source}: {sorted(unknown)}"


def test_citation_paragraph_set():
    cases = read_citation_cases(DATA / "citations.txt")
    assert len(cases) >= 40 and any(not expected for _, expected in cases)
    score = score_citations(cases)
    assert score.recall >= 0.95, score.missed
    assert score.precision >= 0.95, score.wrong


def test_score_page_counts_misses_and_wrong_links():
    from dsi_graph.link.evaluate import GoldPage

    page = GoldPage("x", "x", frozenset({"a", "b"}), frozenset({"c"}))
    mentions = [
        Mention("A", 0, 1, "person", "https://w3id.org/dsi-graph/id/person/a", 1.0),
        Mention("C", 2, 3, "person", "https://w3id.org/dsi-graph/id/person/c", 1.0),
        Mention("D", 4, 5, "person", "https://w3id.org/dsi-graph/id/person/d", 1.0),
        Mention("E", 6, 7, "person", None, 0.5, candidates=("x", "y")),
    ]
    score = score_page(mentions, page)
    assert (score.recall, round(score.precision, 3), score.missed) == (0.5, 0.667, ["b"])
    assert score.wrong == ["'D' -> d"]
