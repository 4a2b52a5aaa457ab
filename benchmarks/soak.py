"""Soak: mixed loopback traffic for minutes, a rebuild in the middle; errors (goal 0), p50/p99, RSS start and end.

    python benchmarks/soak.py [--build DIR] [--minutes 10] [--clients 3]

Serves ``DIR`` with ``dsi-graph serve --build DIR`` (built first when missing) and sends, from ``--clients``
browsing clients (127.0.0.20, ...), pages of the sitemap, entity lookups and small queries through ``/sparql``,
named queries and ``/search``, every request different where the site allows; one more client (127.0.0.30) sends
a runaway query every 15 s (its 503s are counted apart, as expected answers). Halfway through, ``dsi-graph build
--out DIR`` rebuilds the folder being served from a copy of the data with one label changed, so the build id
changes and the server swaps the new build in under load (``--same-data``: the project data as it is, whose build
id the server already has, so it keeps its store). An error is any answer of the
browsing clients other than 200, or a failed connection. RSS is that of the server and all its processes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from builds import ROOT, ensure_build  # noqa: E402
from loadgen import Client, Tally, machine, rss_kib, runaway_path, server  # noqa: E402
from storm import browse_paths  # noqa: E402

RUNAWAY_EVERY = 15.0
THINK = 0.05


def browser(host: str, port: int, source: str, seed: int, stop: threading.Event, tally: Tally, lock: threading.Lock):
    client = Client(host, port, source)
    walk = browse_paths(client, seed)
    while not stop.is_set():
        label, elapsed = client.visit(*next(walk))
        with lock:
            tally.add(label, elapsed)
        time.sleep(THINK)


def runaways(host: str, port: int, stop: threading.Event, tally: Tally) -> None:
    client = Client(host, port, "127.0.0.30")
    while not stop.wait(RUNAWAY_EVERY):
        started = time.monotonic()
        try:
            label = str(client.get(runaway_path())[0])
        except OSError as error:
            label = f"error {type(error).__name__}"
        tally.add(label, time.monotonic() - started)


def changed_data() -> str:
    """A copy of the project data with one topic label changed, so the rebuild has other content (a new build id)
    and the server really swaps builds under load."""
    folder = Path(tempfile.mkdtemp(prefix="dsi-graph-soak-data-")) / "data"
    shutil.copytree(ROOT / "data", folder)
    topics = folder / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    label = 'label: "Benefit-sharing from the use of DSI"'
    assert label in text, "the soak's changed label is gone from data/topics.yaml"
    topics.write_text(text.replace(label, 'label: "Benefit-sharing from the use of DSI (soak rebuild)"', 1),
                      encoding="utf-8")
    return str(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="/tmp/dsi-graph-soak-build", help="build folder (rebuilt halfway)")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--same-data", action="store_true",
                        help="rebuild from the project data as it is (the same build id: no swap happens)")
    args = parser.parse_args()
    build = ensure_build(args.build).resolve()
    seconds = args.minutes * 60
    print(f"machine at start: {machine()}")
    with server(build, {}, args.workers, Path("/tmp") / f"dsi-graph-soak-{int(time.time())}.log") as (host, port, proc):
        stop, lock = threading.Event(), threading.Lock()
        tally, stormy = Tally(), Tally()
        threads = [threading.Thread(target=browser, args=(host, port, f"127.0.0.{20 + i}", i, stop, tally, lock))
                   for i in range(args.clients)]
        threads.append(threading.Thread(target=runaways, args=(host, port, stop, stormy)))
        for thread in threads:
            thread.start()
        time.sleep(min(10.0, seconds / 4))
        rss_start = rss_kib(proc.pid)
        health_before = Client(host, port).get("/health")[1]
        time.sleep(max(0.0, seconds / 2 - min(10.0, seconds / 4)))
        rebuilt = time.monotonic()
        subprocess.run([sys.executable, "-m", "dsi_graph", "build", "--out", str(build)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, **({} if args.same_data else {"DSI_GRAPH_DATA_DIR": changed_data()})})
        rebuild_seconds = time.monotonic() - rebuilt
        time.sleep(max(0.0, seconds - (time.monotonic() - rebuilt) - seconds / 2))
        health_after = Client(host, port).get("/health")[1]
        rss_end = rss_kib(proc.pid)
        stop.set()
        for thread in threads:
            thread.join(120)
    errors = sum(n for label, n in tally.statuses.items() if label != "200")
    ids = [json.loads(h).get("build_id", "")[:12] for h in (health_before, health_after)]
    swapped = ids[0] != ids[1]
    print(f"machine at end: {machine()}")
    print(f"soak: {args.minutes:g} min, {args.clients} browsing clients + 1 runaway every {RUNAWAY_EVERY:g} s, "
          f"{args.workers} workers; rebuild in the middle took {rebuild_seconds:.0f} s; build id {ids[0]} -> {ids[1]}"
          + ("" if swapped else " (the same data builds the same id: the server keeps its store)"))
    print(f"requests: {len(tally.latencies)}, errors: {errors}, statuses {tally.statuses}; "
          f"p50 {tally.percentile(50) * 1000:.0f} ms, p99 {tally.percentile(99) * 1000:.0f} ms, "
          f"max {max(tally.latencies) * 1000:.0f} ms")
    print(f"runaway queries: {len(stormy.latencies)}, statuses {stormy.statuses}")
    print(f"RSS of the server and its processes: start {rss_start / 1024:.0f} MiB, end {rss_end / 1024:.0f} MiB")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
