"""The production server: the Flask app over a build (or RDF dumps, or a remote endpoint) in gunicorn.

The app is built once in the gunicorn master (``preload_app``); a build's on-disk store is opened by each
forked worker on first use (RocksDB is not fork-safe: see :mod:`dsi_graph.stores.deferred`), while a dump
loaded in memory is shared copy-on-write. A query that passes ``DSI_GRAPH_QUERY_TIMEOUT`` is answered with 503
and the worker that ran it ends right after the answer (its evaluation cannot be interrupted inside
pyoxigraph); gunicorn starts a fresh worker while the others keep serving.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from dsi_graph.config import Settings
from dsi_graph.stores import open_store
from dsi_graph.stores.base import GraphStore, StoreError
from dsi_graph.stores.deferred import DeferredStore
from dsi_graph.web import reload
from dsi_graph.web.app import create_app, read_build_info
from dsi_graph.web.views.sparql import EXIT_ON_RUNAWAY


def load_dumps(paths: Sequence[str], settings: Settings) -> GraphStore:
    """An in-memory store of the given RDF files (N-Quads, TriG, Turtle, N-Triples, RDF/XML, JSON-LD).

    :raise StoreError: naming the file that does not parse.
    """
    if settings.store == "memory":
        from dsi_graph.stores.memory import MemoryStore

        store: GraphStore = MemoryStore()
    else:
        from dsi_graph.stores.oxigraph import OxigraphStore

        store = OxigraphStore()
    for path in paths:
        if not Path(path).is_file():
            raise StoreError(f"no such file: {path}")
        store.load(str(path))
    return store


def _warm(app: Flask) -> Flask:
    """Do the once-per-process work now, in the gunicorn master, so that forked workers inherit it.

    The HTTP validators (a store count when there is no build id) and the compiled templates; figures in
    BENCHMARKS.md.
    """
    from dsi_graph.web.caching import validators

    with app.app_context():
        validators()
        for name in app.jinja_env.list_templates(extensions=("html",)):
            app.jinja_env.get_template(name)
    return app


def make_app(
    settings: Settings,
    *,
    build_dir: str | Path | None = None,
    paths: Sequence[str] = (),
    endpoint: str | None = None,
    watch_interval: float = reload.INTERVAL,
) -> Flask:
    """The app over a remote ``endpoint``, RDF ``paths``, or a build; serving never builds (the CLI does).

    :raise StoreError: when the build is missing or the build or the dumps cannot be loaded.
    """
    if endpoint:
        settings = settings.with_(store="remote", sparql_endpoint=endpoint)
        return _warm(create_app(settings, open_store(settings), build_info={}))
    if paths:
        return _warm(create_app(settings, load_dumps(paths, settings), build_info={}))
    build = Path(build_dir or settings.build_dir)
    settings = settings.with_(build_dir=str(build))
    if not (build / "dsi-graph.nq").exists() and settings.store != "remote":
        raise StoreError(f"no build at {build}: run `dsi-graph build` first")
    if settings.store == "oxigraph" and settings.store_mode == "disk" and (build / "store").is_dir():
        # Opened in each worker after the fork, never in the master (see dsi_graph.stores.deferred).
        store: GraphStore = DeferredStore(lambda: open_store(settings, build_dir=build))
    else:
        store = open_store(settings, build_dir=build)
    info = read_build_info(build)
    app = create_app(settings, store, build_info=info)
    if settings.store != "remote":  # a rebuild of the folder is swapped in (see dsi_graph.web.reload)
        reload.init_app(app, reload.BuildWatcher(build, lambda: open_store(settings, build_dir=build),
                                                 reload.Generation(store, info), interval=watch_interval))
    return _warm(app)


# Threads per worker (gunicorn's gthread worker): keep-alive connections stay open (sync workers close every one),
# and cache hits keep being served while a thread waits on a query (pyoxigraph releases the GIL while it evaluates).
THREADS = 4
GUNICORN_MAX_LINE = 8190  # gunicorn's largest bounded request line (0 would be unbounded)


class GunicornServer(BaseApplication):
    """gunicorn through its Python API, serving an already built (preloaded) WSGI app."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Apply our options to gunicorn's config."""
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Flask:
        """The WSGI app (built in the master before the workers fork)."""
        return self.application


def gunicorn_options(settings: Settings, host: str, port: int, workers: int | None = None) -> dict[str, Any]:
    """gunicorn settings: threaded workers with keep-alive, preload, a worker timeout above the query timeout."""
    return {
        "bind": f"{host}:{port}",
        "workers": max(1, workers or settings.workers),
        "worker_class": "gthread",
        "threads": THREADS,
        "preload_app": True,
        "timeout": max(30, int(settings.query_timeout * 3) + 10),
        "graceful_timeout": 10,
        "keepalive": 5,
        # gunicorn's largest bounded request line: the app answers 414 in the envelope for a target past
        # DSI_GRAPH_MAX_URL_LENGTH (8000 by default), gunicorn answers a bare 414 itself past 8190 bytes
        "limit_request_line": GUNICORN_MAX_LINE,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "dsi-graph",
        "control_socket_disable": True,  # gunicorn >= 25: one shared socket path would clash between servers
    }


def serve(app: Flask, settings: Settings, host: str, port: int, workers: int | None = None) -> None:
    """Run gunicorn in the foreground until it is stopped (SIGINT / SIGTERM)."""
    app.config[EXIT_ON_RUNAWAY] = True
    GunicornServer(app, gunicorn_options(settings, host, port, workers)).run()


def get(app: Flask, path: str) -> tuple[int, bytes]:
    """Run one GET request in-process (like Datasette's ``--get``): (status, body)."""
    response = app.test_client().get(path)
    return response.status_code, response.get_data()
