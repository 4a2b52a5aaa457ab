"""Blueprint `search` (placeholder until its routes land)."""

from flask import Blueprint

bp = Blueprint("search", __name__)
