"""Shared parts of the property-based tests (hypothesis): one modest profile and an app over the mini graph.

Each property runs ``max_examples`` (100) generated inputs, no deadline (the machine may be busy: speed belongs
in the benchmark) and no example database on disk (runs are independent).
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from dsi_graph.config import Settings
from dsi_graph.stores.oxigraph import OxigraphStore
from dsi_graph.web.app import create_app

MINI = Path(__file__).resolve().parent / "data" / "mini.trig"
MAX_EXAMPLES = 100
PROFILE = settings(
    max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text that reaches the interesting characters often: separators of headers and query strings, escapes, controls.
SEPARATORS = st.sampled_from(list(",;=&%+/*?# \t\r\n\"'<>{}\\\x00\x7f\u00e9\u2028\ud7ff\ufffd"))
# No lone surrogates (category Cs): HTTP cannot carry them; undecodable bytes are generated as bytes instead.
TEXT = st.text(st.one_of(st.characters(exclude_categories=("Cs",)), SEPARATORS), max_size=200)


@functools.cache
def mini_app() -> Flask:
    """One app over ``tests/data/mini.trig`` for all the HTTP properties (read-only: never mutate its store)."""
    store = OxigraphStore()
    store.load(str(MINI))
    build_dir = Path(tempfile.mkdtemp(prefix="dsi-graph-properties-")) / "dist"
    app = create_app(Settings.from_env({}, build_dir=str(build_dir), cache_size=0), store=store,
                     build_info={"build_id": "properties"})
    app.config["TESTING"] = True
    return app
