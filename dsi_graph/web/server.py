"""The production server: the Flask app over a build (or RDF dumps, or a remote endpoint) in granian.

granian (a Rust HTTP server: hyper and tokio) parses HTTP, keeps connections alive and writes responses; Python
runs only the WSGI app, in ``THREADS`` threads per worker process. It is driven through its public Python API
(``granian.Granian(...).serve(target_loader=...)``): the app is built once in the main process and the worker
processes fork from it, so they inherit it (like a preloaded app); a build's on-disk store is opened by each
forked worker on first use (RocksDB is not fork-safe: see :mod:`dsi_graph.stores.deferred`), while a dump loaded
in memory is shared copy-on-write. A query past ``DSI_GRAPH_QUERY_TIMEOUT`` over a build's store runs in a query
process (:mod:`dsi_graph.read.isolation`) that is ended, so the worker and its cache stay; over a store a query
process cannot open (dumps in memory, rdflib, a remote endpoint) the worker that ran it ends right after its 503
(the evaluation cannot be interrupted inside pyoxigraph) and is started again while the others keep serving.
Figures of granian against gunicorn in BENCHMARKS.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flask import Flask
from granian import Granian
from granian.constants import Interfaces
from granian.log import LogLevels

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
    """Do the once-per-process work now, in the main process, so that forked workers inherit it.

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


# Python threads per worker that run the app: cheap requests keep being answered while a thread waits on a long
# query (pyoxigraph releases the GIL while it evaluates).
THREADS = 4


def granian_options(settings: Settings, host: str, port: int, workers: int | None = None) -> dict[str, Any]:
    """granian settings: WSGI, worker processes that are started again when one ends, an access log."""
    return {
        "address": host,
        "port": port,
        "interface": Interfaces.WSGI,
        "workers": max(1, workers or settings.workers),
        "blocking_threads": THREADS,
        "respawn_failed_workers": True,
        "respawn_interval": 0.5,
        "workers_kill_timeout": 10,
        "log_access": True,
        "log_level": LogLevels.info,
        "process_name": None,
    }


def serve(app: Flask, settings: Settings, host: str, port: int, workers: int | None = None) -> None:
    """Run granian in the foreground until it is stopped (SIGINT / SIGTERM)."""
    app.config[EXIT_ON_RUNAWAY] = True
    options = granian_options(settings, host, port, workers)
    # the target names the app in granian's logs; the loader hands the app built here to the forked workers
    Granian("dsi_graph.web.server:app", **options).serve(target_loader=lambda _target: app)


def get(app: Flask, path: str) -> tuple[int, bytes]:
    """Run one GET request in-process (like Datasette's ``--get``): (status, body)."""
    response = app.test_client().get(path)
    return response.status_code, response.get_data()
