"""Benchmark dsi-graph against its peers on the same synthetic data, in one run, on this machine.

For each size: load time and memory per backend (each in a fresh process), start-up time of the servers, the
latency of a fixed query mix through HTTP (dsi-graph's /sparql, ``oxigraph serve``, ``rdflib-endpoint``), and a
bounded load (fixed connections and seconds, loopback only, with ``wrk``) on the entity lookup, the entity page and
the mix. Prints a table with ratios against the peers and writes it to BENCHMARKS.md.

    python benchmarks/run.py --sizes 100k,1m --seconds 10 --connections 8
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
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


@contextmanager
def server(name: str, data_nq: Path, data_nt: Path, workdir: Path):
    """Start one server on a free loopback port; yield (sparql_url, base_url, start-up seconds)."""
    port = free_port()
    env = dict(os.environ)
    if name == "dsi-graph":
        cmd = [str(BIN / "dsi-graph"), "serve", str(data_nq), "--host", "127.0.0.1", "--port", str(port)]
        env["DSI_GRAPH_QUERY_TIMEOUT"] = "120"
    elif name == "oxigraph serve":
        location = workdir / "oxigraph-db"
        if not location.exists():
            subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(data_nq)],
                           check=True, capture_output=True)
        cmd = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location), "--bind",
               f"127.0.0.1:{port}", "--union-default-graph"]
    else:
        cmd = [str(BIN / "rdflib-endpoint"), "serve", str(data_nt), "--host", "127.0.0.1", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    sparql = {"oxigraph serve": f"{base}/query", "rdflib-endpoint": f"{base}/"}.get(name, f"{base}/sparql")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(sparql, timeout=600)
        yield sparql, base, time.monotonic() - start
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def latency(url: str, query: str, repeat: int) -> float:
    """Median seconds of ``repeat`` sequential GETs of ``query``."""
    times = []
    accept = "application/n-triples" if "CONSTRUCT" in query else JSON
    for _ in range(repeat):
        start = time.perf_counter()
        response = requests.get(url, params={"query": query}, headers={"Accept": accept}, timeout=600)
        response.raise_for_status()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def wrk(paths: list[str], base: str, seconds: int, connections: int, accept: str) -> dict[str, float]:
    """Drive a bounded load with wrk over ``paths``; return requests/s, p50 and p99 in ms."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    quoted = ",".join(json.dumps(p) for p in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n"
        f'  return wrk.format("GET", paths[(i % #paths) + 1], {{["Accept"] = "{accept}"}})\nend\n'
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


def run_size(label: str, triples: int, seconds: int, connections: int, repeat: int,
             servers: list[str]) -> dict:
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
    result: dict = {"triples": triples, "load": {}, "servers": {}}
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        work = Path(tmp)
        result["load"] = load_figures(nq, nt, work)
        for name in servers:
            print(f"[{label}] {name}", file=sys.stderr)
            with server(name, nq, nt, work) as (sparql, base, startup):
                figures: dict = {"startup_s": startup, "latency_ms": {}}
                for qname, query in queries.items():
                    figures["latency_ms"][qname] = latency(sparql, query, repeat) * 1000
                lookups = [
                    urllib.parse.urlparse(sparql).path + "?" + urllib.parse.urlencode(
                        {"query": f"SELECT ?p ?o WHERE {{ <{BASE}id/decision/dec-{i}> ?p ?o }}"})
                    for i in range(0, units, max(1, units // 500))
                ]
                figures["load_lookup"] = wrk(lookups, base, seconds, connections, JSON)
                mix_paths = [urllib.parse.urlparse(sparql).path + "?" + urllib.parse.urlencode({"query": q})
                             for q in queries.values() if "cites+" not in q]
                figures["load_mix"] = wrk(mix_paths, base, seconds, connections, JSON)
                if name == "dsi-graph":
                    pages = [f"/page/decision/dec-{i}" for i in range(0, units, max(1, units // 500))]
                    figures["load_page"] = wrk(pages, base, seconds, connections, "text/html")
                result["servers"][name] = figures
    return result


def table(results: dict, args: argparse.Namespace) -> str:
    """The Markdown report."""
    lines = [
        "# Benchmarks", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}. Run on {time.strftime('%Y-%m-%d')}.", "",
        f"Command: `python benchmarks/run.py --sizes {args.sizes} --seconds {args.seconds} "
        f"--connections {args.connections}`", "",
        "Data: `benchmarks/generate.py` (deterministic synthetic negotiation graph in the project's ontology).",
        "Load: wrk, 2 threads, fixed connections and seconds, 127.0.0.1 only. Latency: median of sequential runs.", "",
    ]
    for label, res in results.items():
        ours = res["servers"].get("dsi-graph") or next(iter(res["servers"].values()))
        lines += [f"## {label} ({res['triples']:,} triples)", "", "| backend | load s | peak MB |", "|---|---|---|"]
        for name, fig in res["load"].items():
            if "error" in fig:
                lines.append(f"| {name} | failed | |")
            else:
                lines.append(f"| {name} | {fig['seconds']:.2f} | {fig['peak_mb']:.0f} |")
        names = list(res["servers"])
        lines += ["", "| query (median ms) | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
        for q in ours["latency_ms"]:
            lines.append(f"| {q} | " + " | ".join(f"{res['servers'][n]['latency_ms'][q]:.1f}" for n in names) + " |")
        gm = {n: geomean(list(res["servers"][n]["latency_ms"].values())) for n in names}
        lines.append("| **geometric mean** | " + " | ".join(f"**{gm[n]:.1f}**" for n in names) + " |")
        lines += ["", "| load test | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
        for key, title in (("load_lookup", "entity lookup"), ("load_mix", "mix (without cites+)")):
            cells = [f"{res['servers'][n][key]['rps']:.0f} req/s, p50 {res['servers'][n][key]['p50']:.1f} ms, "
                     f"p99 {res['servers'][n][key]['p99']:.1f} ms" for n in names]
            lines.append(f"| {title} | " + " | ".join(cells) + " |")
        page = ours.get("load_page", {"rps": 0, "p50": 0, "p99": 0})
        lines += ["", f"Entity HTML pages (dsi-graph): {page['rps']:.0f} req/s, p50 {page['p50']:.1f} ms, "
                      f"p99 {page['p99']:.1f} ms.",
                  "Start-up until /sparql answers: " + ", ".join(
                      f"{n} {res['servers'][n]['startup_s']:.1f} s" for n in names) + ".", "",
                  "Ratios (dsi-graph / peer): "]
        for peer in names[1:]:
            lookup = ours["load_lookup"]["rps"] / max(res["servers"][peer]["load_lookup"]["rps"], 1e-9)
            mixr = ours["load_mix"]["rps"] / max(res["servers"][peer]["load_mix"]["rps"], 1e-9)
            lat = gm[names[0]] / gm[peer]
            lines.append(f"- vs {peer}: entity-lookup throughput x{lookup:.2f}, mix throughput x{mixr:.2f}, "
                         f"mix geometric-mean latency x{lat:.2f} (lower is better)")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--servers", default="dsi-graph,oxigraph serve,rdflib-endpoint")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        parser.error("wrk is needed (apt-get install wrk)")
    OUT.mkdir(exist_ok=True)
    results = {}
    for label in args.sizes.split(","):
        results[label] = run_size(label, SIZES[label], args.seconds, args.connections, args.repeat,
                                  args.servers.split(","))
        (OUT / "results.json").write_text(json.dumps(results, indent=2))
    report = table(results, args)
    print(report)
    args.out.write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
