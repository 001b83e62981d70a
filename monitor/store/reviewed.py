"""Reads of what staff reviewed, for learning from it (monitor/publish/learning.py).

An item counts as reviewed when it has a review status of its own or its story has one (a story
confirmed as a whole confirms its reports). The review rows that still stand (not undone, not
themselves undos) are read with it, so every exported label has the reason behind it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

REVIEWED_ITEMS_SQL = """
SELECT items.id, items.source, items.url, items.title, items.summary, items.text,
  items.language, items.relevant, items.event_types, items.countries, items.sectors,
  items.place, items.killed, items.injured, items.workers_involved, items.tag_evidence,
  items.story_id, items.published,
  coalesce(items.review_status, stories.review_status) AS review_status,
  coalesce(items.reviewed_by, stories.reviewed_by) AS reviewed_by,
  coalesce(items.reviewed_at, stories.reviewed_at) AS reviewed_at,
  sources.country AS source_country
FROM items
LEFT JOIN stories ON stories.id = items.story_id
LEFT JOIN sources ON sources.name = items.source
WHERE coalesce(items.review_status, stories.review_status) IS NOT NULL
ORDER BY items.id
"""


@dataclass
class ReviewRow:
    """One standing review action (the `reviews` table), with the items it applies to."""

    id: int
    action: str
    field: str | None
    old_value: Any
    new_value: Any
    reason: str | None
    note: str | None
    reviewer: str | None
    created: str | None
    item_ids: list[int] = dataclasses.field(default_factory=list)


@dataclass
class ReviewedItem:
    """An item as reviewed: its stored (reviewed) values and the reviews behind them."""

    row: dict[str, Any]
    reviews: list[ReviewRow] = dataclasses.field(default_factory=list)

    @property
    def status(self) -> str:
        return str(self.row["review_status"])


def _loads(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _ids(value: Any) -> list[int]:
    parsed = _loads(value)
    if not isinstance(parsed, list):
        return []
    return [int(v) for v in parsed if isinstance(v, int) or (isinstance(v, str) and v.isdigit())]


def standing_reviews(db: sqlite_utils.Database) -> list[ReviewRow]:
    """Every review action not undone, oldest first, with the item ids it applies to."""
    stories: dict[int, list[int]] = {}
    for item_id, story_id in db.execute(
            "SELECT id, story_id FROM items WHERE story_id IN (SELECT target_id FROM reviews "
            "WHERE target = 'story')").fetchall():
        stories.setdefault(int(story_id), []).append(int(item_id))
    rows = []
    for r in db.execute(
            "SELECT id, target, target_id, item_ids, action, field, old_value, new_value, "
            "reason, note, reviewer, created FROM reviews WHERE undone_by IS NULL "
            "AND action != 'undo' ORDER BY id").fetchall():
        ids = _ids(r[3])
        if not ids:
            ids = [int(r[2])] if r[1] == "item" else stories.get(int(r[2]), [])
        rows.append(ReviewRow(id=int(r[0]), action=str(r[4]), field=r[5],
                              old_value=_loads(r[6]), new_value=_loads(r[7]), reason=r[8],
                              note=r[9], reviewer=r[10], created=r[11], item_ids=ids))
    return rows


def reviewed_items(db: sqlite_utils.Database) -> list[ReviewedItem]:
    """The reviewed items, by id, each with the standing reviews that apply to it."""
    cursor = db.execute(REVIEWED_ITEMS_SQL)
    names = [d[0] for d in cursor.description]
    found = {row[0]: ReviewedItem(dict(zip(names, row, strict=True)))
             for row in cursor.fetchall()}
    for review in standing_reviews(db):
        for item_id in review.item_ids:
            if item_id in found:
                found[item_id].reviews.append(review)
    return list(found.values())
