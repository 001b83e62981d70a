"""Staff review reaches events: real reports of the labelled set stored by the pipeline in a real
SQLite file, reviewed by record_review / undo_review and by POST /-/review through the real
Datasette; each event's reports, figures, keys and review status follow in the same transaction,
and `reevent` after the reviews gives the same events."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from test_events_store import KOSTENKO, KOSTENKO_2018, ZCMC, _event_of, _store
from test_review_newsroom import Newsroom, ok

from monitor.api import Item
from monitor.poll.process import store_items
from monitor.store.events import rebuild_events
from monitor.store.reviews import ReviewAction, record_review, undo_review
from monitor.store.schema import open_db

SHOWN = ("title", "event_type", "event_types", "start_date", "last_seen", "updates", "ongoing",
         "country", "countries", "place_id", "geo_precision", "killed", "injured",
         "workers_involved", "figure_evidence", "reports", "sources", "languages",
         "review_status", "reviewed_by", "reviewed_at")
"""What an event shows (its id, creation time and the order of its join keys aside)."""


@pytest.fixture
def stored(tmp_path: Path):
    path = tmp_path / "monitor.db"
    db = open_db(path)
    ids = _store(db, [KOSTENKO_2018, *KOSTENKO, *ZCMC])
    yield db, ids, path
    db.close()


def review(db, target_id: int, action: str, **kw: Any) -> int:
    return record_review(db, ReviewAction("item", target_id, action, "ana", **kw))


def events(db) -> dict[tuple[int, ...], dict[str, Any]]:
    """Every event keyed by its reports (ids change when an event is made again)."""
    out = {}
    for (event_id,) in db.execute("SELECT id FROM events").fetchall():
        members = tuple(i for (i,) in db.execute(
            "SELECT item_id FROM event_reports WHERE event_id = ? ORDER BY item_id", [event_id]))
        row = db.execute(f"SELECT {', '.join(SHOWN)} FROM events WHERE id = ?",
                         [event_id]).fetchone()
        keys = sorted(k for (k,) in db.execute(
            "SELECT key FROM event_keys WHERE event_id = ?", [event_id]))
        out[members] = {**dict(zip(SHOWN, row, strict=True)), "keys": keys}
    return out


def row(db, event_id: int, *columns: str) -> tuple[Any, ...]:
    return tuple(db.execute(f"SELECT {', '.join(columns)} FROM events WHERE id = ?",
                            [event_id]).fetchone())


def test_a_rejected_report_leaves_its_event_and_undo_puts_it_back(stored) -> None:
    db, ids, _path = stored
    before = events(db)
    fire, latest = _event_of(db, ids["r009"]), ids["r016"]  # r016: 45 dead on 29 October
    assert row(db, fire, "reports", "killed") == (len(KOSTENKO), 45)
    rejected = review(db, latest, "reject", reason="old_event")
    assert _event_of(db, latest) is None
    reports, killed, evidence = row(db, fire, "reports", "killed", "figure_evidence")
    assert (reports, killed) == (len(KOSTENKO) - 1, 42)  # r014's 42 of the same day is latest
    assert latest not in {e["item_id"] for e in json.loads(evidence)["killed"]}
    keys = {k for (k,) in db.execute("SELECT key FROM event_keys WHERE event_id = ?", [fire])}
    assert "k:45" not in keys and "k:42" in keys  # no report of it says 45 any more
    url = db.execute("SELECT canonical_url FROM items WHERE id = ?", [latest]).fetchone()[0]
    assert f"u:{url}" not in keys
    undo_review(db, rejected, "ana")
    assert _event_of(db, latest) == fire
    assert events(db) == before


def test_a_lone_report_rejected_then_undone_comes_back_as_its_old_event(stored) -> None:
    db, ids, _path = stored
    lone, item = _event_of(db, ids[KOSTENKO_2018]), ids[KOSTENKO_2018]
    rejected = review(db, item, "reject", reason="old_event")
    assert _event_of(db, item) is None
    assert db.execute("SELECT 1 FROM events WHERE id = ?", [lone]).fetchone() is None
    undo_review(db, rejected, "ana")
    assert _event_of(db, item) == lone  # the same number: links and watches per event hold


def test_a_corrected_toll_moves_the_events_figure_and_evidence(stored) -> None:
    db, ids, _path = stored
    before = events(db)
    fire, latest = _event_of(db, ids["r009"]), ids["r016"]
    corrected = review(db, latest, "correct", field="killed", value=46)
    assert _event_of(db, latest) == fire
    killed, evidence, status, by = row(db, fire, "killed", "figure_evidence", "review_status",
                                       "reviewed_by")
    assert killed == 46 and (status, by) == ("corrected", "ana")
    assert {e["item_id"]: e["value"] for e in json.loads(evidence)["killed"]}[latest] == 46
    assert db.execute("SELECT killed FROM event_reports WHERE item_id = ?",
                      [latest]).fetchone() == (46,)
    undo_review(db, corrected, "ana")
    assert events(db) == before


def test_events_are_numbered_by_their_first_report_and_an_undo_gets_its_number_back(
        stored) -> None:
    db, _ids, _path = stored
    first = _store(db, ["r001"])["r001"]
    number = _event_of(db, first)
    assert number == first  # the item id of its first report
    rejected = review(db, first, "reject", reason="not_news")
    assert _event_of(db, first) is None
    later = _store(db, ["r020"])["r020"]
    assert _event_of(db, later) == later != number  # the freed number is not handed on
    undo_review(db, rejected, "ana")
    assert _event_of(db, first) == number
    assert row(db, number, "reports")[0] == 1 and _event_of(db, later) == later


def test_an_undo_never_takes_a_number_another_event_holds_now(stored) -> None:
    db, _ids, _path = stored
    first = _store(db, ["r001"])["r001"]
    number = _event_of(db, first)
    rejected = review(db, first, "reject", reason="not_news")
    other = _store(db, ["r020"])["r020"]
    taken = _event_of(db, other)
    db.execute("UPDATE event_reports SET event_id = ? WHERE event_id = ?", [number, taken])
    db.execute("UPDATE event_keys SET event_id = ? WHERE event_id = ?", [number, taken])
    db.execute("UPDATE events SET id = ? WHERE id = ?", [number, taken])  # now holds `number`
    undo_review(db, rejected, "ana")
    assert _event_of(db, first) not in (None, number)
    assert row(db, number, "reports")[0] == 1 and _event_of(db, other) == number


def test_a_lone_report_corrected_keeps_its_events_number(stored) -> None:
    db, ids, _path = stored
    lone = _event_of(db, ids[KOSTENKO_2018])
    created = row(db, lone, "created")
    corrected = review(db, ids[KOSTENKO_2018], "correct", field="killed", value=4)
    assert _event_of(db, ids[KOSTENKO_2018]) == lone  # links, feeds and watches keep it
    assert row(db, lone, "created", "killed", "reports") == (*created, 4, 1)
    undo_review(db, corrected, "ana")
    assert _event_of(db, ids[KOSTENKO_2018]) == lone and row(db, lone, "killed") == (None,)


def test_a_report_corrected_to_another_country_starts_its_own_event_and_comes_back(
        stored) -> None:
    db, ids, _path = stored
    strike, last = _event_of(db, ids["r002"]), ids["r004"]
    count = db.execute("SELECT count(*) FROM events").fetchone()[0]
    moved = review(db, last, "correct", field="countries", value=["KZ"])
    mine = _event_of(db, last)
    assert mine not in (None, strike)  # a country veto: no event of Armenia takes it
    assert row(db, mine, "reports", "country") == (1, "KZ")
    assert row(db, strike, "reports")[0] == len(ZCMC) - 1
    undo_review(db, moved, "ana")
    assert _event_of(db, last) == strike and row(db, strike, "reports")[0] == len(ZCMC)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == count
    assert db.execute("SELECT 1 FROM events WHERE id = ?", [mine]).fetchone() is None


def test_taking_every_event_type_away_takes_the_report_out(stored) -> None:
    db, ids, _path = stored
    fire, first = _event_of(db, ids["r009"]), ids["r009"]
    review(db, first, "correct", field="event_types", value=[])
    assert _event_of(db, first) is None
    assert row(db, fire, "reports")[0] == len(KOSTENKO) - 1
    assert 11 not in {e["value"] for e in json.loads(row(db, fire, "figure_evidence")[0])[
        "killed"]}


def test_an_events_status_follows_its_reports_reviews(stored) -> None:
    db, ids, _path = stored
    fire = _event_of(db, ids["r009"])
    assert row(db, fire, "review_status") == (None,)
    confirmed = review(db, ids["r010"], "confirm")
    assert row(db, fire, "review_status", "reviewed_by") == ("confirmed", "ana")
    record_review(db, ReviewAction("item", ids["r011"], "correct", "bo", field="injured",
                                   value=3))
    assert row(db, fire, "review_status", "reviewed_by", "injured") == ("corrected", "bo", 3)
    undo_review(db, confirmed, "ana")
    assert row(db, fire, "review_status", "reviewed_by") == ("corrected", "bo")
    # a new, unreviewed report joining keeps the status staff gave the event
    when = dt.datetime(2023, 10, 30, 9, tzinfo=dt.UTC)
    late = store_items(db, "late-news", [Item(
        url="https://late.example/kostenko", title="Kostenko mine fire: 46 dead",
        text="The death toll of the fire at the Kostenko mine in Karaganda rose to 46.",
        published=when)], "en").new_ids[0]
    assert _event_of(db, late) == fire
    assert row(db, fire, "review_status", "reports") == ("corrected", len(KOSTENKO) + 1)


def test_a_merge_brings_a_report_into_its_new_storys_event(stored) -> None:
    db, ids, _path = stored
    fire = _event_of(db, ids["r009"])
    page = Item(url="https://city.example/karaganda-today", title="Karaganda today",
                text="News from the Karaganda region today.",
                published=dt.datetime(2023, 10, 28, 15, tzinfo=dt.UTC))
    stray = store_items(db, "city", [page], "en").new_ids[0]
    assert _event_of(db, stray) is None  # no labour event in it, no story with one
    story = db.execute("SELECT story_id FROM items WHERE id = ?", [ids["r009"]]).fetchone()[0]
    merged = record_review(db, ReviewAction("item", stray, "merge", "ana", other=story))
    assert _event_of(db, stray) == fire and _event_of(db, ids["r009"]) == fire
    assert row(db, fire, "reports")[0] == len(KOSTENKO) + 1
    split = record_review(db, ReviewAction("item", stray, "split", "ana"))
    assert _event_of(db, stray) is None  # alone again, nothing of its own joins it
    undo_review(db, split, "ana")
    assert _event_of(db, stray) == fire
    undo_review(db, merged, "ana")
    assert _event_of(db, stray) is None and row(db, fire, "reports")[0] == len(KOSTENKO)


def test_a_story_review_reaches_the_event_of_each_of_its_reports(stored) -> None:
    db, ids, _path = stored
    strike = _event_of(db, ids["r002"])
    story = db.execute("SELECT story_id FROM items WHERE id = ?", [ids["r003"]]).fetchone()[0]
    record_review(db, ReviewAction("story", story, "correct", "bo", field="workers_involved",
                                   value=1200))
    assert row(db, strike, "workers_involved", "review_status", "reviewed_by") == (
        1200, "corrected", "bo")
    record_review(db, ReviewAction("story", story, "reject", "bo", reason="not_labour"))
    assert _event_of(db, ids["r003"]) is None
    assert row(db, strike, "reports", "workers_involved", "review_status") == (
        len(ZCMC) - 1, None, None)


def test_retag_and_restory_keep_what_staff_decided(stored, cli_run) -> None:
    db, ids, _path = stored
    review(db, ids["r016"], "reject", reason="duplicate")
    review(db, ids["r014"], "correct", field="killed", value=44)
    review(db, ids["r002"], "confirm")
    db.conn.commit()
    before = events(db)
    for command in ("retag", "restory", "reevent"):
        result = cli_run(command)
        assert result.exit_code == 0, result.output
        assert f"{len(before)} event(s)" in result.output
        assert events(db) == before, command


def test_the_refresh_reads_by_index_only(stored) -> None:
    db, _ids, _path = stored
    for sql, args in (
            ("SELECT event_id FROM event_reports WHERE item_id = ?", [1]),
            ("SELECT item_id FROM event_reports WHERE event_id = ? ORDER BY item_id", [1]),
            ("DELETE FROM event_keys WHERE key = ? AND event_id = ?", ["p:x", 1]),
            ("SELECT i.story_id, i.review_status FROM event_reports r JOIN items i "
             "ON i.id = r.item_id WHERE r.event_id = ?", [1])):
        plan = " ".join(str(r[-1]) for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", args))
        assert "SCAN" not in plan, plan


def test_reevent_after_reviews_gives_the_same_events(stored) -> None:
    db, ids, _path = stored
    review(db, ids["r016"], "reject", reason="duplicate")
    review(db, ids["r014"], "correct", field="killed", value=44)
    review(db, ids["r004"], "correct", field="countries", value=["KZ"])
    review(db, ids["r002"], "confirm")
    review(db, ids[KOSTENKO_2018], "reject", reason="old_event")
    before = events(db)
    assert rebuild_events(db) == len(before)
    assert events(db) == before
    assert _event_of(db, ids["r016"]) is None and _event_of(db, ids[KOSTENKO_2018]) is None


def test_through_the_newsroom_a_lone_rejected_report_takes_its_event_off_the_list(
        stored) -> None:
    db, ids, path = stored
    old, fire = _event_of(db, ids[KOSTENKO_2018]), _event_of(db, ids["r009"])
    db.conn.commit()

    async def run() -> None:
        room = Newsroom(path)
        listed = await room.get("/monitor/events")
        assert f'href="/monitor/events/{old}"' in listed.text
        ok(await room.post(target="item", id=str(ids[KOSTENKO_2018]), action="reject",
                           reason="old_event", next="/monitor/events"))
        ok(await room.post(target="item", id=str(ids["r016"]), action="correct",
                           field="killed", value="47", next="/monitor/events"))
        listed = await room.get("/monitor/events")
        assert f'href="/monitor/events/{old}"' not in listed.text
        assert "Reviewed: corrected" in listed.text
        page = await room.get(f"/monitor/events/{fire}")
        assert "Reviewed: corrected" in page.text and "by ana" in page.text
        gone = await room.get(f"/monitor/events/{old}")
        assert gone.status_code == 404

    asyncio.run(run())
    assert db.execute("SELECT count(*) FROM event_keys WHERE event_id = ?", [old]).fetchone() \
        == (0,)
    assert row(db, fire, "killed") == (47,)
