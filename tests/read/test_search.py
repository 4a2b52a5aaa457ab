"""Label search: ranking, alt labels, kinds; the /search pages."""

from __future__ import annotations

import pytest
from fixtures_web import BASE

from dsi_graph.read.search import LabelIndex, fold


@pytest.fixture(scope="module")
def index(mini_store):
    return LabelIndex.build(mini_store, BASE)


def test_alt_label_finds_the_entity(index):
    hits = index.search("hirsh")
    assert [(h.label, h.kind, h.type) for h in hits] == [("Tim Hirsch", "person", "person")]
    assert hits[0].matched == "Tim Hirsh"


def test_ranking_exact_prefix_word_substring(index):
    labels = [h.label for h in index.search("data governance")]
    assert labels[0] == "Data governance"  # exact before prefix
    assert labels[1] == "Data governance (including associated traditional knowledge)"  # shorter prefix first
    hits = index.search("gbif")
    assert hits[0].label == "Global Biodiversity Information Facility"  # exact acronym before word match


def test_kind_filter_accents_and_limits(index):
    assert {h.kind for h in index.search("decision", kind="decision")} == {"decision"}
    assert index.search("décision", kind="decision") == index.search("decision", kind="decision")
    assert len(index.search("a", limit=3)) == 3
    assert index.search("   ") == []
    assert fold("  Décision  16/2 ") == "decision 16/2"


def test_most_specific_type(index):
    assert index.search("cop 16")[0].type == "conference of the parties"


def test_search_json_for_autocomplete(client):
    response = client.get("/search.json?q=hirsh")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.get_json() == [{"iri": BASE + "id/person/tim-hirsch", "label": "Tim Hirsch", "kind": "person",
                                    "type": "person", "path": "/id/person/tim-hirsch", "matched": "Tim Hirsh"}]


def test_search_page_and_bad_limit(client):
    page = client.get("/search?q=cali")
    assert page.status_code == 200 and b"Cali Fund" in page.data
    assert client.get("/search?q=cali", headers={"Accept": "application/json"}).get_json()["hits"][0]["label"]
    bad = client.get("/search.json?q=x&limit=0")
    assert bad.status_code == 400 and bad.get_json()["ok"] is False
