"""Store backends behind one contract; :func:`open_store` picks one by the ``store`` setting."""

from __future__ import annotations

from pathlib import Path

from dsi_graph.config import Settings
from dsi_graph.stores.base import GraphStore, StoreError


def open_store(settings: Settings, *, build_dir: str | Path | None = None) -> GraphStore:
    """Open the store that ``settings`` name over the build in ``build_dir`` (default: the setting).

    :raise StoreError: when the build is missing or the backend cannot open it.
    """
    build = Path(build_dir or settings.build_dir)
    if settings.store == "remote":
        from dsi_graph.stores.remote import RemoteStore

        if not settings.sparql_endpoint:
            raise StoreError("store=remote needs DSI_GRAPH_SPARQL_ENDPOINT")
        return RemoteStore(
            settings.sparql_endpoint,
            graph_store=settings.graph_store or None,
            graph_prefix=settings.base_iri + "graph/",  # the project's graphs only (not an engine's own)
            timeout=settings.query_timeout,
        )
    dump = build / "dsi-graph.nq"
    if settings.store == "memory":
        from dsi_graph.stores.memory import MemoryStore

        store = MemoryStore()
        store.load(str(dump))
        return store
    from dsi_graph.stores.oxigraph import OxigraphStore

    if settings.store_mode == "disk" and (build / "store").is_dir():
        return OxigraphStore(build / "store", read_only=True)  # opens in ms; loading the dump takes seconds
    if not dump.exists():
        raise StoreError(f"no build at {build}: run `dsi-graph build` first")
    store = OxigraphStore()
    store.load(str(dump))
    return store


__all__ = ["GraphStore", "StoreError", "open_store"]
