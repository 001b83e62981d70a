"""The one typed record of an item, from its plugin to its row.

A plugin's `Item` becomes an `ItemRecord` once (plain text, canonical URL, content hash:
monitor/poll/process.py); the store fills in its tags, id and story.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from monitor.enrich import ItemTags
from monitor.store.schema import JSON_COLUMNS
from monitor.values import dump_json, json_list


def content_hash(title: str, text: str) -> str:
    normalised = " ".join(f"{title} {text}".lower().split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


@dataclass
class ItemRecord:
    """One item from its plugin to its row: made once, then only filled in."""

    source: str
    url: str
    canonical_url: str
    title: str
    summary: str
    text: str
    fetched: str
    guid: str | None = None
    published: str | None = None
    author: str | None = None
    translation_urls: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""
    snapshot_id: int | None = None
    tags: ItemTags | None = None
    id: int | None = None
    story_id: int | None = None
    times_seen: int = 1
    language_hint: str | None = None
    """The language the item itself declares (not stored: the tagger decides)."""

    @property
    def language(self) -> str:
        return self.tags.language if self.tags else ""

    def to_dict(self) -> dict[str, Any]:
        """The record's columns and tags as values (lists as lists), without id and story."""
        row = {k: v for k, v in self.__dict__.items()
               if k not in ("tags", "id", "story_id", "language_hint")}
        if self.tags is not None:
            row.update(self.tags.to_dict())
        return row

    def row(self) -> dict[str, Any]:
        """The items row: lists and dicts as JSON."""
        return row_to_db(self.to_dict())

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ItemRecord:
        """A stored item back as a record (for `monitor restory`)."""
        names = set(cls.__dataclass_fields__) - {"tags", "language_hint"}
        values: dict[str, Any] = {k: row.get(k) for k in names if k in row}
        record = cls(**values)
        record.translation_urls = json_list(row.get("translation_urls"))
        record.extra = _json_dict(row.get("extra"))
        record.tags = ItemTags(
            language=row.get("language") or "", language_confidence=0.0,
            language_detector="", event_types=json_list(row.get("event_types")),
            relevant=bool(row.get("relevant")), countries=json_list(row.get("countries")),
            sectors=json_list(row.get("sectors")), place=row.get("place"),
            latitude=row.get("latitude"), longitude=row.get("longitude"),
            geo_precision=row.get("geo_precision"),
            workers_involved=row.get("workers_involved"), killed=row.get("killed"),
            injured=row.get("injured"), tag_evidence=_json_dict(row.get("tag_evidence")),
        )
        return record


def _json_dict(value: Any) -> dict[str, Any]:
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def row_to_db(row: dict[str, Any]) -> dict[str, Any]:
    """JSON-encode list and dict columns for storage."""
    out = dict(row)
    for column in JSON_COLUMNS:
        if column in out and not isinstance(out[column], str) and out[column] is not None:
            out[column] = dump_json(out[column])
    return out


def insert_row(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    """A plain INSERT that joins the caller's transaction (sqlite-utils would commit it)."""
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def stored_batches(db: sqlite_utils.Database, columns: Sequence[str], batch: int
                   ) -> Iterator[list[dict[str, Any]]]:
    """Every stored item's `columns` (which include `id`), `batch` rows at a time in the order
    they were stored: what a rebuild (`restory`, `reevent`) walks, a transaction per batch."""
    last = 0
    while True:
        cursor = db.execute(f"SELECT {', '.join(columns)} FROM items WHERE id > ? "
                            "ORDER BY id LIMIT ?", [last, batch])
        rows = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]
