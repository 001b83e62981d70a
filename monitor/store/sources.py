"""The sources table and the poll's own records: health, schedule, the poll log, robots.txt.

The poll decides (monitor/poll/schedule.py); this module only reads and writes what it decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from monitor.api import SourceConfig
from monitor.store.records import insert_row, row_to_db
from monitor.store.schema import transaction
from monitor.values import dump_json, iso, parse_iso, utc_now

FETCH_STATE = ("etag", "last_modified", "body_hash")


def upsert_source(db: sqlite_utils.Database, record: dict[str, Any]) -> None:
    """Insert or update one sources row (health columns not given are kept)."""
    upsert_sources(db, [row_to_db(record)])


def upsert_sources(db: sqlite_utils.Database, records: list[dict[str, Any]]) -> None:
    """Insert or update sources rows in one statement (a poll syncs every source first: one
    sqlite-utils update each cost a millisecond, a second for 1,000 sources).

    Rows that change nothing are not rewritten; health columns are kept.
    """
    if not records:
        return
    columns = list(records[0])
    defaults = {"consecutive_failures": 0, "items_total": 0, "last_error": ""}
    insert_columns = columns + [c for c in defaults if c not in columns]
    names = ", ".join(f"[{c}]" for c in insert_columns)
    marks = ", ".join("?" for _ in insert_columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "name")
    changed = " OR ".join(f"[{c}] IS NOT excluded.[{c}]" for c in columns if c != "name")
    db.conn.executemany(
        f"INSERT INTO sources ({names}) VALUES ({marks}) "
        f"ON CONFLICT (name) DO UPDATE SET {updates} WHERE {changed}",
        [[r.get(c, defaults.get(c)) for c in insert_columns] for r in records],
    )


def sync_sources(db: sqlite_utils.Database, sources: Iterable[SourceConfig]) -> None:
    """Keep the sources table in step with sources.yaml (health columns are kept)."""
    with db.conn:
        upsert_sources(db, [row_to_db({
            "name": source.name,
            "plugin": source.plugin,
            "url": source.url,
            "language": source.language,
            "country": source.country,
            "region": source.region,
            "tags": source.tags,
            "note": source.note,
            "enabled": int(source.enabled),
            "manual": 0,
        }) for source in sources])


def add_manual_source(db: sqlite_utils.Database, name: str, language: str | None) -> None:
    """A source that items were imported under (`monitor import`), unless it exists."""
    row = db.execute("SELECT plugin FROM sources WHERE name = ?", [name]).fetchone()
    if row is None:
        upsert_source(db, {"name": name, "plugin": "import", "manual": 1, "enabled": 0,
                           "url": "", "language": language})


def mark_polled(db: sqlite_utils.Database, name: str) -> None:
    upsert_source(db, {"name": name, "last_polled": utc_now()})


def source_row(db: sqlite_utils.Database, name: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM sources WHERE name = ?", [name]))
    return rows[0] if rows else {"name": name}


def health_rows(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    """Every source's row, by name (for `monitor sources`)."""
    return {r["name"]: r for r in db.table("sources").rows}


def last_run(db: sqlite_utils.Database) -> dict[str, Any]:
    return next(db.query("SELECT started, error FROM poll_runs ORDER BY started DESC LIMIT 1"),
                {})


def next_due(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in db.query("SELECT name, next_due FROM sources")}


def fetch_states(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    """Each source's validators from its last good fetch (ETag, Last-Modified, body hash)."""
    return {r["name"]: r for r in db.query(
        f"SELECT name, {', '.join(FETCH_STATE)} FROM sources")}


def declared_languages(db: sqlite_utils.Database) -> dict[str, str | None]:
    return {r["name"]: r["language"]
            for r in db.table("sources").rows_where(select="name, language")}


def source_country(db: sqlite_utils.Database, name: str) -> str | None:
    """The source's declared `country`, None when unknown."""
    row = db.execute("SELECT country FROM sources WHERE name = ?", [name]).fetchone()
    return row[0] if row and row[0] else None


def declared_countries(db: sqlite_utils.Database) -> dict[str, str | None]:
    return {r["name"]: r["country"]
            for r in db.table("sources").rows_where(select="name, country")}


def published_dates(db: sqlite_utils.Database, name: str, limit: int) -> list[dt.datetime]:
    """The newest items' publication dates, for the source's cadence."""
    rows = db.execute(
        "SELECT published FROM items WHERE source = ? AND published IS NOT NULL "
        "ORDER BY published DESC LIMIT ?", [name, limit],
    ).fetchall()
    return [d for d in (parse_iso(r[0]) for r in rows) if d is not None]


def fresh_robots(db: sqlite_utils.Database, ttl: float) -> dict[str, str]:
    """robots.txt texts fetched less than ``ttl`` seconds ago, by scheme://host."""
    since = iso(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=ttl))
    return {r[0]: r[1] or "" for r in db.execute(
        "SELECT site, body FROM robots WHERE fetched > ?", [since])}


def record_health(db: sqlite_utils.Database, name: str, update: dict[str, Any],
                  poll_row: dict[str, Any]) -> None:
    """The source's new health columns and its poll log row, in one transaction."""
    with transaction(db):
        columns = ", ".join(f"[{k}] = ?" for k in update)
        db.execute(f"UPDATE sources SET {columns} WHERE name = ?", [*update.values(), name])
        insert_row(db, "polls", {**poll_row, "warnings": dump_json(poll_row.get("warnings", []))})


def record_run(db: sqlite_utils.Database, run: dict[str, Any], robots: dict[str, str]) -> None:
    """The poll run's row, and the robots.txt texts it fetched, for the next runs to reuse."""
    with transaction(db):
        fetched = utc_now()
        db.conn.executemany(
            "INSERT OR REPLACE INTO robots (site, fetched, body) VALUES (?, ?, ?)",
            [(site, fetched, body) for site, body in robots.items()],
        )
        insert_row(db, "poll_runs", run)

