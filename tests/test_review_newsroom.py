"""Review through the real newsroom: every action and its undo by POST /-/review, CSRF and
roles, bad input, and a real poll writing the same database while reviews stream in."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from newsroom_data import build
from test_poll import _monitor, sources_yaml

from monitor.publish.datasette import datasette_instance

REVIEWER = {"id": "ana", "role": "reviewer"}
READER = {"id": "rui", "role": "reader"}
TAG_COLUMNS = ("event_types", "countries", "place", "sectors", "workers_involved", "killed",
               "injured", "relevant", "story_id", "review_status", "title", "text")


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    return build(tmp_path / "monitor.db")


def state(path: Path) -> tuple[list[Any], list[Any]]:
    conn = sqlite3.connect(path)
    try:
        items = conn.execute(f"SELECT id, {', '.join(TAG_COLUMNS)} FROM items ORDER BY id")
        stories = conn.execute("SELECT id, reports, review_status FROM stories ORDER BY id")
        return items.fetchall(), stories.fetchall()
    finally:
        conn.close()


def column(path: Path, sql: str, *params: Any) -> Any:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


class Newsroom:
    """One in-process Datasette, configured as `monitor serve` runs it, and a signed-in actor."""

    def __init__(self, path: Path, actor: dict[str, str] | None = REVIEWER) -> None:
        self.ds = datasette_instance(path)
        self.cookies: dict[str, str] = {}
        if actor:
            self.cookies["ds_actor"] = self.ds.sign({"a": actor}, "actor")
        self.token = ""

    async def get(self, path: str) -> Any:
        response = await self.ds.client.get(path, cookies=self.cookies)
        if "ds_csrftoken" in response.cookies:
            self.cookies["ds_csrftoken"] = response.cookies["ds_csrftoken"]
        found = re.search(r'name="csrftoken" value="([^"]+)"', response.text)
        if found:
            self.token = found.group(1)
        return response

    async def post(self, token: bool = True, **form: Any) -> Any:
        if token and not self.token:
            await self.token_from(REVIEWER)
        data = {**({"csrftoken": self.token} if token else {}), **form}
        return await self.ds.client.post("/-/review", data=data, cookies=self.cookies)

    async def token_from(self, actor: dict[str, str]) -> None:
        """A CSRF token as a reviewer's page gives it (it is not tied to who asks)."""
        mine = self.cookies.get("ds_actor")
        self.cookies["ds_actor"] = self.ds.sign({"a": actor}, "actor")
        await self.get("/monitor/items/1")
        if mine is None:
            self.cookies.pop("ds_actor")
        else:
            self.cookies["ds_actor"] = mine


def ok(response: Any) -> Any:
    assert response.status_code == 303, response.text[:800]
    return response


def last_review(path: Path) -> int:
    return int(column(path, "SELECT max(id) FROM reviews WHERE action != 'undo'"))


def test_every_action_and_its_undo_through_the_newsroom(newsroom: Path) -> None:
    before = state(newsroom)

    async def run() -> None:
        room = Newsroom(newsroom)
        page = await room.get("/monitor/items/1")
        for form in ("review-confirm", "review-reject", "review-field", "review-merge",
                     "review-split", "review-note"):
            assert f'class="{form}"' in page.text, form
        assert 'value="KZ"' in page.text and 'value="strike" checked' in page.text
        done: list[int] = []
        actions = [
            {"target": "item", "id": "1", "action": "confirm"},
            {"target": "item", "id": "10", "action": "reject", "reason": "not_labour",
             "note": "a concert"},
            {"target": "item", "id": "3", "action": "correct", "field": "event_types",
             "value": ["protest"]},
            {"target": "item", "id": "3", "action": "correct", "field": "countries",
             "value": "ir, iq"},
            {"target": "item", "id": "3", "action": "correct", "field": "place",
             "value": "Shush"},
            {"target": "item", "id": "3", "action": "correct", "field": "sectors",
             "value": ["agriculture", "manufacturing"]},
            {"target": "item", "id": "5", "action": "correct", "field": "killed", "value": "4"},
            {"target": "item", "id": "5", "action": "correct", "field": "injured", "value": "7"},
            {"target": "item", "id": "5", "action": "correct", "field": "workers_involved",
             "value": "120"},
            {"target": "story", "id": "3", "action": "correct", "field": "countries",
             "value": "MM, TH"},
            {"target": "story", "id": "5", "action": "merge", "other": "6"},
            {"target": "item", "id": "2", "action": "split"},
            {"target": "item", "id": "4", "action": "note", "note": "Ask the union for numbers"},
        ]
        for form in actions:
            response = ok(await room.post(**form, next=f"/monitor/items/{form['id']}"))
            assert response.headers["location"] == f"/monitor/items/{form['id']}#review"
            done.append(last_review(newsroom))
        items, stories = state(newsroom)
        by_id = {row[0]: dict(zip(("id", *TAG_COLUMNS), row, strict=True)) for row in items}
        assert by_id[1]["review_status"] == "confirmed"
        assert (by_id[10]["relevant"], by_id[10]["review_status"]) == (0, "rejected")
        assert json.loads(by_id[3]["event_types"]) == ["protest"]
        assert json.loads(by_id[3]["countries"]) == ["IR", "IQ"] and by_id[3]["place"] == "Shush"
        assert json.loads(by_id[3]["sectors"]) == ["agriculture", "manufacturing"]
        assert (by_id[5]["killed"], by_id[5]["injured"], by_id[5]["workers_involved"]) == (
            4, 7, 120)
        assert json.loads(by_id[4]["countries"]) == ["MM", "TH"]
        assert by_id[6]["story_id"] == by_id[7]["story_id"] == 5
        assert by_id[2]["story_id"] not in (1, None)
        assert [(r[0], r[-2], r[-1]) for r in items] == [(r[0], r[-2], r[-1]) for r in before[0]]
        item = await room.get("/monitor/items/3")
        assert item.text.count('class="reviewed-mark">reviewed</span>') == 4  # 3 tags + place
        assert "Reviewed: corrected</strong> by ana" in item.text
        assert "Corrected what happened (protest, wage theft → protest)" in item.text
        story = await room.get("/monitor/stories/5")
        assert "Merged stories (story 6 joined story 5)" in story.text
        assert story.text.count('class="review-split') == 2  # one per report
        assert story.text.count('class="review-undo"') >= 1
        for review_id in reversed(done):
            ok(await room.post(action="undo", review=str(review_id), target="item", id="1"))
        assert state(newsroom) == before  # every item and story exactly as it was
        again = await room.post(action="undo", review=str(done[0]), target="item", id="1")
        assert again.status_code == 400 and "already undone" in again.text

    asyncio.run(run())


def test_undo_refuses_to_clobber_a_later_review(newsroom: Path) -> None:
    async def run() -> None:
        room = Newsroom(newsroom)
        ok(await room.post(target="item", id="1", action="confirm"))
        first = last_review(newsroom)
        ok(await room.post(target="item", id="1", action="reject", reason="old_event"))
        later = last_review(newsroom)
        refused = await room.post(action="undo", review=str(first), target="item", id="1")
        assert refused.status_code == 400
        assert f"review {later} (reject, by ana)" in refused.text
        assert "undo it first" in refused.text
        assert column(newsroom, "SELECT relevant FROM items WHERE id = 1") == 0

    asyncio.run(run())


def test_csrf_token_is_required(newsroom: Path) -> None:
    before = state(newsroom)

    async def run() -> list[Any]:
        room = Newsroom(newsroom)
        bare = await room.post(token=False, target="item", id="1", action="confirm")
        await room.token_from(REVIEWER)  # the cookie is there, the form field is not
        missing = await room.post(token=False, target="item", id="1", action="confirm")
        forged = await room.post(token=False, csrftoken="forged", target="item", id="1",
                                 action="confirm")
        return [bare, missing, forged]

    for response in asyncio.run(run()):
        assert response.status_code == 403 and "did not match cookie" in response.text
    assert state(newsroom) == before
    assert column(newsroom, "SELECT count(*) FROM reviews") == 0


@pytest.mark.parametrize("actor", [READER, None, {"id": "staff"}], ids=["reader", "anonymous",
                                                                        "no-role"])
def test_only_reviewers_may_review(newsroom: Path, actor: dict[str, str] | None) -> None:
    async def run() -> tuple[Any, Any, Any]:
        reviewer = Newsroom(newsroom)
        ok(await reviewer.post(target="item", id="1", action="note", note="checked by phone"))
        room = Newsroom(newsroom, actor)
        await room.token_from(REVIEWER)
        refused = await room.post(target="item", id="1", action="confirm")
        page = await room.get("/monitor/items/1")
        story = await room.get("/monitor/stories/1")
        return refused, page, story

    refused, page, story = asyncio.run(run())
    assert refused.status_code == 403 and "Only reviewers can review" in refused.text
    assert column(newsroom, "SELECT count(*) FROM reviews") == 1
    assert column(newsroom, "SELECT review_status FROM items WHERE id = 1") is None
    for shown in (page, story):  # the history is for everyone, the forms are not
        assert "checked by phone" in shown.text and "<strong>ana</strong>" in shown.text
        assert "<form" not in shown.text.split('id="review"')[1].split("</section>")[0]


def test_bad_input_is_a_clear_message_and_writes_nothing(newsroom: Path) -> None:
    before = state(newsroom)

    async def run() -> list[Any]:
        room = Newsroom(newsroom)
        return [
            await room.post(target="item", id="1", action="correct", field="killed",
                            value="three", next="/monitor/items/1"),
            await room.post(target="item", id="1", action="correct", field="countries",
                            value="Kazakhstan"),
            await room.post(target="item", id="999", action="confirm"),
            await room.post(target="item", id="1", action="correct", field="title", value="x"),
            await room.post(target="story", id="1", action="merge", other="1"),
            await room.post(target="item", id="1", action="reject"),
            await room.post(action="undo", review="77"),
            await room.post(target="item", id="x", action="confirm"),
            await room.ds.client.get("/-/review", cookies=room.cookies),
        ]

    killed, country, missing, title, merge, reason, undo, not_number, get = asyncio.run(run())
    assert killed.status_code == 400 and "not a whole number" in killed.text
    assert 'href="/monitor/items/1"' in killed.text  # back to the page
    assert country.status_code == 400 and "two-letter ISO country codes" in country.text
    assert missing.status_code == 400 and "there is no item 999" in missing.text
    assert title.status_code == 400 and "cannot be corrected" in title.text
    assert merge.status_code == 400 and "already that story" in merge.text
    assert reason.status_code == 400 and "needs a reason" in reason.text
    assert undo.status_code == 400 and "there is no review 77" in undo.text
    assert not_number.status_code == 400 and "give a number" in not_number.text
    assert get.status_code == 405
    assert "Traceback" not in "".join(r.text for r in (killed, country, missing, undo))
    assert state(newsroom) == before


def test_next_never_leaves_the_site(newsroom: Path) -> None:
    async def run() -> Any:
        return await Newsroom(newsroom).post(target="item", id="1", action="confirm",
                                             next="//evil.example/x")

    assert ok(asyncio.run(run())).headers["location"] == "/monitor/items/1#review"


def test_item_tables_stay_read_only_and_copies_refuse_reviews(newsroom: Path) -> None:
    async def run() -> list[Any]:
        room = Newsroom(newsroom)
        await room.token_from(REVIEWER)
        writes = [
            await room.ds.client.get("/monitor.json?sql=update+items+set+relevant%3D0",
                                     cookies=room.cookies),
            await room.ds.client.post("/monitor/items/-/insert", cookies=room.cookies,
                                      json={"row": {"title": "x"}}),
            await room.ds.client.post("/monitor/items/1/-/update", cookies=room.cookies,
                                      json={"update": {"relevant": 0}}),
        ]
        copy = datasette_instance(newsroom, immutable=True, secret=room.ds._secret)
        page = await copy.client.get("/monitor/items/1", cookies=room.cookies)
        assert 'class="review-confirm"' not in page.text  # a read-only copy shows no forms
        refused = await copy.client.post("/-/review", cookies=room.cookies, data={
            "csrftoken": room.token, "target": "item", "id": "1", "action": "confirm"})
        return [*writes, refused]

    sql, insert, update, copy = asyncio.run(run())
    assert sql.status_code == 400
    assert insert.status_code in (403, 404, 405) and update.status_code in (403, 404, 405)
    assert copy.status_code == 409 and "read-only copy" in copy.text
    assert column(newsroom, "SELECT count(*) FROM items WHERE relevant = 0") == 1
    assert column(newsroom, "SELECT count(*) FROM reviews") == 0


def test_a_poll_and_a_stream_of_reviews_lose_nothing(newsroom: Path, http_server: Any,
                                                     write_config: Any) -> None:
    """A real poll (its own process, many sources, each its own write transaction) and
    reviews POSTed one after another, on one database at once."""
    sources, per_source = 12, 40
    started = threading.Event()

    def feed(name: str) -> Any:
        items = "".join(
            f"<item><title>{name} dockers strike over unpaid wages, day {i}</title>"
            f"<link>{http_server.url}/{name}/{i}</link><description>Dockers at the {name} "
            f"port walked out on day {i} demanding wages owed since spring.</description>"
            f"<pubDate>Mon, 01 Sep 2025 0{i % 10}:00:00 +0000</pubDate></item>"
            for i in range(per_source))
        body = f'<rss version="2.0"><channel><title>{name}</title>{items}</channel></rss>'

        def handler(request: Any) -> None:
            started.set()
            time.sleep(0.05)
            data = body.encode()
            request.send_response(200)
            request.send_header("Content-Type", "application/rss+xml")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        return handler

    config = write_config(sources_yaml(
        [(f"port{n}", http_server.add(f"/port{n}.xml", feed(f"port{n}")))
         for n in range(sources)]))
    poll = _monitor("poll", "--all", config=config, db=newsroom)
    responses: list[Any] = []
    during = 0  # answered while the poll was still running

    async def reviews() -> None:
        room = Newsroom(newsroom)
        await room.token_from(REVIEWER)
        assert started.wait(60)
        nonlocal during
        n = 0
        while poll.poll() is None or n < 30:
            during += 2 if poll.poll() is None else 0
            item_id = 1 + n % 9
            responses.append(await room.post(target="item", id=str(item_id), action="note",
                                             note=f"note {n}"))
            responses.append(await room.post(
                target="item", id=str(item_id), action="correct", field="killed",
                value=str(n)))
            n += 1

    try:
        asyncio.run(reviews())
        out, err = poll.communicate(timeout=120)
    finally:
        if poll.poll() is None:
            poll.kill()
            poll.communicate()
    assert poll.returncode == 0, err
    print(f"{during} of {len(responses)} reviews while the poll ran")
    assert during >= 20  # they did overlap
    assert [r.status_code for r in responses if r.status_code != 303] == []
    assert not [r for r in responses if "locked" in r.text]
    assert column(newsroom, "SELECT count(*) FROM reviews") == len(responses)
    assert column(newsroom, "SELECT count(*) FROM items WHERE source LIKE 'port%'") == (
        sources * per_source)
    last = column(newsroom, "SELECT max(id) FROM reviews WHERE action = 'correct'")
    assert column(newsroom, "SELECT killed FROM items WHERE id = (SELECT target_id FROM "
                            "reviews WHERE id = ?)", last) == int(
        json.loads(column(newsroom, "SELECT new_value FROM reviews WHERE id = ?", last)))


def test_a_lock_held_too_long_is_a_try_again_page(newsroom: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the busy timeout (cut to 0.2 s here) the reviewer reads "try again", never
    "database is locked", and nothing is half written."""
    from monitor.store import schema

    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(newsroom, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")

    async def run() -> Any:
        room = Newsroom(newsroom)
        await room.token_from(REVIEWER)
        return await room.post(target="item", id="1", action="confirm", next="/monitor/items/1")

    try:
        response = asyncio.run(run())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503
    assert "try again" in response.text and "locked" not in response.text
    assert column(newsroom, "SELECT count(*) FROM reviews") == 0
