"""Stories: one row per news event, however many reports of it the sources carry.

`assign_story` runs inside the caller's transaction (the pipeline's per-source one), so it uses
plain `db.execute` only. Its index lives in SQLite: every lookup is by key with a LIMIT, and a
key shared by more than `POSTING_CAP` items (site chrome, a stock sentence) stops being indexed,
so the cost per new item stays flat however large the database grows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
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
}
# The near-duplicate index (created by monitor.store.schema.ensure_schema).
DEDUP_TABLES: dict[str, tuple[dict[str, type], tuple[str, ...]]] = {
    "dedup_bands": ({"key": int, "item_id": int}, ("key", "item_id")),
    "dedup_anchors": ({"key": int, "item_id": int, "source": str, "lead": int}, ("key", "item_id")),
    "dedup_links": ({"url": str, "item_id": int}, ("url", "item_id")),
}

POSTING_CAP = 50  # items per key; a key shared more widely is boilerplate, not news
TEMPLATE_DF = 2  # a sentence in this many earlier items of the same site is its template
BOILERPLATE_TITLES = 3  # one body under this many other titles is a page frame, not a story
MAX_CANDIDATES = 10
MAX_TRANSLATIONS = 10
LINK_CAP = 5  # a page that this many items call their translation is a generic page
MIN_CONTENT_WORDS = 20  # content-hash dedup needs this much text to mean anything
LEAD, BODY = 1, 2


def _when(row: dict[str, Any]) -> str:
    return row["published"] or row["fetched"] or ""


def _load(db: sqlite_utils.Database, item_id: int) -> dict[str, Any]:
    cursor = db.execute(
        "SELECT id, source, canonical_url, title, text, published, fetched, language, countries, "
        "event_types, translation_urls, story_id FROM items WHERE id = ?",
        [item_id],
    )
    row = cursor.fetchone()
    if row is None:
        raise LookupError(f"no item {item_id}")
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def _json_list(value: str | None) -> list[str]:
    try:
        parsed = json.loads(value) if value else []
    except ValueError:
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list) else []


def _translation_urls(item: dict[str, Any]) -> list[str]:
    urls = []
    for url in _json_list(item["translation_urls"])[:MAX_TRANSLATIONS]:
        canon = canonical_url(url)
        if urlsplit(canon).path.strip("/") and canon != item["canonical_url"]:
            urls.append(canon)  # a site root is no translation of one article
    return urls


def _translation_story(
    db: sqlite_utils.Database, item: dict[str, Any], urls: list[str]
) -> int | None:
    """The story of a page this item names as its translation, or that names this item."""
    stories = []
    for url in urls:
        row = db.execute(
            "SELECT story_id FROM items WHERE canonical_url = ? AND id != ? "
            "AND story_id IS NOT NULL LIMIT 1",
            [url, item["id"]],
        ).fetchone()
        if row:
            stories.append(int(row[0]))
    linking = db.execute(
        "SELECT i.story_id FROM dedup_links l JOIN items i ON i.id = l.item_id "
        "WHERE l.url = ? AND i.story_id IS NOT NULL LIMIT ?",
        [item["canonical_url"], LINK_CAP],
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
    db: sqlite_utils.Database, item: dict[str, Any], doc: Doc, thresholds: Thresholds
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
        if sum(1 for r in rows if r[1] == item["source"]) >= TEMPLATE_DF:
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
    hits.pop(item["id"], None)
    anchors = _anchors_to_index(doc, indexable, template)
    if not hits or _is_boilerplate_body(db, doc):
        return None, anchors, bands
    best: tuple[float, int] | None = None
    ranked = sorted(hits.items(), key=lambda kv: (-kv[1], -kv[0]))[:MAX_CANDIDATES]
    frozen = frozenset(template)
    for other_id, _count in ranked:
        other = _load(db, other_id)
        if other["story_id"] is None:
            continue
        verdict = similar(
            doc, make_doc(other["title"], other["text"]),
            same_source=other["source"] == item["source"], template=frozen, thresholds=thresholds,
        )
        if verdict.same and (best is None or verdict.score > best[0]):
            best = (verdict.score, int(other["story_id"]))
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
    db: sqlite_utils.Database, item: dict[str, Any], doc: Doc, anchors: list[tuple[int, int]],
    bands: list[int], links: list[str],
) -> None:
    rows = [(k, item["id"], item["source"], lead) for k, lead in anchors]
    if doc.body_key is not None:
        rows.append((doc.body_key, item["id"], item["source"], BODY))
    db.conn.executemany(
        "INSERT OR IGNORE INTO dedup_anchors (key, item_id, source, lead) VALUES (?, ?, ?, ?)", rows
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO dedup_bands (key, item_id) VALUES (?, ?)",
        [(k, item["id"]) for k in bands],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO dedup_links (url, item_id) VALUES (?, ?)",
        [(u, item["id"]) for u in links],
    )


def _merge(a: str | None, b: list[str]) -> str:
    values = _json_list(a)
    for value in b:
        if value and value not in values:
            values.append(value)
    return json.dumps(values, ensure_ascii=False)


def _add_report(db: sqlite_utils.Database, story_id: int, item: dict[str, Any]) -> None:
    row = db.execute(
        "SELECT first_seen, last_seen, sources, languages, countries, event_types "
        "FROM stories WHERE id = ?",
        [story_id],
    ).fetchone()
    first, last, sources, languages, countries, event_types = row
    when = _when(item)
    sources = _merge(sources, [item["source"]])
    db.execute(
        "UPDATE stories SET reports = reports + 1, first_seen = ?, last_seen = ?, sources = ?, "
        "source_count = ?, languages = ?, countries = ?, event_types = ? WHERE id = ?",
        [
            min(filter(None, [first, when]), default=None),
            max(filter(None, [last, when]), default=None),
            sources,
            len(json.loads(sources)),
            _merge(languages, [_language(item)]),
            _merge(countries, _json_list(item["countries"])),
            _merge(event_types, _json_list(item["event_types"])),
            story_id,
        ],
    )


def _language(item: dict[str, Any]) -> str:
    lang = item["language"] or ""
    return "" if lang == "und" else lang


def _new_story(db: sqlite_utils.Database, item: dict[str, Any]) -> int:
    when = _when(item) or None
    cursor = db.execute(
        "INSERT INTO stories (title, first_seen, last_seen, reports, sources, source_count, "
        "languages, countries, event_types) VALUES (?, ?, ?, 1, ?, 1, ?, ?, ?)",
        [
            item["title"] or item["canonical_url"], when, when, json.dumps([item["source"]]),
            _merge(None, [_language(item)]), _merge(None, _json_list(item["countries"])),
            _merge(None, _json_list(item["event_types"])),
        ],
    )
    return int(cursor.lastrowid or 0)


def assign_story(
    db: sqlite_utils.Database, item_id: int, thresholds: Thresholds = THRESHOLDS
) -> int:
    """Put a newly stored item in the story it reports (a translation or a near-copy of an
    earlier item), or start a new one; index it for the items that come after."""
    item = _load(db, item_id)
    doc = make_doc(item["title"] or "", item["text"] or "")
    links = _translation_urls(item)
    story_id = _translation_story(db, item, links)
    text_story, anchors, bands = _text_story(db, item, doc, thresholds)
    story_id = story_id or text_story
    if story_id is None:
        story_id = _new_story(db, item)
    else:
        _add_report(db, story_id, item)
    db.execute("UPDATE items SET story_id = ? WHERE id = ?", [story_id, item_id])
    _index(db, item, doc, anchors, bands, links)
    return story_id


def find_duplicate(
    db: sqlite_utils.Database, source: str, guid: str | None, url: str,
    title: str, text: str,
) -> int | None:
    """The stored item this one repeats exactly: the same page (canonical URL), the same guid
    of the same site, or the same title and text on the same site.

    A guid is trusted only while the item behind it has the same URL or title: some sites give
    every item one guid. Text too short to tell pages apart is never matched by its hash."""
    from monitor.poll.process import content_hash

    canon = canonical_url(url)
    row = db.execute("SELECT id FROM items WHERE canonical_url = ? LIMIT 1", [canon]).fetchone()
    if row:
        return int(row[0])
    if guid:
        row = db.execute(
            "SELECT id, title FROM items WHERE source = ? AND guid = ? ORDER BY id LIMIT 1",
            [source, guid],
        ).fetchone()
        if row and tokens(row[1] or "") == tokens(title) and tokens(title):
            return int(row[0])
    if len(tokens(text)) >= MIN_CONTENT_WORDS:
        row = db.execute(
            "SELECT id FROM items WHERE content_hash = ? AND source = ? LIMIT 1",
            [content_hash(title, text), source],
        ).fetchone()
        if row:
            return int(row[0])
    return None


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
    last, done = 0, 0
    while True:
        ids = [r[0] for r in db.execute(
            "SELECT id FROM items WHERE id > ? ORDER BY id LIMIT ?", [last, batch]
        ).fetchall()]
        if not ids:
            break
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            for item_id in ids:
                assign_story(db, item_id, thresholds)
        last, done = ids[-1], done + len(ids)
        if progress:
            progress(done)
    return int(db.execute("SELECT count(*) FROM stories").fetchone()[0])
