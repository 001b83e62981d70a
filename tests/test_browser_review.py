"""The review flow as a reviewer and a reader see it: headless Chromium against a real
`monitor serve` (screenshots for docs/review.md with MONITOR_SCREENSHOTS=1)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from newsroom_data import build
from newsroom_server import serve_newsroom
from test_browser import browser, shot  # noqa: F401 (the Chromium fixture)

pytestmark = pytest.mark.browser
SECRET = "review-browser-test-secret"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = build(tmp_path_factory.mktemp("browser-review") / "monitor.db")
    with serve_newsroom(db, env={**os.environ, "DATASETTE_SECRET": SECRET}) as base:
        yield base, db


def as_actor(browser: Any, base: str, actor: dict[str, str] | None) -> Any:  # noqa: F811
    """A page signed in as `actor` (the cookie the accounts' login sets)."""
    from datasette.app import Datasette  # lazy: only to sign the cookie as the server does

    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    if actor:
        value = Datasette([], secret=SECRET).sign({"a": actor}, "actor")
        context.add_cookies([{"name": "ds_actor", "value": value, "url": base}])
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
               else route.abort())
    return page


def history(page: Any) -> list[str]:
    return page.locator("ol.review-history > li").all_inner_texts()


def test_a_reviewer_corrects_rejects_merges_and_undoes(browser: Any,  # noqa: F811
                                                       served: tuple[str, Path]) -> None:
    base, _db = served
    page = as_actor(browser, base, {"id": "ana", "role": "reviewer"})
    page.goto(base + "/monitor/items/3")
    assert "Not reviewed yet" in page.locator("#review .review-status").inner_text()
    page.locator("details.review-correct summary").click()
    form = page.locator('form.review-field[data-field="event_types"]')
    assert form.get_by_label("protest").is_checked()
    form.get_by_label("wage theft").uncheck()
    page.locator("#review").scroll_into_view_if_needed()
    shot(page, "review-forms")
    form.get_by_role("button").click()
    page.wait_for_url("**/monitor/items/3#review")
    tags = page.locator("ul.item-tags").inner_text()
    assert "What happened: protest reviewed" in tags and "wage theft" not in tags
    assert "Reviewed: corrected by ana" in page.locator("p.review-status").first.inner_text()
    place = page.locator('form.review-field[data-field="place"]')
    page.locator("details.review-correct summary").click()
    place.get_by_label("Place").fill("Shush")
    place.get_by_role("button").click()
    page.wait_for_url("**#review")
    assert "Shush reviewed" in page.locator("dl.item-meta").inner_text()
    assert [h.split(": ", 1)[1].split(" review ")[0] for h in history(page)] == [
        "Corrected what happened (protest, wage theft → protest)",
        "Corrected place (none → Shush)"]

    page.goto(base + "/monitor/items/10")
    reject = page.locator("form.review-reject")
    reject.get_by_label("Not labour news, because").select_option("not_news")
    reject.get_by_label("More (optional)").fill("a choir concert")
    reject.get_by_role("button").click()
    page.wait_for_url("**/monitor/items/10#review")
    assert "A reviewer found this is not labour news" in page.locator("article.item").inner_text()
    assert "Not news: advert" in history(page)[0] and "a choir concert" in history(page)[0]

    page.goto(base + "/monitor/stories/5")
    merge = page.locator("form.review-merge")
    merge.get_by_label("Same event as story number").fill("6")
    merge.get_by_role("button").click()
    page.wait_for_url("**/monitor/stories/5#review")
    assert page.locator("ul.story-reports > li").count() == 2
    shot(page, "review-story")
    page.locator("ol.review-history > li").last.get_by_role("button", name="Undo").click()
    page.wait_for_url("**/monitor/stories/5#review")
    assert page.locator("ul.story-reports > li").count() == 1
    assert "undone (review" in history(page)[0] and "Undid review" in history(page)[-1]

    page.goto(base + "/monitor/items/3")
    page.locator("ol.review-history > li").first.get_by_role("button", name="Undo").click()
    page.wait_for_url("**#review")  # the place was corrected later, another field: allowed
    assert "wage theft" in page.locator("ul.item-tags").inner_text()
    page.locator("#review").scroll_into_view_if_needed()
    shot(page, "review-history")
    page.context.close()


def test_a_reader_sees_the_history_but_no_forms(browser: Any,  # noqa: F811
                                                served: tuple[str, Path]) -> None:
    base, _db = served
    reviewer = as_actor(browser, base, {"id": "ana", "role": "reviewer"})
    reviewer.goto(base + "/monitor/items/1")
    reviewer.locator("form.review-confirm").get_by_role("button").click()
    reviewer.wait_for_url("**#review")
    reviewer.context.close()
    for actor in ({"id": "rui", "role": "reader"}, None):
        page = as_actor(browser, base, actor)
        page.goto(base + "/monitor/items/1")
        assert page.locator("#review form").count() == 0
        assert "Reviewed: confirmed by ana" in page.locator("#review .review-status").inner_text()
        assert "ana: Confirmed" in history(page)[0]
        if actor:
            page.locator("#review").scroll_into_view_if_needed()
            shot(page, "review-reader")
        answer = page.request.post(base + "/-/review", form={
            "target": "item", "id": "1", "action": "reject", "reason": "not_news"})
        assert answer.status == 403  # no token, no role: refused either way
        page.context.close()
