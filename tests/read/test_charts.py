"""Chart panels (dsi_graph.read.charts) on the real build: valid SVG with title and desc, scaled by viewBox, no
script, and the numbers drawn equal to the numbers the named query returns."""

from __future__ import annotations

from collections import Counter
from xml.etree import ElementTree as ET

import pytest

from dsi_graph.read import queries
from dsi_graph.read.charts import panels, svg
from dsi_graph.stores.oxigraph import OxigraphStore

BASE = "https://w3id.org/dsi-graph/"
NS = {"s": "http://www.w3.org/2000/svg"}
QUERIES = str(queries.DEFAULT_API_DIR.parent)


def _panel(store, name, iri=None):
    result = panels.panel(store, name, base=BASE, queries_dir=QUERIES, iri=iri and BASE + "id/" + iri, label="X")
    assert result is not None
    root = ET.fromstring(result["svg"])
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("width") == "100%" and root.get("viewBox")
    assert root.find("s:title", NS).text and root.find("s:desc", NS).text == result["desc"]
    assert not root.findall(".//s:script", NS)
    return result, root


def _query_rows(store, name, **params):
    return queries.run(store, queries.get_query(name, queries.api_dir(QUERIES)), params, base=BASE).rows


@pytest.mark.parametrize(("name", "iri", "param", "series"), [
    ("per-year", None, None, "series"),
    ("topic-stances", "topic/benefit-sharing", "topic", "stanceLabel"),
    ("agent-participation", "organisation/scbd", "agent", "how"),
])
def test_bars_equal_the_query_counts(real_store: OxigraphStore, name, iri, param, series) -> None:
    result, root = _panel(real_store, name, iri)
    params = {param: BASE + "id/" + iri} if param else {}
    expected: Counter[tuple[str, str]] = Counter()
    for r in _query_rows(real_store, result["query"], **params):
        expected[(str(r["year"]), str(r[series]))] += int(r["count"])
    drawn = Counter({(b.get("data-category"), b.get("data-series")): int(b.get("data-value"))
                     for b in root.iter("{http://www.w3.org/2000/svg}rect") if b.get("class") == "bar"})
    assert drawn == expected and sum(drawn.values()) > 0
    series_names = result["columns"][1:]
    table = {(row[0], col): v for row in result["rows"] for col, v in zip(series_names, row[1:], strict=True) if v}
    assert Counter(table) == expected


def test_neighbourhood_draws_each_linked_entity_once(real_store: OxigraphStore) -> None:
    result, root = _panel(real_store, "neighbourhood", "meeting/wgdsi-2")
    rows = _query_rows(real_store, "chart-neighbourhood", entity=BASE + "id/meeting/wgdsi-2")
    neighbours = {str(r["neighbour"]) for r in rows}
    nodes = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "node"]
    more = sum(int(t.text.split()[1]) for t in root.iter("{http://www.w3.org/2000/svg}text")
               if (t.text or "").startswith("+ "))
    assert len(nodes) + more == len(neighbours) == len(result["rows"])
    links = [a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert links and all(h.startswith("/id/") for h in links)


def test_no_data_no_panel(real_store: OxigraphStore) -> None:
    assert panels.panel(real_store, "agent-participation", base=BASE, queries_dir=QUERIES,
                        iri=BASE + "id/topic/benefit-sharing") is None


def test_svg_escapes_text_and_scales() -> None:
    root = svg.bar_chart("c", "A <b> & c", "d", ["2024"], [("x<y", [3])])
    text = svg.to_string(root)
    assert "&lt;b&gt; &amp; c" in text and ET.fromstring(text).find("s:title", NS).text == "A <b> & c"
    assert svg._nice_max(7) == (8, 2) and svg._nice_max(0) == (1, 1) and svg._nice_max(49) == (60, 20)


def test_which_panels_a_page_has() -> None:
    assert [n for n, _ in panels.entity_panels("topic")] == ["topic-stances", "neighbourhood"]
    assert [n for n, _ in panels.entity_panels("person")] == ["agent-participation", "neighbourhood"]
    assert panels.entity_panels("meeting") == [("neighbourhood", "Neighbourhood")]
    assert panels.site_panels() == [("per-year", "Meetings and documents per year")]
    assert all(name in panels.PANELS for kind in ("topic", "organisation", None) for name, _ in
               panels.entity_panels(kind))


def test_entity_panel_labelled_as_its_page(real_store: OxigraphStore) -> None:
    iri = BASE + "id/organisation/scbd"
    result = panels.for_entity(real_store, "agent-participation", kind="organisation", iri=iri, base=BASE,
                               queries_dir=QUERIES)
    assert result is not None and "Secretariat of the Convention on Biological Diversity" in result["desc"]
    with pytest.raises(panels.NoSuchPanel):
        panels.for_entity(real_store, "topic-stances", kind="organisation", iri=iri, base=BASE, queries_dir=QUERIES)
    assert panels.for_entity(real_store, "agent-participation", kind="organisation", iri=iri + "-nobody",
                             base=BASE, queries_dir=QUERIES) is None
    with pytest.raises(panels.NoSuchPanel):
        panels.for_site(real_store, "neighbourhood", base=BASE, queries_dir=QUERIES)
    assert panels.for_site(real_store, "per-year", base=BASE, queries_dir=QUERIES)["rows"]
