"""Staff review in the store: every action and its undo, undo refusing to clobber, and
corrections that stick through `retag`, `restory` and new reports (monitor/store/reviews.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_stories import KAPAN, NURSES, store, story_of

from monitor.poll.retag import retag_all
from monitor.store.reviews import (
    ReviewAction,
    ReviewError,
    parse_value,
    record_review,
    reviews_of,
    undo_review,
)
from monitor.store.stories import restory


def item(db: Any, item_id: int) -> dict[str, Any]:
    cursor = db.execute("SELECT * FROM items WHERE id = ?", [item_id])
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))


def story(db: Any, story_id: int) -> dict[str, Any] | None:
    cursor = db.execute("SELECT * FROM stories WHERE id = ?", [story_id])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def act(db: Any, target: str, target_id: int, action: str, **kw: Any) -> int:
    return record_review(db, ReviewAction(target, target_id, action, kw.pop("who", "ana"), **kw))


@pytest.fixture
def three(db: Any) -> tuple[Any, int, int, int]:
    """Two reports of the Kapan strike (one story) and one of a nurses' walkout."""
    a = store(db, "am-news", url="https://am.example/kapan", title="Kapan miners strike",
              text=KAPAN)
    b = store(db, "arka", url="https://arka.example/kapan", title="Strike at Kapan mine",
              text=KAPAN + "\nShare this.")
    c = store(db, "nurses", url="https://n.example/walkout", title="Nurses walk out",
              text=NURSES)
    assert story_of(db, a) == story_of(db, b) != story_of(db, c)
    return db, a, b, c


def test_confirm_reject_and_their_undo(three: Any) -> None:
    db, a, _b, c = three
    before = item(db, c)
    first = act(db, "item", c, "confirm")
    assert item(db, c)["review_status"] == "confirmed" and item(db, c)["reviewed_by"] == "ana"
    with pytest.raises(ReviewError, match="needs a reason"):
        act(db, "item", c, "reject")
    with pytest.raises(ReviewError, match="'other' needs a note"):
        act(db, "item", c, "reject", reason="other")
    second = act(db, "item", c, "reject", reason="not_labour", note="a concert", who="bo")
    row = item(db, c)
    assert (row["relevant"], row["review_status"], row["reviewed_by"]) == (0, "rejected", "bo")
    assert row["title"] == before["title"] and row["text"] == before["text"]
    with pytest.raises(ReviewError, match=f"review {second} \\(reject, by bo\\).*undo it first"):
        undo_review(db, first, "ana")
    undo_review(db, second, "bo")
    assert item(db, c)["review_status"] == "confirmed" and item(db, c)["relevant"] == 1
    undo_review(db, first, "ana")
    after = item(db, c)
    assert {k: after[k] for k in before} == before  # exactly as the tagger left it
    with pytest.raises(ReviewError, match="already undone"):
        undo_review(db, first, "ana")
    log = reviews_of(db, "item", c)
    assert [r["action"] for r in log] == ["confirm", "reject", "undo", "undo"]
    assert log[1]["reason"] == "not_labour" and log[1]["undone_by"] == log[2]["id"]
    with pytest.raises(ReviewError, match="cannot be undone"):
        undo_review(db, log[2]["id"], "ana")
    assert item(db, a)["review_status"] is None


def test_correct_every_field_keeps_the_taggers_value_and_undoes(three: Any) -> None:
    db, a, b, _c = three
    tagger = item(db, a)
    sid = story_of(db, a)
    values = {"event_types": ["protest"], "countries": ["AM", "GE"], "place": "Kajaran",
              "sectors": ["mining"], "workers_involved": 650, "killed": 0, "injured": 2}
    ids = [act(db, "item", a, "correct", field=f, value=v) for f, v in values.items()]
    row = item(db, a)
    assert json.loads(row["event_types"]) == ["protest"] and row["place"] == "Kajaran"
    assert (row["workers_involved"], row["killed"], row["injured"]) == (650, 0, 2)
    assert row["review_status"] == "corrected"
    log = reviews_of(db, "item", a)
    assert log[0]["old_value"] == json.dumps(json.loads(tagger["event_types"]))
    assert json.loads(log[0]["new_value"]) == ["protest"]
    # the story shows the reviewed report's tags only, not the unreviewed copy's
    assert json.loads(story(db, sid)["event_types"]) == ["protest"]
    assert json.loads(story(db, sid)["countries"]) == ["AM", "GE"]
    confirm = act(db, "item", a, "confirm")  # after a correction: still corrected
    assert item(db, a)["review_status"] == "corrected"
    for review_id in reversed(ids[1:]):
        undo_review(db, review_id, "ana")
    with pytest.raises(ReviewError, match=f"review {confirm} \\(confirm"):
        undo_review(db, ids[0], "ana")  # event types set `relevant` too, as the confirm did
    undo_review(db, confirm, "ana")
    undo_review(db, ids[0], "ana")
    after = item(db, a)
    assert {k: after[k] for k in tagger} == tagger
    assert json.loads(story(db, sid)["event_types"]) == json.loads(tagger["event_types"])
    assert item(db, b)["review_status"] is None


def test_bad_values_are_clear_errors() -> None:
    assert parse_value("countries", "kz, KG;uz") == ["KZ", "KG", "UZ"]
    assert parse_value("event_types", ["strike", "protest"]) == ["strike", "protest"]
    assert parse_value("killed", " 3 ") == 3 and parse_value("killed", "") is None
    for field, text, message in (("countries", "Kazakhstan", "ISO country codes"),
                                 ("event_types", "riot", "unknown riot"),
                                 ("killed", "three", "not a whole number"),
                                 ("killed", "-1", "not a whole number"),
                                 ("title", "x", "cannot be corrected")):
        with pytest.raises(ReviewError, match=message):
            parse_value(field, text)


def test_story_level_actions_apply_to_every_report(three: Any) -> None:
    db, a, b, _c = three
    sid = story_of(db, a)
    first = act(db, "story", sid, "correct", field="countries", value=["AM"])
    second = act(db, "story", sid, "reject", reason="old_event")
    assert [item(db, i)["relevant"] for i in (a, b)] == [0, 0]
    assert story(db, sid)["review_status"] == "rejected"
    assert json.loads(reviews_of(db, "story", sid)[0]["item_ids"]) == [a, b]
    undo_review(db, second, "ana")
    assert story(db, sid)["review_status"] == "corrected"
    assert [item(db, i)["relevant"] for i in (a, b)] == [1, 1]
    undo_review(db, first, "ana")
    assert story(db, sid)["review_status"] is None
    assert item(db, a)["review_status"] is None and item(db, b)["review_status"] is None


def test_merge_split_note_and_their_undo(three: Any) -> None:
    db, a, b, c = three
    kapan, nurses = story_of(db, a), story_of(db, c)
    nurses_title = story(db, nurses)["title"]
    with pytest.raises(ReviewError, match="no story 999"):
        act(db, "story", kapan, "merge", other=999)
    merged = act(db, "story", kapan, "merge", other=nurses)
    assert {story_of(db, i) for i in (a, b, c)} == {kapan} and story(db, nurses) is None
    assert story(db, kapan)["reports"] == 3
    split = act(db, "item", c, "split")
    assert story_of(db, c) not in (kapan, None) and story(db, kapan)["reports"] == 2
    with pytest.raises(ReviewError, match="already alone"):
        act(db, "item", c, "split")
    with pytest.raises(ReviewError, match=f"review {split} \\(split"):
        undo_review(db, merged, "ana")
    undo_review(db, split, "ana")
    assert story_of(db, c) == kapan
    undo_review(db, merged, "ana")
    assert story_of(db, c) == nurses and story(db, nurses)["title"] == nurses_title
    assert story(db, kapan)["reports"] == 2 and story(db, nurses)["reports"] == 1
    note = act(db, "item", c, "note", note="Call the union to check the figures")
    assert reviews_of(db, "story", nurses)[-1]["note"].startswith("Call the union")
    undo_review(db, note, "ana")
    assert item(db, c)["review_status"] is None


def test_corrections_stick_through_retag_restory_and_new_reports(three: Any) -> None:
    db, a, b, c = three
    act(db, "item", a, "correct", field="event_types", value=["protest", "wage_theft"])
    act(db, "item", c, "reject", reason="not_news")
    act(db, "story", story_of(db, c), "merge", other=story_of(db, a))
    assert story_of(db, a) == story_of(db, c)
    act(db, "item", b, "split")
    db.execute("UPDATE items SET event_types = '[\"strike\"]', relevant = 1")  # a stale tagger
    assert retag_all(db) == 3
    assert json.loads(item(db, a)["event_types"]) == ["protest", "wage_theft"]
    assert item(db, c)["relevant"] == 0 and item(db, c)["review_status"] == "rejected"
    assert item(db, b)["review_status"] is None  # unreviewed: the tagger's again
    assert restory(db) == 2
    assert story_of(db, a) == story_of(db, c) != story_of(db, b)  # merge and split replayed
    sid = story_of(db, a)
    assert json.loads(story(db, sid)["event_types"]) == ["protest", "wage_theft"]
    # a new copy of the Kapan report joins the reviewed story without undoing its tags
    d = store(db, "mirror", url="https://mirror.example/kapan", title="Kapan strike",
              text=KAPAN + "\nRead more.")
    assert story_of(db, d) == sid and item(db, d)["review_status"] is None
    assert json.loads(item(db, d)["event_types"]) == ["strike"]  # its own, unreviewed tags
    assert json.loads(story(db, sid)["event_types"]) == ["protest", "wage_theft"]
    assert story(db, sid)["reports"] == 3


def test_reviews_are_found_by_item_through_their_index(three: Any) -> None:
    db, a, b, _c = three
    act(db, "story", story_of(db, a), "confirm")
    assert db.execute("SELECT item_id FROM review_items ORDER BY item_id").fetchall() == [
        (a,), (b,)]
    # a row written by other code (a test's stand-in) is indexed by the trigger too
    db.execute("INSERT INTO reviews (target, target_id, item_ids, action, reviewer, created) "
               "VALUES ('item', ?, ?, 'note', 'bo', '2026-01-01T00:00:00+00:00')",
               [b, json.dumps([b])])
    assert [r["reviewer"] for r in reviews_of(db, "item", b)] == ["ana", "bo"]
    plan = " ".join(str(r) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT review_id FROM review_items WHERE item_id = ?", [b]))
    assert "USING PRIMARY KEY" in plan or "USING COVERING INDEX" in plan, plan
