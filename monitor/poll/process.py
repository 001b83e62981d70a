"""Processing: a plugin's items into records, tagged once and stored with their source.

One path for every item, whether polled, imported (`monitor import`) or tried by `check-source`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlite_utils

from monitor.api import Item
from monitor.enrich import tag_item
from monitor.enrich.dedup import THRESHOLDS, Thresholds
from monitor.parse.dates import NAIVE_ALLOWANCE
from monitor.parse.text import html_to_text, strip_controls
from monitor.parse.urls import canonical_url
from monitor.store.items import StoreResult, insert_records
from monitor.store.records import ItemRecord, content_hash
from monitor.store.snapshots import MAX_SNAPSHOT_BYTES, PendingSnapshot
from monitor.store.sources import source_country
from monitor.values import iso, utc_now


def make_record(item: Item, source: str, fetched: str, now: dt.datetime | None = None
                ) -> ItemRecord:
    """A validated plugin item -> its record: plain text (the summary standing in for no
    text), canonical URL, content hash; a date after the fetch (beyond the time-zone slack
    the date parser allows) is wrong and dropped."""
    now = now or dt.datetime.now(dt.UTC)
    summary = html_to_text(item.summary)
    title, text = html_to_text(item.title), html_to_text(item.text) or summary
    published = item.published
    if published is not None and published > now + NAIVE_ALLOWANCE:
        published = None
    return ItemRecord(
        source=source, url=item.url, canonical_url=canonical_url(item.url), guid=item.guid,
        title=title, summary=summary, text=text, published=iso(published), fetched=fetched,
        author=strip_controls(item.author) if item.author else item.author,
        translation_urls=list(item.translation_urls),
        extra=dict(item.extra), content_hash=content_hash(title, text),
        snapshot_id=item.extra.get("snapshot_id"), language_hint=item.language,
    )


def tag_record(record: ItemRecord, declared_language: str | None = None,
               declared_country: str | None = None) -> None:
    """Language and tags, from the item's own language hint or its source's; the source's
    country stands in when the text names no place."""
    record.tags = tag_item(record.title, record.text, record.language_hint or declared_language,
                           declared_country)


def store_items(
    db: sqlite_utils.Database,
    source: str,
    items: Iterable[Item],
    declared_language: str | None = None,
    snapshots: dict[int, PendingSnapshot] | None = None,
    thresholds: Thresholds = THRESHOLDS,
    snapshot_max_bytes: int = MAX_SNAPSHOT_BYTES,
) -> StoreResult:
    """Store items of one source in one transaction; exact duplicates are counted, not stored."""
    fetched = utc_now()
    now = dt.datetime.now(dt.UTC)
    records = (make_record(item, source, fetched, now) for item in items)
    country = source_country(db, source)
    return insert_records(db, source, records,
                          lambda r: tag_record(r, declared_language, country),
                          snapshots, thresholds, snapshot_max_bytes)
