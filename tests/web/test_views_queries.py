"""The ``queries`` blueprint: the list, a query run as HTML / JSON / CSV, 400 for bad parameters, 404."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from fixtures_web import app_for
from flask.testing import FlaskClient
from querydata import HOSTILE, HOSTILE_LITERAL, ID, SMALL

from dsi_graph.read import queries
from dsi_graph.stores.oxigraph import OxigraphStore


@pytest.fixture()
def small_app_store() -> OxigraphStore:
    """The small graph of ``querydata`` in a store of its own."""
    store = OxigraphStore()
    store.raw.load(SMALL.encode(), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture()
def web(small_app_store: OxigraphStore, tmp_path: Path) -> Iterator[FlaskClient]:
    """A test client of the app over the small graph."""
    yield app_for(small_app_store, tmp_path / "dist", "test").test_client()


def test_list_as_json_names_every_query(web: FlaskClient) -> None:
    response = web.get("/queries.json")
    assert response.status_code == 200
    data = response.get_json()
    assert data["ok"] is True
    assert [q["name"] for q in data["queries"]] == [q.name for q in queries.list_queries()]
    agenda = next(q for q in data["queries"] if q["name"] == "meeting-agenda")
    assert agenda["url"] == "/queries/meeting-agenda"
    assert agenda["params"][0]["name"] == "meeting"
    assert "query" not in agenda
    assert "meetings" in data["tags"]


def test_list_negotiates_json_and_html(web: FlaskClient) -> None:
    assert web.get("/queries", headers={"Accept": "application/json"}).get_json()["ok"] is True
    html = web.get("/queries", headers={"Accept": "text/html"})
    assert html.mimetype == "text/html"
    text = html.get_data(as_text=True)
    for query in queries.list_queries():
        assert f'href="/queries/{query.name}"' in text


def test_json_twin_is_sparql_results_with_bound_params(web: FlaskClient) -> None:
    data = web.get("/queries/meeting-agenda.json?meeting=iag-2024-01").get_json()
    assert data["ok"] is True
    assert data["params"] == {"meeting": f"{ID}meeting/iag-2024-01"}
    assert data["head"]["vars"] == ["meeting", "number", "item", "label", "topics"]
    [row] = data["results"]["bindings"]
    assert row["item"] == {"type": "uri", "value": f"{ID}agenda-item/iag-2024-01-item-2"}
    assert row["topics"]["value"] == "Data governance"
    assert web.get("/queries/meeting-agenda.json?meeting=iag-2024-02").get_json()["results"]["bindings"] == []


def test_csv_twin(web: FlaskClient) -> None:
    response = web.get("/queries/timeline.csv?from=2024-02-01")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["item"] for r in rows] == [f"{ID}meeting/iag-2024-02"]
    assert rows[0]["from"] == "2024-02-01"


def test_html_page_links_entities_and_shows_query_and_form(web: FlaskClient) -> None:
    response = web.get("/queries/meeting-agenda?meeting=iag-2024-01")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'href="/page/agenda-item/iag-2024-01-item-2"' in text
    assert "Data governance (including associated traditional knowledge)" in text
    assert '<input name="meeting" value="iag-2024-01"' in text
    assert "?meeting dsi:hasAgendaItem ?item" in text
    assert '</queries/meeting-agenda.json?meeting=iag-2024-01>; rel="alternate"' in response.headers["Link"]


def test_construct_query_answers_triples(web: FlaskClient) -> None:
    data = web.get("/queries/meeting-graph.json").get_json()
    assert data["head"]["vars"] == ["subject", "predicate", "object"]
    subjects = {b["subject"]["value"] for b in data["results"]["bindings"]}
    assert f"{ID}meeting/iag-2024-01" in subjects


@pytest.mark.parametrize(
    ("url", "param", "why"),
    [
        ("/queries/timeline.json?from=yesterday", "from", "'yesterday' is not a date"),
        ("/queries/meeting-agenda.json?meeting=" + quote(HOSTILE), "meeting", "neither an absolute IRI nor a slug"),
        ("/queries/meeting-agenda.json?meeting=" + quote("http://x> } ; DROP ALL ; #"), "meeting", "absolute IRI"),
        ("/queries/meeting-agenda.json?who=x", "who", "unknown parameter"),
        ("/queries/meetings-by-year.csv?year=twenty", "year", "is not an integer"),
    ],
)
def test_bad_parameter_is_a_400_envelope(web: FlaskClient, url: str, param: str, why: str) -> None:
    response = web.get(url)
    assert response.status_code == 400
    data = response.get_json()
    assert data["ok"] is False and data["status"] == 400 and data["param"] == param
    assert data["error"].startswith(f"parameter {param!r}: ")
    assert why in data["error"]


def test_bad_parameter_on_the_page_is_a_400_page(web: FlaskClient) -> None:
    response = web.get("/queries/timeline?from=yesterday")
    assert response.status_code == 400
    assert "parameter &#39;from&#39;: &#39;yesterday&#39; is not a date" in response.get_data(as_text=True)


def test_hostile_text_is_only_a_search_string(web: FlaskClient, small_app_store: OxigraphStore) -> None:
    before = small_app_store.count()
    for value in (HOSTILE, HOSTILE_LITERAL):
        response = web.get("/queries/search-labels.json?q=" + quote(value))
        assert response.status_code == 200
        assert response.get_json()["results"]["bindings"] == []
    assert small_app_store.count() == before


def test_unknown_query_is_404(web: FlaskClient) -> None:
    response = web.get("/queries/no-such-query.json")
    assert response.status_code == 404
    assert response.get_json() == {"ok": False, "error": "no named query 'no-such-query'", "status": 404}
    assert web.get("/queries/no-such-query").status_code == 404
    assert web.get("/queries/no-such-query.csv").status_code == 404


@pytest.fixture()
def real_web(real_store: OxigraphStore, tmp_path: Path) -> Iterator[FlaskClient]:
    """A test client of the app over the real build."""
    yield app_for(real_store, tmp_path / "dist", "test").test_client()


@pytest.mark.parametrize("name", [q.name for q in queries.list_queries()])
def test_every_query_page_renders_on_the_real_build(real_web: FlaskClient, name: str) -> None:
    page = real_web.get(f"/queries/{name}")
    assert page.status_code == 200
    data = real_web.get(f"/queries/{name}.json").get_json()
    assert data["ok"] is True and data["results"]["bindings"]
    assert real_web.get(f"/queries/{name}.csv").status_code == 200


def test_presenters_page_links_people_and_names_the_nominator(real_web: FlaskClient) -> None:
    text = real_web.get("/queries/meeting-presentations?meeting=iag-2024-01").get_data(as_text=True)
    assert 'href="/page/person/douglas-miano"' in text
    assert 'href="/page/organisation/party-kenya"' in text
    assert "Tim Hirsch" in text


def test_results_page_reads_as_people_read(real_web: FlaskClient) -> None:
    """Human headers, one row per fact with its sources (fewer rows than the JSON's per-source bindings when a
    fact has several), the parameter chosen from a datalist of labelled entities, the bound value by its label."""
    page = real_web.get("/queries/topic-positions").get_data(as_text=True)
    results = page.split("<table")[1].split("</table>")[0]
    assert "<th>Holder</th>" in results and "<th>Stance</th>" in results and "holderName" not in results
    assert '<datalist id="choices-topic">' in page and '<option value="cali-fund-topic">Cali Fund</option>' in page
    assert 'list="choices-topic"' in page
    assert "With topic = <a " in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    bindings = real_web.get("/queries/topic-positions.json").get_json()["results"]["bindings"]
    facts = {tuple(sorted((k, v["value"]) for k, v in b.items() if k != "source")) for b in bindings}
    assert rows == len(facts) <= len(bindings)
