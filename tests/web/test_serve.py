"""The `serve` command and production server: real build, dumps, remote endpoint, --get, editor page, caching."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from fixtures_server import PROTOCOL_DATA, run_server
from flask import Flask
from rdflib import Graph, URIRef

from dsi_graph.cli import cli
from dsi_graph.config import PROJECT_ROOT, Settings
from dsi_graph.read.service import SD
from dsi_graph.stores.base import StoreError
from dsi_graph.stores.oxigraph import OxigraphStore
from dsi_graph.web.caching import ResponseCache, cached
from dsi_graph.web.server import make_app

DATA = str(PROTOCOL_DATA / "data.trig")
EXAMPLES = sorted((PROJECT_ROOT / "queries" / "api").glob("*.rq"))
ASK_ALL = "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"


def test_get_runs_one_request_in_process():
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", DATA, "--get", ASK_ALL])
    assert result.exit_code == 0, result.output
    assert result.output == '{"head":{},"boolean":true}'
    bad = runner.invoke(cli, ["serve", DATA, "--get", "/sparql?query=SELECT"])
    assert bad.exit_code == 1 and "query syntax error" in bad.output
    missing = runner.invoke(cli, ["serve", "no/such/file.nq", "--get", ASK_ALL])
    assert missing.exit_code != 0 and "no such file: no/such/file.nq" in missing.output


def test_serving_never_builds_the_cli_builds_first(build_settings, monkeypatch):
    settings = build_settings("ok")
    build = Path(settings.build_dir)
    assert not (build / "dsi-graph.nq").exists()
    with pytest.raises(StoreError, match="no build at .*: run .dsi-graph build. first"):
        make_app(settings)
    assert not (build / "dsi-graph.nq").exists()
    for name in ("data_dir", "shapes_dir", "queries_dir", "build_dir"):
        monkeypatch.setenv("DSI_GRAPH_" + name.upper(), str(getattr(settings, name)))
    result = CliRunner().invoke(cli, ["serve", "--get", ASK_ALL])
    assert result.exit_code == 0, result.output
    assert (build / "dsi-graph.nq").exists() and result.output.endswith('{"head":{},"boolean":true}')


@pytest.mark.server
def test_live_real_build(live_server, real_build):
    with run_server(["--build", str(real_build)]) as second:
        assert requests.get(f"{second}/sparql", params={"query": "ASK {}"}, timeout=60).status_code == 200
    url = f"{live_server}/sparql"
    count = requests.get(url, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}, timeout=60)
    assert int(count.json()["results"]["bindings"][0]["n"]["value"]) > 100
    description = requests.get(url, headers={"Accept": "text/turtle"}, timeout=60)
    graph = Graph().parse(data=description.content, format="turtle")
    named = {str(o) for o in graph.objects(None, SD.name)}
    assert Settings().base_iri + "graph/ontology" in named
    assert (URIRef(url), SD.endpoint, URIRef(url)) in graph
    etag = description.headers["ETag"]
    assert requests.get(url, headers={"Accept": "text/turtle", "If-None-Match": etag}, timeout=60).status_code == 304


@pytest.mark.server
def test_query_editor_page(live_server):
    page = requests.get(f"{live_server}/sparql", headers={"Accept": "text/html,*/*;q=0.8"}, timeout=60)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.text
    assert 'id="yasgui"' in html and "new Yasgui(" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assets = [s for s in sources if "yasgui" in s]
    assert len(assets) == 2 and all(a.startswith("/static/") for a in assets)
    assert not [s for s in re.findall(r'<script[^>]*src="([^"]+)"', html) if s.startswith(("http:", "https:", "//"))]
    for asset in assets:
        response = requests.get(live_server + asset, timeout=60)
        assert response.status_code == 200 and len(response.content) > 10000
    config = json.loads(re.search(r'<script id="sparql-config" type="application/json">(.*?)</script>', html, re.S)[1])
    assert config["endpoint"] == f"{live_server}/sparql"
    assert "PREFIX dsi: <https://w3id.org/dsi-graph/def/>" in config["defaultQuery"]
    for example in EXAMPLES:
        assert f">{example.stem}</button>" in html
        assert example.stem in {e["name"] for e in config["examples"]}


@pytest.mark.server
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_editor_examples_answer(live_server, example):
    """Every example the editor offers runs as it is (parameters unbound) and answers 200.

    How fast they answer is not asserted here (speed belongs in benchmarks/); the live server's time limit is 60 s.
    """
    answer = requests.post(f"{live_server}/sparql", data={"query": example.read_text(encoding="utf-8")}, timeout=60)
    assert answer.status_code == 200, (example.name, answer.text)


@pytest.mark.server
def test_remote_endpoint(live_server):
    """`serve --endpoint URL` answers from another SPARQL endpoint (here: the live server over the real build)."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/dsi-graph/def/Meeting> }"

    def count(base: str) -> int:
        response = requests.get(f"{base}/sparql", params={"query": query}, timeout=60)
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    with run_server(["--endpoint", f"{live_server}/sparql"]) as base:
        assert count(base) == count(live_server) > 0


def test_response_cache_is_a_bounded_lru():
    app = Flask(__name__)
    cache = ResponseCache(2)
    with app.app_context():
        for key in ("a", "b", "c"):
            cache.put((key,), app.response_class(key, status=200))
        assert len(cache) == 2 and cache.get(("a",)) is None
        assert cache.get(("c",)).get_data() == b"c"
        cache.put(("err",), app.response_class("x", status=500))
        assert cache.get(("err",)) is None
    off = ResponseCache(0)
    with app.app_context():
        off.put(("a",), app.response_class("a"))
    assert len(off) == 0


def _cached_app(cache_size: int) -> tuple[Flask, list[str]]:
    store = OxigraphStore()
    store.load(DATA)
    from dsi_graph.web.app import create_app

    app = create_app(Settings.from_env({}, cache_size=cache_size), store=store, build_info={"build_id": "b1"})
    calls: list[str] = []

    @app.route("/thing")
    @cached()
    def thing():
        calls.append("x")
        return "thing", 200, {"Content-Type": "text/plain"}

    return app, calls


def test_cached_decorator():
    app, calls = _cached_app(16)
    client = app.test_client()
    first = client.get("/thing")
    second = client.get("/thing")
    assert first.get_data() == second.get_data() == b"thing" and calls == ["x"]
    assert second.headers["X-DSI-Cache"] == "hit"
    assert first.headers["Cache-Control"] == "public, max-age=300" and first.headers["ETag"] == second.headers["ETag"]
    assert client.get("/thing", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    client.get("/thing", headers={"Accept": "text/plain"})
    assert calls == ["x", "x"]  # another negotiated type is another entry
    uncached, calls = _cached_app(0)
    uncached.test_client().get("/thing")
    uncached.test_client().get("/thing")
    assert calls == ["x", "x"]


@pytest.mark.server
@pytest.mark.browser
def test_editor_example_button_opens_a_tab(live_server, tmp_path):
    """In a real chromium: the editor loads with the prefixes, and an example button opens its query in a new tab."""
    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(15000)
            page.goto(f"{live_server}/sparql", wait_until="load")
            page.wait_for_function("window.dsiYasgui && window.dsiYasgui.getTab()")
            first = page.evaluate("() => window.dsiYasgui.getTab().getQuery()")
            assert "PREFIX dsi: <https://w3id.org/dsi-graph/def/>" in first
            example = EXAMPLES[0]
            page.click(f"#examples button:text-is('{example.stem}')")
            page.wait_for_function(f"() => window.dsiYasgui.getTab().getName() === '{example.stem}'")
            assert page.evaluate("() => window.dsiYasgui.getTab().getQuery()") == example.read_text(encoding="utf-8")
            page.screenshot(path=str(tmp_path / "editor.png"))
            assert (tmp_path / "editor.png").stat().st_size > 10000
        finally:
            browser.close()


@pytest.mark.server
def test_workers_open_the_store_after_the_fork_and_exit_cleanly(real_build, tmp_path):
    """The on-disk store is opened in each worker, never in the master: workers serve it and end without SIGABRT."""
    with run_server(["--build", str(real_build)], log_dir=tmp_path) as base:
        for path in ("/page/person/tim-hirsch", "/search.json?q=hirsch", "/health"):
            assert requests.get(base + path, timeout=60).status_code == 200
    log = next(tmp_path.glob("dsi-graph-serve-*.log")).read_text(errors="replace")
    assert "Stopped worker-1" in log and "Stopped worker-2" in log, log[-2000:]
    assert "SIGABRT" not in log and "system_error" not in log, log[-2000:]
