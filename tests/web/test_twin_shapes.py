"""The JSON twins hold the documented shapes of dsi_graph.read.models: every key documented, every required key sent."""

from __future__ import annotations

from typing import get_type_hints

import pytest
from flask.testing import FlaskClient

from dsi_graph.read import models


def _fits(data: dict, shape: type) -> None:
    known = set(get_type_hints(shape))
    assert set(data) <= known, f"{shape.__name__}: undocumented keys {sorted(set(data) - known)}"
    missing = shape.__required_keys__ - set(data)
    assert not missing, f"{shape.__name__}: missing {sorted(missing)}"


@pytest.mark.parametrize("path", ["/page/meeting/iag-2024-01.json", "/page/person/tim-hirsch.json"])
def test_entity_twin(client: FlaskClient, path: str) -> None:
    data = client.get(path).get_json()
    data.pop("ok")
    _fits(data, models.Entity)
    for prop in data["properties"]:
        _fits(prop, models.Property)
        for value in prop["values"]:
            _fits(value, models.Value)
            _fits(value["term"], models.TermView)
    for group in data["incoming"]:
        _fits(group, models.IncomingGroup)
    for section in data["sections"]:
        _fits(section, models.Section)


def test_dataset_twins(client: FlaskClient) -> None:
    home = client.get("/index.json").get_json()
    home.pop("ok")
    _fits(home, models.DatasetIndex)
    for entry in home["classes"]:
        _fits(entry, models.ClassCount)
    for event in client.get("/timeline.json").get_json()["events"]:
        _fits(event, models.TimelineEvent)
    for source in client.get("/sources.json").get_json()["sources"]:
        _fits(source, models.SourceEntry)
    ontology = client.get("/def/index.json").get_json()
    for term in ontology["classes"] + ontology["properties"]:
        _fits(term, models.OntologyTerm)


def test_query_twin_is_sparql_results_json(client: FlaskClient) -> None:
    data = client.get("/queries/timeline.json").get_json()
    _fits({k: data[k] for k in ("head", "results")}, models.ResultsJson)
