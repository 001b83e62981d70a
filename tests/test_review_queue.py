"""The review queue (issue 17) through a real in-process Datasette on a real SQLite file: what
waits, in which order, the filters and counts, and the forms only a reviewer gets. Review rows
are written straight into the contract's columns (the review endpoint is not needed to read)."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from newsroom_data import build

from monitor.publish.datasette import datasette_instance

QUEUE = "/monitor/-/review-queue"


def review(path: Path) -> Path:
    """Story 2 confirmed, story 3's one report corrected, story 4 rejected; in story 1 one of
    its two reports was confirmed on its own page, the other still waits."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE stories SET review_status = 'confirmed', reviewed_by = 'ana', "
                     "reviewed_at = '2026-12-01T10:00:00+00:00' WHERE id = 2")
        conn.execute("UPDATE items SET review_status = 'corrected', reviewed_by = 'ana', "
                     "event_types = '[\"strike\", \"wage_theft\"]' WHERE story_id = 3")
        conn.execute("UPDATE stories SET review_status = 'rejected' WHERE id = 4")
        conn.execute("UPDATE items SET review_status = 'rejected', relevant = 0 "
                     "WHERE story_id = 4")
        conn.execute("UPDATE items SET review_status = 'confirmed' WHERE source = 'industriall' "
                     "AND story_id = 1")
    conn.close()
    return path


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return review(build(tmp_path_factory.mktemp("queue") / "monitor.db"))


def get(db: Path, path: str, actor: dict[str, Any] | None = None, private: bool = False) -> Any:
    async def run() -> Any:
        ds = datasette_instance(db, private=private)
        cookies = {"ds_actor": ds.sign({"a": actor}, "actor")} if actor else {}
        return await ds.client.get(path, cookies=cookies)
    return asyncio.run(run())


def story_ids(html: str) -> list[str]:
    return re.findall(r'<li class="queue-story" id="queue-(\w+-\d+)"', html)


def counts(html: str) -> str:
    found = re.search(r'<p class="queue-counts"[^>]*>(.*?)</p>', html, re.S)
    assert found, html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).replace("&middot;", "|")


REVIEWER = {"id": "ana", "role": "reviewer"}


def test_waiting_stories_newest_first_with_counts(newsroom: Path) -> None:
    page = get(newsroom, QUEUE, REVIEWER)
    assert page.status_code == 200
    # 7 (half a day old), 1 (a report still unreviewed), 5, 6, then 8 (400 days old); the
    # confirmed, corrected and rejected stories and the irrelevant story 9 are not waiting
    assert story_ids(page.text) == ["story-7", "story-1", "story-5", "story-6", "story-8"]
    assert counts(page.text).startswith(
        "5 stories waiting for review | 3 reviewed (1 confirmed, 1 corrected, 1 rejected)")


@pytest.mark.parametrize(("query", "expected", "said"), [
    ("?region=central_asia", ["story-7", "story-1", "story-6"],
     "3 stories waiting for review | 0 reviewed (0 confirmed, 0 corrected, 0 rejected)"),
    ("?event=protest", ["story-6"],
     "1 story waiting for review | 1 reviewed (1 confirmed, 0 corrected, 0 rejected)"),
    ("?source=industriall", ["story-8"],  # story 1's industriall report is reviewed already
     "1 story waiting for review | 1 reviewed (1 confirmed, 0 corrected, 0 rejected)"),
    ("?region=south_asia&event=safety_incident", ["story-8"],
     "1 story waiting for review | 1 reviewed (0 confirmed, 0 corrected, 1 rejected)"),
    ("?region=caucasus&event=protest", [],
     "0 stories waiting for review | 0 reviewed (0 confirmed, 0 corrected, 0 rejected)"),
])
def test_filters_by_region_event_and_source(newsroom: Path, query: str, expected: list[str],
                                            said: str) -> None:
    page = get(newsroom, QUEUE + query, REVIEWER)
    assert story_ids(page.text) == expected
    assert counts(page.text).startswith(said)
    if not expected:
        assert "Nothing is waiting for review for this choice." in page.text


def test_unknown_filter_values_fall_back_to_everything(newsroom: Path) -> None:
    page = get(newsroom, QUEUE + "?region=atlantis&event=%3Cscript%3E&source=nobody", REVIEWER)
    assert page.status_code == 200
    assert len(story_ids(page.text)) == 5
    assert "<script>" not in page.text.split("<script>\n(function")[0].split("</style>", 1)[1]


def test_a_reviewer_gets_forms_for_the_review_endpoint(newsroom: Path) -> None:
    html = get(newsroom, QUEUE + "?region=central_asia", REVIEWER).text
    forms = re.findall(r'<form class="queue-(confirm|reject)" method="post" action="([^"]+)">'
                       r'(.*?)</form>', html, re.S)
    assert len(forms) == 6  # a confirm and a reject form for each of the three stories
    for kind, action, body in forms:
        assert action == "/-/review"
        fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', body))
        assert fields["action"] == kind
        assert fields["csrftoken"]  # Datasette's token, as the endpoint requires
        assert fields["next"] == QUEUE + "?region=central_asia&amp;event=all"
    first = dict(re.findall(r'name="(\w+)" value="([^"]*)"', forms[0][2]))
    assert (first["target"], first["id"]) == ("story", "7")
    assert "Signed in as ana" in html and "<kbd>c</kbd> confirm" in html


@pytest.mark.parametrize("actor", [None, {"id": "bo", "role": "reader"}, {"id": "x"}])
def test_readers_see_the_queue_read_only(newsroom: Path, actor: dict[str, Any] | None) -> None:
    page = get(newsroom, QUEUE, actor)
    assert page.status_code == 200
    assert story_ids(page.text) == ["story-7", "story-1", "story-5", "story-6", "story-8"]
    assert 'action="/-/review"' not in page.text and 'class="queue-confirm"' not in page.text
    assert "only reviewers can confirm or reject" in page.text
    assert ("Sign in" in page.text) == (actor is None)


def test_private_newsroom_needs_a_login_for_the_queue(newsroom: Path) -> None:
    anonymous = get(newsroom, QUEUE, private=True)  # a browser is sent to the login form
    assert anonymous.status_code == 302 and anonymous.headers["location"].startswith("/-/login")
    assert "queue-story" not in anonymous.text
    assert get(newsroom, "/nosuchdb/-/review-queue", REVIEWER).status_code == 404


def test_reviewed_values_are_marked_on_lists_feeds_and_exports(newsroom: Path) -> None:
    lists = get(newsroom, "/monitor/items?_sort_desc=published&relevant=1")
    assert lists.status_code == 200
    cell = re.search(r'<span class="reviewed reviewed-corrected">([^<]*)</span>', lists.text)
    assert cell and cell.group(1) == "Reviewed: corrected"
    assert ">Reviewed</" in lists.text  # the column's plain header
    atom = get(newsroom, "/monitor/items.atom?relevant=1")
    assert atom.status_code == 200
    assert 'term="reviewed:corrected" label="Reviewed: corrected"' in atom.text
    assert 'term="reviewed:confirmed"' in atom.text  # story 1's industriall report
    csv = get(newsroom, "/monitor/items.csv?_col=title&_col=review_status&_size=max")
    rows = csv.text.splitlines()
    assert rows[0] == "id,title,review_status"
    assert any(r.endswith(",corrected") for r in rows) and any(r.endswith(",") for r in rows)
    desk = get(newsroom, "/?period=all")
    badges = re.findall(r'<span class="desk-reviewed">([^<]+)</span>', desk.text)
    assert badges.count("Reviewed: confirmed") == 1 and "Reviewed: corrected" in badges
    assert 'href="/monitor/-/review-queue"' in desk.text
    latest = get(newsroom, "/monitor/latest_relevant")
    assert "Reviewed: corrected" in latest.text


def test_counting_stops_at_the_cap(newsroom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.publish.datasette import queue

    monkeypatch.setattr(queue, "WAITING_CAP", 3)
    page = get(newsroom, QUEUE, REVIEWER)
    assert counts(page.text).startswith("more than 3 stories waiting for review | 3 reviewed")
    assert len(story_ids(page.text)) == 5  # the list itself is not capped by the count


def test_the_queue_forms_review_through_the_real_endpoint(tmp_path: Path) -> None:
    """Confirm and reject as the queue's own forms post them: the story leaves the queue, the
    counts move, and the reviews table says who did what."""
    path = build(tmp_path / "monitor.db")
    reviewer = {"id": "ana", "role": "reviewer"}

    async def run() -> dict[str, Any]:
        ds = datasette_instance(path)
        cookies = {"ds_actor": ds.sign({"a": reviewer}, "actor")}
        page = await ds.client.get(QUEUE, cookies=cookies)
        cookies["ds_csrftoken"] = page.cookies.get("ds_csrftoken", "")
        forms = re.findall(r'<form[^>]*action="/-/review"[^>]*>(.*?)</form>', page.text, re.S)
        out: dict[str, Any] = {"before": page.text, "forms": len(forms), "posted": []}
        wanted = {"confirm": None, "reject": None}
        for form in forms:
            fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
            taken = {(f["target"], f["id"]) for f in wanted.values() if f}
            if fields.get("action") in wanted and wanted[fields["action"]] is None and \
                    (fields.get("target"), fields.get("id")) not in taken:  # two stories
                wanted[fields["action"]] = fields
        for action, fields in wanted.items():
            assert fields is not None, f"no {action} form on the queue"
            data = {**fields, **({"reason": "not_labour"} if action == "reject" else {})}
            response = await ds.client.post("/-/review", data=data, cookies=cookies)
            out["posted"].append((action, fields["target"], fields["id"], response))
        out["after"] = (await ds.client.get(QUEUE, cookies=cookies)).text
        return out

    out = asyncio.run(run())
    assert out["forms"] >= 2
    for _action, _target, _id, response in out["posted"]:
        assert response.status_code == 303, response.text[:500]
        assert response.headers["location"].startswith(QUEUE)
    before, after = story_ids(out["before"]), story_ids(out["after"])
    for _action, target, target_id, _response in out["posted"]:
        assert f"{target}-{target_id}" in before and f"{target}-{target_id}" not in after
    assert len(after) == len(before) - 2
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT action, target, target_id, reviewer FROM reviews ORDER BY id"
                        ).fetchall()
    conn.close()
    assert [(a, t, str(i), r) for a, t, i, r in rows] == [
        (a, t, i, "ana") for a, t, i, _ in out["posted"]]
    assert "1 confirmed" in counts(out["after"]) and "1 rejected" in counts(out["after"])
