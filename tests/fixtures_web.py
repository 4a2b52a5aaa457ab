"""Fixtures of the web part (loaded by tests/conftest.py): the mini graph, an app over it, its test client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from dsi_graph.config import Settings
from dsi_graph.stores.oxigraph import OxigraphStore
from dsi_graph.web.app import create_app

MINI = Path(__file__).resolve().parent / "data" / "mini.trig"
BASE = "https://w3id.org/dsi-graph/"


@pytest.fixture(scope="session")
def mini_store() -> OxigraphStore:
    """A pyoxigraph store loaded with ``tests/data/mini.trig`` (read-only by convention: never mutate it)."""
    store = OxigraphStore()
    store.load(str(MINI))
    return store


@pytest.fixture()
def app(mini_store: OxigraphStore, tmp_path: Path) -> Iterator[Flask]:
    """The app over the mini store, with an empty build folder and no response cache."""
    settings = Settings.from_env({}, build_dir=str(tmp_path / "dist"), cache_size=0)
    application = create_app(settings, store=mini_store, build_info={"build_id": "test-build"})
    application.config["TESTING"] = True
    yield application


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client of :func:`app`."""
    return app.test_client()
