"""Runaway queries stopped without taking the worker: query processes that can be ended.

pyoxigraph 0.5 has no timeout or cancellation on ``Store.query`` (it releases the GIL while it evaluates, so a
thread can wait on it, but nothing stops it). So a ``/sparql`` query that is not bounded
(:mod:`dsi_graph.read.boundedquery`) is evaluated in a *query process*: a child that opens the build's on-disk
store read-only and answers jobs over a pipe. Past the time limit the parent ends that child (``Process.kill``),
answers :class:`QueryTimeout`, and starts a replacement in the background; the worker, its threads and its
response cache stay. Children are forked from a fork server (``multiprocessing``'s ``forkserver`` context, with
the main module, this module and the store class preloaded, so a new process costs a fork and the store's
opening: about 20 ms), never from the threaded worker.

Priority: a query process runs at normal priority while its query is young; once the query has run
``expensive_after`` s (the gate's threshold) the worker gives that process the lowest CPU priority
(``os.setpriority``), so a runaway yields the CPU to pages; after the answer the priority is raised back, or,
where that needs a privilege the server lacks, the process is retired and replaced (BENCHMARKS.md, "Storm").

Admission (slots, the per-client cap, room for newcomers) is :mod:`dsi_graph.read.admission`. With several worker
processes each one has its own gate and query processes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from dsi_graph.rdf.formats import UnsupportedMediaType
from dsi_graph.read.admission import Gate, Refused, Ticket
from dsi_graph.read.timelimit import TIMEOUT_SETTING, call_with_timeout
from dsi_graph.stores.base import Chooser, QueryTimeout, Serialized, StoreError
from dsi_graph.stores.oxigraph import OxigraphStore

log = logging.getLogger(__name__)
LOWEST = 19  # the CPU priority of a query process whose query has become expensive: pages first
FORMS = ("select", "ask", "construct")


@dataclass(frozen=True)
class Job:
    """One evaluation for a query process; ``media`` maps each query form to its media type or a 406 message."""

    build: str
    query: str
    default_graph_uris: tuple[str, ...]
    named_graph_uris: tuple[str, ...]
    media: dict[str, tuple[bool, str]]
    max_rows: int | None

    @classmethod
    def of(cls, build: str, query: str, default_graphs: Sequence[str], named_graphs: Sequence[str],
           choose: Chooser, max_rows: int | None) -> Job:
        """A job whose media types are chosen now, for each form (the form is known only after evaluation)."""
        media = {}
        for form in FORMS:
            try:
                media[form] = (True, choose(form))  # type: ignore[arg-type]
            except UnsupportedMediaType as error:
                media[form] = (False, str(error))
        return cls(build, query, tuple(default_graphs), tuple(named_graphs), media, max_rows)

    def choose(self, form: str) -> str:
        """The chooser of the job's request, as a function again."""
        ok, value = self.media[form]
        if not ok:
            raise UnsupportedMediaType(value)
        return value


def _child_main(conn: Connection, path: str) -> None:
    """Body of a query process: answer jobs on ``conn`` from the store at ``path`` until the pipe closes."""
    store, build = None, None
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or job.build != build:  # a new build was swapped into the folder
                store, build = OxigraphStore(path, read_only=True), job.build
            reply: tuple[str, Any] = ("ok", store.execute(
                job.query, job.choose, default_graph_uris=job.default_graph_uris,
                named_graph_uris=job.named_graph_uris, max_rows=job.max_rows))
        except Exception as error:  # handed to the waiting worker thread
            reply = ("error", error)
        try:
            conn.send(reply)
        except Exception as error:  # an exception that does not pickle: its message does
            conn.send(("error", StoreError(f"{type(reply[1]).__name__}: {error}")))


class _Child:
    """One query process and the worker's end of its pipe."""

    def __init__(self, context: Any, path: str) -> None:
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_child_main, args=(theirs, path), name="dsi-graph-query", daemon=True)
        self.process.start()
        theirs.close()
        self.lowered = False

    def lower(self) -> None:
        """Give the process the lowest CPU priority (its query has run for a while)."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, LOWEST)
            self.lowered = True
        except OSError:  # it has just ended
            pass

    def restore(self) -> bool:
        """Normal priority again after a lowered query; False when that needs a privilege (retire the process)."""
        if not self.lowered:
            return True
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 0)
        except OSError:
            return False
        self.lowered = False
        return True

    def end(self) -> None:
        """Stop the process now (a runaway evaluation ends with it)."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryProcesses:
    """Query processes over the on-disk store at ``path``, started on first use in the process that uses them."""

    def __init__(self, path: str | Path, expensive_after: float = 1.0) -> None:
        self.path = str(path)
        self.expensive_after = expensive_after
        self._idle: list[_Child] = []
        self._lock = threading.Lock()
        self._context: Any = None

    def _start(self) -> _Child:
        with self._lock:
            if self._context is None:
                self._context = multiprocessing.get_context("forkserver")
                self._context.set_forkserver_preload(["__main__", __name__])  # main: once, not per process
        return _Child(self._context, self.path)

    def _take(self) -> _Child:
        with self._lock:
            while self._idle:
                child = self._idle.pop()
                if child.process.is_alive():
                    return child
                child.conn.close()
        return self._start()

    def _replace(self) -> None:
        child = self._start()
        with self._lock:
            self._idle.append(child)

    def _replace_soon(self) -> None:
        """Start a process for an ended one, in the background (the answer does not wait for it)."""
        threading.Thread(target=self._replace, name="dsi-graph-query-start", daemon=True).start()

    def run(self, job: Job, timeout: float | None, ticket: Ticket | None = None) -> Serialized:
        """Evaluate ``job`` in a query process; past ``timeout`` s end that process and raise QueryTimeout.

        ``ticket`` is armed to end the process early (the gate does, to make room for another client: Refused 503).

        :raise QueryTimeout, QuerySyntaxError, UnsupportedMediaType, StoreError: as the store would.
        """
        child = self._take()
        started, keep = time.monotonic(), True
        if ticket is not None:
            ticket.arm(child.process.kill)  # only a signal: this thread closes the pipe
        try:
            child.conn.send(job)
            if not self._wait(child, timeout if timeout and timeout > 0 else None):
                if ticket is not None:
                    ticket.disarm()
                child.end()
                self._replace_soon()
                raise QueryTimeout(f"query stopped after {timeout:g} s ({TIMEOUT_SETTING})")
            status, value = child.conn.recv()
            if (ticket is not None and ticket.disarm()) or not child.restore():  # killed after it answered, or low
                child.end()
                self._replace_soon()
                keep = False
        except (EOFError, OSError) as error:
            child.end()
            if ticket is not None and ticket.disarm():
                self._replace_soon()
                raise Refused(503, f"query stopped after {time.monotonic() - started:.1f} s to make room for another "
                                   "client's query (all DSI_GRAPH_SPARQL_SLOTS were taken); retry later") from error
            raise StoreError(f"the query process ended (exit code {child.process.exitcode}): {error}") from error
        if keep:
            with self._lock:
                self._idle.append(child)
        if status == "error":
            raise value
        return value

    def _wait(self, child: _Child, timeout: float | None) -> bool:
        """Wait up to ``timeout`` s (None: no limit) for the answer; lower the process once its query is expensive."""
        first = self.expensive_after if timeout is None else min(self.expensive_after, timeout)
        if child.conn.poll(first):
            return True
        child.lower()
        return child.conn.poll(None if timeout is None else max(timeout - first, 0.0))

    def close(self) -> None:
        """End the idle query processes (a busy one ends when its pipe closes)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            child.end()


class Isolation:
    """Where a process evaluates its unbounded queries: a :class:`Gate`, and query processes when ``store_path``."""

    def __init__(self, gate: Gate, store_path: str | Path | None) -> None:
        self.gate = gate
        self.store_path = store_path
        self._processes: QueryProcesses | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    def processes(self) -> QueryProcesses | None:
        """This process's query processes (None without an on-disk store); made on first use after a fork."""
        if self.store_path is None:
            return None
        with self._lock:
            if self._processes is None or self._pid != os.getpid():
                self._processes = QueryProcesses(self.store_path, self.gate.expensive_after)
                self._pid = os.getpid()
            return self._processes

    def run(self, client: str, job: Job, timeout: float | None, fallback: Callable[[], Serialized]) -> Serialized:
        """Admit and evaluate ``job``: in a query process, else ``fallback`` in a query thread (not stoppable).

        :raise Refused: not admitted; and what :meth:`QueryProcesses.run` raises.
        """
        with self.gate.admit(client) as ticket:
            processes = self.processes()
            try:
                if processes is None:
                    return call_with_timeout(fallback, timeout)
                return processes.run(job, timeout, ticket)
            except (QueryTimeout, Refused):
                self.gate.stopped(client)
                raise
