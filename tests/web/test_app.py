"""The app factory's app-wide parts: the JSON error envelope on every route, CORS set in one place."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

JSON = {"Accept": "application/json"}


def _envelope(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["ok"] is False and data["status"] == status and data["error"]
    return data


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("GET", "/no/such/page.json", {}, 404),
        ("GET", "/no/such/page", JSON, 404),
        ("GET", "/page/meeting/bad%20slug.json", {}, 404),
        ("POST", "/search.json?q=x", {}, 405),
        ("DELETE", "/timeline.json", {}, 405),
        ("GET", "/search.json?q=x&limit=x", {}, 400),
    ],
)
def test_errors_answer_in_the_envelope_for_json_clients(
    client: FlaskClient, method: str, path: str, headers: dict, status: int
) -> None:
    response = client.open(path, method=method, headers=headers)
    _envelope(response, status)
    if status == 405:
        assert "GET" in response.headers["Allow"]


def test_errors_stay_html_for_browsers(client: FlaskClient) -> None:
    response = client.get("/no/such/page", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_a_body_past_the_limit_is_413_in_the_envelope(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 64
    response = app.test_client().post("/sparql", data="SELECT * WHERE { ?s ?p ?o } " * 10,
                                      content_type="application/sparql-query")
    _envelope(response, 413)


def test_an_unhandled_error_is_500_in_the_envelope(app: Flask) -> None:
    def boom() -> str:
        raise RuntimeError("secret detail")

    app.add_url_rule("/boom.json", view_func=boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    data = _envelope(app.test_client().get("/boom.json"), 500)
    assert "secret" not in data["error"]


@pytest.mark.parametrize("path", ["/search.json?q=hirsch", "/data/person/tim-hirsch.ttl", "/void", "/sparql"])
def test_cors_on_the_endpoint_documents_and_suggestions(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Origin": "https://example.net", "Accept": "text/turtle"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-DSI-Truncated" in response.headers["Access-Control-Expose-Headers"]


def test_cors_preflight_and_none_on_pages(client: FlaskClient) -> None:
    preflight = client.options("/sparql", headers={"Origin": "https://example.net",
                                                   "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "Content-Type"
    assert "Access-Control-Allow-Origin" not in client.get("/timeline").headers
