"""The SQLite schema: every table's columns and indexes, migrations, and opening the database.

Names here are relied on by queries in the newsroom. Tables are declared as columns: a database
from an older version gains what it lacks, keeping its rows.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from monitor.errors import MonitorError
from monitor.store.facet_tables import ensure_facet_tables

SCHEMA_VERSION = 2

# Declarative columns: a database from an older version gains what it lacks, keeping its rows.
ITEM_COLUMNS: dict[str, type] = {
    "id": int,
    "source": str,
    "url": str,
    "canonical_url": str,
    "guid": str,
    "title": str,
    "summary": str,
    "text": str,
    "published": str,
    "fetched": str,
    "language": str,
    "language_confidence": float,
    "language_detector": str,
    "event_types": str,
    "countries": str,
    "sectors": str,
    "relevant": int,
    "place": str,
    "latitude": float,
    "longitude": float,
    "geo_precision": str,
    "workers_involved": int,
    "killed": int,
    "injured": int,
    "tag_evidence": str,
    "author": str,
    "translation_urls": str,
    "extra": str,
    "content_hash": str,
    "times_seen": int,
    "story_id": int,
    "snapshot_id": int,  # evidence: the article page as fetched (monitor/store/snapshots.py)
    # staff review (monitor/store/reviews.py): NULL until reviewed, then confirmed | rejected |
    # corrected; the tag columns above then hold the reviewed values, the tagger's in `reviews`
    "review_status": str,
    "reviewed_by": str,
    "reviewed_at": str,
}
STORY_COLUMNS: dict[str, type] = {
    "id": int,
    "title": str,
    "first_seen": str,
    "last_seen": str,
    "reports": int,
    "sources": str,
    "source_count": int,
    "languages": str,
    "countries": str,
    "event_types": str,
    "review_status": str,  # as on items: NULL, confirmed, rejected or corrected
    "reviewed_by": str,
    "reviewed_at": str,
}
# Events: one row per real-world strike, protest or disaster, its reports joined across sites
# and languages (monitor/store/events.py; every column is defined in docs/events.md)
EVENT_COLUMNS: dict[str, type] = {
    "id": int,
    "title": str,
    "event_type": str,
    "event_types": str,  # JSON list
    "sector": str,
    "sectors": str,  # JSON list
    "start_date": str,
    "start_precision": str,  # day | week | month
    "end_date": str,
    "end_precision": str,
    "week_of": str,  # the Monday of the start date's week, for the chart and the period filter
    "first_seen": str,
    "last_seen": str,
    "updates": int,  # reports published after the start day ("the strike entered its 8th day")
    "ongoing": int,
    "country": str,
    "countries": str,  # JSON list
    "region": str,
    "region_name": str,  # the region as staff read it (Karaganda Region)
    "town": str,
    "site": str,
    "place_id": str,
    "geo_precision": str,
    "latitude": float,
    "longitude": float,
    "employer": str,
    "unions": str,
    "workers_involved": int,
    "killed": int,
    "injured": int,
    "figure_evidence": str,  # JSON: every report's value of each figure
    "demands": str,
    "reports": int,
    "sources": str,
    "source_count": int,
    "languages": str,
    "language_count": int,
    "story_ids": str,
    "join_keys": str,  # JSON: what joining compares (monitor.enrich.events.Event.to_json)
    "review_status": str,  # NULL (unreviewed), confirmed, rejected or corrected, as on items
    "reviewed_by": str,
    "reviewed_at": str,
    "created": str,
    "updated": str,
}
# Each report of an event, with what it stated: the evidence its figures are reconciled from
EVENT_REPORT_COLUMNS: dict[str, type] = {
    "event_id": int,
    "item_id": int,
    "score": int,
    "reasons": str,  # why it joined (monitor.enrich.events.Decision.reasons), "; "-joined
    "joined": str,
    "published": str,
    "source": str,
    "language": str,
    "title": str,
    "event_types": str,
    "sectors": str,
    "countries": str,
    "place": str,
    "place_id": str,
    "geo_precision": str,
    "latitude": float,
    "longitude": float,
    "workers_involved": int,
    "killed": int,
    "injured": int,
    "ended": int,  # 1: it says the strike or protest ended (monitor.enrich.events.says_ended)
    "employer": str,  # the employer it names (monitor.enrich.events.organisations)
    "unions": str,  # JSON list: the unions it names
}
# The events' index: looked up by key only (place id, name skeleton, toll, address), newest first
EVENT_KEY_COLUMNS: dict[str, type] = {"key": str, "event_id": int,
                                      "day": str}  # the event's latest report when indexed
# One row per review action, never edited but to mark it undone (monitor/store/reviews.py)
REVIEW_COLUMNS: dict[str, type] = {
    "id": int,
    "target": str,  # item | story
    "target_id": int,
    "item_ids": str,  # JSON list: the items the action changed (a story's reports)
    "action": str,  # confirm | reject | correct | merge | split | note | undo
    "field": str,  # for correct: event_types, countries, place, sectors, workers_involved, ...
    "old_value": str,  # JSON: what it was (the tagger's value for a first correction)
    "new_value": str,  # JSON: what the reviewer set
    "reason": str,  # for reject: a code from the short list (monitor/store/reviews.py)
    "note": str,  # free text
    "reviewer": str,  # the account name
    "created": str,
    "undoes": int,  # for undo: the review it undid
    "undone_by": int,  # set on a review once undone
    # JSON: exactly what the action overwrote, for its undo: {"items": {id: {column: value}}}
    # for confirm/reject/correct, the other story's row and reports for a merge, the reports
    # left behind for a split
    "prior": str,
}
REVIEW_ITEM_COLUMNS: dict[str, type] = {"item_id": int, "review_id": int}
"""The reviews of each item (a review's `item_ids`, kept by a trigger): found by index, not by
reading every review's JSON, when `retag` writes reviewed values back."""
# The near-duplicate index (monitor/store/stories.py)
DEDUP_TABLES: dict[str, tuple[dict[str, type], tuple[str, ...]]] = {
    "dedup_bands": ({"key": int, "item_id": int}, ("key", "item_id")),
    "dedup_anchors": ({"key": int, "item_id": int, "source": str, "lead": int}, ("key", "item_id")),
    "dedup_links": ({"url": str, "item_id": int}, ("url", "item_id")),
}
SNAPSHOT_COLUMNS: dict[str, type] = {
    "id": int,
    "url": str,
    "final_url": str,
    "fetched": str,
    "status": int,
    "content_type": str,
    "content_hash": str,
    "size": int,
    "stored_size": int,
    "truncated": int,
    "compression": str,
    "body": bytes,
    "headers": str,
}
# Watches' deliveries (monitor/store/deliveries.py)
DELIVERY_COLUMNS: dict[str, type] = {
    "id": int,
    "watch": str,
    "target": str,
    "target_hash": str,
    "kind": str,
    "key": str,
    "story_id": int,
    "status": str,
    "attempts": int,
    "error": str,
    "created": str,
    "sent": str,
}
WATCH_STATE_COLUMNS: dict[str, type] = {
    "watch": str, "last_item_id": int, "last_digest": str, "last_digest_at": str,
    "last_reviewed_at": str,  # a `reviewed: true` watch: reviews up to this time were seen
}
SOURCE_COLUMNS: dict[str, type] = {
    "name": str,
    "plugin": str,
    "url": str,
    "language": str,
    "country": str,
    "manual": int,
    "enabled": int,
    "region": str,
    "tags": str,
    "note": str,
    "last_polled": str,
    "last_ok": str,
    "last_error": str,
    "consecutive_failures": int,
    "items_total": int,
    # polling state (monitor/poll.py, monitor/health.py)
    "health": str,
    "attention": str,
    "attention_since": str,
    "failing_since": str,
    "next_due": str,
    "last_status": int,
    "last_new_item": str,
    "etag": str,
    "last_modified": str,
    "body_hash": str,
}
ROBOTS_COLUMNS: dict[str, type] = {"site": str, "fetched": str, "body": str}
"""robots.txt per scheme://host, reused for a day by the polls (monitor/fetch.py)."""
POLL_RUN_COLUMNS: dict[str, type] = {
    "run_id": str,
    "started": str,
    "finished": str,
    "sources": int,
    "failed": int,
    "new_items": int,
    "error": str,
}
POLL_COLUMNS: dict[str, type] = {
    "id": int,
    "run_id": str,
    "source": str,
    "started": str,
    "finished": str,
    "status": str,
    "new_items": int,
    "seen_items": int,
    "error": str,
    "warnings": str,
    "outcome": str,
    "http_status": int,
    "duration": float,
}
JSON_COLUMNS = ("event_types", "countries", "sectors", "tag_evidence", "translation_urls", "extra",
                "tags")
ITEM_INDEXES = (
    ["published"],
    ["source", "published"],
    ["language"],
    ["relevant", "published"],
    ["story_id"],
    ["canonical_url"],
    ["source", "guid"],
    ["content_hash"],
)
EVENT_INDEXES = (
    ["last_seen"],
    ["start_date"],
    ["week_of"],
    ["country", "start_date"],
    ["event_type", "start_date"],
    ["region"],
    ["review_status", "last_seen"],
)
FTS_COLUMNS = ("title", "summary", "text")
FTS_TABLES = ("items_fts", "items_fts_trigram")
FTS_DEFERRED = "fts_deferred"
"""A row here (only ever inside a writer's own transaction) makes the insert triggers skip
full-text indexing; `index_deferred` then indexes the transaction's items in one statement per
index, which costs a third of one trigger firing per item (bench: 0.38 ms against 0.60 ms an
item). Every other writer (sqlite-utils, Datasette, the sqlite3 shell) is indexed by the
trigger as before, and no reader ever sees the row, since it is removed before the commit."""


# Numbered data migrations, run once each in order; schema additions are automatic.
def _fts_update_only_on_text(db: sqlite_utils.Database) -> None:
    """v2: re-index an item only when its title, summary or text changes."""
    for fts in ("items_fts", "items_fts_trigram"):
        db.execute(f"DROP TRIGGER IF EXISTS [items_au_{fts}]")
    _ensure_fts(db)


MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {2: _fts_update_only_on_text}


def check_readable(path: str | Path) -> None:
    """Raise sqlite3.DatabaseError (or MonitorError) unless ``path`` is a readable SQLite file.

    Opened read-only and immutable: a published copy on a read-only disk is read as it is.
    """
    path = Path(path)
    if not path.is_file():
        raise MonitorError(f"no database at {path}")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating or migrating) the monitor database."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    db = writer(conn)
    # 64 MiB of page cache: story-index lookups are by random keys, and with 8 MiB the cost per
    # new item grew 1.89x from 10k to 100k items against 1.46x with 64 (bench/dedup.py, limit
    # 1.5x, 2026-12-04); 8 MiB saved a poll of 1,000 feeds 26 MiB of peak memory and no CPU.
    db.execute("PRAGMA cache_size=-65536")
    ensure_schema(db)
    return db


BUSY_TIMEOUT_MS = 30000
"""How long a writer waits for another (a poll, a review) before giving up."""


def writer(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """A connection set up to write as every writer of ours does: write-ahead log, the same
    busy timeout, transactions opened explicitly (BEGIN IMMEDIATE) by the store's functions.

    The newsroom's review endpoint passes Datasette's own write connection through here, so a
    poll and a stream of reviews wait for each other instead of failing."""
    conn.isolation_level = None
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return sqlite_utils.Database(conn)
_SAVEPOINTS = itertools.count()


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One write transaction (BEGIN IMMEDIATE ... COMMIT), or a savepoint inside one already
    open: a part that fails rolls back alone and the outer transaction keeps the rest. The
    poll's writer commits a group of sources at once this way (monitor/poll/run.py)."""
    conn = db.conn
    if conn.in_transaction:
        name = f"part{next(_SAVEPOINTS)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # a failed COMMIT (disk full) leaves it open
            conn.execute("ROLLBACK")
        raise


def _ensure_table(
    db: sqlite_utils.Database, name: str, columns: dict[str, type], pk: str | tuple[str, ...],
    foreign_keys: list[tuple[str, str, str]] | None = None,
) -> None:
    table = db.table(name)
    if not table.exists():
        table.create(columns, pk=pk, foreign_keys=foreign_keys)
        return
    missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
    for column, col_type in missing.items():
        table.add_column(column, col_type)


def ensure_schema(db: sqlite_utils.Database) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise MonitorError(
            f"the database was made by a newer version (schema {version} > {SCHEMA_VERSION}); "
            "upgrade the monitor"
        )
    with db.conn:
        _ensure_table(db, "stories", STORY_COLUMNS, "id")  # first: items link to it
        _ensure_table(db, "items", ITEM_COLUMNS, "id", [("story_id", "stories", "id")])
        _ensure_table(db, "sources", SOURCE_COLUMNS, "name")
        _ensure_table(db, "polls", POLL_COLUMNS, "id")
        _ensure_table(db, "poll_runs", POLL_RUN_COLUMNS, "run_id")
        _ensure_table(db, "robots", ROBOTS_COLUMNS, "site")
        db.table("stories").create_index(["last_seen"], if_not_exists=True)
        for name, (dedup_columns, key) in DEDUP_TABLES.items():  # the near-duplicate index
            _ensure_table(db, name, dedup_columns, key)
        for columns in ITEM_INDEXES:
            db.table("items").create_index(columns, if_not_exists=True)
        db.table("polls").create_index(["source", "started"], if_not_exists=True)
        _ensure_table(db, FTS_DEFERRED, {"id": int}, "id")  # before the triggers that read it
        _ensure_fts(db)
        _ensure_fts_vocab(db)
        _ensure_table(db, "snapshots", SNAPSHOT_COLUMNS, "id")
        db.table("snapshots").create_index(["url"], if_not_exists=True)
        db.table("snapshots").create_index(["content_hash"], if_not_exists=True)
        _ensure_table(db, "deliveries", DELIVERY_COLUMNS, "id")
        db.table("deliveries").create_index(
            ["watch", "target_hash", "kind", "key"], unique=True, if_not_exists=True)
        db.table("deliveries").create_index(["status"], if_not_exists=True)
        _ensure_table(db, "watch_state", WATCH_STATE_COLUMNS, "watch")
        _ensure_table(db, "reviews", REVIEW_COLUMNS, "id")
        db.table("reviews").create_index(["target", "target_id"], if_not_exists=True)
        _ensure_review_items(db)
        db.table("items").create_index(["review_status"], if_not_exists=True)
        db.table("items").create_index(["story_id", "review_status"], if_not_exists=True)
        db.table("stories").create_index(["review_status", "last_seen"], if_not_exists=True)
        _ensure_table(db, "events", EVENT_COLUMNS, "id")
        _ensure_table(db, "event_reports", EVENT_REPORT_COLUMNS, ("event_id", "item_id"))
        _ensure_table(db, "event_keys", EVENT_KEY_COLUMNS, ("key", "event_id"))
        db.table("event_reports").create_index(["item_id"], if_not_exists=True)
        db.table("event_keys").create_index(["key", "day"], if_not_exists=True)
        for columns in EVENT_INDEXES:
            db.table("events").create_index(columns, if_not_exists=True)
        ensure_facet_tables(db)  # tag side tables and counts for fast facets
        for number in sorted(MIGRATIONS):
            if version < number <= SCHEMA_VERSION:
                MIGRATIONS[number](db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _ensure_review_items(db: sqlite_utils.Database) -> None:
    """`review_items` filled from the reviews already there, then kept by a trigger."""
    if not db.table("review_items").exists():
        _ensure_table(db, "review_items", REVIEW_ITEM_COLUMNS, ("item_id", "review_id"))
        db.execute("INSERT OR IGNORE INTO review_items (item_id, review_id) SELECT j.value, r.id "
                   "FROM reviews r, json_each(r.item_ids) j WHERE json_valid(r.item_ids)")
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS [reviews_ai_review_items] AFTER INSERT ON [reviews] "
        "WHEN json_valid(new.item_ids) BEGIN INSERT OR IGNORE INTO review_items "
        "(item_id, review_id) SELECT j.value, new.id FROM json_each(new.item_ids) j; END")


def _ensure_fts(db: sqlite_utils.Database) -> None:
    """Two indexes: words (unicode61) and trigrams, for scripts written without spaces."""
    cols = ", ".join(FTS_COLUMNS)
    new_cols = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old_cols = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    for fts, tokenize in zip(FTS_TABLES, ("unicode61 remove_diacritics 2", "trigram"),
                             strict=True):
        if not db.table(fts).exists():
            db.execute(
                f"CREATE VIRTUAL TABLE [{fts}] USING FTS5 ({cols}, content=[items], "
                f"content_rowid=[id], tokenize='{tokenize}')"
            )
            db.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES('rebuild')")
        # the update trigger fires only when indexed text changes, not on story_id or counts;
        # the insert trigger not while indexing is deferred (v2: before, it always fired)
        db.execute(f"DROP TRIGGER IF EXISTS [items_ai_{fts}]")
        db.executescript(
            f"""
            CREATE TRIGGER IF NOT EXISTS [items_ai_{fts}_v2] AFTER INSERT ON [items]
            WHEN NOT EXISTS (SELECT 1 FROM [{FTS_DEFERRED}]) BEGIN
              INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.id, {new_cols});
            END;
            CREATE TRIGGER IF NOT EXISTS [items_ad_{fts}] AFTER DELETE ON [items] BEGIN
              INSERT INTO [{fts}] ([{fts}], rowid, {cols}) VALUES('delete', old.id, {old_cols});
            END;
            CREATE TRIGGER IF NOT EXISTS [items_au_{fts}] AFTER UPDATE OF {cols} ON [items] BEGIN
              INSERT INTO [{fts}] ([{fts}], rowid, {cols}) VALUES('delete', old.id, {old_cols});
              INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.id, {new_cols});
            END;
            """
        )


def defer_indexing(db: sqlite_utils.Database) -> int:
    """Inside the caller's transaction: items inserted from now on are indexed for search by
    `index_deferred` (one statement per index), not one by one by the insert triggers.
    Returns the last item id before them."""
    db.execute(f"INSERT OR IGNORE INTO [{FTS_DEFERRED}] (id) VALUES (1)")
    return int(db.execute("SELECT coalesce(max(id), 0) FROM items").fetchone()[0])


def index_deferred(db: sqlite_utils.Database, after_id: int) -> None:
    """Index every item inserted since `defer_indexing` returned `after_id` (new ids are always
    larger than every id before them), and let the triggers index again; before the commit."""
    cols = ", ".join(FTS_COLUMNS)
    for fts in FTS_TABLES:
        db.execute(f"INSERT INTO [{fts}] (rowid, {cols}) SELECT id, {cols} FROM items "
                   "WHERE id > ? ORDER BY id", [after_id])
    db.execute(f"DELETE FROM [{FTS_DEFERRED}]")


def _ensure_fts_vocab(db: sqlite_utils.Database) -> None:
    """The word index's vocabulary as a table, for search by word form (issue 15.3).

    `items_fts_vocab` (fts5vocab, 'row': one row per indexed word) stores nothing itself: it
    reads the terms of `items_fts`, so the newsroom finds the forms of a searched word that
    occur ("strikes", "striking" for "strike") by a range on `term`, and stems them.
    """
    if not db.table("items_fts_vocab").exists():
        db.execute("CREATE VIRTUAL TABLE [items_fts_vocab] USING fts5vocab([items_fts], 'row')")
