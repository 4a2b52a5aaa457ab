"""Blueprint `entities` (placeholder until its routes land)."""

from flask import Blueprint

bp = Blueprint("entities", __name__)
