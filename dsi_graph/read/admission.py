"""Admission of unbounded ``/sparql`` queries in one server process: slots, a per-client cap, and room for newcomers.

- at most ``slots`` evaluations at once, which keeps the other threads of the process for pages and named queries;
- a client that already has ``per_client`` queries running for longer than ``expensive_after`` s gets 429 for any
  further one until they end;
- when every slot is taken: a client with no expensive query of its own, and none stopped in the last minute,
  takes the slot of the query that has run
  longest past ``expensive_after`` (that query is ended and answered 503), so clients that send runaways one after
  the other cannot hold every slot between them; else the query waits up to ``queue_wait`` s, but only while some
  slot holds a query younger than ``expensive_after`` (a wait holds a server thread); else 503.

Each server process has its own gate: with W worker processes, W x ``slots`` queries run at once and a client
may have up to W x ``per_client`` expensive ones, as its connections land on different processes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

STOPPED_MEMORY = 60.0  # seconds a client whose query was stopped (time limit, or for room) cannot make room


class Refused(Exception):
    """A query not admitted or ended early: ``status`` 429 (client over its cap) or 503; ``str()`` says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Ticket:
    """One admitted evaluation; an evaluator that can end it early arms it with a ``stop`` function."""

    def __init__(self, client: str) -> None:
        self.client = client
        self.started = time.monotonic()
        self.ended_for_room = False
        self.handed_over = False  # its slot went to the query that ended it
        self._stop: Callable[[], None] | None = None
        self._lock = threading.Lock()

    def age(self, now: float) -> float:
        return now - self.started

    @property
    def armed(self) -> bool:
        return self._stop is not None

    def arm(self, stop: Callable[[], None]) -> None:
        """``stop()`` ends the evaluation (e.g. kills its process) when another client needs the slot."""
        with self._lock:
            self._stop = stop

    def disarm(self) -> bool:
        """The evaluation has ended: ``stop`` is no longer called; whether it was called (ended for room)."""
        with self._lock:
            self._stop = None
            return self.ended_for_room

    def end_for_room(self) -> bool:
        """Call ``stop`` once, unless disarmed; whether it was called."""
        with self._lock:
            if self._stop is None or self.ended_for_room:
                return False
            self.ended_for_room = self.handed_over = True
            self._stop()
            return True


class Gate:
    """Admission of unbounded queries in one process (see the module's description)."""

    def __init__(self, slots: int, per_client: int, expensive_after: float, queue_wait: float) -> None:
        self.slots, self.per_client = slots, per_client
        self.expensive_after, self.queue_wait = expensive_after, queue_wait
        self._free = threading.BoundedSemaphore(slots) if slots > 0 else None
        self._running: list[Ticket] = []
        self._stopped: dict[str, float] = {}  # client -> when one of its queries was last stopped
        self._lock = threading.Lock()

    def stopped(self, client: str) -> None:
        """A query of ``client`` was stopped (time limit, or for room): it cannot make room for a while.

        Without this, clients that send runaways from several connections end each other's queries in turn
        (a new process each time) and never leave a slot free.
        """
        now = time.monotonic()
        with self._lock:
            self._stopped = {c: t for c, t in self._stopped.items() if now - t < STOPPED_MEMORY}
            self._stopped[client] = now

    def _may_make_room(self, client: str) -> bool:
        with self._lock:
            last = self._stopped.get(client)
        return last is None or time.monotonic() - last >= STOPPED_MEMORY

    def _expensive(self, now: float) -> list[Ticket]:
        return [t for t in self._running if t.age(now) >= self.expensive_after and not t.ended_for_room]

    def _check_client(self, client: str) -> bool:
        """Raise 429 when ``client`` is over its cap; whether it has an expensive query running."""
        with self._lock:
            expensive = sum(1 for t in self._expensive(time.monotonic()) if t.client == client)
        if self.per_client > 0 and expensive >= self.per_client:
            raise Refused(429, f"this client already has {expensive} queries running for more than "
                               f"{self.expensive_after:g} s (DSI_GRAPH_SPARQL_PER_CLIENT={self.per_client}); "
                               "send the next one when they have ended")
        return expensive > 0

    def _make_room(self, client: str) -> bool:
        """End the query that has run longest past ``expensive_after`` (another client's); whether one was ended."""
        with self._lock:
            victims = [t for t in self._expensive(time.monotonic()) if t.client != client and t.armed]
        return any(victim.end_for_room() for victim in sorted(victims, key=lambda t: t.started))

    def _young(self) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(t.age(now) < self.expensive_after for t in self._running)

    def _acquire(self, client: str, has_expensive: bool) -> None:
        if self._free is None or self._free.acquire(blocking=False):
            return
        if not has_expensive and self._may_make_room(client) and self._make_room(client):
            return  # the slot of the ended query is handed over, not released (no other waiter can take it)
        if self._young() and self._free.acquire(timeout=max(self.queue_wait, 0.0)):
            return
        raise Refused(503, f"all {self.slots} query slots of this server process are busy "
                           "(DSI_GRAPH_SPARQL_SLOTS); retry shortly")

    @contextmanager
    def admit(self, client: str) -> Iterator[Ticket]:
        """Hold a slot for one evaluation by ``client``.

        :raise Refused: 429 when the client is over its cap, 503 when no slot can be had.
        """
        self._acquire(client, self._check_client(client))
        ticket = Ticket(client)
        with self._lock:
            self._running.append(ticket)
        try:
            yield ticket
        finally:
            with self._lock:
                self._running.remove(ticket)
            if self._free is not None and not ticket.handed_over:
                self._free.release()
