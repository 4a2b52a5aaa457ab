"""Settings come from DSI_GRAPH_* variables with typed defaults; the IRI helpers follow the slug rules."""

import pytest

from dsi_graph.config import SETTINGS, Settings
from dsi_graph.rdf import uris


def test_defaults_and_env_override():
    settings = Settings.from_env({"DSI_GRAPH_MAX_ROWS": "5", "DSI_GRAPH_ALLOW_SERVICE": "yes"})
    assert settings.max_rows == 5 and settings.allow_service is True
    assert settings.base_iri == "https://w3id.org/dsi-graph/"
    assert {s.name for s in SETTINGS} == set(Settings().as_dict())


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="end with '/'"):
        Settings.from_env({"DSI_GRAPH_BASE_IRI": "http://x.org/base"})
    with pytest.raises(ValueError, match="oxigraph, memory or remote"):
        Settings.from_env({"DSI_GRAPH_STORE": "postgres"})


@pytest.mark.parametrize(
    "text,slug",
    [("Tim Hirsch", "tim-hirsch"), ("CBD/WGDSI/1/2", "cbd-wgdsi-1-2"), ("Daphne Yong-d'Hervé", "daphne-yong-d-herve")],
)
def test_slugify(text, slug):
    assert uris.slugify(text) == slug


def test_entity_iri_round_trip():
    iri = uris.entity_iri("person", "tim-hirsch", "http://localhost:8080/")
    assert iri == "http://localhost:8080/id/person/tim-hirsch"
    assert uris.parse_entity_iri(iri, "http://localhost:8080/") == ("person", "tim-hirsch")
    assert uris.iri_to_path(iri, "http://localhost:8080/") == "/id/person/tim-hirsch"
    with pytest.raises(uris.IRIError):
        uris.entity_iri("person", "Tim Hirsch")
    with pytest.raises(uris.IRIError):
        uris.entity_iri("people", "tim-hirsch")
