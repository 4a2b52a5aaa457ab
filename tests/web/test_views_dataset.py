"""Home page, timeline, sources, VoID, dumps, sitemap, health and robots.txt (Flask client on the mini graph)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from rdflib import Graph

from dsi_graph.config import Settings
from dsi_graph.web.app import create_app


def test_home_and_json_twin(client):
    page = client.get("/")
    assert page.status_code == 200
    for link in (b'href="/sparql"', b'href="/def/"', b'href="/queries"', b'href="/timeline"', b'href="/sources"'):
        assert link in page.data
    data = client.get("/index.json").get_json()
    counts = {c["label"]: c["count"] for c in data["classes"]}
    assert counts["agenda item"] == 2 and counts["person"] == 1
    assert data["triples"] > 100
    assert {s["label"][:3] for s in data["sources"]} == {"CBD", "Inf"}


def test_timeline(client):
    events = client.get("/timeline.json").get_json()["events"]
    assert [(e["date"], e["what"]) for e in events] == [("2024-01-23", "meeting"), ("2024-10-21", "meeting"),
                                                        ("2024-10-21", "decision")]
    assert b"2024" in client.get("/timeline").data


def test_sources_with_statement_counts(client):
    sources = client.get("/sources.json").get_json()["sources"]
    by_graph = {s["graph"]["label"]: s["statements"] for s in sources}
    assert by_graph["cbd-iag-2024"] > by_graph["cbd-dsi-decisions"] > 0


def test_void_from_build_or_404(client, tmp_path, mini_store):
    assert client.get("/void").status_code == 404  # the mini graph has no graph/void and no void.ttl
    build = tmp_path / "with-void"
    build.mkdir()
    (build / "void.ttl").write_text("<http://x/d> a <http://rdfs.org/ns/void#Dataset> .\n", encoding="utf-8")
    (build / "dsi-graph.nq").write_text("<http://x/a> <http://x/b> <http://x/c> <http://x/g> .\n", encoding="utf-8")
    app = create_app(Settings.from_env({}, build_dir=str(build), cache_size=0), store=mini_store, build_info={})
    with app.test_client() as other:
        ttl = other.get("/.well-known/void")
        assert ttl.status_code == 200 and len(Graph().parse(data=ttl.data, format="turtle")) == 1
        nt = other.get("/void", headers={"Accept": "application/n-triples"})
        assert nt.mimetype == "application/n-triples"
        with other.get("/dumps/dsi-graph.nq") as dump:
            assert dump.status_code == 200 and dump.headers["Access-Control-Allow-Origin"] == "*"
            assert dump.data.startswith(b"<http://x/a>")
        assert other.get("/dumps/dsi-graph.trig").status_code == 404
        assert other.get("/dumps/../config.py").status_code == 404
        assert "dsi-graph.nq" in {d["name"] for d in other.get("/index.json").get_json()["dumps"]}


def test_sitemap_lists_entity_pages(client):
    tree = ElementTree.fromstring(client.get("/sitemap.xml").data)
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://localhost/page/meeting/iag-2024-01" in locs
    assert all("/id/" not in loc for loc in locs)


def test_health_and_robots(client):
    health = client.get("/health").get_json()
    assert health.pop("loaded_at")  # when the app loaded its build
    assert health == {"ok": True, "triples": client.get("/index.json").get_json()["triples"], "build_id": "test-build"}
    assert b"Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt").data


def test_other_base_iri_maps_paths(mini_store, tmp_path: Path):
    """Served on another base, the same paths reach nothing (IRIs are rebased by the build, not the server)."""
    settings = Settings.from_env({}, build_dir=str(tmp_path), base_iri="http://localhost/", cache_size=0)
    app = create_app(settings, store=mini_store, build_info={})
    assert app.test_client().get("/id/meeting/iag-2024-01").status_code == 404
