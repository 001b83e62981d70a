"""Every write to the items table.

A record (monitor/store/records.py) is looked up once against what is stored, tagged only when
it is new, and inserted with its story in its source's transaction, with the evidence snapshots
its source fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import sqlite_utils

from monitor.enrich import ItemTags
from monitor.enrich.dedup import THRESHOLDS, Thresholds, tokens
from monitor.store.events import assign_event
from monitor.store.records import ItemRecord, insert_row, row_to_db
from monitor.store.reviews import reapply_reviews
from monitor.store.schema import defer_indexing, index_deferred, transaction
from monitor.store.snapshots import MAX_SNAPSHOT_BYTES, PendingSnapshot, save_pending
from monitor.store.stories import assign_story

MIN_CONTENT_WORDS = 20  # content-hash dedup needs this much text to mean anything


def find_duplicate(db: sqlite_utils.Database, record: ItemRecord) -> int | None:
    """The stored item this one repeats exactly: the same page (canonical URL), the same guid
    of the same site, or the same title and text on the same site.

    A guid is trusted only while the item behind it has the same URL or title: some sites give
    every item one guid. Text too short to tell pages apart is never matched by its hash."""
    row = db.execute(
        "SELECT id FROM items WHERE canonical_url = ? LIMIT 1", [record.canonical_url]
    ).fetchone()
    if row:
        return int(row[0])
    if record.guid:
        row = db.execute(
            "SELECT id, title FROM items WHERE source = ? AND guid = ? ORDER BY id LIMIT 1",
            [record.source, record.guid],
        ).fetchone()
        title = tokens(record.title)
        if row and tokens(row[1] or "") == title and title:
            return int(row[0])
    if len(tokens(record.text)) >= MIN_CONTENT_WORDS:
        row = db.execute(
            "SELECT id FROM items WHERE content_hash = ? AND source = ? LIMIT 1",
            [record.content_hash, record.source],
        ).fetchone()
        if row:
            return int(row[0])
    return None


@dataclass
class StoreResult:
    new_ids: list[int] = field(default_factory=list)
    seen: int = 0


def insert_records(
    db: sqlite_utils.Database,
    source: str,
    records: Iterable[ItemRecord],
    prepare: Callable[[ItemRecord], None],
    snapshots: dict[int, PendingSnapshot] | None = None,
    thresholds: Thresholds = THRESHOLDS,
    snapshot_max_bytes: int = MAX_SNAPSHOT_BYTES,
) -> StoreResult:
    """Store one source's records and snapshots in one transaction.

    Exact duplicates are counted, not stored; ``prepare`` (the tagger) runs on new records only,
    and each new record joins its story (monitor/store/stories.py) and its event
    (monitor/store/events.py) before the next one. The batch is indexed for search in one
    statement at the end (see schema.defer_indexing)."""
    result = StoreResult()
    with transaction(db):
        indexed_up_to = defer_indexing(db)
        snapshot_ids = save_pending(db, snapshots or {}, snapshot_max_bytes)
        for record in records:
            existing = find_duplicate(db, record)
            if existing is not None:
                db.execute("UPDATE items SET times_seen = times_seen + 1 WHERE id = ?", [existing])
                result.seen += 1
                continue
            key = record.extra.get("snapshot_id")
            if isinstance(key, int) and key < 0:  # a page kept during this poll
                record.snapshot_id = snapshot_ids.get(key)
                record.extra = {**record.extra, "snapshot_id": record.snapshot_id}
            prepare(record)
            record.id = insert_row(db, "items", record.row())
            assign_story(db, record, thresholds)
            assign_event(db, record)  # after its story: a report joins its story's event
            result.new_ids.append(record.id)
        index_deferred(db, indexed_up_to)
        db.execute(
            "UPDATE sources SET items_total = (SELECT count(*) FROM items WHERE source = ?) "
            "WHERE name = ?",
            [source, source],
        )
    return result


def stored_flags(db: sqlite_utils.Database, records: list[ItemRecord]) -> list[bool]:
    """Which of these records the database already holds (full text is fetched for the rest)."""
    return [find_duplicate(db, record) is not None for record in records]


def items_to_retag(db: sqlite_utils.Database, batch: int = 500
                   ) -> Iterator[list[tuple[int, str, str, str]]]:
    """(id, source, title, text) of every item, in batches, in the order they were stored."""
    last_id = 0
    while True:
        rows = db.execute(
            "SELECT id, source, title, text FROM items WHERE id > ? ORDER BY id LIMIT ?",
            [last_id, batch],
        ).fetchall()
        if not rows:
            return
        yield rows
        last_id = rows[-1][0]


def update_tags(db: sqlite_utils.Database, tagged: list[tuple[int, ItemTags]]) -> None:
    """New language and tags for stored items, in one transaction; what staff reviewed is
    written back over the tagger's new values (monitor/store/reviews.py)."""
    with transaction(db):
        for item_id, tags in tagged:
            fields = row_to_db(tags.to_dict())
            assignments = ", ".join(f"[{k}] = ?" for k in fields)
            db.execute(f"UPDATE items SET {assignments} WHERE id = ?", [*fields.values(), item_id])
        reapply_reviews(db, [item_id for item_id, _tags in tagged])


def snapshot_items(db: sqlite_utils.Database, snapshot_id: int) -> list[tuple[int, str]]:
    """(id, title) of the items that refer to a snapshot."""
    return [(int(r[0]), r[1]) for r in db.execute(
        "SELECT id, title FROM items WHERE snapshot_id = ?", [snapshot_id]).fetchall()]
