"""The SPARQL time limit: evaluate in a reusable query thread and stop waiting after the limit.

pyoxigraph releases the GIL while it evaluates but cannot be interrupted, so a query past the limit is answered
with :class:`~dsi_graph.stores.base.QueryTimeout` while its thread runs on. This is the fallback for stores that a
query process cannot open (an in-memory store, rdflib, a remote endpoint, which has its own timeout): the
production worker then exits after the response (``views/sparql.py``), which really stops it. Queries over a
build's on-disk store are stopped in a query process instead (:mod:`dsi_graph.read.isolation`).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from dsi_graph.stores.base import QueryTimeout, Serialized

TIMEOUT_SETTING = "DSI_GRAPH_QUERY_TIMEOUT"


class _Job:
    """One evaluation handed to a query thread; ``done`` is released when it has finished."""

    def __init__(self, function: Callable[[], Serialized]) -> None:
        self.function = function
        self.outcome: dict[str, object] = {}
        self.done = threading.Lock()
        self.done.acquire()

    def run(self) -> None:
        try:
            self.outcome["value"] = self.function()
        except BaseException as error:  # handed to the waiting thread
            self.outcome["error"] = error
        finally:
            self.done.release()


_idle_lock = threading.Lock()
_idle: list[queue.SimpleQueue] = []  # inboxes of query threads waiting for work


def _query_thread(inbox: queue.SimpleQueue) -> None:
    """Body of a reusable query thread: run jobs from ``inbox``, then offer itself again."""
    while True:
        job = inbox.get()
        job.run()
        with _idle_lock:
            _idle.append(inbox)


def _start(job: _Job) -> None:
    """Give ``job`` to an idle query thread, or to a new one when all are busy (a runaway keeps its thread)."""
    with _idle_lock:
        inbox = _idle.pop() if _idle else None
    if inbox is None:
        inbox = queue.SimpleQueue()
        threading.Thread(target=_query_thread, args=(inbox,), name="sparql-query", daemon=True).start()
    inbox.put(job)


def call_with_timeout(function: Callable[[], Serialized], timeout: float | None) -> Serialized:
    """Run ``function`` in a query thread and wait at most ``timeout`` seconds (None or <= 0: no limit).

    Query threads are reused: a new thread per query costs far more on a busy machine than waking an idle one
    (figures in BENCHMARKS.md).

    :raise QueryTimeout: past the limit (the thread keeps running until the worker ends).
    """
    if not timeout or timeout <= 0:
        return function()
    job = _Job(function)
    _start(job)
    if not job.done.acquire(timeout=timeout):
        raise QueryTimeout(f"query stopped after {timeout:g} s ({TIMEOUT_SETTING})")
    if "error" in job.outcome:
        raise job.outcome["error"]  # type: ignore[misc]
    return job.outcome["value"]  # type: ignore[return-value]
