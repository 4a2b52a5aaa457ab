"""Helpers every view uses: the app's store, settings and build info, and the JSON error envelope."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify

from dsi_graph.config import Settings
from dsi_graph.stores.base import GraphStore


def current_store() -> GraphStore:
    """The store the app was created with."""
    return current_app.extensions["dsi_store"]


def current_settings() -> Settings:
    """The settings the app was created with."""
    return current_app.extensions["dsi_settings"]


def build_info() -> dict[str, Any]:
    """The build's description (``build.json``: build id, time, counts); empty for a bare RDF dump."""
    return current_app.extensions.get("dsi_build", {})


def json_error(status: int, message: str, **extra: Any):
    """The one error envelope: ``{"ok": false, "error": ..., "status": ...}``."""
    response = jsonify({"ok": False, "error": message, "status": status, **extra})
    response.status_code = status
    return response
