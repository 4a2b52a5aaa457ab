"""Request limits, each a setting, each answered in the error envelope: body (413), URL (414), /annotate text
(413), result rows (the cut is signalled); Retry-After on 503. Through the test client and one live server."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from fixtures_server import PROTOCOL_DATA, run_server
from flask import Flask
from flask.testing import FlaskClient

from dsi_graph.config import Settings
from dsi_graph.stores.oxigraph import OxigraphStore
from dsi_graph.web.app import create_app

SELECT = "SELECT * WHERE { ?s ?p ?o }"


def _envelope(response, status: int) -> dict:
    assert response.status_code == status
    data = response.get_json() if hasattr(response, "get_json") else response.json()
    assert data["ok"] is False and data["status"] == status and data["error"]
    return data


def _client(store: OxigraphStore, tmp_path: Path, **settings) -> FlaskClient:
    app = create_app(Settings.from_env({}, build_dir=str(tmp_path), cache_size=0, **settings), store=store,
                     build_info={"build_id": "limits"})
    return app.test_client()


def test_the_limits_are_settings_with_the_documented_defaults() -> None:
    settings = Settings.from_env({"DSI_GRAPH_MAX_BODY": "10", "DSI_GRAPH_MAX_URL_LENGTH": "20"})
    assert (settings.max_body, settings.max_url_length) == (10, 20)
    defaults = Settings()
    assert (defaults.max_body, defaults.annotate_max_chars, defaults.retry_after) == (1_048_576, 200_000, 5)


def test_a_body_past_max_body_is_413_before_it_is_read(mini_store, tmp_path) -> None:
    client = _client(mini_store, tmp_path, max_body=100)
    seen: list[int] = []
    client.application.before_request(lambda: seen.append(1))  # after the limit check: not reached on 413
    big = "SELECT * WHERE { ?s ?p ?o } " + "#" * 200
    response = client.post("/sparql", data=big, content_type="application/sparql-query")
    data = _envelope(response, 413)
    assert "100" in data["error"] and seen == []
    small = client.post("/sparql", data=SELECT, content_type="application/sparql-query")
    assert small.status_code == 200


def test_a_url_past_max_url_length_is_414(mini_store, tmp_path) -> None:
    client = _client(mini_store, tmp_path, max_url_length=200)
    long_query = SELECT + " #" + "x" * 300
    data = _envelope(client.get("/sparql", query_string={"query": long_query}), 414)
    assert "200" in data["error"]
    _envelope(client.get("/search.json?q=" + "a" * 300), 414)
    assert client.get("/sparql", query_string={"query": SELECT}).status_code == 200


def test_a_long_url_is_414_in_html_for_browsers(mini_store, tmp_path) -> None:
    client = _client(mini_store, tmp_path, max_url_length=50)
    response = client.get("/timeline?x=" + "a" * 100, headers={"Accept": "text/html"})
    assert response.status_code == 414 and response.mimetype == "text/html"


def test_annotate_reads_at_most_the_setting(mini_store, tmp_path) -> None:
    client = _client(mini_store, tmp_path, annotate_max_chars=10)
    data = _envelope(client.post("/annotate", data="GBIF and more", content_type="text/plain"), 413)
    assert data["limit"] == 10
    assert client.post("/annotate", data="GBIF", content_type="text/plain").status_code == 200


def test_result_rows_are_cut_at_max_rows(mini_store, tmp_path) -> None:
    client = _client(mini_store, tmp_path, max_rows=2)
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "application/json"})
    assert len(response.get_json()["results"]["bindings"]) == 2
    assert response.headers["X-DSI-Truncated"] and response.headers["X-SPARQL-MaxRows"] == "2"


def test_a_503_carries_retry_after(mini_store, tmp_path) -> None:
    client = _client(mini_store, tmp_path, retry_after=7)
    app: Flask = client.application

    def unavailable():
        return {"ok": False, "error": "busy", "status": 503}, 503

    app.add_url_rule("/busy.json", view_func=unavailable)
    assert client.get("/busy.json").headers["Retry-After"] == "7"
    assert "Retry-After" not in client.get("/health").headers


@pytest.mark.server
def test_limits_on_the_live_server(tmp_path) -> None:
    env = {"DSI_GRAPH_MAX_BODY": "2048", "DSI_GRAPH_MAX_URL_LENGTH": "1024", "DSI_GRAPH_QUERY_TIMEOUT": "5"}
    with run_server([str(PROTOCOL_DATA / "data.trig")], env=env, log_dir=tmp_path) as base:
        url = f"{base}/sparql"
        body = SELECT + " #" + "x" * 1_000_000
        response = requests.post(url, data=body, headers={"Content-Type": "application/sparql-query"}, timeout=30)
        _envelope(response, 413)
        _envelope(requests.get(url, params={"query": SELECT + " #" + "x" * 2000}, timeout=30), 414)
        ok = requests.post(url, data=SELECT, headers={"Content-Type": "application/sparql-query"}, timeout=30)
        assert ok.status_code == 200
