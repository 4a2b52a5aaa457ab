"""/resolve and /annotate through the Flask test client of the real app factory."""

from __future__ import annotations

from dsi_graph.config import Settings

JSON = {"Accept": "application/json"}


def test_resolve_redirects_a_citation_to_the_entity(link_client):
    response = link_client.get("/resolve", query_string={"ref": "decision 16/2"}, headers=JSON)
    assert response.status_code == 303
    assert response.headers["Location"] == "/id/decision/cbd-cop-dec-16-2"
    body = response.get_json()
    assert body["ok"] is True and body["ref"] == "decision 16/2"
    assert body["candidates"][0]["iri"] == "https://w3id.org/dsi-graph/id/decision/cbd-cop-dec-16-2"


def test_resolve_redirects_a_meeting_code_and_a_name(link_client):
    assert link_client.get("/resolve?ref=COP-16").headers["Location"] == "/id/meeting/cop-16"
    response = link_client.get("/resolve", query_string={"ref": "Tim Hirsh"})
    assert (response.status_code, response.headers["Location"]) == (303, "/id/person/tim-hirsch")
    assert response.mimetype == "text/html" and b"Tim Hirsch" in response.data


def test_resolve_lists_candidates_of_an_ambiguous_name_with_300(real_client):
    response = real_client.get("/resolve", query_string={"ref": "Informal Advisory Group meeting"}, headers=JSON)
    assert response.status_code == 300
    body = response.get_json()
    assert len(body["candidates"]) == 6
    assert {c["path"] for c in body["candidates"]} >= {"/id/meeting/iag-2024-01", "/id/meeting/iag-2024-06"}
    html = real_client.get("/resolve", query_string={"ref": "Informal Advisory Group meeting"})
    assert html.status_code == 300 and b'href="/id/meeting/iag-2024-03"' in html.data


def test_resolve_answers_404_with_suggestions(real_client):
    response = real_client.get("/resolve", query_string={"ref": "decision 16/9"}, headers=JSON)
    assert response.status_code == 404
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 404 and body["citation"]["kind"] == "decision"
    assert "/id/decision/cbd-cop-dec-16-2" in [c["path"] for c in body["candidates"]]
    assert real_client.get("/resolve", query_string={"ref": "decision 16/9"}).status_code == 404


def test_resolve_without_a_reference_is_a_400_envelope(link_client):
    response = link_client.get("/resolve", headers=JSON)
    assert response.status_code == 400 and response.get_json()["ok"] is False


def test_annotate_plain_text(link_client):
    text = "Tim Hirsh of GBIF spoke on decision 16/2 at COP 16."
    response = link_client.post("/annotate", data=text.encode(), content_type="text/plain; charset=utf-8")
    assert response.status_code == 200
    annotations = response.get_json()["annotations"]
    assert [a["text"] for a in annotations] == ["Tim Hirsh", "GBIF", "decision 16/2", "COP 16"]
    assert all(text[a["start"] : a["end"]] == a["text"] for a in annotations)
    assert annotations[0]["iri"] == "https://w3id.org/dsi-graph/id/person/tim-hirsch"
    assert annotations[0]["label"] == "Tim Hirsch" and annotations[0]["kind"] == "person"


def test_annotate_form_field(link_client):
    response = link_client.post("/annotate", data={"text": "the Global Biodiversity Information Facility"})
    [annotation] = response.get_json()["annotations"]
    assert annotation["iri"].endswith("/organisation/gbif")


def test_annotate_refuses_a_text_over_the_limit_with_413(link_client):
    response = link_client.post("/annotate", data="x" * (Settings().annotate_max_chars + 1), content_type="text/plain")
    assert response.status_code == 413
    body = response.get_json()
    assert (body["ok"], body["status"]) == (False, 413) and "error" in body


def test_the_recogniser_is_built_once_per_app(link_client, app):
    link_client.post("/annotate", data="GBIF", content_type="text/plain")
    first = app.extensions["dsi_recogniser"]
    link_client.post("/annotate", data="GBIF", content_type="text/plain")
    assert app.extensions["dsi_recogniser"] is first
