"""Helpers every view uses: the app's store, settings and build info, and the JSON error envelope.

When the server watches its build folder (:mod:`dsi_graph.web.reload`), the store, the build info and the
per-build cache are those of the build the current request started on.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, has_app_context, jsonify

from dsi_graph.config import Settings
from dsi_graph.stores.base import GraphStore


def _generation() -> Any:
    """The build of the current request, else the watcher's current build; None when nothing watches a build."""
    generation = g.get("dsi_generation") if has_app_context() else None
    if generation is None:
        watcher = current_app.extensions.get("dsi_watcher")
        generation = watcher.current() if watcher is not None else None
    return generation


def current_store() -> GraphStore:
    """The store of the served build (the one the app was created with, unless a new build was swapped in)."""
    generation = _generation()
    return generation.store if generation is not None else current_app.extensions["dsi_store"]


def build_cache() -> dict[str, Any]:
    """Where things computed from the served build are kept (response cache, validators, recogniser, index)."""
    generation = _generation()
    return generation.cache if generation is not None else current_app.extensions


def loaded_at() -> str | None:
    """When this process loaded the served build (ISO 8601, UTC)."""
    generation = _generation()
    return generation.loaded_at if generation is not None else current_app.extensions.get("dsi_loaded_at")


def current_settings() -> Settings:
    """The settings the app was created with."""
    return current_app.extensions["dsi_settings"]


def build_info() -> dict[str, Any]:
    """The build's description (``build.json``: build id, time, counts); empty for a bare RDF dump."""
    generation = _generation()
    return generation.info if generation is not None else current_app.extensions.get("dsi_build", {})


def json_error(status: int, message: str, **extra: Any):
    """The one error envelope: ``{"ok": false, "error": ..., "status": ...}``."""
    response = jsonify({"ok": False, "error": message, "status": status, **extra})
    response.status_code = status
    return response
