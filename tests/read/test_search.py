"""Label search: ranking, alt labels, kinds; the /search pages."""

from __future__ import annotations

import pytest
from fixtures_web import BASE

from dsi_graph.read.search import LabelIndex, fold, initials


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


def test_search_json_is_a_twin_in_the_envelope(client):
    response = client.get("/search.json?q=hirsh")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["ok"] is True and body["query"] == "hirsh" and body["kind"] is None
    assert [(h["iri"], h["label"], h["type"], h["path"], h["matched"]) for h in body["hits"]] == [
        (BASE + "id/person/tim-hirsch", "Tim Hirsch", "person", "/id/person/tim-hirsch", "Tim Hirsh")]
    assert set(body["hits"][0]) == {"iri", "label", "kind", "type", "path", "matched", "date", "snippet"}
    assert client.get("/search.json?q=hirsh", headers={"Accept": "application/json"}).get_json() == body
    assert client.get("/search", headers={"Accept": "application/json"}).get_json()["hits"] == []


def test_search_page_and_bad_limit(client):
    page = client.get("/search?q=cali")
    assert page.status_code == 200 and b"Cali Fund" in page.data
    assert client.get("/search?q=cali", headers={"Accept": "application/json"}).get_json()["hits"][0]["label"]
    bad = client.get("/search.json?q=x&limit=0")
    assert bad.status_code == 400 and bad.get_json()["ok"] is False


def test_fold_hyphens_dashes_and_initials():
    assert fold("Benefit-sharing") == fold("benefit sharing") == fold("BENEFIT\u2011sharing") == "benefit sharing"
    assert fold("CBD/COP/DEC/16/2") == "cbd/cop/dec/16/2"
    assert "dsi" in initials(fold("the Use of Digital Sequence Information on Genetic Resources"))


# --- the real build: the queries of issue 14, through the app (recogniser pins first) -----------------------------

@pytest.fixture(scope="module")
def real_client(real_store, tmp_path_factory):
    from dsi_graph.config import Settings
    from dsi_graph.web.app import create_app

    settings = Settings.from_env({}, build_dir=str(tmp_path_factory.mktemp("dist")), cache_size=0)
    app = create_app(settings, store=real_store, build_info={"build_id": "test"})
    return app.test_client()


def _hits(client, q, **params):
    response = client.get("/search.json", query_string={"q": q, **params})
    assert response.status_code == 200
    return response.get_json()["hits"]


@pytest.mark.parametrize(("query", "first"), [
    ("fund", "organisation/cali-fund"),
    ("CBD/COP/DEC/16/2", "decision/cbd-cop-dec-16-2"),
    ("decision 16/2", "decision/cbd-cop-dec-16-2"),
    ("WGDSI 2", "meeting/wgdsi-2"),
    ("WGDSI-2", "meeting/wgdsi-2"),
    ("second meeting working group DSI", "meeting/wgdsi-2"),
    ("benefit sharing", "topic/benefit-sharing"),
])
def test_first_hit(real_client, query, first):
    assert _hits(real_client, query)[0]["iri"] == BASE + "id/" + first


def test_decision_before_its_paragraphs(real_client):
    kinds = [h["kind"] for h in _hits(real_client, "decision 16/2", limit=10)]
    assert kinds[0] == "decision" and "paragraph" in kinds[1:]


def test_entities_before_terms_and_concepts(real_client):
    kinds = [h["kind"] for h in _hits(real_client, "fund", limit=100)]
    entities = [i for i, k in enumerate(kinds) if k not in ("term", "concept")]
    terms = [i for i, k in enumerate(kinds) if k in ("term", "concept")]
    assert terms and entities and max(entities) < min(terms)


@pytest.mark.parametrize("variant", ["benefit-sharing", "Benefit-Sharing", "BENEFIT SHARING", "bénéfit sharing",
                                     "benefit\u2013sharing"])
def test_hyphen_case_and_diacritic_variants_give_the_same_hits(real_client, variant):
    assert _hits(real_client, variant, limit=50) == _hits(real_client, "benefit sharing", limit=50)


def test_hits_carry_type_date_and_snippet(real_client):
    hit = _hits(real_client, "WGDSI-2")[0]
    assert hit["type"] == "Working group meeting" and hit["date"] == "2024-08-12"
    assert hit["snippet"] and len(hit["snippet"]) <= 210
    page = real_client.get("/search?q=WGDSI-2").get_data(as_text=True)
    assert "Working group meeting" in page and "2024-08-12" in page and 'class="snippet"' in page
