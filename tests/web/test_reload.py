"""Rebuild without downtime: `serve --build DIR` swaps in a new build of DIR, with no failed request."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
import requests
from fixtures_build import BUILD_DATA, fixture_settings
from fixtures_server import run_server

from dsi_graph.build import pipeline
from dsi_graph.web.server import make_app

OLD_LABEL = "Informal Advisory Group 2024"
NEW_LABEL = "Informal Advisory Group 2024 (rebuilt)"
LABEL_QUERY = 'ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), "(rebuilt)")) }'


def _data_b(tmp_path: Path) -> Path:
    """The `ok` fixture data with one label changed, so that its build has another build id."""
    folder = tmp_path / "data-b"
    shutil.copytree(BUILD_DATA / "ok", folder)
    records = folder / "records.yaml"
    text = records.read_text(encoding="utf-8")
    assert OLD_LABEL in text
    records.write_text(text.replace(f'"{OLD_LABEL}"', f'"{NEW_LABEL}"', 1), encoding="utf-8")
    return folder


def _build(tmp_path: Path, out: Path, data_dir: Path | None = None) -> str:
    changes = {"data_dir": str(data_dir)} if data_dir else {}
    return pipeline.build(fixture_settings(tmp_path, **changes), out).build_id


def test_a_new_build_is_swapped_in_and_the_old_store_closed_after_its_requests(tmp_path: Path) -> None:
    out = tmp_path / "served"
    first = _build(tmp_path, out)
    app = make_app(fixture_settings(tmp_path, build_dir=str(out)), build_dir=out, watch_interval=0)
    client = app.test_client()
    health = client.get("/health").get_json()
    assert health["build_id"] == first and health["loaded_at"]
    assert client.get("/sparql", query_string={"query": LABEL_QUERY}).get_json()["boolean"] is False
    watcher = app.extensions["dsi_watcher"]
    held = watcher.enter()  # a request still running on the first build
    second = _build(tmp_path, out, _data_b(tmp_path))
    assert second != first
    assert client.get("/health").get_json()["build_id"] == second
    assert client.get("/sparql", query_string={"query": LABEL_QUERY}).get_json()["boolean"] is True
    assert held.retired and held.active == 1 and held.build_id == first
    assert held.store.count() > 0  # the first build's store still answers its request
    watcher.leave(held)
    assert held.active == 0 and watcher.current().build_id == second


def test_a_build_folder_mid_swap_keeps_the_current_build(tmp_path: Path) -> None:
    out = tmp_path / "served"
    first = _build(tmp_path, out)
    app = make_app(fixture_settings(tmp_path, build_dir=str(out)), build_dir=out, watch_interval=0)
    client = app.test_client()
    (out / "build.json").write_text("{not json", encoding="utf-8")
    assert client.get("/health").get_json()["build_id"] == first


@pytest.mark.server
def test_serve_swaps_in_a_rebuild_without_a_failed_request(tmp_path: Path) -> None:
    out = tmp_path / "served"
    first = _build(tmp_path, out)
    failures: list[str] = []
    answered = [0]
    stop = threading.Event()
    with run_server(["--build", str(out), "--workers", "2"], log_dir=tmp_path) as base:

        def traffic() -> None:
            session = requests.Session()
            paths = ["/health", "/timeline.json", "/sparql?query=ASK%20%7B%7D", "/"]
            while not stop.is_set():
                for path in paths:
                    try:
                        response = session.get(base + path, timeout=30)
                        if response.status_code != 200:
                            failures.append(f"{path}: {response.status_code}")
                    except requests.RequestException as error:
                        failures.append(f"{path}: {error}")
                    answered[0] += 1

        clients = [threading.Thread(target=traffic) for _ in range(3)]
        for thread in clients:
            thread.start()
        try:
            second = _build(tmp_path, out, _data_b(tmp_path))
            deadline = time.monotonic() + 60  # a bound on the loop, not a speed test
            in_a_row = 0
            while in_a_row < 10 and time.monotonic() < deadline:
                health = requests.get(f"{base}/health", timeout=30).json()
                in_a_row = in_a_row + 1 if health["build_id"] == second else 0
                time.sleep(0.05)
            assert in_a_row == 10, f"still serving {health['build_id']} (first {first}, second {second})"
            ask = requests.get(f"{base}/sparql", params={"query": LABEL_QUERY}, timeout=30).json()
            assert ask["boolean"] is True
        finally:
            stop.set()
            for thread in clients:
                thread.join(timeout=60)
    assert failures == [] and answered[0] > 0
