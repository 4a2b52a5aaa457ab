"""Fixtures of the build part (loaded by tests/conftest.py): a real build of the project data, made once."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dsi_graph.build import pipeline
from dsi_graph.build.converter import DataError
from dsi_graph.config import PROJECT_ROOT, Settings
from dsi_graph.stores.oxigraph import OxigraphStore

BUILD_DATA = Path(__file__).resolve().parent / "data" / "build"
MEETING = "https://w3id.org/dsi-graph/id/meeting/iag-2024-01"
OLD_LABEL, NEW_LABEL = "Informal Advisory Group meeting, 23 January 2024", "IAG meeting of 23 January 2024"


def fixture_settings(tmp_path: Path, data: str = "ok", **changes) -> Settings:
    """Settings over a fixture data folder of ``tests/data/build``, the test shapes, checks and rule."""
    values = {
        "data_dir": str(BUILD_DATA / data),
        "shapes_dir": str(BUILD_DATA / "shapes"),
        "queries_dir": str(BUILD_DATA / "queries"),
        "build_dir": str(tmp_path / "dist"),
        **changes,
    }
    return Settings.from_env({}, **values)


@pytest.fixture()
def build_settings(tmp_path: Path) -> Callable[..., Settings]:
    """A factory of settings over the build fixtures (``build_settings("violating")``)."""

    def make(data: str = "ok", **changes) -> Settings:
        return fixture_settings(tmp_path, data, **changes)

    return make


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the project's own data/, ontology, shapes and queries, made once per test session."""
    data = PROJECT_ROOT / "data"
    if not any(data.glob("*.yaml")):
        pytest.skip("data/ has no YAML files yet")
    out = tmp_path_factory.mktemp("real") / "dist"
    try:
        pipeline.build(Settings.from_env({}), out)
    except DataError as error:
        pytest.fail(f"the project data does not build:\n{error}", pytrace=False)
    except pipeline.BuildFailed as error:
        pytest.fail(f"the project data does not validate:\n{error.report.text()}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def real_store(real_build: Path) -> Iterator[OxigraphStore]:
    """An in-memory Oxigraph store loaded from the real build's N-Quads."""
    store = OxigraphStore()
    store.load(str(real_build / "dsi-graph.nq"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The fixture data built, kept as ``first``, then a renamed meeting built over it in the same folder."""
    root = tmp_path_factory.mktemp("diff")
    out, first = root / "dist", root / "first"
    pipeline.build(fixture_settings(root), out)
    shutil.copytree(out, first, ignore=shutil.ignore_patterns("store"))
    data = root / "data"
    shutil.copytree(BUILD_DATA / "ok", data)
    records = data / "records.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace(OLD_LABEL, NEW_LABEL), encoding="utf-8")
    result = pipeline.build(fixture_settings(root, data=str(data)), out)
    return {"out": out, "first": first, "data": data, "root": root, "result": result}
