"""Blueprint `dataset` (placeholder until its routes land)."""

from flask import Blueprint

bp = Blueprint("dataset", __name__)
