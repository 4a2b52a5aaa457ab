"""Benchmark dsi-graph against its peers on the same synthetic data, in one run, on this machine.

For each size: load time and memory per backend (each in a fresh process), start-up time of the servers, the
latency of a fixed query mix through HTTP (dsi-graph's /sparql, ``oxigraph serve``, ``rdflib-endpoint``), and a
bounded load (fixed connections and seconds, loopback only, with ``wrk``) on entity lookups, entity pages and the
mix, each twice: repeated (a few hundred rotating requests, what a cache serves) and without repeats (every
request different: lookups of every entity of the data in a shuffled order, the pages of the sitemap, the mix with
fresh parameters). Ends with the resident memory of each server's processes. Prints a table with ratios against
the peers and writes it to BENCHMARKS.md (from its "## Figures" heading on; the text above it is kept).

    python benchmarks/run.py --sizes 100k,1m --seconds 10 --connections 8

``--compare DIR`` adds ``dsi-graph @DIR``: the same build served by the code of another checkout (``PYTHONPATH``),
for an A/B run of a change in the same run as its peers.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

BASE = "https://w3id.org/dsi-graph/"
P = f"PREFIX dsi: <{BASE}def/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
JSON = "application/sparql-results+json"


def mix(n_units: int) -> dict[str, str]:
    """The fixed query mix, over entities that exist at every size."""
    u = max(1, n_units // 2)
    dec, meeting = f"<{BASE}id/decision/dec-{u}>", f"<{BASE}id/meeting/meeting-{u}>"
    return {
        "entity lookup": f"SELECT ?p ?o WHERE {{ {dec} ?p ?o }}",
        "named query (agenda)": P + f"SELECT ?item ?label ?reading ?page WHERE {{ {meeting} dsi:hasAgendaItem ?item . "
        "?item rdfs:label ?label . OPTIONAL { ?item dsi:preparatoryReading ?reading . "
        "OPTIONAL { ?reading dsi:page ?page } } } ORDER BY ?item",
        "aggregate": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
        "label search": P + 'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "capacity '
        'development")) } LIMIT 20',
        "transitive cites+": P + f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ {dec} dsi:cites+ ?d }}",
        "construct": P + f"CONSTRUCT {{ {meeting} dsi:hasAgendaItem ?i . ?i rdfs:label ?l }} "
        f"WHERE {{ {meeting} dsi:hasAgendaItem ?i . ?i rdfs:label ?l }}",
    }


def fresh_mix(n_units: int, count: int, seed: int = 7) -> list[str]:
    """``count`` rounds of the mix with fresh parameters (another decision, meeting, phrase, threshold each round),
    interleaved; the unbounded ``cites+`` is left out as in the repeated load."""
    rng = random.Random(seed)
    words = generate_words()
    out = []
    for k in range(count):
        u = rng.randrange(max(1, n_units))
        dec, meeting = f"<{BASE}id/decision/dec-{u}>", f"<{BASE}id/meeting/meeting-{u}>"
        phrase = f"{rng.choice(words)} {rng.choice(words)}"
        out += [
            f"SELECT ?p ?o WHERE {{ {dec} ?p ?o }}",
            P + f"SELECT ?item ?label ?reading ?page WHERE {{ {meeting} dsi:hasAgendaItem ?item . "
            "?item rdfs:label ?label . OPTIONAL { ?item dsi:preparatoryReading ?reading . "
            "OPTIONAL { ?reading dsi:page ?page } } } ORDER BY ?item",
            f"SELECT ?c (COUNT(?s) AS ?n) WHERE {{ ?s a ?c }} GROUP BY ?c HAVING (COUNT(?s) > {k}) ORDER BY DESC(?n)",
            P + f'SELECT ?s ?l WHERE {{ ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "{phrase}")) }} '
            f"LIMIT {10 + k % 20}",
            P + f"CONSTRUCT {{ {meeting} dsi:hasAgendaItem ?i . ?i rdfs:label ?l }} "
            f"WHERE {{ {meeting} dsi:hasAgendaItem ?i . ?i rdfs:label ?l }}",
        ]
    return out


def generate_words() -> list[str]:
    """The generator's vocabulary (its labels are phrases of these words)."""
    from generate import WORDS

    return list(WORDS)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, timeout: float = 120.0) -> float:
    """Poll ``url`` with an ASK until it answers 200; return seconds waited (bounded)."""
    start = time.monotonic()
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    while time.monotonic() - start < timeout:
        try:
            if requests.get(f"{url}?{query}", headers={"Accept": JSON}, timeout=2).status_code == 200:
                return time.monotonic() - start
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} not ready after {timeout} s")


def prepare_build(nq: Path, nt: Path, folder: Path) -> float:
    """A build directory like ``dsi-graph build`` writes (dump, on-disk store with the union, build.json); seconds.

    The store holds every named graph and, in the default graph, their union (what the build's
    ``materialise_union`` makes), bulk-loaded from the dump and from its triples (``nt``) in a fresh process.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dsi-graph.nq").symlink_to(nq.resolve())
    stat = nq.stat()
    (folder / "build.json").write_text(json.dumps({
        "build_id": f"bench-{stat.st_size}-{int(stat.st_mtime)}",
        "build_time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stat.st_mtime)),
    }))
    script = (
        "import pyoxigraph as ox, sys\n"
        "s = ox.Store(sys.argv[1])\n"
        "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)\n"
        "s.bulk_load(path=sys.argv[3], format=ox.RdfFormat.N_TRIPLES)\n"
        "s.flush()\n"
    )
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", script, str(folder / "store"), str(nq), str(nt)], check=True, timeout=3600)
    return time.monotonic() - start


def prepare(name: str, nq: Path, nt: Path, workdir: Path) -> float:
    """One-off preparation of a server's data (like a build); seconds (0 when there is none)."""
    if name.startswith("dsi-graph"):
        folder = workdir / "dsi-build"
        return 0.0 if folder.exists() else prepare_build(nq, nt, folder)
    if name == "oxigraph serve":
        location = workdir / "oxigraph-db"
        if location.exists():
            return 0.0
        start = time.monotonic()
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nq)],
                       check=True, capture_output=True)
        return time.monotonic() - start
    return 0.0


@contextmanager
def server(name: str, data_nq: Path, data_nt: Path, workdir: Path):
    """Start one server on a free loopback port; yield (sparql_url, base_url, start-up seconds, pid).

    ``dsi-graph`` serves a prepared build with default settings, ``dsi-graph (no cache)`` the same build with
    ``DSI_GRAPH_CACHE_SIZE=0``, ``dsi-graph (dump)`` the N-Quads file itself (loaded in memory, union made).
    """
    port = free_port()
    env = dict(os.environ)
    env.pop("DSI_GRAPH_STORE_MODE", None)
    host = ["--host", "127.0.0.1", "--port", str(port)]
    if name.startswith("dsi-graph @"):  # another checkout's code over the same build
        env["PYTHONPATH"] = name.split("@", 1)[1]
    if name.startswith("dsi-graph"):
        env["DSI_GRAPH_QUERY_TIMEOUT"] = "120"
        if name == "dsi-graph (dump)":
            cmd = [str(BIN / "dsi-graph"), "serve", str(data_nq), *host]
        else:
            cmd = [str(BIN / "dsi-graph"), "serve", "--build", str(workdir / "dsi-build"), *host]
        if name == "dsi-graph (no cache)":
            env["DSI_GRAPH_CACHE_SIZE"] = "0"
    elif name == "oxigraph serve":
        cmd = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(workdir / "oxigraph-db"), "--bind",
               f"127.0.0.1:{port}", "--union-default-graph"]
    else:
        cmd = [str(BIN / "rdflib-endpoint"), "serve", str(data_nt), *host]
    base = f"http://127.0.0.1:{port}"
    sparql = {"oxigraph serve": f"{base}/query", "rdflib-endpoint": f"{base}/"}.get(name, f"{base}/sparql")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(sparql, timeout=600)
        yield sparql, base, time.monotonic() - start, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def latency(url: str, query: str, repeat: int, session: requests.Session) -> float:
    """Median seconds of ``repeat`` sequential GETs of ``query`` on one keep-alive ``session``."""
    times = []
    accept = accept_for(query)
    for _ in range(repeat):
        start = time.perf_counter()
        response = session.get(url, params={"query": query}, headers={"Accept": accept}, timeout=600)
        response.raise_for_status()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def accept_for(query: str) -> str:
    """The Accept header a client sends for ``query``: N-Triples for graph results, SPARQL JSON otherwise."""
    return "application/n-triples" if "CONSTRUCT" in query else JSON


def wrk(paths: list[str], base: str, seconds: int, connections: int, accept: str | list[str]) -> dict[str, float]:
    """Drive a bounded load with wrk over ``paths`` (one Accept, or one per path); return req/s, p50, p99 in ms."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    quoted = ",".join(json.dumps(p) for p in paths)
    accepts = ",".join(json.dumps(a) for a in (accept if isinstance(accept, list) else [accept] * len(paths)))
    # Each wrk thread starts at its own share of the list (setup numbers the threads), so that two threads never
    # send the same request one after the other: a list without repeats stays without repeats.
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal accepts = {{{accepts}}}\nlocal i = nil\nlocal threads = 0\n"
        "setup = function(thread)\n  thread:set('tid', threads)\n  threads = threads + 1\nend\n"
        "request = function()\n  if i == nil then i = (tid or 0) * math.floor(#paths / 2) end\n  i = i + 1\n"
        '  local k = (i % #paths) + 1\n'
        '  return wrk.format("GET", paths[k], {["Accept"] = accepts[k]})\nend\n'
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format("JSON {\\"rps\\": %f, \\"p50\\": %f, \\"p99\\": %f, \\"errors\\": %d}\\n",\n'
        "    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,\n"
        "    latency:percentile(99) / 1000, summary.errors.status + summary.errors.timeout))\nend\n"
    )
    result = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", str(script), base],
        capture_output=True, text=True, timeout=seconds + 60,
    )
    script.unlink()
    line = next(x for x in result.stdout.splitlines() if x.startswith("JSON "))
    return json.loads(line[5:])


def load_figures(nq: Path, nt: Path, workdir: Path) -> dict[str, dict[str, float]]:
    """Load time and peak memory of each backend, each measured in a fresh process."""
    code = {
        "oxigraph (memory)": "import pyoxigraph as ox; s = ox.Store(); "
        "s.bulk_load(path=P, format=ox.RdfFormat.N_QUADS); n = len(s)",
        "oxigraph (disk)": "import pyoxigraph as ox; s = ox.Store(D); "
        "s.bulk_load(path=P, format=ox.RdfFormat.N_QUADS); n = len(s)",
        "rdflib (memory)": "import rdflib; s = rdflib.Dataset(default_union=True); s.parse(P, format='nquads'); "
        "n = len(s)",
    }
    figures = {}
    for name, body in code.items():
        disk = workdir / f"load-{name.split()[0]}-{int(time.time() * 1000)}"
        script = (
            "import resource, time, json\n"
            f"P, D = {str(nq)!r}, {str(disk)!r}\n"
            "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            f"t = time.perf_counter()\n{body}\n"
            "print(json.dumps({'seconds': time.perf_counter() - t, 'quads': n, "
            "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
        )
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=1800)
        figures[name] = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else {"error": 1}
        shutil.rmtree(disk, ignore_errors=True)
    return figures


def geomean(values: list[float]) -> float:
    """Geometric mean."""
    return math.exp(sum(math.log(v) for v in values) / len(values))


def loaded(paths: list[str], base: str, seconds: int, connections: int, accept: str | list[str]) -> dict:
    """A warm-up pass of ``seconds`` over ``paths`` (fills caches, like a server that has been up a while),
    then the measured pass."""
    wrk(paths, base, seconds, connections, accept)
    return wrk(paths, base, seconds, connections, accept)


def unrepeated(paths: list[str], base: str, seconds: int, connections: int, accept: str | list[str]) -> dict:
    """Load without repeats: a warm-up pass over the even positions of ``paths`` (the engine's own caches warm up,
    no response of the measured pass is seen before), then the measured pass over the odd ones."""
    accepts = accept if isinstance(accept, list) else [accept] * len(paths)
    wrk(paths[0::2], base, seconds, connections, accepts[0::2])
    figures = wrk(paths[1::2], base, seconds, connections, accepts[1::2])
    figures["distinct"] = len(paths[1::2])
    return figures


def entity_iris(nq: Path, seed: int = 11) -> list[str]:
    """Every typed entity IRI of the data (no blank nodes), in a fixed shuffled order."""
    typed = "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    seen: dict[str, None] = {}
    with nq.open(encoding="utf-8") as src:
        for line in src:
            if line.startswith("<") and typed in line:
                seen.setdefault(line[1:line.index(">")], None)
    iris = list(seen)
    random.Random(seed).shuffle(iris)
    return iris


def sitemap_paths(base: str, seed: int = 13) -> list[str]:
    """The entity pages a crawler finds in ``/sitemap.xml``, as paths, in a fixed shuffled order."""
    text = requests.get(f"{base}/sitemap.xml", timeout=600).text
    paths = [urllib.parse.urlparse(u).path for u in re.findall(r"<loc>([^<]+)</loc>", text)]
    paths = [p for p in paths if p.startswith("/page/")]
    random.Random(seed).shuffle(paths)
    return paths


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory (MB) of a server process and each of its descendants, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += [child for child, parent in parents.items() if parent == current]
    sizes = {}
    for process in tree:
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes[str(process)] = int(match.group(1)) / 1024
    return sizes


def run_size(label: str, triples: int, seconds: int, connections: int, repeat: int,
             servers: list[str], backend_load: bool = True) -> dict:
    """All figures for one size."""
    nq = OUT / f"synthetic-{label}.nq"
    nt = OUT / f"synthetic-{label}.nt"
    if not nq.exists():
        generate(triples, nq)
    if not nt.exists():
        with nq.open() as src, nt.open("w") as dst:
            for line in src:  # drop the graph term: rdflib-endpoint serves one (union) graph
                head, _, _ = line.rstrip(" .\n").rpartition(" ")
                dst.write(head + " .\n")
    units = triples // 175
    queries = mix(units)
    marker = f"> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{BASE}def/Decision> "
    with nq.open() as src:  # decisions dec-0 .. dec-(n-1) exist; rotate over ~500 of them
        decisions = sum(1 for line in src if marker in line)
    step = max(1, decisions // 500)
    everything = entity_iris(nq)
    fresh = fresh_mix(units, 4000)
    fresh_latency = fresh_mix(units, repeat, seed=8)  # other parameters than the load's
    result: dict = {"triples": triples, "load": {}, "servers": {}, "loadavg": [os.getloadavg()[0]],
                    "entities": len(everything)}
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        work = Path(tmp)
        result["load"] = load_figures(nq, nt, work) if backend_load else {}
        prepared: dict[str, float] = {}
        for name in servers:
            print(f"[{label}] {name}", file=sys.stderr)
            prepared.setdefault(name.split(" (")[0].split(" @")[0], prepare(name, nq, nt, work))
            with server(name, nq, nt, work) as (sparql, base, startup, pid):
                figures: dict = {"prepare_s": prepared[name.split(" (")[0].split(" @")[0]], "startup_s": startup,
                                 "latency_ms": {}, "fresh_latency_ms": {}}
                with requests.Session() as session:  # one keep-alive connection, like a client library
                    for qname, query in queries.items():
                        figures["latency_ms"][qname] = latency(sparql, query, repeat, session) * 1000
                    for i, qname in enumerate(q for q in queries if "cites+" not in q):
                        runs = sorted(latency(sparql, fresh_latency[i + 5 * r], 1, session) for r in range(repeat))
                        figures["fresh_latency_ms"][qname] = runs[len(runs) // 2] * 1000
                path = urllib.parse.urlparse(sparql).path

                def lookup(entity: str, path: str = path) -> str:
                    return path + "?" + urllib.parse.urlencode({"query": f"SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }}"})

                lookups = [lookup(f"{BASE}id/decision/dec-{i}") for i in range(0, decisions, step)]
                figures["load_lookup"] = loaded(lookups, base, seconds, connections, JSON)
                figures["load_lookup_distinct"] = unrepeated([lookup(e) for e in everything], base, seconds,
                                                             connections, JSON)
                rest = [q for q in queries.values() if "cites+" not in q]
                mix_paths = [path + "?" + urllib.parse.urlencode({"query": q}) for q in rest]
                figures["load_mix"] = loaded(mix_paths, base, seconds, connections, [accept_for(q) for q in rest])
                figures["load_mix_fresh"] = unrepeated(
                    [path + "?" + urllib.parse.urlencode({"query": q}) for q in fresh], base, seconds, connections,
                    [accept_for(q) for q in fresh])
                if name.startswith("dsi-graph"):
                    pages = [f"/page/decision/dec-{i}" for i in range(0, decisions, step)]
                    figures["load_page"] = loaded(pages, base, seconds, connections, "text/html")
                    figures["load_page_distinct"] = unrepeated(sitemap_paths(base), base, seconds, connections,
                                                               "text/html")
                figures["rss_mb"] = rss_mb(pid)
                result["servers"][name] = figures
        print(f"[{label}] dsi-graph (dump)", file=sys.stderr)
        with server("dsi-graph (dump)", nq, nt, work) as (_, _, startup, _):
            result["dump_startup_s"] = startup
    result["loadavg"].append(os.getloadavg()[0])
    return result


def _ratio(ours: float, theirs: float) -> str:
    return f"x{ours / theirs:.2f}" if theirs >= 0.5 else "n/a (the peer completed no request in the run)"


def _cell(fig: dict) -> str:
    if fig["rps"] == 0:
        return "no request completed within the run (wrk's 2 s request timeout)"
    return f"{fig['rps']:.0f} req/s, p50 {fig['p50']:.1f} ms, p99 {fig['p99']:.1f} ms" + (
        f", {fig['errors']} errors" if fig.get("errors") else "")


def _rss(sizes: dict[str, float]) -> str:
    """``master M MB + n workers of W MB`` (largest worker), or the one process's size."""
    values = list(sizes.values())
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.0f} MB (one process)"
    head, rest = values[0], values[1:]
    return f"{head:.0f} MB + {len(rest)} x up to {max(rest):.0f} MB"


FIGURES = "## Figures"
LOAD_ROWS = (
    ("load_lookup", "entity lookups, repeated (~500 rotating IRIs)"),
    ("load_lookup_distinct", "entity lookups, no repeats (every entity once, shuffled)"),
    ("load_mix", "mix, repeated (without cites+)"),
    ("load_mix_fresh", "mix, fresh parameters (no query twice)"),
    ("load_page", "entity HTML pages, repeated (~500 rotating)"),
    ("load_page_distinct", "entity HTML pages, no repeats (the sitemap, shuffled)"),
)


def table(results: dict, args: argparse.Namespace) -> str:
    """The Markdown report."""
    lines = [
        FIGURES, "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}. Run on {time.strftime('%Y-%m-%d')}.", "",
        f"Command: `.venv/bin/python benchmarks/run.py --sizes {args.sizes} --seconds {args.seconds} "
        f"--connections {args.connections} --repeat {args.repeat} --servers '{args.servers}'"
        + "".join(f" --compare {d}" for d in args.compare) + (" --no-backend-load" if args.no_backend_load else "")
        + "`", "",
        "Data: `benchmarks/generate.py` (deterministic synthetic negotiation graph in the project's ontology).",
        f"Load: wrk, 2 threads, {args.connections} connections, keep-alive, 127.0.0.1 only; each figure is a "
        f"{args.seconds} s pass after a {args.seconds} s warm-up pass. Repeated loads warm up over the same requests; "
        "loads without repeats warm up over other requests of the same kind (even positions of the list, measured "
        "over the odd ones), so no measured answer was asked before. Latency: median of "
        f"{args.repeat} sequential runs of each query on one keep-alive connection (so cached servers answer the "
        "later runs from their cache; the fresh-parameter table and the no-cache column show evaluated latency).",
        "`dsi-graph` serves a build (on-disk store with the union, default settings: cache on); "
        "`dsi-graph (no cache)` the same build with `DSI_GRAPH_CACHE_SIZE=0`, i.e. every request is evaluated; "
        "`dsi-graph @DIR` the same build served by the code of the checkout DIR.", "",
    ]
    for label, res in results.items():
        names = list(res["servers"])
        ours = res["servers"].get("dsi-graph") or res["servers"][names[0]]
        lines += [f"### {label} ({res['triples']:,} triples, {res.get('entities', 0):,} entities)", "",
                  f"Load average (1 min) at start / end of this size: {res['loadavg'][0]:.2f} / "
                  f"{res['loadavg'][-1]:.2f}.", ""]
        if res["load"]:
            lines += ["| backend (in-process bulk load) | load s | peak MB |", "|---|---|---|"]
            for name, fig in res["load"].items():
                if "error" in fig:
                    lines.append(f"| {name} | failed | |")
                else:
                    lines.append(f"| {name} | {fig['seconds']:.2f} | {fig['peak_mb']:.0f} |")
            lines.append("")
        gm, fgm = {}, {}
        for key, title, store in (("latency_ms", "query (median ms, repeated)", gm),
                                  ("fresh_latency_ms", "query (median ms, fresh parameters)", fgm)):
            lines += ["| " + title + " | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
            for q in ours[key]:
                lines.append(f"| {q} | " + " | ".join(f"{res['servers'][n][key][q]:.1f}" for n in names) + " |")
            store.update({n: geomean(list(res["servers"][n][key].values())) for n in names})
            lines += ["| **geometric mean** | " + " | ".join(f"**{store[n]:.1f}**" for n in names) + " |", ""]
        lines += ["| load test | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
        for key, title in LOAD_ROWS:
            cells = [_cell(res["servers"][n][key]) if key in res["servers"][n] else "" for n in names]
            distinct = next((res["servers"][n][key].get("distinct") for n in names if key in res["servers"][n]), None)
            lines.append(f"| {title}{f', {distinct:,} measured' if distinct else ''} | " + " | ".join(cells) + " |")
        lines.append("| resident memory after the loads | " + " | ".join(
            _rss(res["servers"][n].get("rss_mb", {})) for n in names) + " |")
        lines += ["", "| start-up | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|",
                  "| one-off preparation (build store / `oxigraph load`), s | " + " | ".join(
                      f"{res['servers'][n]['prepare_s']:.1f}" if res['servers'][n]['prepare_s'] else "-"
                      for n in names) + " |",
                  "| start until /sparql answers, s | " + " | ".join(
                      f"{res['servers'][n]['startup_s']:.1f}" for n in names) + " |", "",
                  f"`dsi-graph serve synthetic-{label}.nq` (the dump loaded in memory and the union made at start): "
                  f"answers after {res['dump_startup_s']:.1f} s.", "", "Ratios (dsi-graph / peer):"]
        for mine in [n for n in names if n.startswith("dsi-graph")]:
            for peer in [n for n in names if not n.startswith("dsi-graph")]:
                figs, theirs = res["servers"][mine], res["servers"][peer]
                r = {k: _ratio(figs[k]["rps"], theirs[k]["rps"]) for k in
                     ("load_lookup", "load_lookup_distinct", "load_mix", "load_mix_fresh")}
                pages = (_ratio(figs["load_page_distinct"]["rps"], theirs["load_lookup_distinct"]["rps"])
                         if "load_page_distinct" in figs else "-")
                lines.append(
                    f"- {mine} vs {peer}: entity lookups repeated {r['load_lookup']}, no repeats "
                    f"{r['load_lookup_distinct']}; distinct pages against the peer's distinct lookups {pages}; "
                    f"mix throughput repeated {r['load_mix']}, fresh {r['load_mix_fresh']}; mix geometric-mean "
                    f"latency repeated x{gm[mine] / gm[peer]:.2f}, fresh x{fgm[mine] / fgm[peer]:.2f} "
                    "(lower is better)")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--servers", default="dsi-graph,dsi-graph (no cache),oxigraph serve,rdflib-endpoint")
    parser.add_argument("--compare", action="append", default=[], metavar="DIR",
                        help="also serve the build with the code of checkout DIR (an A/B run)")
    parser.add_argument("--no-backend-load", action="store_true", help="skip the in-process bulk-load figures")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        parser.error("wrk is needed (apt-get install wrk)")
    OUT.mkdir(exist_ok=True)
    results = {}
    for label in args.sizes.split(","):
        servers = args.servers.split(",") + [f"dsi-graph @{Path(d).resolve()}" for d in args.compare]
        results[label] = run_size(label, SIZES[label], args.seconds, args.connections, args.repeat, servers,
                                  backend_load=not args.no_backend_load)
        (OUT / "results.json").write_text(json.dumps(results, indent=2))
    report = table(results, args)
    print(report)
    previous = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    head, tail = "# Benchmarks\n\n", ""
    if FIGURES in previous:  # only the figures section is rewritten: the prose and the other sections are kept
        start = previous.index(FIGURES)
        after = previous.find("\n## ", start + len(FIGURES))
        head, tail = previous[:start], (previous[after + 1:] if after != -1 else "")
    args.out.write_text(head + report + "\n" + ("\n" + tail if tail else ""), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
