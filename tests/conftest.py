"""Shared fixtures: settings, a real build of the project's graph (built once per session), stores, apps, a CLI
runner; and the ``external`` marker, applied to every test that needs an engine or a browser outside Python.

``pytest -m "not external"`` runs the suite without Virtuoso, ``oxigraph serve`` or chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dsi_graph.config import PROJECT_ROOT, Settings

pytest_plugins = ["fixtures_build", "fixtures_server", "fixtures_web", "fixtures_browser", "engines"]

TESTS_DIR = Path(__file__).resolve().parent
TEST_DATA = TESTS_DIR / "data"

#: fixtures that start a program outside Python besides the engines of ``engines.py``: a test asking for one is external
BROWSER_FIXTURES = frozenset({"browser_page"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``external`` every test that asks for an engine or browser fixture, or is marked ``browser``.

    Tests that reach an engine through ``request.getfixturevalue`` carry the marker on their parameter
    (``pytest.param(..., marks=pytest.mark.external)``); the engine fixtures refuse to start for a test without it.
    """
    import engines  # a plugin (pytest_plugins): imported after pytest registered it, so its asserts are rewritten

    external = BROWSER_FIXTURES | set(engines.ENGINE_FIXTURES)
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & external or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.external)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tell the engine fixtures whether the test being set up is marked ``external``."""
    import engines

    engines.CURRENT_TEST_IS_EXTERNAL = item.get_closest_marker("external") is not None


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Settings with a private build directory."""
    return Settings.from_env({}, build_dir=str(tmp_path / "dist"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root."""
    return PROJECT_ROOT


@pytest.fixture()
def runner() -> CliRunner:
    """click's CliRunner for the ``dsi-graph`` commands in-process (``runner.invoke(cli, [...])``)."""
    return CliRunner()
