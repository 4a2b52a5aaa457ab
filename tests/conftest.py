"""Shared fixtures: settings, a real build of the project's graph (built once per session), stores and apps."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsi_graph.config import PROJECT_ROOT, Settings

pytest_plugins = ["fixtures_build", "fixtures_server", "fixtures_web", "engines"]

TESTS_DIR = Path(__file__).resolve().parent
TEST_DATA = TESTS_DIR / "data"


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Settings with a private build directory."""
    return Settings.from_env({}, build_dir=str(tmp_path / "dist"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root."""
    return PROJECT_ROOT
