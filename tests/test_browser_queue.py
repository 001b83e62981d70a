"""The review queue in headless Chromium against a real `monitor serve`: the keys move through
the stories and submit the review forms (caught at the browser, so the test needs no review
endpoint), and a reader's queue has nothing to submit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from newsroom_data import build
from newsroom_server import serve_newsroom
from test_browser import SCREENSHOTS, browser  # noqa: F401 (the shared fixture)
from test_review_queue import review

pytestmark = pytest.mark.browser
SECRET = "queue-test-secret"
QUEUE = "/monitor/-/review-queue"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = review(build(tmp_path_factory.mktemp("browser-queue") / "monitor.db"))
    with serve_newsroom(db, env={**os.environ, "DATASETTE_SECRET": SECRET}) as base:
        yield base


def _actor_cookie(actor: dict[str, Any]) -> str:
    from datasette.app import Datasette

    return str(Datasette(secret=SECRET).sign({"a": actor}, "actor"))


def open_queue(browser: Any, server: str, actor: dict[str, Any] | None  # noqa: F811
               ) -> tuple[Any, Any, list[dict[str, list[str]]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if actor:
        context.add_cookies([{"name": "ds_actor", "value": _actor_cookie(actor),
                              "url": server}])
    page = context.new_page()
    posted: list[dict[str, list[str]]] = []

    def local_only(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            route.abort()

    def review_endpoint(route: Any) -> None:  # stands in for POST /-/review
        posted.append(parse_qs(route.request.post_data or ""))
        route.fulfill(status=200, content_type="text/plain", body="recorded")

    page.route("**/*", local_only)
    page.route("**/-/review", review_endpoint)
    page.goto(server + QUEUE)
    return context, page, posted


def current(page: Any) -> str | None:
    return page.locator(".queue-story.current").get_attribute("id")


def test_keys_move_and_submit_the_review_forms(browser: Any, server: str) -> None:  # noqa: F811
    context, page, posted = open_queue(browser, server, {"id": "ana", "role": "reviewer"})
    try:
        assert current(page) == "queue-story-7"
        assert "5 stories waiting for review" in page.locator(".queue-counts").inner_text()
        page.keyboard.press("j")
        page.keyboard.press("n")
        assert current(page) == "queue-story-5"
        page.keyboard.press("k")
        assert current(page) == "queue-story-1"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "review-queue.png"), full_page=False)
        page.keyboard.press("c")
        page.wait_for_url("**/-/review")
        assert len(posted) == 1
        form = posted[0]
        assert form["action"] == ["confirm"] and form["target"] == ["story"]
        assert form["id"] == ["1"] and form["csrftoken"][0]
        assert form["next"] == [QUEUE + "?region=all&event=all"]
        page.goto(server + QUEUE + "?region=central_asia")
        page.keyboard.press("j")
        reason = page.locator("#queue-story-1 .queue-reject select[name=reason]")
        page.keyboard.press("r")
        if reason.count():  # the review module's reasons: r asks for one first
            assert "Choose why" in page.locator("#queue-status").inner_text()
            assert page.evaluate("document.activeElement.name") == "reason"
            assert len(posted) == 1
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
        page.wait_for_url("**/-/review")
        assert posted[1]["action"] == ["reject"] and posted[1]["id"] == ["1"]
        assert posted[1]["next"] == [QUEUE + "?region=central_asia&event=all"]
        if reason.count():
            assert posted[1]["reason"][0]
    finally:
        context.close()


def test_a_reader_cannot_submit_anything(browser: Any, server: str) -> None:  # noqa: F811
    context, page, posted = open_queue(browser, server, {"id": "bo", "role": "reader"})
    try:
        assert page.locator(".queue-story").count() == 5
        assert page.locator("form.queue-confirm, form.queue-reject").count() == 0
        assert "only reviewers can confirm or reject" in page.locator(
            ".queue-readonly").inner_text()
        for key in ("j", "c", "r"):
            page.keyboard.press(key)
        page.wait_for_timeout(200)
        assert posted == [] and page.url.endswith(QUEUE)
    finally:
        context.close()
