"""Stories: one row per news event, however many reports of it the sources carry."""

from __future__ import annotations

import json

import sqlite_utils

STORY_COLUMNS: dict[str, type] = {
    "id": int,
    "title": str,
    "first_seen": str,
    "last_seen": str,
    "reports": int,
    "sources": str,
    "languages": str,
    "countries": str,
    "event_types": str,
}


def assign_story(db: sqlite_utils.Database, item_id: int) -> int:
    """Give a newly stored item its story. Each item starts its own story for now."""
    row = db.execute(
        "SELECT title, coalesce(published, fetched), source, language, countries, event_types "
        "FROM items WHERE id = ?",
        [item_id],
    ).fetchone()
    title, when, source, language, countries, event_types = row
    cursor = db.execute(
        "INSERT INTO stories (title, first_seen, last_seen, reports, sources, languages, "
        "countries, event_types) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
        [title, when, when, json.dumps([source]), json.dumps([language] if language else []),
         countries or "[]", event_types or "[]"],
    )
    story_id = int(cursor.lastrowid or 0)
    db.execute("UPDATE items SET story_id = ? WHERE id = ?", [story_id, item_id])
    return story_id
