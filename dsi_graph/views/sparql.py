"""Blueprint `sparql` (placeholder until its routes land)."""

from flask import Blueprint

bp = Blueprint("sparql", __name__)
