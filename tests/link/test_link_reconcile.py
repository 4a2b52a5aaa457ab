"""/reconcile (Reconciliation Service API 0.2) through the Flask test client of the real app over the real build,
every answer validated against the specification's own JSON schemas (``tests/link/schemas/``)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).resolve().parent / "schemas"
DSI = "https://w3id.org/dsi-graph/def/"
_docs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}
_registry = Registry().with_resources(
    (doc["$id"], Resource.from_contents(doc, default_specification=DRAFT7)) for doc in _docs.values()
)


def valid(schema: str, instance) -> None:
    """Fail with the schema's first complaint when ``instance`` does not validate against ``schema``."""
    errors = sorted(Draft7Validator(_docs[schema], registry=_registry).iter_errors(instance), key=str)
    assert not errors, f"{schema}: {errors[0].message} at {list(errors[0].absolute_path)}"


def batch(client, queries: dict, method: str = "post", **extra):
    valid("reconciliation-query-batch", queries)
    data = {"queries": json.dumps(queries), **extra}
    if method == "post":
        response = client.post("/reconcile", data=data)
    else:
        response = client.get("/reconcile", query_string=data)
    assert response.status_code == 200, response.data
    return response


def test_manifest_validates_and_names_the_services(real_client):
    response = real_client.get("/reconcile")
    assert response.status_code == 200 and response.mimetype == "application/json"
    manifest = response.get_json()
    valid("manifest", manifest)
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == "https://w3id.org/dsi-graph/id/" and manifest["schemaSpace"] == DSI
    assert manifest["view"]["url"] == "http://localhost/id/{{id}}"
    types = {t["id"]: t["name"] for t in manifest["defaultTypes"]}
    assert {DSI + c for c in ("Meeting", "Organisation", "Person", "Decision", "Document")} <= set(types)
    assert set(manifest["suggest"]) == {"entity", "type", "property"}
    assert manifest["extend"]["propose_properties"]["service_path"] == "/reconcile/propose_properties"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_batch_by_form_post_finds_symbols_short_names_acronyms_and_alternative_labels(real_client):
    queries = {"q0": {"query": "CBD/COP/DEC/16/2"}, "q1": {"query": "decision 15/9"}, "q2": {"query": "WGDSI-2"},
               "q3": {"query": "DDBJ"}, "q4": {"query": "DNA Data Bank in Japan"}}
    answer = batch(real_client, queries).get_json()
    valid("reconciliation-result-batch", answer)
    top = {key: answer[key]["result"][0] for key in queries}
    assert [top[k]["id"] for k in sorted(top)] == ["decision/cbd-cop-dec-16-2", "decision/cbd-cop-dec-15-9",
                                                  "meeting/wgdsi-2", "organisation/ddbj", "organisation/ddbj"]
    assert all(t["match"] is True and t["score"] == 100 for t in top.values())
    assert top["q3"]["type"] == [{"id": DSI + "Organisation", "name": "Organisation"}]
    assert top["q0"]["name"].startswith("Decision 16/2") and top["q0"]["description"]


def test_a_misspelling_is_found_but_never_a_certain_match(real_client):
    answer = batch(real_client, {"q0": {"query": "Global Biodiversity Information Facilty"}}).get_json()
    first = answer["q0"]["result"][0]
    assert first["id"] == "organisation/gbif" and first["match"] is False and first["score"] < 95


def test_batch_by_get_with_jsonp_and_limit(real_client):
    response = batch(real_client, {"q0": {"query": "COP 16", "limit": 2}}, method="get", callback="cb.done")
    assert response.mimetype == "application/javascript"
    text = response.get_data(as_text=True)
    assert text.startswith("/**/cb.done(") and text.endswith(");")
    answer = json.loads(text[len("/**/cb.done("):-2])
    valid("reconciliation-result-batch", answer)
    assert len(answer["q0"]["result"]) == 2 and answer["q0"]["result"][0]["id"] == "meeting/cop-16"
    assert real_client.get("/reconcile", query_string={"callback": "alert(1)//"}).status_code == 400


def test_type_picks_among_namesakes(real_client):
    queries = {"org": {"query": "Cali Fund", "type": DSI + "Organisation"},
               "topic": {"query": "Cali Fund", "type": "Topic"}, "untyped": {"query": "Cali Fund"}}
    answer = batch(real_client, queries).get_json()
    valid("reconciliation-result-batch", answer)
    assert answer["org"]["result"][0]["id"] == "organisation/cali-fund" and answer["org"]["result"][0]["match"]
    assert answer["topic"]["result"][0]["id"] == "topic/cali-fund-topic"
    assert all(r["match"] is False for r in answer["untyped"]["result"])  # two entities named alike: not certain
    assert all(r["id"].startswith("organisation/") for r in answer["org"]["result"])


def test_properties_break_ties_and_can_match_alone(real_client):
    queries = {
        "plain": {"query": "Tim", "type": "Person"},
        "gbif": {"query": "Tim", "type": "Person", "properties": [{"pid": "affiliation", "v": "GBIF"}]},
        "by-id": {"query": "Tim", "type": "Person",
                  "properties": [{"pid": "http://schema.org/affiliation", "v": {"id": "organisation/gbif"}}]},
        "country": {"query": "COP 16", "properties": [{"pid": "country", "v": "Colombia"}]},
        "wrong": {"query": "COP 16", "properties": [{"pid": "country", "v": "Canada"}]},
        "date": {"query": "COP 16", "properties": [{"pid": "date", "v": "2024"}]},
        "meeting": {"query": "Decision 16/2", "properties": [{"pid": "meeting", "v": "COP 16"}]},
    }
    answer = batch(real_client, queries).get_json()
    valid("reconciliation-result-batch", answer)
    plain = answer["plain"]["result"]
    assert plain[0]["score"] == plain[1]["score"]  # Tim Hirsch and Tim Hodges, alike by name
    for key in ("gbif", "by-id"):
        first, second = answer[key]["result"][:2]
        assert first["id"] == "person/tim-hirsch" and first["score"] > second["score"]
    assert answer["country"]["result"][0]["match"] is True and answer["date"]["result"][0]["match"] is True
    assert answer["wrong"]["result"][0]["id"] == "meeting/cop-16" and answer["wrong"]["result"][0]["match"] is False
    assert answer["meeting"]["result"][0]["id"] == "decision/cbd-cop-dec-16-2"


def test_suggest_services_validate(real_client):
    entity = real_client.get("/reconcile/suggest/entity", query_string={"prefix": "gbi"}).get_json()
    valid("suggest-entities-response", entity)
    assert entity["result"][0]["id"] == "organisation/gbif"
    assert all(not r["id"].startswith("source/") for r in entity["result"])
    people = real_client.get("/reconcile/suggest/entity", query_string={"prefix": "tim", "type": "Person"}).get_json()
    assert {r["id"] for r in people["result"]} >= {"person/tim-hirsch", "person/tim-hodges"}
    types = real_client.get("/reconcile/suggest/type", query_string={"prefix": "meet"}).get_json()
    valid("suggest-types-response", types)
    assert types["result"][0]["id"] == DSI + "Meeting"
    props = real_client.get("/reconcile/suggest/property", query_string={"prefix": "affil", "type": "Person"})
    valid("suggest-properties-response", props.get_json())
    assert props.get_json()["result"] == [{"id": "http://schema.org/affiliation", "name": "affiliation"}]


def test_preview_is_html_and_unknown_ids_are_404(real_client):
    response = real_client.get("/reconcile/preview", query_string={"id": "organisation/ddbj"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert b"DNA Data Bank of Japan" in response.data
    assert b'href="http://localhost/id/organisation/ddbj"' in response.data
    missing = real_client.get("/reconcile/preview", query_string={"id": "organisation/nothing-here"})
    assert missing.status_code == 404 and missing.get_json()["ok"] is False


def test_property_proposals_and_extension_validate(real_client):
    proposal = real_client.get("/reconcile/propose_properties", query_string={"type": DSI + "Person", "limit": 5})
    valid("data-extension-property-proposal", proposal.get_json())
    assert "http://schema.org/affiliation" in {p["id"] for p in proposal.get_json()["properties"]}
    query = {"ids": ["meeting/cop-16", "person/tim-hirsch", "meeting/nothing-here"],
             "properties": [{"id": "http://schema.org/startDate"}, {"id": "country"}, {"id": "affiliation"}]}
    valid("data-extension-query", query)
    answer = real_client.post("/reconcile", data={"extend": json.dumps(query)}).get_json()
    valid("data-extension-response", answer)
    assert answer["rows"]["meeting/cop-16"]["http://schema.org/startDate"] == [{"date": "2024-10-21T00:00:00Z"}]
    assert answer["rows"]["meeting/cop-16"]["country"] == [{"str": "Colombia"}]
    assert answer["rows"]["person/tim-hirsch"]["affiliation"][0]["id"] == "organisation/gbif"
    assert answer["rows"]["meeting/nothing-here"] == {"http://schema.org/startDate": [], "country": [],
                                                      "affiliation": []}


@pytest.mark.parametrize("data", [{"queries": "not json"}, {"queries": "[1]"}, {"extend": "{}"}])
def test_malformed_requests_are_400_envelopes(real_client, data):
    response = real_client.post("/reconcile", data=data)
    assert response.status_code == 400 and response.get_json()["ok"] is False


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_openrefine_session(real_client):
    """The calls OpenRefine makes, in its order, each URL taken from the manifest as OpenRefine does."""
    manifest = real_client.get("/reconcile").get_json()
    # 1. type guessing: a sample of the column, no type, limit 3 (OpenRefine's "reconcile against no particular type")
    sample = {f"q{i}": {"query": q, "limit": 3} for i, q in enumerate(["Kenya", "Norway", "Brasil"])}
    guessed = batch(real_client, sample).get_json()
    valid("reconciliation-result-batch", guessed)
    assert {t["id"] for r in guessed.values() for t in r["result"][0]["type"]} == {DSI + "Organisation"}
    # 2. the user picks a type through the type suggest service
    suggest = manifest["suggest"]["type"]
    types = real_client.get(_path(suggest["service_url"] + suggest["service_path"]), query_string={"prefix": "organ"})
    chosen = types.get_json()["result"][0]["id"]
    assert chosen == DSI + "Organisation"
    # 3. reconciliation in batches with type_strict and a property column
    rows = {"q0": {"query": "Republic of Kenya", "type": chosen, "type_strict": "should", "limit": 5},
            "q1": {"query": "GBIF", "type": chosen, "type_strict": "should", "limit": 5,
                   "properties": [{"pid": "acronym", "v": "GBIF"}]}}
    result = batch(real_client, rows).get_json()
    valid("reconciliation-result-batch", result)
    assert result["q0"]["result"][0]["id"] == "organisation/party-kenya" and result["q0"]["result"][0]["match"] is False
    assert result["q1"]["result"][0]["match"] is True
    # 4. the preview of a candidate in its pop-up, by the manifest's template
    preview = manifest["preview"]["url"].replace("{{id}}", result["q0"]["result"][0]["id"])
    assert b"Kenya" in real_client.get(_path(preview)).data
    # 5. the view link of a matched cell dereferences to the entity
    view = manifest["view"]["url"].replace("{{id}}", result["q1"]["result"][0]["id"])
    assert real_client.get(_path(view), headers={"Accept": "text/html"}).status_code == 303
    # 6. "add columns from reconciled values": property proposals, then extension
    propose = manifest["extend"]["propose_properties"]
    proposed = real_client.get(_path(propose["service_url"] + propose["service_path"]),
                               query_string={"type": chosen}).get_json()
    valid("data-extension-property-proposal", proposed)
    ids = [r["result"][0]["id"] for r in result.values()]
    extend = {"ids": ids, "properties": [{"id": p["id"]} for p in proposed["properties"][:3]]}
    extended = real_client.post("/reconcile", data={"extend": json.dumps(extend)}).get_json()
    valid("data-extension-response", extended)
    assert set(extended["rows"]) == set(ids) and len(extended["meta"]) == 3
