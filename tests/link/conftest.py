"""Fixtures of the link tests: a recogniser over the real build, and apps (which register the link blueprint)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_web import app_for
from flask import Flask
from flask.testing import FlaskClient

from dsi_graph.link.recognise import Recogniser

LINK_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def link_recogniser(real_store) -> Recogniser:
    """A recogniser over the real build of the project's data (built once per session)."""
    return Recogniser.from_store(real_store)


@pytest.fixture()
def link_client(app: Flask) -> FlaskClient:
    """A test client of the mini-graph app (``tests/fixtures_web.py``) (the app registers the link blueprint itself)."""
    return app.test_client()


@pytest.fixture()
def real_app(real_store, tmp_path: Path) -> Iterator[Flask]:
    """The app over the real build, (the app registers the link blueprint itself)."""
    yield app_for(real_store, tmp_path / "dist")


@pytest.fixture()
def real_client(real_app: Flask) -> FlaskClient:
    """A test client of :func:`real_app`."""
    return real_app.test_client()
