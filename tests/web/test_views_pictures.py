"""Timeline filters, the SPARQL editor page and its error envelope (Flask client over the real build; the mini
graph for the error envelope). The chart panels have their routes: tests/web/test_views_panels.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_web import app_for
from flask.testing import FlaskClient

from dsi_graph.rdf.namespaces import PREFIXES
from dsi_graph.stores.oxigraph import OxigraphStore


@pytest.fixture()
def real_client(real_store: OxigraphStore, real_build: Path) -> Iterator[FlaskClient]:
    yield app_for(real_store, real_build).test_client()


def test_timeline_filters_as_parameters_with_a_json_twin(real_client: FlaskClient) -> None:
    data = real_client.get("/timeline.json?formal=informal&year=2024").get_json()
    assert data["ok"] and data["filters"] == {"formal": ["informal"], "year": ["2024"]}
    assert data["count"] > 0 and all(e["formal"] is False and e["sort"].startswith("2024") for e in data["events"])
    html = real_client.get("/timeline?formal=informal&year=2024")
    assert html.status_code == 200 and b'<option value="informal" selected>' in html.data
    assert b'href="/timeline.json?formal=informal&amp;year=2024"' in html.data
    assert b'class="what kind-Webinar informal"' in html.data  # badge by kind


@pytest.mark.parametrize("path", ["/timeline.json?formal=sometimes", "/timeline.json?colour=red",
                                  "/timeline.json?series=nothing"])
def test_bad_timeline_filter_is_a_400_envelope(real_client: FlaskClient, path: str) -> None:
    response = real_client.get(path)
    body = response.get_json()
    assert response.status_code == 400 and body["ok"] is False and body["status"] == 400 and body["allowed"]
    page = real_client.get(path.replace(".json", ""))
    assert page.status_code == 400 and b'role="alert"' in page.data


def test_sparql_error_envelope_has_line_column_hint_and_detail(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT ?n WHERE {\n ?m schema:name ?n }"})
    body = response.get_json()
    assert response.status_code == 400 and body["ok"] is False
    assert body["error"] == "query syntax error: undeclared prefix 'schema:' at line 2, column 5"
    assert body["hint"] == f"Add the line: PREFIX schema: <{PREFIXES['schema']}>" and body["prefix"] == "schema"
    assert "expected" in body["detail"]
    broken = client.post("/sparql", data={"query": "SELECT * WHERE {\n ?s ?p ?o"}).get_json()
    assert broken["line"] == 2 and broken["column"] > 0 and "u{" not in broken["error"] + broken["hint"]


def test_sparql_editor_inside_the_layout_with_default_query_and_examples(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html"})
    html = response.data.decode()
    assert response.status_code == 200 and '<header class="site">' in html and "yasgui.min.js" in html
    assert "dsi:FormalMeeting" in html and "dsi:adoptedAt" in html  # the default query
    assert 'href="/queries/timeline"' in html and '<textarea id="plain-query" name="query"' in html
