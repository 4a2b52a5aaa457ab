"""A real chromium (Debian's /usr/bin/chromium, driven by Playwright) over the production server and the real
build: click from the home page to a meeting, a person and a decision; use the search box; run a query in the
SPARQL editor; screenshot the home and a meeting page (kept in the test's tmp folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]



def test_click_from_home_to_meeting_person_decision(live_server, browser_page, tmp_path_factory):
    page = browser_page
    shots = tmp_path_factory.mktemp("screenshots")
    page.goto(live_server + "/")
    assert page.locator("h1").first.inner_text() == "DSI graph"
    page.screenshot(path=str(shots / "home.png"), full_page=True)
    page.click("header.site nav >> text=Timeline")
    page.wait_for_url("**/timeline")
    page.click("a[href='/page/meeting/iag-2024-01']")
    page.wait_for_url("**/page/meeting/iag-2024-01")
    assert page.locator("h2", has_text="Agenda").count() == 1
    page.screenshot(path=str(shots / "meeting.png"), full_page=True)
    page.click("section.kind a[href='/page/person/tim-hirsch']")
    page.wait_for_url("**/page/person/tim-hirsch")
    assert page.locator("h1").inner_text() == "Tim Hirsch"
    page.goto(live_server + "/timeline")
    page.click("a[href='/page/decision/cbd-cop-dec-16-2']")
    page.wait_for_url("**/page/decision/cbd-cop-dec-16-2")
    assert "16/2" in page.locator("h1").inner_text()
    assert (shots / "home.png").stat().st_size > 10000


def test_search_box_autocomplete_and_results(live_server, browser_page):
    page = browser_page
    page.goto(live_server + "/")
    box = page.locator("header.site input[name=q]")
    box.fill("Tim Hirsh")
    suggestion = page.locator("ul.suggest a[href='/page/person/tim-hirsch']")
    suggestion.wait_for(state="visible")
    suggestion.click()
    page.wait_for_url("**/page/person/tim-hirsch")
    box = page.locator("header.site input[name=q]")
    box.fill("Cali Fund")
    box.press("Enter")
    page.wait_for_url("**/search?q=Cali+Fund")
    assert page.locator(".hits li").count() >= 1


def test_sparql_editor_runs_a_query(live_server, browser_page):
    page = browser_page
    page.goto(live_server + "/sparql", wait_until="load")
    page.wait_for_function("window.dsiYasgui && window.dsiYasgui.getTab()")
    page.evaluate("""() => {
        const tab = window.dsiYasgui.getTab();
        tab.setQuery('SELECT ?label WHERE { <https://w3id.org/dsi-graph/id/person/tim-hirsch> '
                     + '<http://www.w3.org/2000/01/rdf-schema#label> ?label }');
        tab.query();
    }""")
    cell = page.locator(".yasr", has_text="Tim Hirsch")
    cell.first.wait_for(state="visible")
    assert cell.count() >= 1


def test_screenshots_are_written(live_server, browser_page, tmp_path: Path):
    page = browser_page
    for name, path in (("home", "/"), ("meeting", "/page/meeting/iag-2024-01")):
        page.goto(live_server + path)
        target = tmp_path / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
