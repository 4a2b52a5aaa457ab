"""Rebuild without downtime: each worker notices a new build in its build folder and swaps it in.

``dsi-graph build`` replaces the build folder by renames (:func:`dsi_graph.build.pipeline.swap`), so a folder that
holds ``build.json`` always holds a whole build. A :class:`BuildWatcher` reads that file's build id at most once
per ``interval`` seconds, from the request that comes first; when the id has changed, that one request opens the
new store (the other threads go on with the current one, never waiting) and makes it current. A request keeps
the build it started on to its end, and a replaced store is closed when the last request that uses it finishes.
An open read-only store keeps reading after ``build`` removes its files (the open handles keep them).

Everything computed from a build (the response cache, the HTTP validators, the recogniser, the search index) is
kept in its :attr:`Generation.cache`, so a new build starts with none of the old one's answers.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, g

from dsi_graph.stores.base import GraphStore

log = logging.getLogger(__name__)
INTERVAL = 1.0  # seconds between two reads of build.json in one worker


@dataclass(eq=False)
class Generation:
    """One loaded build: its store, its ``build.json``, when this process loaded it, and its per-build cache."""

    store: GraphStore
    info: dict[str, Any]
    loaded_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    cache: dict[str, Any] = field(default_factory=dict)
    active: int = 0
    retired: bool = False

    @property
    def build_id(self) -> str | None:
        """The build id of ``build.json`` (None for a build without one)."""
        return self.info.get("build_id")


def read_build_id(build_dir: Path) -> tuple[str | None, dict[str, Any]] | None:
    """(build id, build.json) of ``build_dir``; None while there is no readable ``build.json`` (mid-swap)."""
    try:
        info = json.loads((build_dir / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (info.get("build_id"), info) if isinstance(info, dict) else None


class BuildWatcher:
    """The current :class:`Generation` of one build folder, replaced when the folder holds a new build."""

    def __init__(self, build_dir: str | Path, opener: Callable[[], GraphStore], first: Generation,
                 interval: float = INTERVAL) -> None:
        self.build_dir = Path(build_dir)
        self._opener = opener
        self._current = first
        self._interval = interval
        self._next_check = 0.0
        self._lock = threading.Lock()  # guards _current and the counts
        self._opening = threading.Lock()  # held by the one request that opens a new build

    def current(self) -> Generation:
        """The build new requests start on."""
        return self._current

    def check(self) -> None:
        """Swap in a new build if ``build.json`` names one (reads it at most once per interval; never waits)."""
        now = time.monotonic()
        if now < self._next_check or not self._opening.acquire(blocking=False):
            return
        try:
            self._next_check = now + self._interval
            found = read_build_id(self.build_dir)
            if found is None or found[0] == self._current.build_id:
                return
            try:
                store = self._opener()
            except Exception:  # a build being written or broken: keep serving this one, look again later
                log.warning("cannot open the new build in %s yet", self.build_dir, exc_info=True)
                return
            self._swap(Generation(store, found[1]))
        finally:
            self._opening.release()

    def _swap(self, new: Generation) -> None:
        with self._lock:
            old, self._current = self._current, new
            old.retired = True
            idle = old.active == 0
        log.info("serving build %s (was %s)", new.build_id, old.build_id)
        if idle:
            _close(old)

    def enter(self) -> Generation:
        """Start a request: look for a new build, then count the request on the current one."""
        self.check()
        with self._lock:
            generation = self._current
            generation.active += 1
        return generation

    def leave(self, generation: Generation) -> None:
        """End a request; close its build's store if it was replaced and this was its last request."""
        with self._lock:
            generation.active -= 1
            done = generation.retired and generation.active == 0
        if done:
            _close(generation)


def _close(generation: Generation) -> None:
    try:
        generation.store.close()
    except Exception:  # closing a replaced store must not fail a request
        log.warning("closing the replaced store failed", exc_info=True)


def init_app(app: Flask, watcher: BuildWatcher) -> None:
    """Serve ``watcher``'s current build on ``app``: each request holds its build from start to end."""
    app.extensions["dsi_watcher"] = watcher

    @app.before_request
    def _enter() -> None:
        g.dsi_generation = watcher.enter()

    @app.teardown_request
    def _leave(_error: BaseException | None) -> None:
        generation = g.pop("dsi_generation", None)
        if generation is not None:
            watcher.leave(generation)
