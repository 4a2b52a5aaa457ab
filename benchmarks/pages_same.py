"""Same pages: save the JSON twin of every entity page of a build, or compare them with a saved set.

    python benchmarks/pages_same.py --build DIR save OUT      # every /page/{kind}/{slug}.json of the sitemap
    python benchmarks/pages_same.py --build DIR compare OUT   # exit 1 and name each page that differs

Used to check that a change made for speed leaves what every page shows as it was: the pages are read through the
app (Flask's test client, response cache off) over the build's on-disk store, in the sitemap's order. ``--html``
also saves/compares the HTML pages (``*.html``).

    python benchmarks/pages_same.py --build DIR time          # ms per HTML page over the sitemap, best of 3 passes

The timing is in-process (no HTTP server): what a page costs the app itself, for comparing two checkouts in the
same minute (run it with ``PYTHONPATH`` set to each).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from dsi_graph.config import Settings
from dsi_graph.web.app import create_app


def page_paths(client) -> list[str]:
    """The entity page paths of the sitemap, in its order."""
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    paths = [re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>", xml)]
    return [p for p in paths if p.startswith("/page/")]


def file_name(path: str, suffix: str) -> str:
    return path.removeprefix("/page/").replace("/", "__") + suffix


def fetch(client, path: str) -> bytes:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return response.get_data()


def _timed(client, paths: list[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        fetch(client, path)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", required=True, help="a build directory (dsi-graph build --out DIR)")
    parser.add_argument("--html", action="store_true", help="also the HTML pages")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of the sitemap")
    parser.add_argument("--passes", type=int, default=3, help="time: passes over the pages (the best is shown)")
    parser.add_argument("action", choices=["save", "compare", "time"])
    parser.add_argument("folder", nargs="?", default="")
    args = parser.parse_args(argv)
    app = create_app(Settings.from_env({}, build_dir=args.build, cache_size=0))
    client = app.test_client()
    paths = page_paths(client)
    if args.limit:
        paths = paths[:args.limit]
    if args.action == "time":
        for path in paths[:20]:  # warm: templates compiled, per-build data read
            fetch(client, path)
        best = min(_timed(client, paths) for _ in range(max(1, args.passes)))
        print(f"time: {len(paths)} HTML pages, {1000 * best / len(paths):.2f} ms a page (best of {args.passes})")
        return 0
    folder = Path(args.folder) if args.folder else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    differ: list[str] = []
    started = time.perf_counter()
    for path in paths:
        wanted = [(path + ".json", ".json")] + ([(path, ".html")] if args.html else [])
        for url, suffix in wanted:
            body = fetch(client, url)
            if folder is None:
                continue
            target = folder / file_name(path, suffix)
            if args.action == "save":
                target.write_bytes(body)
            elif not target.exists():
                differ.append(f"{url}: not saved before")
            elif suffix == ".json":
                if json.loads(target.read_bytes()) != json.loads(body):
                    differ.append(url)
            elif target.read_bytes() != body:
                differ.append(url)
    spent = time.perf_counter() - started
    per = len(paths) * (2 if args.html else 1)
    print(f"{args.action}: {len(paths)} pages, {per} documents in {spent:.1f} s ({1000 * spent / per:.1f} ms each)")
    for url in differ:
        print("differs:", url)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
