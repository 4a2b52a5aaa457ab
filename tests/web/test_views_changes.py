"""/changes (HTML and JSON), /changes.atom (parsed by feedparser and checked against Atom's required elements),
/guide, the favicon, the footer's licence and the home page's citation and schema.org Dataset: an app over a real
second build of the fixture data, whose changes.json records the renamed meeting."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import feedparser
import pytest
from fixtures_build import MEETING, NEW_LABEL

from dsi_graph import __version__
from dsi_graph.config import Settings
from dsi_graph.rdf import about
from dsi_graph.stores.oxigraph import OxigraphStore
from dsi_graph.web.app import create_app, read_build_info

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built_app(two_builds):
    store = OxigraphStore()
    store.load(str(two_builds["out"] / "dsi-graph.nq"))
    settings = Settings.from_env({}, build_dir=str(two_builds["out"]), cache_size=0)
    app = create_app(settings, store=store, build_info=read_build_info(two_builds["out"]))
    app.config["TESTING"] = True
    yield app
    store.close()


@pytest.fixture()
def web(built_app):
    return built_app.test_client()


class Collect(HTMLParser):
    """The attributes of chosen tags and the text of <script type="application/ld+json">."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_ld = tag == "script" and attributes.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.ld.append(data)


def parse(html: bytes) -> Collect:
    collect = Collect()
    collect.feed(html.decode("utf-8"))
    return collect


def test_changes_json_lists_the_builds_with_entities_linked(web, two_builds):
    data = web.get("/changes.json").get_json()
    assert data["ok"] is True
    latest, first = data["builds"]
    assert latest["build_id"] == two_builds["result"].build_id == data["current"]["build_id"]
    assert first["previous"] is None and latest["previous"]["build_id"] == first["build_id"]
    meeting = next(e for e in latest["entities"] if e["entity"] == MEETING)
    assert meeting["path"] == "/id/meeting/iag-2024-01" and meeting["label"] == NEW_LABEL
    assert any(g["name"] == "src-a" and g["path"] == "/graph/src-a" for g in latest["graphs"])


def test_changes_page_links_entities_and_the_feed(web):
    page = web.get("/changes")
    assert page.status_code == 200 and NEW_LABEL.encode() in page.data
    hrefs = {a.get("href") for tag, a in parse(page.data).tags if tag == "a"}
    assert "/page/meeting/iag-2024-01" in hrefs and "/graph/src-a" in hrefs
    assert 'rel="alternate"; type="application/atom+xml"' in page.headers["Link"]
    assert web.get("/page/meeting/iag-2024-01").status_code == 200


def test_atom_feed_is_valid_and_links_the_entities(web, two_builds):
    answer = web.get("/changes.atom")
    assert answer.status_code == 200 and answer.mimetype == "application/atom+xml"
    feed = feedparser.parse(answer.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and len(feed.entries) == 2
    latest = feed.entries[0]
    assert two_builds["result"].build_id[:12] in latest.title and "http://localhost/page/meeting/iag-2024-01" \
        in latest.content[0].value
    assert latest.link == f"http://localhost/changes#build-{two_builds['result'].build_id[:12]}"
    root = ElementTree.fromstring(answer.data)  # RFC 4287: feed and entries have id, title, updated; an author
    assert root.tag == f"{ATOM}feed"
    for element in [root, *root.findall(f"{ATOM}entry")]:
        for child in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{child}")) == 1, (element.tag, child)
    assert root.find(f"{ATOM}author/{ATOM}name").text == about.CREATOR
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/changes.atom"
    ids = [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
    assert len(set(ids)) == 2


def test_no_history_gives_an_empty_feed_and_page(client):
    assert client.get("/changes.json").get_json()["builds"] == []
    assert b"No changes recorded yet" in client.get("/changes").data
    feed = feedparser.parse(client.get("/changes.atom").data)
    assert not feed.bozo and feed.entries == []


def test_home_says_how_to_cite_with_version_and_build_date(web, two_builds):
    info = json.loads((two_builds["out"] / "build.json").read_text())
    home = web.get("/index.json").get_json()
    cited = home["citation"]
    assert cited["version"] == __version__ and cited["build_id"] == info["build_id"]
    assert cited["date"] == info["built_at"][:10] and cited["date"] in cited["text"]
    assert home["licence"]["data"]["spdx"] == "CC-BY-4.0" and home["licence"]["code"]["spdx"] == "MIT"
    page = web.get("/")
    assert b'id="cite"' in page.data and cited["text"].encode() in page.data


def test_home_has_a_schema_org_dataset(web, two_builds):
    collected = parse(web.get("/").data)
    [dataset] = [json.loads(text) for text in collected.ld]
    assert dataset["@type"] == "Dataset" and dataset["license"] == about.DATA_LICENSE
    assert dataset["version"] == __version__ and dataset["name"] == about.TITLE and dataset["description"]
    assert dataset["dateModified"] == json.loads((two_builds["out"] / "build.json").read_text())["built_at"][:10]
    assert dataset["creator"]["name"] == about.CREATOR and "CC BY 4.0" in dataset["citation"]
    urls = {d["contentUrl"]: d["encodingFormat"] for d in dataset["distribution"]}
    assert urls["https://w3id.org/dsi-graph/dumps/dsi-graph.nq"] == "application/n-quads"


@pytest.mark.parametrize("path", ["/", "/changes", "/guide", "/sources", "/timeline", "/page/meeting/no-such-meeting",
                                  "/queries", "/def/"])
def test_every_page_links_guide_favicon_and_states_the_licences(client, path):
    page = client.get(path)
    assert page.status_code in (200, 404) and page.mimetype == "text/html"
    tags = parse(page.data).tags
    hrefs = [a.get("href") for tag, a in tags if tag == "a"]
    assert hrefs.count("/guide") >= 2  # header and footer
    assert about.DATA_LICENSE in hrefs and about.CODE_LICENSE in hrefs
    icons = [a for tag, a in tags if tag == "link" and a.get("rel") == "icon"]
    assert {a.get("href") for a in icons} == {"/static/favicon.svg", "/favicon.ico"}


def test_favicon_answers(client):
    with client.get("/favicon.ico") as ico:
        assert ico.status_code == 200 and ico.mimetype == "image/vnd.microsoft.icon"
        assert ico.data[:4] == b"\x00\x00\x01\x00"  # the ICO header: reserved 0, type 1 (icon)
    with client.get("/static/favicon.svg") as svg:
        assert svg.status_code == 200 and ElementTree.fromstring(svg.data).tag == "{http://www.w3.org/2000/svg}svg"


def test_guide_is_rendered_with_contents_and_site_links(client):
    data = client.get("/guide.json").get_json()
    assert data["title"].startswith("A researcher's guide")
    ids = {h["id"] for h in data["toc"]}
    assert "7-build-warnings" in ids and len(ids) == len(data["toc"]) > 10
    page = client.get("/guide")
    tags = parse(page.data).tags
    assert any(tag == "h2" and a.get("id") == "7-build-warnings" for tag, a in tags)
    hrefs = {a.get("href") for tag, a in tags if tag == "a"}
    assert "/queries/decisions" in hrefs and "#7-build-warnings" in hrefs
    assert not any(h and h.endswith(".rq") for h in hrefs)
    assert b"<table>" in page.data and b"<pre><code" in page.data
