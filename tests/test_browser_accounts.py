"""Logging in to a private newsroom in headless Chromium, against a real `monitor serve
--private` with accounts made by `monitor users add` (issue 17)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from newsroom_data import build
from newsroom_server import MONITOR, serve_newsroom
from test_browser import ARGS, CHROMIUM, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def private_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build(tmp_path_factory.mktemp("browser-accounts") / "monitor.db")
    env = {k: v for k, v in os.environ.items()
           if k not in ("MONITOR_ACCOUNTS", "MONITOR_PASSWORD_HASH")}
    env["MONITOR_DB"] = str(db)
    for name, role in (("ana", "reviewer"), ("bo", "reader")):
        subprocess.run([*MONITOR, "users", "add", name, "--role", role, "--password-stdin"],
                       input=f"{name}'s password\n", text=True, env=env, check=True,
                       capture_output=True)
    with serve_newsroom(db, "--private", env=env, ready="/-/login") as base:
        yield base


@pytest.fixture
def page(private_server: str) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(private_server) else route.abort())
        yield page
        browser.close()


def test_log_in_see_who_you_are_and_log_out(page: Any, private_server: str) -> None:
    page.goto(private_server + "/monitor/items?_country=KZ")
    page.wait_for_url("**/-/login?next=**")  # sent to log in, with the way back
    page.fill("#monitor-username", "ana")
    page.fill("#monitor-password", "wrong password")
    page.click("input[type=submit]")
    assert "Wrong name or password." in page.locator(".message-error").inner_text()
    page.fill("#monitor-password", "ana's password")
    shot(page, "login")
    page.click("input[type=submit]")
    page.wait_for_url("**/monitor/items?_country=KZ")
    header = page.locator(".monitor-account").inner_text()
    assert "Logged in as ana" in header and "(reviewer)" in header and "Log out" in header
    assert "Kazakhstan" in page.content()
    shot(page, "logged-in")
    page.locator(".monitor-account button").click()
    page.wait_for_url("**/-/login**")  # logged out of a private newsroom: back at the door
    page.goto(private_server + "/monitor/items")
    assert "/-/login" in page.url and page.locator(".monitor-account").count() == 0


def test_a_reader_is_shown_as_a_reader(page: Any, private_server: str) -> None:
    page.goto(private_server + "/-/login")
    page.fill("#monitor-username", "bo")
    page.fill("#monitor-password", "bo's password")
    page.click("input[type=submit]")
    page.wait_for_url(private_server + "/")
    assert "(reader)" in page.locator(".monitor-account").inner_text()
    actor = page.request.get(private_server + "/-/actor.json").json()["actor"]
    assert actor == {"id": "bo", "role": "reader"}
