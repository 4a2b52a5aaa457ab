"""Entity pages in a real chromium (Debian's /usr/bin/chromium through Playwright) over the production server and
the real build: WGDSI-2 and decision 16/2 show no duplicated row in any table, no "+N more" source lists, and one
Sources section listing each source once; search shows type, date and snippet. Screenshots go to the test's tmp
folder."""

from __future__ import annotations

import pytest
import requests

pytestmark = [pytest.mark.browser, pytest.mark.server]

# the tables a reader sees (a chart's number table folded in a closed <details> has no rendered text)
ROWS = """() => Array.from(document.querySelectorAll('table')).filter(t => t.checkVisibility()).map(t =>
  Array.from(t.querySelectorAll('tbody tr')).map(r => r.innerText.replace(/\\s+/g, ' ').trim()))"""


@pytest.mark.parametrize("path", ["meeting/wgdsi-2", "decision/cbd-cop-dec-16-2"])
def test_page_without_repetition_and_with_its_sources(live_server, browser_page, tmp_path_factory, path):
    page = browser_page
    page.goto(f"{live_server}/page/{path}")
    for rows in page.evaluate(ROWS):
        assert len(rows) == len(set(rows)), [r for r in rows if rows.count(r) > 1][:3]
    assert page.locator("details.more-src").count() == 0 and "more" not in page.locator("td.prov").all_inner_texts()
    sources = page.locator("section#sources ol.page-sources > li")
    model = requests.get(f"{live_server}/page/{path}.json", timeout=60).json()["sources"]
    assert sources.count() == len(model) > 1
    titles = [sources.nth(i).locator("p.source-head").inner_text() for i in range(sources.count())]
    assert len(titles) == len(set(titles))
    first = page.locator("sup.refs a").first
    target = first.get_attribute("href")
    first.click()
    assert page.evaluate("() => location.hash") == target and page.locator(target).is_visible()
    assert page.locator("text=schema:OfflineEventAttendanceMode").count() == 0
    page.screenshot(path=str(tmp_path_factory.mktemp("shots") / (path.replace("/", "-") + ".png")), full_page=True)


def test_search_hits_show_type_date_and_snippet(live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server}/search?q=WGDSI-2")
    first = page.locator("ol.hits li.hit").first
    assert "Second meeting" in first.locator(".hit-head a").inner_text()
    assert first.locator(".kind").inner_text() and first.locator(".date").inner_text() == "2024-08-12"
    assert first.locator(".snippet").inner_text()
