"""Re-running the tagger over stored items, after lexicons or detectors change."""

from __future__ import annotations

import sqlite_utils

from monitor import store
from monitor.pipeline import tag_fields


def retag_all(db: sqlite_utils.Database, batch: int = 500) -> int:
    """Recompute language and tags of every item in place; returns how many."""
    declared = {
        r["name"]: r["language"] for r in db.table("sources").rows_where(select="name, language")
    }
    countries = {
        r["name"]: r.get("country") for r in db.table("sources").rows_where()
    }
    count = 0
    last_id = 0
    while True:
        rows = db.execute(
            "SELECT id, source, title, text FROM items WHERE id > ? ORDER BY id LIMIT ?",
            [last_id, batch],
        ).fetchall()
        if not rows:
            return count
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            for item_id, source, title, text in rows:
                fields = store.row_to_db(tag_fields(title or "", text or "", declared.get(source),
                                                    countries.get(source)))
                assignments = ", ".join(f"[{k}] = ?" for k in fields)
                db.execute(
                    f"UPDATE items SET {assignments} WHERE id = ?", [*fields.values(), item_id]
                )
                count += 1
        last_id = rows[-1][0]
