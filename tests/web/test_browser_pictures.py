"""Chromium (Debian's, driven by Playwright) over the production server and the real build: the timeline with its
badges, filters and parts, the SPARQL editor in the site layout reporting a hint, the home chart on a phone, and the
panels of entity pages put in place after the page (static/panels.js)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_timeline_badges_filters_and_parts(live_server, browser_page, tmp_path_factory):
    page = browser_page
    shots = tmp_path_factory.mktemp("pictures")
    page.goto(live_server + "/timeline")
    assert page.locator("li.event .what.kind-ConferenceOfTheParties").count() >= 4
    assert page.locator("li[class~='event'] ol.parts a[href='/page/meeting/cop-15-2']").count() == 1
    page.select_option("form.timeline-filters select[name=formal]", "informal")
    page.click("form.timeline-filters button[type=submit]")  # a plain GET form: no script needed
    page.wait_for_url("**/timeline?*formal=informal*")
    badges = page.locator("ol.timeline li.event > .what")
    assert badges.count() > 0 and page.locator("ol.timeline li.event:not(.informal)").count() == 0
    page.screenshot(path=str(shots / "timeline-informal.png"), full_page=True)


def test_sparql_editor_in_layout_shows_the_hint(live_server, browser_page):
    page = browser_page
    page.goto(live_server + "/sparql")
    assert page.locator("header.site nav").count() == 1
    page.wait_for_selector(".CodeMirror")
    assert "dsi:FormalMeeting" in page.evaluate("window.dsiYasgui.getTab().getYasqe().getValue()")
    page.evaluate("window.dsiYasgui.getTab().getYasqe().setValue('SELECT * WHERE { ?m schema:name ?n }')")
    with page.expect_response(lambda r: "/sparql" in r.url and r.request.method == "POST") as answer:
        page.evaluate("window.dsiYasgui.getTab().getYasqe().query().catch(function () { return null; })")
    body = answer.value.json()
    assert answer.value.status == 400 and body["hint"] == "Add the line: PREFIX schema: <http://schema.org/>"
    page.wait_for_selector(".yasr .errorResult, .yasr_response, .yasr .errorHeader", timeout=15000)


def test_home_chart_fits_a_phone(live_server, browser_page, tmp_path_factory):
    page = browser_page
    shots = tmp_path_factory.mktemp("pictures")
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(live_server + "/")
        page.wait_for_selector("#panel-per-year svg")  # fetched after the page by static/panels.js
        assert page.locator("section.chart-pending").count() == 0
        chart = page.locator("#panel-per-year svg")
        box = chart.bounding_box()
        assert box and 300 < box["width"] <= 390 and box["height"] > 100
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("#panel-per-year rect.bar").count() > 10
        page.screenshot(path=str(shots / "home-phone.png"), full_page=False)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


QUIET_PERSON = """PREFIX dsi: <https://w3id.org/dsi-graph/def/>
SELECT ?a WHERE { ?a a dsi:Person FILTER NOT EXISTS { ?p dsi:participant|dsi:onBehalfOf ?a }
  FILTER NOT EXISTS { ?m dsi:organiser|dsi:host ?a } FILTER EXISTS { ?x ?y ?a FILTER(isIRI(?x)) } }
ORDER BY ?a LIMIT 1"""


def test_entity_panels_arrive_after_the_page(live_server, browser_page, tmp_path_factory, real_store):
    page = browser_page
    shots = tmp_path_factory.mktemp("pictures")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server + "/page/organisation/scbd")
    page.wait_for_selector("#panel-agent-participation svg rect.bar")
    page.wait_for_selector("#panel-neighbourhood svg g.node")
    assert page.locator("section.chart-pending").count() == 0
    heading = page.locator("section.chart-panel h2#panel-agent-participation-heading")
    assert heading.inner_text() == "Participation over time"
    assert page.locator("#panel-agent-participation table.chart-data tbody tr").count() > 0  # the table fallback
    assert page.locator("#panel-agent-participation a[href^='/queries/chart-agent-participation']").count() == 1
    page.screenshot(path=str(shots / "organisation-panels.png"), full_page=True)
    # a person linked from elsewhere who took part in no meeting: the panel says so and its placeholder goes
    person = str(real_store.select(QUIET_PERSON).rows[0]["a"]).removeprefix("https://w3id.org/dsi-graph/id/")
    with page.expect_response(lambda r: r.url.endswith("/panel/agent-participation")) as empty:
        page.goto(f"{live_server}/page/{person}")
    assert empty.value.status == 200 and "chart-empty" in empty.value.text()
    page.wait_for_selector("#panel-neighbourhood svg")
    page.wait_for_function("!document.querySelector('section.chart-pending')")
    assert page.locator("#panel-agent-participation-heading").count() == 0 and not errors
