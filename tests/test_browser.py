"""What staff see: the newsroom in headless Chromium against a real `monitor serve`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from newsroom_data import INJECTION_TITLE, build
from newsroom_server import serve_newsroom

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("MONITOR_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parent.parent
# Screenshots for the README are refreshed with MONITOR_SCREENSHOTS=1; otherwise they go to /tmp.
SCREENSHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("MONITOR_SCREENSHOTS")
               else Path(os.environ.get("TMPDIR", "/tmp")) / "monitor-screenshots")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_newsroom(build(tmp_path_factory.mktemp("browser") / "monitor.db")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    outside: list[str] = []
    page.outside = outside  # type: ignore[attr-defined]

    def local_only(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:  # map tiles and anything else from the internet: never needed by a test
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    yield page
    context.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_home_page(page: Any, server: str) -> None:
    page.goto(server + "/")
    assert page.title().startswith("Labour news monitor")
    page.get_by_text("What happened this week").click()
    page.wait_for_url("**/items?_days=7")
    shot(page, "home")


def test_front_page_news_desk_with_presets(page: Any, server: str) -> None:
    page.goto(server + "/")
    stories = page.locator("li.desk-story")
    assert stories.count() >= 5
    first = stories.first.inner_text()
    assert "report" in first and "source" in first
    shot(page, "desk")
    page.locator(".desk-presets").get_by_text("Central Asia").click()
    page.wait_for_url("**region=central_asia**")
    lines = page.locator(".desk-line").all_inner_texts()
    assert lines and all("Kazakhstan" in line for line in lines), lines
    assert page.locator('.desk-presets a.chosen').all_inner_texts()[0] == "Central Asia"
    page.locator(".desk-presets").get_by_text("Protests").click()
    page.wait_for_url("**event=protest**")
    assert page.locator(".desk-line").all_inner_texts() == [
        "Protest: Kazakhstan; 1 report in Kazakh"]
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute(
        "href")
    assert feed and "_event_type=protest" in feed and page.request.get(server + feed).ok
    page.locator("ul.desk-reports a").first.click()
    page.wait_for_url("**/monitor/items/*")
    assert page.locator("article.item h1").get_attribute("lang") == "kk"


def test_empty_period_shows_the_latest(page: Any, server: str) -> None:
    page.goto(server + "/monitor/items?_days=7&_country=BD")
    note = page.locator(".window-note").inner_text()
    assert "Published in the last 7 days: since" in note
    assert "Nothing was published in this period" in note
    latest = page.locator("ul.window-latest a")
    assert latest.all_inner_texts() == ["Old garment factory fire"]
    shot(page, "empty-period")
    latest.first.click()
    page.wait_for_url("**/monitor/items/*")


def test_canned_query_rows_lead_to_item_pages(page: Any, server: str) -> None:
    page.goto(server + "/monitor/deaths_30_days")
    link = page.locator("table.rows-and-columns a.row-page").first
    title = link.inner_text()
    link.click()
    page.wait_for_url("**/monitor/items/*")
    assert page.locator("article.item h1").inner_text() == title


def test_items_with_facets_and_search(page: Any, server: str) -> None:
    page.goto(server + "/monitor/items")
    facet = page.locator("#facet-countries")
    assert "Kazakhstan (KZ)" in facet.inner_text()
    page.locator(".facet-results").scroll_into_view_if_needed()
    shot(page, "items")
    facet.get_by_text("Kazakhstan (KZ)").click()
    page.wait_for_url("**_country=KZ**")
    assert "country is Kazakhstan (KZ)" in page.content()
    page.goto(server + "/monitor/items")
    page.fill("input#_search", "бастуют")
    page.press("input#_search", "Enter")
    page.wait_for_url("**_search=**")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == 1
    page.fill("input#_search", "strikes")  # a word form: finds "strike" too
    page.press("input#_search", "Enter")
    page.wait_for_url("**_search_words=strikes**")
    assert page.input_value("input#_search") == "strikes"
    titles = page.locator("table.rows-and-columns tbody td.col-title").all_inner_texts()
    assert "Karaganda coal miners strike" in titles
    assert "counting other forms of the words" in page.locator(".search-note").inner_text()
    shot(page, "search")


def test_canned_query_and_feed(page: Any, server: str) -> None:
    page.goto(server + "/monitor/strikes_protests_by_country")
    assert "Strikes and protests by country this month" in page.content()
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute(
        "href")
    assert feed and ".atom" in feed
    response = page.request.get(server + "/monitor/items.atom?_country=KZ&_event_type=strike")
    assert response.ok and "<feed" in response.text()
    shot(page, "canned-query")


def test_map(page: Any, server: str) -> None:
    page.goto(server + "/monitor/map_30_days")
    page.wait_for_selector(".leaflet-container", timeout=10_000)
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster", timeout=10_000)  # fetched
    assert page.locator(".leaflet-marker-icon, .marker-cluster").count() >= 1
    shot(page, "map")
    with page.expect_response("**/map_30_days.geojson**") as answer:
        page.get_by_role("link", name="geojson", exact=True).click()
    data = answer.value.json()
    assert data["type"] == "FeatureCollection" and data["features"]
    assert {f["geometry"]["type"] for f in data["features"]} == {"Point"}


def test_chart(page: Any, server: str) -> None:
    page.goto(server + "/monitor/-/items-per-week")
    assert page.locator("svg.chart rect").count() >= 3
    shot(page, "chart")


def loaded_fonts(page: Any) -> set[str]:
    """Families of the web fonts the page has loaded (waits for them)."""
    return set(page.evaluate(
        "document.fonts.ready.then(() => [...document.fonts].filter(f => f.status === 'loaded')"
        ".map(f => f.family.replace(/\"/g, '')))"))


def test_item_page_layout_stays_aligned(page: Any, server: str) -> None:
    page.goto(server + "/monitor/items/5")  # Urdu, killed stated
    rows = page.evaluate("""[...document.querySelectorAll('dl.item-meta dt')].map(dt => {
        const dd = dt.nextElementSibling;
        return [dt.getBoundingClientRect().top, dd.getBoundingClientRect().top]; })""")
    assert rows and all(abs(dt_top - dd_top) < 8 for dt_top, dd_top in rows), rows
    assert page.locator(".item-text p").first.get_attribute("dir") == "auto"
    assert page.evaluate("getComputedStyle(document.querySelector('.item-text p')).textAlign"
                         ) == "right"
    assert "Place names not used" not in page.locator(".item-tags").inner_text()


def test_item_page_right_to_left_and_scripts(page: Any, server: str) -> None:
    page.goto(server + "/monitor/items/3")
    heading = page.locator("article.item h1")
    assert heading.get_attribute("dir") == "rtl" and heading.get_attribute("lang") == "fa"
    assert page.evaluate("getComputedStyle(document.querySelector('article h1')).direction") \
        == "rtl"
    page.locator("details.why-tags summary").click()
    assert "protest, because of: تجمع" in page.locator("details.why-tags").inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.item-text p')).direction"
                         ) == "rtl"
    assert "Monitor Noto Arabic" in loaded_fonts(page)  # the bundled subset, on any machine
    shot(page, "item-persian")
    page.goto(server + "/monitor/items/4")
    assert page.locator("article.item h1").get_attribute("lang") == "my"
    assert "Monitor Noto Myanmar" in loaded_fonts(page)
    width = page.evaluate("document.querySelector('article.item h1').getBoundingClientRect()"
                          ".width")
    assert width > 100  # drawn in letters, not collapsed boxes
    shot(page, "item-burmese")
    page.goto(server + "/monitor/items/6")  # Armenian
    assert "Monitor Noto Armenian" in loaded_fonts(page)
    page.goto(server + "/monitor/items/1")
    assert "Karaganda coal miners strike" in page.locator(".story-reports").inner_text()
    shot(page, "item")


def test_script_injection_runs_nothing(page: Any, server: str) -> None:
    for path in ("/monitor/items/8", "/monitor/items", "/monitor/latest_relevant"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned === undefined")
    page.goto(server + "/monitor/items/8")
    assert INJECTION_TITLE in page.locator("article.item h1").inner_text()
    assert page.locator("article.item script, article.item img[onerror]").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    page.locator("article.item").get_by_text("click").click() if page.locator(
        "article.item").get_by_text("click").count() else None
    assert page.evaluate("window.__pwned === undefined")
    assert page.dialogs == []  # type: ignore[attr-defined]
    shot(page, "injection")
