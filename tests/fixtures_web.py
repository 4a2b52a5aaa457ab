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


def app_for(store: OxigraphStore, build_dir: Path | str, build_id: str = "test-build") -> Flask:
    """The app over ``store`` with the build folder ``build_dir``, no response cache, in testing mode."""
    settings = Settings.from_env({}, build_dir=str(build_dir), cache_size=0)
    application = create_app(settings, store=store, build_info={"build_id": build_id})
    application.config["TESTING"] = True
    return application


@pytest.fixture(scope="session")
def mini_store() -> OxigraphStore:
    """A pyoxigraph store loaded with ``tests/data/mini.trig`` (read-only by convention: never mutate it)."""
    store = OxigraphStore()
    store.load(str(MINI))
    return store


@pytest.fixture()
def app(mini_store: OxigraphStore, tmp_path: Path) -> Iterator[Flask]:
    """The app over the mini store, with an empty build folder and no response cache."""
    yield app_for(mini_store, tmp_path / "dist")


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client of :func:`app`."""
    return app.test_client()
