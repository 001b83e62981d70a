"""One path for every item, whether polled, imported or piped through `monitor tag`."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from monitor import store
from monitor.dates import NAIVE_ALLOWANCE
from monitor.sources import Item
from monitor.text import html_to_text
from monitor.urls import canonical_url

MAX_TAG_CHARS = 20_000  # the work per item is capped; tags come from the opening anyway


def tag_fields(title: str, text: str, declared_language: str | None = None,
               declared_country: str | None = None) -> dict[str, Any]:
    """Language and tags for a title and plain text (the `monitor tag` output, minus input).

    `declared_country` is the source's `country`: it stands in when the text names no place."""
    from monitor.langid import detect_language
    from monitor.tagging import tag_text

    if declared_language:
        declared_language = declared_language.replace("_", "-").split("-")[0].lower() or None
    from monitor.enrich.zawgyi import to_unicode

    sample = f"{title}\n{text}".strip()[:MAX_TAG_CHARS]
    # Zawgyi Burmese is identified as Unicode Burmese (tag_text converts it too, and says so)
    guess = detect_language(to_unicode(sample).text, declared=declared_language)
    tags = tag_text(title, text[:MAX_TAG_CHARS], guess.language, country=declared_country)
    result: dict[str, Any] = {
        "language": guess.language,
        "language_confidence": round(guess.confidence, 3),
        "language_detector": guess.detector,
    }
    tag_dict = tags.to_dict()
    tag_dict["tag_evidence"] = tag_dict.pop("evidence", {})
    result.update(tag_dict)
    return result


def content_hash(title: str, text: str) -> str:
    normalised = " ".join(f"{title} {text}".lower().split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


def plain_text(item: Item) -> tuple[str, str, str]:
    """Title, summary and text as stored: plain text, the summary standing in for no text."""
    summary = html_to_text(item.summary)
    return html_to_text(item.title), summary, html_to_text(item.text) or summary


def stored_duplicate(
    db: sqlite_utils.Database, source: str, item: Item,
    plain: tuple[str, str, str] | None = None,
) -> int | None:
    """The stored item this one repeats exactly (see stories.find_duplicate), if any."""
    from monitor.stories import find_duplicate

    title, _summary, text = plain or plain_text(item)
    return find_duplicate(db, source, item.guid, item.url, title, text)


def prepare_record(
    item: Item, source: str, declared_language: str | None, fetched: str,
    plain: tuple[str, str, str] | None = None,
    declared_country: str | None = None,
) -> dict[str, Any]:
    """A validated plugin item -> a row of `items` (without id and story)."""
    title, summary, text = plain or plain_text(item)
    declared = item.language or declared_language
    record: dict[str, Any] = {
        "source": source,
        "url": item.url,
        "canonical_url": canonical_url(item.url),
        "guid": item.guid,
        "title": title,
        "summary": summary,
        "text": text,
        "published": store.iso(item.published),
        "fetched": fetched,
        "author": item.author,
        "translation_urls": item.translation_urls,
        "extra": item.extra,
        "content_hash": content_hash(title, text),
        "times_seen": 1,
        "snapshot_id": item.extra.get("snapshot_id"),  # set by monitor.fulltext
    }
    record.update(tag_fields(title, text, declared, declared_country))
    return record


@dataclass
class StoreResult:
    new_ids: list[int] = field(default_factory=list)
    seen: int = 0


def source_country(db: sqlite_utils.Database, source: str) -> str | None:
    """The source's declared `country` (sources table), None when unknown."""
    if "sources" not in db.table_names() or "country" not in db.table("sources").columns_dict:
        return None
    row = db.execute("SELECT country FROM sources WHERE name = ?", [source]).fetchone()
    return row[0] if row and row[0] else None


def store_items(
    db: sqlite_utils.Database,
    source: str,
    items: Iterable[Item],
    declared_language: str | None = None,
) -> StoreResult:
    """Store items of one source in one transaction; exact duplicates are counted, not stored."""
    from monitor.stories import assign_story

    result = StoreResult()
    fetched = store.utcnow()
    country = source_country(db, source)
    now = dt.datetime.now(dt.UTC)
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        for item in items:
            # a date after the fetch is wrong, but for the time-zone slack the date parser allows
            if item.published is not None and item.published > now + NAIVE_ALLOWANCE:
                item = item.model_copy(update={"published": None})
            plain = plain_text(item)
            existing = stored_duplicate(db, source, item, plain)
            if existing is not None:
                db.execute("UPDATE items SET times_seen = times_seen + 1 WHERE id = ?", [existing])
                result.seen += 1
                continue
            record = prepare_record(item, source, declared_language, fetched, plain, country)
            item_id = store.insert_row(db, "items", store.row_to_db(record))
            assign_story(db, int(item_id))
            result.new_ids.append(int(item_id))
        db.execute(
            "UPDATE sources SET items_total = (SELECT count(*) FROM items WHERE source = ?) "
            "WHERE name = ?",
            [source, source],
        )
    return result
