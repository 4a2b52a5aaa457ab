"""Chart panels as resources (dsi_graph.web.views.panels) over the real build: the fragment, its JSON twin and the
bare SVG, a "no data" panel, 404 envelopes, validators; the pages hold placeholders and run no chart query."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fixtures_web import app_for
from flask.testing import FlaskClient

from dsi_graph.read import describe, queries
from dsi_graph.read.charts import panels
from dsi_graph.stores.oxigraph import OxigraphStore

BASE = "https://w3id.org/dsi-graph/"
SVG = "{http://www.w3.org/2000/svg}"
QUERIES = str(queries.DEFAULT_API_DIR.parent)
CASES = [("topic/benefit-sharing", "topic-stances"), ("organisation/scbd", "agent-participation"),
         ("person/francis-ogwal", "agent-participation"), ("meeting/wgdsi-2", "neighbourhood")]


@pytest.fixture()
def real_client(real_store: OxigraphStore, real_build: Path) -> Iterator[FlaskClient]:
    yield app_for(real_store, real_build).test_client()


def _inline_panel(store: OxigraphStore, entity: str, name: str) -> panels.ChartPanel | None:
    """The panel as the entity page drew it inline before panels had routes (label from the page model)."""
    iri = BASE + "id/" + entity
    label = describe.describe(store, iri, BASE)["label"]
    return panels.panel(store, name, base=BASE, queries_dir=QUERIES, iri=iri, label=label)


@pytest.mark.parametrize(("entity", "name"), CASES)
def test_entity_panel_fragment_twin_and_svg(real_client: FlaskClient, real_store: OxigraphStore, entity: str,
                                            name: str) -> None:
    path = f"/page/{entity}/panel/{name}"
    expected = _inline_panel(real_store, entity, name)
    assert expected is not None and expected["rows"]
    fragment = real_client.get(path)
    html = fragment.data.decode()
    assert fragment.status_code == 200 and fragment.mimetype == "text/html" and fragment.headers["ETag"]
    assert f'<section class="chart-panel" aria-labelledby="panel-{name}-heading">' in html
    assert f'href="/queries/{expected["query"]}?' in html and '<table class="chart-data">' in html
    cells = [unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", html)]
    assert cells == [str(v) for row in expected["rows"] for v in row]  # the table of the inline panel
    twin = real_client.get(path + ".json").get_json()
    assert twin["ok"] is True and "svg" not in twin
    assert {k: twin[k] for k in ("name", "title", "desc", "query", "params", "columns", "rows")} == {
        k: expected[k] for k in ("name", "title", "desc", "query", "params", "columns", "rows")}
    assert twin["links"]["svg"] == path + ".svg" and twin["links"]["page"] == f"/page/{entity}"
    picture = real_client.get(path + ".svg")
    assert picture.status_code == 200 and picture.mimetype == "image/svg+xml"
    assert picture.data.decode() == expected["svg"] and picture.data.decode() in html
    root = ET.fromstring(picture.data)
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text == expected["desc"]


def test_site_panel_and_validators(real_client: FlaskClient, real_store: OxigraphStore) -> None:
    expected = panels.panel(real_store, "per-year", base=BASE, queries_dir=QUERIES)
    twin = real_client.get("/panel/per-year.json").get_json()
    assert expected is not None and twin["rows"] == expected["rows"] and twin["links"]["page"] == "/"
    first = real_client.get("/panel/per-year")
    assert 'id="panel-per-year"' in first.data.decode() and first.headers["Cache-Control"].startswith("public")
    again = real_client.get("/panel/per-year", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_panel_without_data_says_so(real_client: FlaskClient, real_store: OxigraphStore) -> None:
    row = real_store.select("""PREFIX dsi: <https://w3id.org/dsi-graph/def/>
        SELECT ?a WHERE { ?a a dsi:Person FILTER NOT EXISTS { ?p dsi:participant|dsi:onBehalfOf ?a }
          FILTER NOT EXISTS { ?m dsi:organiser|dsi:host ?a } }
        ORDER BY ?a LIMIT 1""").rows[0]
    path = "/page/" + str(row["a"]).removeprefix(BASE + "id/") + "/panel/agent-participation"
    fragment = real_client.get(path)
    html = fragment.data.decode()
    assert fragment.status_code == 200 and '<section class="chart-panel chart-empty"' in html and "<svg" not in html
    assert "No data: the named query chart-agent-participation answers nothing for " in html
    twin = real_client.get(path + ".json").get_json()
    assert twin["ok"] is True and twin["rows"] == [] and twin["params"] == {"agent": str(row["a"])}
    picture = real_client.get(path + ".svg", headers={"Accept-Encoding": "gzip, br"})
    assert picture.status_code == 204 and picture.data == b""
    assert "Content-Encoding" not in picture.headers and "Content-Type" not in picture.headers


@pytest.mark.parametrize(("path", "error"), [
    ("/page/topic/benefit-sharing/panel/agent-participation", "no panel 'agent-participation' on topic pages"),
    ("/page/organisation/scbd/panel/pie.json", "no panel 'pie' on organisation pages"),
    ("/page/organisation/no-such-body/panel/neighbourhood", "nothing is known of organisation/no-such-body"),
    ("/panel/neighbourhood", "no panel 'neighbourhood' on the home page"),
])
def test_unknown_panel_or_entity_is_a_404_envelope(real_client: FlaskClient, path: str, error: str) -> None:
    response = real_client.get(path)
    body = response.get_json()
    assert response.status_code == 404 and body["ok"] is False and body["status"] == 404 and body["error"] == error


class RecordingStore(OxigraphStore):
    """The build's store, keeping the text of every query it is asked."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, read_only=True)
        self.asked: list[str] = []

    def _query(self, query: str, bindings=None, **kwargs):
        self.asked.append(query)
        return super()._query(query, bindings, **kwargs)


def test_pages_hold_placeholders_and_run_no_chart_query(real_build: Path) -> None:
    store = RecordingStore(real_build / "store")
    client = app_for(store, real_build).test_client()
    # the SELECT line of each chart query: present in the text the store is asked whenever that query runs
    markers = {name: next(line for line in queries.get_query(spec.query).text.splitlines()
                          if line.startswith("SELECT")) for name, spec in panels.PANELS.items()}
    expected = {"/": ["per-year"], **{f"/page/{entity}": [n for n, _ in panels.entity_panels(entity.split("/")[0])]
                                      for entity, _ in CASES}}
    for path, names in expected.items():
        store.asked.clear()
        html = client.get(path).data.decode()
        assert not [n for n, m in markers.items() if any(m in q for q in store.asked)], path
        assert "<svg" not in html and "/static/panels.js" in html
        slots = re.findall(r'<section class="chart-panel chart-pending" aria-labelledby="panel-([a-z-]+)-heading" '
                           r'aria-busy="true" data-panel="([^"]+)">\s*<h2 id="panel-\1-heading">[^<]+</h2>\s*'
                           r'<p class="chart-link"><a href="\2">', html)
        assert [name for name, _ in slots] == names, path
        for name, url in slots:
            store.asked.clear()
            assert client.get(url).status_code == 200, url
            assert any(markers[name] in q for q in store.asked), url  # the panel's own request runs it
