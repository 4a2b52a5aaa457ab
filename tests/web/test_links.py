"""The real build through the production server: every link of the home page and of entity pages answers 200;
dereferencing, 404s, JSON twins and embedded JSON-LD (requests against 127.0.0.1)."""

from __future__ import annotations

import json
import re
import warnings
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
import requests
from rdflib import Graph, URIRef

pytestmark = pytest.mark.server

BASE = "https://w3id.org/dsi-graph/"
KNOWN = ["/id/person/tim-hirsch", "/id/meeting/iag-2024-01", "/id/decision/cbd-cop-dec-16-2"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "link"):
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def local_links(base: str, path: str) -> list[str]:
    """The distinct same-site links of a page (paths with query strings, no fragments)."""
    response = requests.get(base + path, timeout=60)
    assert response.status_code == 200, path
    parser = _Links()
    parser.feed(response.text)
    out = []
    for href in parser.hrefs:
        url = urlparse(urljoin(base + path, href))
        if url.netloc == urlparse(base).netloc:
            local = url.path + (f"?{url.query}" if url.query else "")
            if local not in out:
                out.append(local)
    return out


def _check_all(base: str, links: list[str]) -> None:
    broken = []
    with requests.Session() as session:
        for link in links[:400]:
            response = session.get(base + link, timeout=60)
            if response.status_code != 200:
                broken.append((link, response.status_code))
    assert broken == []


@pytest.mark.parametrize("path", ["/", "/page/meeting/iag-2024-01", "/page/person/tim-hirsch",
                                  "/page/decision/cbd-cop-dec-16-2"])
def test_every_link_answers_200(live_server, path):
    links = local_links(live_server, path)
    assert len(links) > 5
    _check_all(live_server, [link for link in links if not link.startswith("/sparql")])


@pytest.mark.parametrize("path", KNOWN)
@pytest.mark.parametrize(("accept", "target"), [
    (None, "/page/"), ("text/html", "/page/"), ("text/turtle", "/data/"), ("application/ld+json", "/data/"),
    ("application/rdf+xml;q=0.5,text/html;q=.3", "/data/"),
])
def test_see_other_by_accept(live_server, path, accept, target):
    response = requests.get(live_server + path, headers={"Accept": accept} if accept else {},
                            allow_redirects=False, timeout=60)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(path.replace("/id/", target))
    assert "Accept" in response.headers["Vary"]
    final = requests.get(live_server + path, headers={"Accept": accept} if accept else {}, timeout=60)
    assert final.status_code == 200


def test_unknown_id_is_a_helpful_404(live_server):
    response = requests.get(live_server + "/id/person/tim-hirsh", timeout=60)
    assert response.status_code == 404
    assert "Tim Hirsch" in response.text


@pytest.mark.parametrize("path", KNOWN)
def test_json_twin_and_data_document(live_server, path):
    page = path.replace("/id/", "/page/")
    data = requests.get(live_server + page + ".json", timeout=60).json()
    assert data["ok"] is True and data["iri"] == BASE + path.lstrip("/")
    html = requests.get(live_server + page, timeout=60).text
    assert data["label"] in html.replace("&#39;", "'").replace("&amp;", "&")
    ttl = requests.get(live_server + path.replace("/id/", "/data/") + ".ttl", timeout=60)
    graph = Graph().parse(data=ttl.text, format="turtle")
    assert (URIRef(data["iri"]), None, None) in graph
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib.*")
        schema = Graph().parse(data=embedded, format="json-ld")
    assert (URIRef(data["iri"]), URIRef("http://schema.org/name"), None) in schema
    assert json.loads(embedded)["@id"] == data["iri"]


def test_meeting_page_fits_its_kind(live_server):
    data = requests.get(live_server + "/page/meeting/iag-2024-01.json", timeout=60).json()
    titles = [s["title"] for s in data["sections"]]
    assert "Agenda" in titles and "Presentations" in titles
    presentations = next(s for s in data["sections"] if s["title"] == "Presentations")["rows"]
    assert any(r["presenter"] and r["presenter"]["value"].endswith("/tim-hirsch") for r in presentations)


def test_search_and_home_twin(live_server):
    hits = requests.get(live_server + "/search.json", params={"q": "Tim Hirsh"}, timeout=60).json()["hits"]
    assert hits[0]["iri"] == BASE + "id/person/tim-hirsch"
    home = requests.get(live_server + "/index.json", timeout=60).json()
    assert home["triples"] > 1000 and home["classes"]
    assert requests.get(live_server + "/timeline.json", timeout=60).json()["events"]
