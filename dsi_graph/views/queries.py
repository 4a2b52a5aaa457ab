"""Blueprint `queries` (placeholder until its routes land)."""

from flask import Blueprint

bp = Blueprint("queries", __name__)
