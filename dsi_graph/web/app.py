"""The Flask application factory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask

from dsi_graph.config import Settings
from dsi_graph.stores import open_store
from dsi_graph.stores.base import GraphStore


def read_build_info(build_dir: str | Path) -> dict[str, Any]:
    """Read ``build.json`` of a build (empty dict when there is none)."""
    path = Path(build_dir) / "build.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def create_app(
    settings: Settings | None = None,
    store: GraphStore | None = None,
    build_info: dict[str, Any] | None = None,
) -> Flask:
    """Build the app over ``store`` (default: the store that ``settings`` name over the build)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.json.sort_keys = False
    if store is None:
        store = open_store(settings)
    app.extensions["dsi_settings"] = settings
    app.extensions["dsi_store"] = store
    app.extensions["dsi_build"] = (
        build_info if build_info is not None else read_build_info(settings.build_dir)
    )

    from dsi_graph.web.views import dataset, entities, queries, search, sparql

    for module in (sparql, entities, search, queries, dataset):
        app.register_blueprint(module.bp)
    return app
