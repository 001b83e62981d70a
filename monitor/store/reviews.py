"""Staff review: confirm, reject, correct, merge, split and note, each a row of `reviews`.

A correction is written into the item's own columns, so every page, count, feed and export shows
the reviewed value; what it replaced is kept in the review row (`old_value`, and `prior` for the
exact undo). Nothing here touches an item's title or text.

Undo is exact and refuses rather than clobbers: a review can be undone while no later review,
still in force, changed the same column of the same item (or, for merges and splits, moved the
same reports); the error names that later review, to be undone first. An undo is itself a row.

Corrections stick: `reapply_reviews` writes the reviewed values back after the tagger rewrote an
item (`monitor retag`); merges and splits are recorded by item, so `monitor restory` replays them
(monitor/store/stories.py), and a story's reviewed tags stand when new reports join it. Every
action and undo ends with `refresh_item_events`, so the items' events follow in the same
transaction (monitor/store/events.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from monitor.enrich.tagging.lexicon import EVENT_TYPES, SECTORS
from monitor.errors import MonitorError
from monitor.store.events import item_events, refresh_item_events
from monitor.store.stories import (
    STATUS_ACTIONS,
    fold_status,
    merge_stories,
    new_story_of,
    refresh_story,
    story_items,
)
from monitor.values import dump_json, json_list, utc_now

REJECT_REASONS: dict[str, str] = {
    "not_labour": "Not about workers or a labour dispute",
    "not_news": "Not news: advert, job offer, opinion, explainer or listing",
    "old_event": "An old event, republished or recalled",
    "not_an_event": "Labour topic but no event (policy, statistics, court routine)",
    "duplicate": "A repeat of another item",
    "other": "Other (say why in the note)",
}
"""Why an item is not labour news: code -> what the reviewer picks from."""

LIST_FIELDS = ("event_types", "countries", "sectors")
NUMBER_FIELDS = ("workers_involved", "killed", "injured")
CORRECTABLE: dict[str, str] = {
    "event_types": "What happened",
    "countries": "Countries",
    "place": "Place",
    "sectors": "Sectors",
    "workers_involved": "Workers involved",
    "killed": "Killed",
    "injured": "Injured",
}
"""The columns a reviewer may correct, with their labels on the forms."""
ACTIONS = ("confirm", "reject", "correct", "merge", "split", "note")
DATA_ACTIONS = STATUS_ACTIONS  # the ones that write item columns
MAX_NOTE = 2000
MAX_PLACE = 200


class ReviewError(MonitorError):
    """A review that cannot be made as asked (unknown item, bad value, undo in the way)."""


@dataclass
class ReviewAction:
    """One action of a reviewer, as the review form sends it."""

    target: str  # item | story
    target_id: int
    action: str  # one of ACTIONS
    reviewer: str
    field: str | None = None  # correct: one of CORRECTABLE
    value: Any = None  # correct: a list of codes, a place, a number or None (see parse_value)
    reason: str | None = None  # reject: a code of REJECT_REASONS
    note: str | None = None
    other: int | None = None  # merge: the other story's number


def parse_value(field: str, text: str | list[str] | None) -> Any:
    """A form's value for `field` as stored: codes checked, numbers whole and not negative."""
    if field not in CORRECTABLE:
        raise ReviewError(f"{field!r} cannot be corrected; one of: {', '.join(CORRECTABLE)}")
    if field in LIST_FIELDS:
        parts = text if isinstance(text, list) else re.split(r"[,;\s]+", text or "")
        codes = [p.strip() for p in parts if p and p.strip()]
        return _check_codes(field, codes)
    value = (text[-1] if isinstance(text, list) and text else text) or ""
    assert isinstance(value, str)
    value = value.strip()
    if field == "place":
        if len(value) > MAX_PLACE:
            raise ReviewError(f"a place is at most {MAX_PLACE} characters")
        return value or None
    if not value:
        return None
    if not value.isdigit():
        raise ReviewError(f"{CORRECTABLE[field]}: {value!r} is not a whole number (leave it "
                          "empty when the report does not say)")
    return int(value)


def _check_codes(field: str, codes: list[str]) -> list[str]:
    if field == "countries":
        import pycountry  # lazy: only a correction of countries needs the ISO list

        codes = [c.upper() for c in codes]
        unknown = [c for c in codes if pycountry.countries.get(alpha_2=c) is None]
        what = "two-letter ISO country codes such as KZ, KG, UZ"
    else:
        known = EVENT_TYPES if field == "event_types" else SECTORS
        codes = [c.lower() for c in codes]
        unknown = [c for c in codes if c not in known]
        what = ", ".join(known)
    if unknown:
        raise ReviewError(f"{CORRECTABLE[field]}: unknown {', '.join(unknown)}; use {what}")
    return list(dict.fromkeys(codes))


def _to_db(field: str, value: Any) -> Any:
    return dump_json(value) if field in LIST_FIELDS else value


def _changes(action: str, field: str | None, value: Any) -> dict[str, Any]:
    """The item columns an action writes, as stored."""
    if action == "confirm":
        return {"relevant": 1}
    if action == "reject":
        return {"relevant": 0}
    if action == "correct" and field:
        changes = {field: _to_db(field, value)}
        if field == "event_types":  # an item is labour news exactly when it reports an event
            changes["relevant"] = 1 if value else 0
        return changes
    return {}


def _ids(value: Any) -> list[int]:
    return [int(v) for v in json_list(value)]


def _item_story(db: sqlite_utils.Database, item_id: int) -> int | None:
    row = db.execute("SELECT story_id FROM items WHERE id = ?", [item_id]).fetchone()
    if row is None:
        raise ReviewError(f"there is no item {item_id}")
    return int(row[0]) if row[0] is not None else None


def _story_reports(db: sqlite_utils.Database, story_id: int) -> list[int]:
    if db.execute("SELECT 1 FROM stories WHERE id = ?", [story_id]).fetchone() is None:
        raise ReviewError(f"there is no story {story_id}")
    return story_items(db, story_id)


def _affected(db: sqlite_utils.Database, act: ReviewAction) -> list[int]:
    if act.target == "item":
        _item_story(db, act.target_id)
        return [act.target_id]
    if act.target == "story":
        return _story_reports(db, act.target_id)
    raise ReviewError(f"a review is of an item or a story, not {act.target!r}")


def _old_value(act: ReviewAction, items: list[int], prior: dict[str, dict[str, Any]]) -> Any:
    """What the reviewed field was: one value when every report agreed, else by item."""
    column = act.field if act.action == "correct" and act.field else "relevant"
    values = {str(i): _from_db(column, prior[str(i)].get(column)) for i in items}
    distinct = {json.dumps(v, sort_keys=True) for v in values.values()}
    if len(distinct) == 1:
        return next(iter(values.values()))
    return values


def _from_db(column: str, value: Any) -> Any:
    return json_list(value) if column in LIST_FIELDS else value


def _read(db: sqlite_utils.Database, items: list[int], columns: Iterable[str]
          ) -> dict[str, dict[str, Any]]:
    cols = list(columns)
    out: dict[str, dict[str, Any]] = {}
    for item_id in items:
        row = db.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM items WHERE id = ?",
                         [item_id]).fetchone()
        if row is not None:
            out[str(item_id)] = dict(zip(cols, row, strict=True))
    return out


def _write(db: sqlite_utils.Database, item_id: int, values: dict[str, Any]) -> None:
    if values:
        db.execute(f"UPDATE items SET {', '.join(f'[{c}] = ?' for c in values)} WHERE id = ?",
                   [*values.values(), item_id])


def _insert(db: sqlite_utils.Database, row: dict[str, Any]) -> int:
    row = {"created": utc_now(), **row}
    for key in ("old_value", "new_value", "prior"):
        if key in row and row[key] is not None:
            row[key] = dump_json(row[key])
    row["item_ids"] = dump_json(row.get("item_ids") or [])
    cols = list(row)
    cursor = db.execute(f"INSERT INTO reviews ({', '.join(cols)}) VALUES "
                        f"({', '.join('?' for _ in cols)})", list(row.values()))
    return int(cursor.lastrowid or 0)


_LIVE_OF_ITEM = ("FROM review_items x JOIN reviews r ON r.id = x.review_id WHERE x.item_id = ? "
                 "AND r.undone_by IS NULL AND r.action IN ('confirm', 'reject', 'correct') "
                 "ORDER BY r.id")
"""An item's reviews that write its columns and are still in force, oldest first."""


def _refresh_status(db: sqlite_utils.Database, items: Iterable[int]) -> None:
    """Each item's review status from its reviews still in force (item- and story-level)."""
    for item_id in items:
        status = fold_status(db.execute(
            f"SELECT r.action, r.reviewer, r.created {_LIVE_OF_ITEM}", [item_id]).fetchall())
        db.execute("UPDATE items SET review_status = ?, reviewed_by = ?, reviewed_at = ? "
                   "WHERE id = ?", [*status, item_id])


def _refresh_stories(db: sqlite_utils.Database, items: Iterable[int],
                     also: Iterable[int | None] = ()) -> None:
    ids = list(items)
    stories = {s for s in also if s is not None}
    for item_id in ids:
        row = db.execute("SELECT story_id FROM items WHERE id = ?", [item_id]).fetchone()
        if row and row[0] is not None:
            stories.add(int(row[0]))
    for story_id in sorted(stories):
        refresh_story(db, story_id)


def _check(act: ReviewAction) -> None:
    if act.action not in ACTIONS:
        raise ReviewError(f"unknown action {act.action!r}; one of: {', '.join(ACTIONS)}")
    if act.target not in ("item", "story"):
        raise ReviewError(f"a review is of an item or a story, not {act.target!r}")
    if not act.reviewer:
        raise ReviewError("a review needs the reviewer's name")
    if act.note is not None and len(act.note) > MAX_NOTE:
        raise ReviewError(f"a note is at most {MAX_NOTE} characters")
    if act.action == "reject" and act.reason not in REJECT_REASONS:
        raise ReviewError("a rejection needs a reason: one of "
                          + "; ".join(f"{k} ({v})" for k, v in REJECT_REASONS.items()))
    if act.action == "reject" and act.reason == "other" and not (act.note or "").strip():
        raise ReviewError("the reason 'other' needs a note saying why")
    if act.action == "note" and not (act.note or "").strip():
        raise ReviewError("a note needs some text")
    if act.action == "correct":
        if act.field not in CORRECTABLE:
            raise ReviewError(f"correct which field? one of: {', '.join(CORRECTABLE)}")
        if act.field in LIST_FIELDS:
            act.value = _check_codes(act.field, [str(v) for v in act.value or []])


def record_review(db: sqlite_utils.Database, act: ReviewAction) -> int:
    """Apply one review action and log it, in one transaction; returns the review's id."""
    _check(act)
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        if act.action == "merge":
            return _merge(db, act)
        if act.action == "split":
            return _split(db, act)
        items = _affected(db, act)
        if not items:
            raise ReviewError(f"story {act.target_id} has no reports to review")
        base = {"target": act.target, "target_id": act.target_id, "item_ids": items,
                "action": act.action, "reviewer": act.reviewer, "note": act.note or None}
        if act.action == "note":
            return _insert(db, base)
        changes = _changes(act.action, act.field, act.value)
        prior = _read(db, items, changes)
        review_id = _insert(db, {
            **base, "field": act.field if act.action == "correct" else "relevant",
            "old_value": _old_value(act, items, prior),
            "new_value": act.value if act.action == "correct" else changes["relevant"],
            "reason": act.reason if act.action == "reject" else None,
            "prior": {"items": prior, "events": item_events(db, items)}})
        for item_id in items:
            _write(db, item_id, changes)
        _refresh_status(db, items)
        _refresh_stories(db, items)
        refresh_item_events(db, items)
        return review_id


def _merge(db: sqlite_utils.Database, act: ReviewAction) -> int:
    keep = act.target_id if act.target == "story" else _item_story(db, act.target_id)
    if keep is None:
        raise ReviewError(f"item {act.target_id} is in no story")
    if act.other is None:
        raise ReviewError("merge with which story? give its number")
    if act.other == keep:
        raise ReviewError(f"story {keep} is already that story")
    kept, moved = _story_reports(db, keep), _story_reports(db, act.other)
    other_row = db.execute("SELECT id, title FROM stories WHERE id = ?", [act.other]).fetchone()
    review_id = _insert(db, {
        "target": "story", "target_id": keep, "item_ids": kept + moved, "action": "merge",
        "field": "story_id", "old_value": act.other, "new_value": keep,
        "reviewer": act.reviewer, "note": act.note or None,
        "prior": {"story": {"id": other_row[0], "title": other_row[1]}, "moved": moved,
                  "kept": kept, "events": item_events(db, kept + moved)}})
    merge_stories(db, keep, act.other)
    refresh_item_events(db, kept + moved, moved=True)  # a report joins its story's event
    return review_id


def _split(db: sqlite_utils.Database, act: ReviewAction) -> int:
    if act.target != "item":
        raise ReviewError("split which report? a split is made from the report's own page")
    story = _item_story(db, act.target_id)
    stayed = [i for i in story_items(db, story) if i != act.target_id] if story else []
    if not stayed:
        raise ReviewError(f"item {act.target_id} is already alone in its story")
    review_id = _insert(db, {
        "target": "item", "target_id": act.target_id, "item_ids": [act.target_id],
        "action": "split", "field": "story_id", "old_value": story, "reviewer": act.reviewer,
        "note": act.note or None, "prior": {"story": story, "stayed": stayed,
                                            "events": item_events(db, [act.target_id])}})
    new = new_story_of(db, [act.target_id])
    db.execute("UPDATE reviews SET new_value = ? WHERE id = ?", [dump_json(new), review_id])
    refresh_item_events(db, [act.target_id], moved=True)
    return review_id


def undo_review(db: sqlite_utils.Database, review_id: int, reviewer: str) -> int:
    """Undo one review exactly, logged as an `undo` row; returns that row's id.

    Refuses (ReviewError naming it) when a later review still in force changed the same column
    of the same item, or moved the same reports: undo that one first."""
    if not reviewer:
        raise ReviewError("an undo needs the reviewer's name")
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        row = db.execute("SELECT target, target_id, item_ids, action, field, prior, undone_by "
                         "FROM reviews WHERE id = ?", [review_id]).fetchone()
        if row is None:
            raise ReviewError(f"there is no review {review_id}")
        target, target_id, item_json, action, field, prior_json, undone_by = row
        if action == "undo":
            raise ReviewError("an undo cannot be undone: make the review again instead")
        if undone_by is not None:
            raise ReviewError(f"review {review_id} was already undone (by review {undone_by})")
        items, prior = _ids(item_json), json.loads(prior_json or "{}")
        blocker = _later_conflict(db, review_id, action, items, prior)
        if blocker is not None:
            raise ReviewError(
                f"review {blocker[0]} ({blocker[1]}, by {blocker[2]}) changed the same "
                f"{'reports' if action in ('merge', 'split') else 'values'} afterwards: "
                f"undo it first")
        undo_id = _insert(db, {"target": target, "target_id": target_id, "item_ids": items,
                               "action": "undo", "field": field, "reviewer": reviewer,
                               "undoes": review_id})
        db.execute("UPDATE reviews SET undone_by = ? WHERE id = ?", [undo_id, review_id])
        if action in DATA_ACTIONS:
            for item_id, values in prior.get("items", {}).items():
                _write(db, int(item_id), values)
            _refresh_status(db, items)
            _refresh_stories(db, items)
        elif action == "merge":
            _undo_merge(db, prior)
        elif action == "split":
            _undo_split(db, items[0], prior)
        if action != "note":
            # the events follow what the undo put back
            refresh_item_events(db, items, moved=action in ("merge", "split"),
                                numbers=prior.get("events"))
        return undo_id


def _later_conflict(db: sqlite_utils.Database, review_id: int, action: str, items: list[int],
                    prior: dict[str, Any]) -> tuple[int, str, str] | None:
    if action == "note":
        return None
    mine = set(items)
    columns = {c for values in prior.get("items", {}).values() for c in values}
    for other_id, other_action, other_items, other_prior, who in db.execute(
            "SELECT id, action, item_ids, prior, reviewer FROM reviews WHERE id > ? "
            "AND undone_by IS NULL AND action NOT IN ('note', 'undo') ORDER BY id",
            [review_id]).fetchall():
        if not mine & set(_ids(other_items)):
            continue
        if action in ("merge", "split"):
            if other_action in ("merge", "split"):
                return other_id, other_action, who
            continue
        if other_action in DATA_ACTIONS:
            theirs = {c for v in json.loads(other_prior or "{}").get("items", {}).values()
                      for c in v}
            if columns & theirs:
                return other_id, other_action, who
    return None


def _undo_merge(db: sqlite_utils.Database, prior: dict[str, Any]) -> None:
    moved = [i for i in prior.get("moved", []) if _exists(db, i)]
    if moved:
        new_story_of(db, moved, prior.get("story"))


def _undo_split(db: sqlite_utils.Database, item_id: int, prior: dict[str, Any]) -> None:
    back = next((s for s in (_item_story(db, i) for i in prior.get("stayed", [])
                             if _exists(db, i)) if s is not None), None)
    if back is None:  # every report it left is gone: it stays on its own
        return
    left = _item_story(db, item_id)
    db.execute("UPDATE items SET story_id = ? WHERE id = ?", [back, item_id])
    _refresh_stories(db, [item_id], [left])


def _exists(db: sqlite_utils.Database, item_id: int) -> bool:
    return db.execute("SELECT 1 FROM items WHERE id = ?", [item_id]).fetchone() is not None


def reapply_reviews(db: sqlite_utils.Database, item_ids: Iterable[int]) -> int:
    """Write the reviewed values back into these items (after the tagger rewrote them), in the
    caller's transaction; returns how many items had reviews. Unreviewed items cost one query."""
    ids = list(item_ids)
    reviewed: list[int] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        reviewed += [int(r[0]) for r in db.execute(
            f"SELECT id FROM items WHERE id IN ({', '.join('?' for _ in chunk)}) "
            "AND review_status IS NOT NULL", chunk).fetchall()]
    for item_id in reviewed:
        values: dict[str, Any] = {}
        for action, field, new_value in db.execute(
                f"SELECT r.action, r.field, r.new_value {_LIVE_OF_ITEM}", [item_id]).fetchall():
            values.update(_changes(action, field, json.loads(new_value or "null")))
        _write(db, item_id, values)
    _refresh_stories(db, reviewed)
    return len(reviewed)


def reviews_of(db: sqlite_utils.Database | sqlite3.Connection, target: str, target_id: int
               ) -> list[dict[str, Any]]:
    """The history shown on an item's or a story's page, oldest first: the reviews of the item
    or of its story's reports (any connection: the newsroom reads it on its read-only one)."""
    if target == "item":
        mine = "SELECT review_id FROM review_items WHERE item_id = ?"
    else:
        mine = ("SELECT x.review_id FROM review_items x JOIN items i ON i.id = x.item_id "
                "WHERE i.story_id = ?")
    cursor = db.execute(
        f"SELECT r.* FROM reviews r WHERE (r.target = ? AND r.target_id = ?) OR r.id IN ({mine}) "
        "ORDER BY r.id", [target, target_id, target_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
