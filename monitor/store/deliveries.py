"""What watches sent, and where each watch is up to: every send is claimed here before it goes.

monitor/publish/notify.py decides what to send; this module holds its writes and reads.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from monitor.store.records import insert_row
from monitor.values import utc_now

MAX_NEW_ITEMS = 2000  # per watch per run: a backlog is worked through over several runs


def claim(db: sqlite_utils.Database, watch: str, target: str, target_hash: str, kind: str,
          key: str, story_id: int | None, max_attempts: int) -> int | None:
    """Record the intent to send before sending; None if it was already sent or claimed."""
    row = db.execute(
        "SELECT id, status, attempts FROM deliveries WHERE watch = ? AND target_hash = ? "
        "AND kind = ? AND key = ?", [watch, target_hash, kind, key],
    ).fetchone()
    if row is not None:
        delivery_id, status, attempts = row
        if status != "failed" or attempts >= max_attempts:
            return None
        db.execute("UPDATE deliveries SET status = 'sending', attempts = attempts + 1 "
                   "WHERE id = ?", [delivery_id])
        return int(delivery_id)
    try:
        return insert_row(db, "deliveries", {
            "watch": watch, "target": target, "target_hash": target_hash, "kind": kind,
            "key": key, "story_id": story_id, "status": "sending", "attempts": 1, "error": "",
            "created": utc_now(), "sent": None,
        })
    except sqlite3.IntegrityError:  # another run claimed it a moment ago
        return None


def mark_sent(db: sqlite_utils.Database, delivery_id: int) -> None:
    db.execute("UPDATE deliveries SET status = 'sent', sent = ?, error = '' WHERE id = ?",
               [utc_now(), delivery_id])


def mark_failed(db: sqlite_utils.Database, delivery_id: int, error: str) -> None:
    db.execute("UPDATE deliveries SET status = 'failed', error = ? WHERE id = ?",
               [error, delivery_id])


def mark_interrupted(db: sqlite_utils.Database) -> None:
    """A send interrupted by a crash is 'uncertain', never sent again."""
    db.execute("UPDATE deliveries SET status = 'uncertain', "
               "error = 'interrupted while sending; not re-sent' WHERE status = 'sending'")


def failed_stories(db: sqlite_utils.Database, watch: str, max_attempts: int
                   ) -> list[tuple[int | None, str]]:
    return [(r[0], r[1]) for r in db.execute(
        "SELECT DISTINCT story_id, key FROM deliveries WHERE watch = ? AND kind = 'story' "
        "AND status = 'failed' AND attempts < ?", [watch, max_attempts]).fetchall()]


def recent(db: sqlite_utils.Database, watch: str, limit: int = 5) -> list[tuple[Any, ...]]:
    """(when, status, target, kind, key, error) of a watch's latest deliveries."""
    return [tuple(r) for r in db.execute(
        "SELECT coalesce(sent, created), status, target, kind, key, error FROM deliveries "
        "WHERE watch = ? ORDER BY id DESC LIMIT ?", [watch, limit]).fetchall()]


def watch_state(db: sqlite_utils.Database, watch: str, start: str | None) -> dict[str, Any]:
    """Where a watch is up to; a new watch starts from the newest item fetched before `start`."""
    row = db.execute(
        "SELECT last_item_id, last_digest, last_digest_at FROM watch_state WHERE watch = ?",
        [watch],
    ).fetchone()
    if row is None:
        latest = db.execute("SELECT coalesce(max(id), 0) FROM items WHERE fetched < ?",
                            [start or "9999"]).fetchone()[0]
        db.execute("INSERT INTO watch_state (watch, last_item_id) VALUES (?, ?)", [watch, latest])
        return {"last_item_id": latest, "last_digest": None, "last_digest_at": None}
    return {"last_item_id": row[0] or 0, "last_digest": row[1], "last_digest_at": row[2]}


def advance(db: sqlite_utils.Database, watch: str, last_item_id: int) -> None:
    db.execute("UPDATE watch_state SET last_item_id = ? WHERE watch = ?", [last_item_id, watch])


def digest_sent(db: sqlite_utils.Database, watch: str, key: str, at: str) -> None:
    db.execute("UPDATE watch_state SET last_digest = ?, last_digest_at = ? WHERE watch = ?",
               [key, at, watch])


def items(db: sqlite_utils.Database, where: str, params: list[Any]) -> list[dict[str, Any]]:
    """Items as watches match them: every column, their story's review status, and the event
    each joined (`event_id`, None for no labour event)."""
    cursor = db.execute(
        "SELECT *, (SELECT s.review_status FROM stories s WHERE s.id = items.story_id) AS "
        "story_review_status, (SELECT event_id FROM event_reports r WHERE r.item_id = items.id) "
        f"AS event_id FROM items WHERE {where} ORDER BY id LIMIT {MAX_NEW_ITEMS}", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# Confirmed or corrected, by the item's own review or else its story's (a rejected report of a
# confirmed story stays rejected); both halves read an index (review_status) first.
REVIEWED_SINCE = """
SELECT items.*, s.review_status AS story_review_status,
  (SELECT event_id FROM event_reports r WHERE r.item_id = items.id) AS event_id,
  max(coalesce(items.reviewed_at, ''), coalesce(s.reviewed_at, '')) AS review_time
FROM items LEFT JOIN stories s ON s.id = items.story_id
WHERE items.id IN (
  SELECT id FROM items WHERE review_status IN ('confirmed', 'corrected') AND reviewed_at > :since
  UNION
  SELECT i.id FROM stories st CROSS JOIN items i ON i.story_id = st.id
  WHERE st.review_status IN ('confirmed', 'corrected') AND st.reviewed_at > :since
    AND (i.review_status IS NULL OR i.review_status IN ('confirmed', 'corrected')))
ORDER BY review_time, items.id
"""


def reviewed_items(db: sqlite_utils.Database, since: str) -> list[dict[str, Any]]:
    """Items confirmed or corrected (themselves or as a story) after `since`, in review order."""
    cursor = db.execute(f"{REVIEWED_SINCE} LIMIT {MAX_NEW_ITEMS}", {"since": since})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def review_cursor(db: sqlite_utils.Database, watch: str, start: str | None) -> str:
    """Up to when a `reviewed: true` watch has seen reviews; a new one starts at `start`."""
    row = db.execute("SELECT last_reviewed_at FROM watch_state WHERE watch = ?",
                     [watch]).fetchone()
    if row is not None and row[0]:
        return str(row[0])
    at = start or utc_now()
    db.execute("UPDATE watch_state SET last_reviewed_at = ? WHERE watch = ?", [at, watch])
    return at


def advance_reviewed(db: sqlite_utils.Database, watch: str, at: str) -> None:
    db.execute("UPDATE watch_state SET last_reviewed_at = ? WHERE watch = ?", [at, watch])
def event_summary(db: sqlite_utils.Database, event_id: int) -> dict[str, Any] | None:
    """What an event alert says of its event: reports, sources, languages, figures."""
    cursor = db.execute(
        "SELECT id, title, reports, source_count, languages, killed, injured, "
        "workers_involved, start_date, site, town FROM events WHERE id = ?", [event_id])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def failed_events(db: sqlite_utils.Database, watch: str, max_attempts: int) -> list[int]:
    """Events whose alert failed and may be tried again."""
    return [int(key.split(":", 1)[1]) for (key,) in db.execute(
        "SELECT DISTINCT key FROM deliveries WHERE watch = ? AND kind = 'event' "
        "AND status = 'failed' AND attempts < ?", [watch, max_attempts]).fetchall()]


def story_reports(db: sqlite_utils.Database, story_id: int | None) -> int:
    if story_id is None:
        return 1
    row = db.execute("SELECT count(*) FROM items WHERE story_id = ?", [story_id]).fetchone()
    return int(row[0])
