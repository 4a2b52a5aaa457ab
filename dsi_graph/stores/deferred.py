"""A store opened on first use, in the process that uses it.

The production server forks its workers after building the app. RocksDB (under the on-disk Oxigraph store) is not
fork-safe: a store opened in the server's main process leaves each forked worker with a thread pool whose threads do not
exist there, and the worker aborts (SIGABRT, ``std::system_error``) when it exits. Wrapped in a
:class:`DeferredStore`, the master never opens the store; each worker opens its own read-only handle on its first
request (about 0.05 s, even at 1M triples).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence

from rdflib import Graph
from rdflib.term import URIRef

from dsi_graph.stores.base import Bindings, Chooser, GraphStore, SelectResult, Serialized


class DeferredStore:
    """A :class:`~dsi_graph.stores.base.GraphStore` that calls ``opener`` on first use in each process."""

    def __init__(self, opener: Callable[[], GraphStore], name: str = "oxigraph") -> None:
        self.name = name
        self._opener = opener
        self._store: GraphStore | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    def _get(self) -> GraphStore:
        if self._store is None or self._pid != os.getpid():
            with self._lock:
                if self._store is None or self._pid != os.getpid():
                    self._store, self._pid = self._opener(), os.getpid()
        return self._store

    def select(self, query: str, bindings: Bindings | None = None, *, timeout: float | None = None) -> SelectResult:
        """Run a SELECT on this process's store."""
        return self._get().select(query, bindings, timeout=timeout)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK on this process's store."""
        return self._get().ask(query, bindings)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE on this process's store."""
        return self._get().construct(query, bindings)

    def execute(
        self,
        query: str,
        choose: Chooser,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> Serialized:
        """Run a protocol query on this process's store."""
        return self._get().execute(
            query, choose, default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris,
            timeout=timeout, max_rows=max_rows,
        )

    def count(self, graph: str | None = None) -> int:
        """Quads (in ``graph``) of this process's store."""
        return self._get().count(graph)

    def graphs(self) -> list[URIRef]:
        """Named graphs of this process's store."""
        return self._get().graphs()

    def load(self, path: str, *, format: str | None = None, graph: str | None = None) -> int:
        """Load into this process's store."""
        return self._get().load(path, format=format, graph=graph)

    def close(self) -> None:
        """Close the store if this process opened one."""
        if self._store is not None and self._pid == os.getpid():
            self._store.close()
