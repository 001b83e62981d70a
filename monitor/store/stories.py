"""Stories: one row per news event, however many reports of it the sources carry.

`assign_story` runs inside the caller's transaction (the pipeline's per-source one), so it uses
plain `db.execute` only. Its index lives in SQLite: every lookup is by key with a LIMIT, and a
key shared by more than `POSTING_CAP` items (site chrome, a stock sentence) stops being indexed,
so the cost per new item stays flat however large the database grows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from monitor.enrich.dedup import (
    LEAD_SENTENCES,
    THRESHOLDS,
    Doc,
    Thresholds,
    band_keys,
    make_doc,
    similar,
    tokens,
)
from monitor.parse.urls import canonical_url
from monitor.store.records import ItemRecord, stored_batches
from monitor.store.schema import DEDUP_TABLES
from monitor.values import dump_json, json_list

POSTING_CAP = 50  # items per key; a key shared more widely is boilerplate, not news
TEMPLATE_DF = 2  # a sentence in this many earlier items of the same site is its template
BOILERPLATE_TITLES = 3  # one body under this many other titles is a page frame, not a story
MAX_CANDIDATES = 10
MAX_TRANSLATIONS = 10
LINK_CAP = 5  # a page that this many items call their translation is a generic page
LEAD, BODY = 1, 2
RECORD_COLUMNS = ("id", "source", "url", "canonical_url", "title", "summary", "text", "fetched",
                  "published", "translation_urls", "language", "countries", "event_types")
"""What restory reads of each item: what joining a story compares."""


def _when(item: ItemRecord) -> str:
    return item.published or item.fetched or ""


def _candidate(db: sqlite_utils.Database, item_id: int) -> tuple[str, str, str, int | None]:
    """(source, title, text, story_id) of an earlier item that shares keys with a new one."""
    row = db.execute(
        "SELECT source, title, text, story_id FROM items WHERE id = ?", [item_id]
    ).fetchone()
    if row is None:
        raise LookupError(f"no item {item_id}")
    return row[0], row[1] or "", row[2] or "", row[3]


def _translation_urls(item: ItemRecord) -> list[str]:
    urls = []
    for url in item.translation_urls[:MAX_TRANSLATIONS]:
        canon = canonical_url(url)
        if urlsplit(canon).path.strip("/") and canon != item.canonical_url:
            urls.append(canon)  # a site root is no translation of one article
    return urls


def _translation_story(db: sqlite_utils.Database, item: ItemRecord, urls: list[str]) -> int | None:
    """The story of a page this item names as its translation, or that names this item."""
    stories = []
    for url in urls:
        row = db.execute(
            "SELECT story_id FROM items WHERE canonical_url = ? AND id != ? "
            "AND story_id IS NOT NULL LIMIT 1",
            [url, item.id],
        ).fetchone()
        if row:
            stories.append(int(row[0]))
    linking = db.execute(
        "SELECT i.story_id FROM dedup_links l JOIN items i ON i.id = l.item_id "
        "WHERE l.url = ? AND i.story_id IS NOT NULL LIMIT ?",
        [item.canonical_url, LINK_CAP],
    ).fetchall()
    if len(linking) < LINK_CAP:
        stories.extend(int(r[0]) for r in linking)
    return min(stories) if stories else None


def _is_boilerplate_body(db: sqlite_utils.Database, doc: Doc) -> bool:
    if doc.body_key is None:
        return False
    rows = db.execute(
        "SELECT i.title FROM dedup_anchors a JOIN items i ON i.id = a.item_id "
        "WHERE a.key = ? LIMIT ?",
        [doc.body_key, BOILERPLATE_TITLES * 4],
    ).fetchall()
    titles = {" ".join(tokens(r[0] or "")) for r in rows} - {" ".join(doc.title_tokens)}
    return len(titles) >= BOILERPLATE_TITLES


def _postings(
    db: sqlite_utils.Database, table: str, columns: str, keys: list[int]
) -> dict[int, list[tuple[Any, ...]]]:
    """Every row of these keys in one query: lists never grow past POSTING_CAP (see _index)."""
    out: dict[int, list[tuple[Any, ...]]] = {key: [] for key in keys}
    if not keys:
        return out
    marks = ", ".join("?" for _ in keys)
    for row in db.execute(
        f"SELECT key, {columns} FROM {table} WHERE key IN ({marks}) LIMIT ?",
        [*keys, len(keys) * POSTING_CAP],
    ):
        out[row[0]].append(row[1:])
    return out


def _text_story(
    db: sqlite_utils.Database, item: ItemRecord, doc: Doc, thresholds: Thresholds
) -> tuple[int | None, list[tuple[int, int]], list[int]]:
    """Find the story this text copies; return it with the anchor and band keys to index."""
    hits: Counter[int] = Counter()
    template: set[int] = set()
    indexable, bands = set(), []
    lead = set(doc.lead_keys)
    for key, rows in _postings(db, "dedup_anchors", "item_id, source, lead",
                               doc.anchor_keys).items():
        if len(rows) >= POSTING_CAP:
            continue  # chrome or a stock phrase: neither a clue nor worth a row
        indexable.add(key)
        if sum(1 for r in rows if r[1] == item.source) >= TEMPLATE_DF:
            template.add(key)
            continue
        for other, _source, other_lead in rows:
            if key in lead or other_lead == LEAD:
                hits[int(other)] += 1
    for key, rows in _postings(db, "dedup_bands", "item_id", band_keys(doc)).items():
        if len(rows) >= POSTING_CAP:
            continue
        bands.append(key)
        for (other,) in rows:
            hits[int(other)] += 1
    hits.pop(item.id or 0, None)
    anchors = _anchors_to_index(doc, indexable, template)
    if not hits or _is_boilerplate_body(db, doc):
        return None, anchors, bands
    best: tuple[float, int] | None = None
    ranked = sorted(hits.items(), key=lambda kv: (-kv[1], -kv[0]))[:MAX_CANDIDATES]
    frozen = frozenset(template)
    for other_id, _count in ranked:
        other_source, other_title, other_text, other_story = _candidate(db, other_id)
        if other_story is None:
            continue
        verdict = similar(
            doc, make_doc(other_title, other_text),
            same_source=other_source == item.source, template=frozen, thresholds=thresholds,
        )
        if verdict.same and (best is None or verdict.score > best[0]):
            best = (verdict.score, int(other_story))
    return (best[1] if best else None), anchors, bands


def _anchors_to_index(
    doc: Doc, indexable: set[int], template: set[int]
) -> list[tuple[int, int]]:
    """The opening words and first sentences of the news (not the site's template) as the lead,
    and the last sentences, where footers are, to learn the template: a few rows per item,
    since every row is a random write into a B-tree."""
    news = [k for k in doc.long_keys if k not in template]
    lead = [k for k in doc.prefix_key + news[:LEAD_SENTENCES] if k in indexable]
    tail = [k for k in doc.long_keys[-LEAD_SENTENCES:] if k in indexable and k not in template]
    rows = dict.fromkeys(lead, LEAD)
    for key in tail:
        rows.setdefault(key, 0)
    return list(rows.items())


def _index(
    db: sqlite_utils.Database, item: ItemRecord, doc: Doc, anchors: list[tuple[int, int]],
    bands: list[int], links: list[str],
) -> None:
    rows = [(k, item.id, item.source, lead) for k, lead in anchors]
    if doc.body_key is not None:
        rows.append((doc.body_key, item.id, item.source, BODY))
    db.conn.executemany(
        "INSERT OR IGNORE INTO dedup_anchors (key, item_id, source, lead) VALUES (?, ?, ?, ?)", rows
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO dedup_bands (key, item_id) VALUES (?, ?)",
        [(k, item.id) for k in bands],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO dedup_links (url, item_id) VALUES (?, ?)",
        [(u, item.id) for u in links],
    )


def _merge(a: str | None, b: list[str]) -> str:
    values = json_list(a)
    for value in b:
        if value and value not in values:
            values.append(value)
    return dump_json(values)


def _add_report(db: sqlite_utils.Database, story_id: int, item: ItemRecord) -> None:
    row = db.execute(
        "SELECT first_seen, last_seen, sources, languages, countries, event_types "
        "FROM stories WHERE id = ?",
        [story_id],
    ).fetchone()
    first, last, sources, languages, countries, event_types = row
    when = _when(item)
    sources = _merge(sources, [item.source])
    db.execute(
        "UPDATE stories SET reports = reports + 1, first_seen = ?, last_seen = ?, sources = ?, "
        "source_count = ?, languages = ?, countries = ?, event_types = ? WHERE id = ?",
        [
            min(filter(None, [first, when]), default=None),
            max(filter(None, [last, when]), default=None),
            sources,
            len(json.loads(sources)),
            _merge(languages, [_language(item)]),
            _merge(countries, item.tags.countries if item.tags else []),
            _merge(event_types, item.tags.event_types if item.tags else []),
            story_id,
        ],
    )


def _language(item: ItemRecord) -> str:
    lang = item.language
    return "" if lang == "und" else lang


def _new_story(db: sqlite_utils.Database, item: ItemRecord) -> int:
    when = _when(item) or None
    cursor = db.execute(
        "INSERT INTO stories (title, first_seen, last_seen, reports, sources, source_count, "
        "languages, countries, event_types) VALUES (?, ?, ?, 1, ?, 1, ?, ?, ?)",
        [
            item.title or item.canonical_url, when, when, json.dumps([item.source]),
            _merge(None, [_language(item)]),
            _merge(None, item.tags.countries if item.tags else []),
            _merge(None, item.tags.event_types if item.tags else []),
        ],
    )
    return int(cursor.lastrowid or 0)


def assign_story(
    db: sqlite_utils.Database, item: ItemRecord, thresholds: Thresholds = THRESHOLDS
) -> int:
    """Put a newly stored item in the story it reports (a translation or a near-copy of an
    earlier item), or start a new one; index it for the items that come after."""
    doc = make_doc(item.title or "", item.text or "")
    links = _translation_urls(item)
    story_id = _translation_story(db, item, links)
    text_story, anchors, bands = _text_story(db, item, doc, thresholds)
    story_id = story_id or text_story
    if story_id is None:
        story_id = _new_story(db, item)
    else:
        _add_report(db, story_id, item)
    db.execute("UPDATE items SET story_id = ? WHERE id = ?", [story_id, item.id])
    item.story_id = story_id
    if _reviewed(db, story_id):
        refresh_story(db, story_id)  # its reviewed tags stand: a new report does not undo them
    _index(db, item, doc, anchors, bands, links)
    return story_id


def restory(
    db: sqlite_utils.Database,
    thresholds: Thresholds = THRESHOLDS,
    progress: Callable[[int], None] | None = None,
    batch: int = 2000,
) -> int:
    """Rebuild every story and the index from the items, in the order they were stored.

    Commits every `batch` items so the write-ahead log stays small; run it again if stopped."""
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        for table in (*DEDUP_TABLES, "stories"):
            db.execute(f"DELETE FROM [{table}]")
        db.execute("UPDATE items SET story_id = NULL")
    done = 0
    for rows in stored_batches(db, RECORD_COLUMNS, batch):
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            for row in rows:
                assign_story(db, ItemRecord.from_row(row), thresholds)
        done += len(rows)
        if progress:
            progress(done)
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        replay_story_reviews(db)
    return int(db.execute("SELECT count(*) FROM stories").fetchone()[0])


# --- what staff review changed in stories (monitor/store/reviews.py records the actions) ------

STATUS_ACTIONS = ("confirm", "reject", "correct")


def fold_status(actions: Iterable[Sequence[Any]]) -> tuple[str | None, str | None, str | None]:
    """(review_status, reviewed_by, reviewed_at) after these live (action, reviewer, created)
    rows in order: the last confirm, reject or correct decides; a confirm after a correction
    keeps "corrected", since the values are still not the tagger's."""
    status = by = at = None
    for action, reviewer, created in actions:
        if action == "confirm":
            status = "corrected" if status == "corrected" else "confirmed"
        elif action == "reject":
            status = "rejected"
        elif action == "correct":
            status = "corrected"
        else:
            continue
        by, at = reviewer, created
    return status, by, at


def _reviewed(db: sqlite_utils.Database, story_id: int) -> bool:
    return db.execute("SELECT 1 FROM items WHERE story_id = ? AND review_status IS NOT NULL "
                      "LIMIT 1", [story_id]).fetchone() is not None


def refresh_story(db: sqlite_utils.Database, story_id: int) -> None:
    """Recompute a story's counts, tags and review status from its reports; drop it if empty.

    Its event types and countries are those of its reviewed reports when it has any (so an
    unreviewed report that joins later cannot put back a tag a reviewer took away), else those
    of its reports that are not rejected, else of all. Its status is that of the story-level
    reviews of its reports, found by item so it survives `restory`."""
    rows = db.execute(
        "SELECT source, language, countries, event_types, published, fetched, review_status "
        "FROM items WHERE story_id = ? ORDER BY id", [story_id]).fetchall()
    if not rows:
        db.execute("DELETE FROM stories WHERE id = ?", [story_id])
        return
    pool = ([r for r in rows if r[6] in ("confirmed", "corrected")]
            or [r for r in rows if r[6] != "rejected"] or rows)
    whens = [w for w in (r[4] or r[5] for r in rows) if w]
    sources = _merge(None, [r[0] for r in rows])
    countries, event_types = None, None
    for row in pool:
        countries = _merge(countries, json_list(row[2]))
        event_types = _merge(event_types, json_list(row[3]))
    status = fold_status(db.execute(
        "SELECT r.action, r.reviewer, r.created FROM reviews r WHERE r.target = 'story' "
        "AND r.undone_by IS NULL AND r.action IN ('confirm', 'reject', 'correct') AND r.id IN ("
        "SELECT x.review_id FROM review_items x JOIN items i ON i.id = x.item_id "
        "WHERE i.story_id = ?) ORDER BY r.id", [story_id]).fetchall())
    db.execute(
        "UPDATE stories SET reports = ?, first_seen = ?, last_seen = ?, sources = ?, "
        "source_count = ?, languages = ?, countries = ?, event_types = ?, review_status = ?, "
        "reviewed_by = ?, reviewed_at = ? WHERE id = ?",
        [len(rows), min(whens, default=None), max(whens, default=None), sources,
         len(json.loads(sources)), _merge(None, [r[1] for r in rows if r[1] and r[1] != "und"]),
         countries, event_types, *status, story_id])


def story_items(db: sqlite_utils.Database, story_id: int) -> list[int]:
    return [int(r[0]) for r in db.execute(
        "SELECT id FROM items WHERE story_id = ? ORDER BY id", [story_id]).fetchall()]


def merge_stories(db: sqlite_utils.Database, keep: int, other: int) -> None:
    """Every report of `other` joins `keep`; `other` is gone. In the caller's transaction."""
    db.execute("UPDATE items SET story_id = ? WHERE story_id = ?", [keep, other])
    db.execute("DELETE FROM stories WHERE id = ?", [other])
    refresh_story(db, keep)


def new_story_of(db: sqlite_utils.Database, item_ids: list[int],
                 row: dict[str, Any] | None = None) -> int:
    """Move these reports into a story of their own (with `row`'s id and title when given, as an
    undone merge brings a story back); refresh the stories they left. Returns the new id."""
    first = db.execute("SELECT title, canonical_url FROM items WHERE id = ?",
                       [item_ids[0]]).fetchone()
    title = (row or {}).get("title") or (first[0] or first[1] if first else None)
    wanted = (row or {}).get("id")
    if wanted is not None and db.execute("SELECT 1 FROM stories WHERE id = ?",
                                         [wanted]).fetchone():
        wanted = None
    cursor = db.execute("INSERT INTO stories (id, title, reports) VALUES (?, ?, 0)",
                        [wanted, title])
    story_id = int(cursor.lastrowid or 0)
    marks = ", ".join("?" for _ in item_ids)
    left = {int(r[0]) for r in db.execute(
        f"SELECT DISTINCT story_id FROM items WHERE id IN ({marks}) AND story_id IS NOT NULL",
        item_ids).fetchall()}
    db.execute(f"UPDATE items SET story_id = ? WHERE id IN ({marks})", [story_id, *item_ids])
    for old in sorted(left):
        refresh_story(db, old)
    refresh_story(db, story_id)
    return story_id


def replay_story_reviews(db: sqlite_utils.Database) -> None:
    """Merges and splits staff made, again, by item, after the stories were rebuilt."""
    for action, item_ids in db.execute(
            "SELECT action, item_ids FROM reviews WHERE action IN ('merge', 'split') "
            "AND undone_by IS NULL ORDER BY id").fetchall():
        ids = [int(i) for i in json_list(item_ids)]
        found = dict(db.execute(
            f"SELECT id, story_id FROM items WHERE id IN ({', '.join('?' for _ in ids)})",
            ids).fetchall()) if ids else {}
        ids = [i for i in ids if found.get(i) is not None]
        if not ids:
            continue
        if action == "merge":
            keep = found[ids[0]]
            for other in dict.fromkeys(found[i] for i in ids):
                if other != keep:
                    merge_stories(db, keep, other)
        elif len(story_items(db, found[ids[0]])) > 1:
            new_story_of(db, ids[:1])
