"""Storm: clients sending runaway queries while a person browses; are the person's requests answered within 2 s?

    python benchmarks/storm.py [--build DIR] [--seconds 40] [--runaway-clients 4] [--concurrency 2] [--no-baseline]

Starts ``dsi-graph serve --build DIR`` (production server, default settings unless given in the environment) on
a free loopback port. Each runaway client has its own source address (127.0.0.2, ...) and sends the four-way cross
product of :data:`loadgen.RUNAWAY` over ``--concurrency`` connections, again as soon as one is answered. A fifth
client (127.0.0.9) browses: sitemap pages, entity lookups and small queries through ``/sparql``, named queries,
``/search``, one after the other with a short think time, every request different. Prints how many of its
requests were answered (200) within 2 s, p50/p99, and the statuses of both sides (503 stopped / 503 busy / 429);
first, the same walk without the storm for as long (the baseline of this machine under its present load).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from builds import ensure_build  # noqa: E402
from loadgen import LOOKUP, SMALL, Client, Tally, machine, runaway_path, server, site_paths, sparql_path  # noqa: E402

GOAL_SECONDS = 2.0
THINK = 0.25  # seconds between two requests of the person


def runaway_client(host: str, port: int, source: str, stop: threading.Event, tally: Tally, lock: threading.Lock):
    client = Client(host, port, source)
    while not stop.is_set():
        started = time.monotonic()
        try:
            status, body = client.get(runaway_path())
            label = str(status)
            if status == 503:
                label += " stopped" if b"stopped after" in body else " busy"
        except OSError as error:
            label = f"error {type(error).__name__}"
        with lock:
            tally.add(label, time.monotonic() - started)


def browse_paths(client: Client, seed: int) -> itertools.cycle:
    """An endless walk of different requests: pages, lookups, small queries, named queries, search."""
    pages, iris = site_paths(client)
    rng = random.Random(seed)
    rng.shuffle(pages)
    rng.shuffle(iris)
    words = ["access", "benefit", "fund", "sequence", "cooperation", "capacity", "party", "decision"]
    named = ["/queries/class-counts.json", "/queries/decisions.json", "/queries/grants.json",
             "/queries/meetings-by-year.json"]
    walk = []
    for i, page in enumerate(pages):
        iri = iris[i % len(iris)]
        walk += [("page", page), ("lookup", sparql_path(LOOKUP.format(iri=iri))),
                 ("small query", sparql_path(SMALL.format(iri=iri)))]
        if i % 4 == 0:
            walk.append(("named query", named[i // 4 % len(named)]))
        if i % 6 == 0:
            walk.append(("search", "/search.json?" + urllib.parse.urlencode({"q": words[i // 6 % len(words)]})))
    return itertools.cycle(walk)


def browse(person: Client, walk: itertools.cycle, seconds: float) -> tuple[dict[str, Tally], Tally]:
    """The person's walk for ``seconds``: (tally per kind of request, tally of all)."""
    kinds: dict[str, Tally] = {}
    everything = Tally()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        kind, path = next(walk)
        label, elapsed = person.visit(kind, path)
        for tally in (kinds.setdefault(kind, Tally()), everything):
            tally.add(label, elapsed)
        time.sleep(THINK)
    return kinds, everything


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="/tmp/dsi-graph-storm-build", help="build folder (built when missing)")
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--runaway-clients", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=2, help="connections of each runaway client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-baseline", dest="baseline", action="store_false",
                        help="skip the person's walk without the storm first")
    args = parser.parse_args()
    build = ensure_build(args.build)
    log = Path("/tmp") / f"dsi-graph-storm-{int(time.time())}.log"
    print(f"machine: {machine()}")
    with server(build, {}, args.workers, log) as (host, port, _process):
        person = Client(host, port, "127.0.0.9")
        walk = browse_paths(person, seed=12)
        alone = None
        if args.baseline:  # the same walk (other requests of it) without the storm, same server, same run
            _, alone = browse(person, walk, args.seconds)
        stop = threading.Event()
        lock = threading.Lock()
        storm = Tally()
        threads = [threading.Thread(target=runaway_client, args=(host, port, f"127.0.0.{2 + c}", stop, storm, lock),
                                    daemon=True)
                   for c in range(args.runaway_clients) for _ in range(args.concurrency)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # the runaways are running before the person starts
        kinds, everything = browse(person, walk, args.seconds)
        stop.set()
        for thread in threads:
            thread.join(60)
        print(f"load average after: {machine().rsplit('load average ', 1)[1]}")
    answered = everything.answered_within(GOAL_SECONDS)
    print(f"storm: {args.runaway_clients} runaway clients x {args.concurrency} connections for {args.seconds:g} s, "
          f"{args.workers} workers")
    print(f"person: {answered} of {len(everything.latencies)} requests answered within {GOAL_SECONDS:g} s; "
          f"p50 {everything.percentile(50) * 1000:.0f} ms, p99 {everything.percentile(99) * 1000:.0f} ms, "
          f"max {max(everything.latencies) * 1000:.0f} ms; statuses {everything.statuses}")
    if alone is not None:
        print(f"person alone before the storm: {alone.answered_within(GOAL_SECONDS)} of {len(alone.latencies)} within "
              f"{GOAL_SECONDS:g} s; p50 {alone.percentile(50) * 1000:.0f} ms, p99 {alone.percentile(99) * 1000:.0f} ms,"
              f" max {max(alone.latencies) * 1000:.0f} ms")
    for kind, tally in sorted(kinds.items()):
        print(f"  {kind}: {len(tally.latencies)}, p50 {tally.percentile(50) * 1000:.0f} ms, "
              f"p99 {tally.percentile(99) * 1000:.0f} ms, statuses {tally.statuses}")
    print(f"runaway clients: {len(storm.latencies)} answers, statuses {storm.statuses}")
    return 0 if answered == len(everything.latencies) else 1


if __name__ == "__main__":
    raise SystemExit(main())
