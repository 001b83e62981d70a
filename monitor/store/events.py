"""Events in the store: each new item joins the event it reports, or starts one.

`assign_event` runs inside the caller's transaction (the pipeline's per-source one), right after
`assign_story`, so it uses plain `db.execute` only. Candidate events come from `event_keys` by
key only (a key per anchor a join needs: place, name, toll, address), each key's most recently
reported `POSTING_CAP` events in the report's window, and the event of the item's story: never a
scan, so the cost per new item stays flat as the database grows (bench/events.py measures it). The
joining itself is monitor.enrich.events; this module keeps its rows and reconciles an event's
columns from its reports' stated values (docs/events.md is the codebook).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from monitor.enrich import ItemTags
from monitor.enrich.events import (
    ACTIONS,
    MIN_TOLL,
    Event,
    Report,
    choose,
    decide,
    index_keys,
    key_window,
    lookup_keys,
    organisations,
    place_info,
    report_from_item,
    says_ended,
)
from monitor.enrich.regions import region_display_name
from monitor.enrich.tagging import EVENT_TYPES
from monitor.store.records import ItemRecord, stored_batches
from monitor.values import dump_json, utc_now

POSTING_CAP = 50  # events read per key, the most recently reported first
MAX_CANDIDATES = 12  # events sharing the most keys with the report, decided on in full
PRECISION_RANK = {"site": 3, "town": 2, "region": 1}
TITLE_LANGUAGES = ("en", "ru")  # an event is titled by a report in these first
REPORT_COLUMNS = ("event_id", "item_id", "score", "reasons", "joined", "published", "source",
                  "language", "title", "event_types", "sectors", "countries", "place",
                  "place_id", "geo_precision", "latitude", "longitude", "workers_involved",
                  "killed", "injured", "ended", "employer", "unions")
ITEM_COLUMNS = ("id", "source", "url", "canonical_url", "title", "summary", "text", "published",
                "fetched", "translation_urls", "language", "event_types", "countries",
                "sectors", "relevant", "place", "latitude", "longitude", "geo_precision",
                "workers_involved", "killed", "injured", "tag_evidence", "story_id",
                "review_status")
"""What reevent reads of each item: what joining compares and the event shows."""
LINKED_SCORE = 98  # decide's score for the same story (98) or a site-declared translation (99)
_NO_TAGS = ItemTags(language="", language_confidence=0.0, language_detector="", event_types=[],
                    relevant=False, countries=[], sectors=[], place=None, latitude=None,
                    longitude=None, geo_precision=None, workers_involved=None, killed=None,
                    injured=None, tag_evidence={})
FIGURES = (("killed", "killed"), ("injured", "injured"), ("workers_involved", "workers"))
STATED = ("event_types", "sectors", "countries", "place", "workers_involved", "killed",
          "injured")
"""What a report states that a review can change (its event_reports row keeps it)."""
EVENT_STATUS = ("corrected", "confirmed")
"""An event's review status: "corrected" when a reviewer corrected any of its reports, else
"confirmed" when one confirmed any (its reviewed_by/at: the latest such review); a report
staff rejected is in no event, so no event is "rejected" (docs/events.md)."""


@dataclass(frozen=True)
class Joined:
    """Where a new item went: its event, whether it started it, and why it joined."""

    event_id: int
    new: bool
    reasons: tuple[str, ...]


def is_event_report(record: ItemRecord) -> bool:
    """Only reports of a labour event make events: not every news item is one."""
    return bool(record.tags and record.tags.relevant and record.tags.event_types)


def _report(record: ItemRecord) -> Report:
    row = {**record.to_dict(), "id": record.id,
           "published": record.published or record.fetched}  # the fetch time stands in
    return report_from_item(row)


def _candidates(db: sqlite_utils.Database, report: Report, record: ItemRecord,
                links_only: bool = False) -> tuple[dict[int, Event], int | None]:
    hits: Counter[int] = Counter()
    window = key_window(report)
    lo, hi = (window[0].isoformat(), window[1].isoformat()) if window else ("", "9999")
    for key in lookup_keys(report):
        if links_only and not key.startswith("u:"):
            continue
        for (event_id,) in db.execute(
                "SELECT event_id FROM event_keys WHERE key = ? AND day BETWEEN ? AND ? "
                "ORDER BY day DESC LIMIT ?", [key, lo, hi, POSTING_CAP]):
            hits[int(event_id)] += 1
    own = _story_event(db, record)
    ranked = [e for e, _ in sorted(hits.items(), key=lambda kv: (-kv[1], -kv[0]))]
    wanted = ranked[:MAX_CANDIDATES] + ([own] if own is not None else [])
    if not wanted:
        return {}, own
    marks = ", ".join("?" for _ in wanted)
    found = {int(r[0]): Event.from_json(r[1]) for r in db.execute(
        f"SELECT id, join_keys FROM events WHERE id IN ({marks})", wanted)}
    return found, own


def _story_event(db: sqlite_utils.Database, record: ItemRecord) -> int | None:
    if record.story_id is None:
        return None
    row = db.execute(
        "SELECT r.event_id FROM items i JOIN event_reports r ON r.item_id = i.id "
        "WHERE i.story_id = ? AND i.id != ? ORDER BY i.id LIMIT 1",
        [record.story_id, record.id]).fetchone()
    return int(row[0]) if row else None


def _linked(db: sqlite_utils.Database, record: ItemRecord) -> bool:
    """Has this item's story an event, or does an event hold a page it names or is named by?"""
    if _story_event(db, record) is not None:
        return True
    urls = {record.canonical_url or record.url, *record.translation_urls} - {""}
    return any(db.execute("SELECT 1 FROM event_keys WHERE key = ? LIMIT 1",
                          [f"u:{url}"]).fetchone() for url in urls)


def _new_event(db: sqlite_utils.Database, number: int, now: str) -> int:
    """An event numbered `number`: the item id of its first report, so that `reevent`,
    `retag` and `restory` give an event the same number again and links and alerts keep
    pointing at it (or an emptied event's row being reused). A number already held by
    another event gives the next free one."""
    if db.execute("SELECT 1 FROM events WHERE id = ?", [number]).fetchone():
        return number if db.execute("SELECT 1 FROM event_reports WHERE event_id = ? LIMIT 1",
                                    [number]).fetchone() is None else int(db.execute(
            "INSERT INTO events (id, created) VALUES (NULL, ?)", [now]).lastrowid or 0)
    return int(db.execute("INSERT INTO events (id, created) VALUES (?, ?)",
                          [number, now]).lastrowid or 0)


def assign_event(db: sqlite_utils.Database, record: ItemRecord,
                 reuse: int | None = None) -> Joined | None:
    """Join a newly stored item (with its tags and story) to the event it reports, or start
    one; index the event for the items that come after. A new event is numbered `reuse` when
    given (an emptied event's row, or a free number): a reviewed report keeps its event's.

    An item the tagger finds no labour event in starts none, but joins the event of its story
    or of a page it names as its translation (the tagger missed what its copy says). None when
    it joins nothing."""
    if record.id is None:
        return None
    follows = not is_event_report(record)
    if follows and not _linked(db, record):
        return None  # most such items: two index probes, no text read
    report = _report(record)
    candidates, own = _candidates(db, report, record, links_only=follows)
    chosen = choose(report, ((e, ev, e == own) for e, ev in sorted(candidates.items())))
    if follows and (chosen is None or decide(report, candidates[int(chosen)],
                                             int(chosen) == own).score < LINKED_SCORE):
        return None
    now = utc_now()
    reasons: tuple[str, ...] = ("first report",)
    if chosen is None:
        event, score = Event(), 0
        event_id = _new_event(db, record.id if reuse is None else reuse, now)
    else:
        event_id, event = int(chosen), candidates[int(chosen)]
        verdict = decide(report, event, event_id == own)
        reasons, score = verdict.reasons, verdict.score
    event.add(report)
    tags = record.tags or _NO_TAGS
    info = place_info(report.place)
    employer, unions = organisations(record.title or "", record.text or "")
    db.execute(
        f"INSERT OR REPLACE INTO event_reports ({', '.join(REPORT_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in REPORT_COLUMNS)})",
        [event_id, record.id, score, "; ".join(reasons), now,
         record.published or record.fetched, record.source, tags.language, record.title,
         dump_json(tags.event_types), dump_json(tags.sectors), dump_json(tags.countries),
         tags.place, report.place, tags.geo_precision,
         info.latitude if info and info.latitude is not None else tags.latitude,
         info.longitude if info and info.longitude is not None else tags.longitude,
         tags.workers_involved, tags.killed, tags.injured,
         int(says_ended(record.title or "", record.text or "")), employer, dump_json(unions)])
    day = (event.last or report.published or dt.date.min).isoformat()
    db.conn.executemany(
        "INSERT INTO event_keys (key, event_id, day) VALUES (?, ?, ?) ON CONFLICT (key, event_id)"
        " DO UPDATE SET day = max(day, excluded.day)",
        [(k, event_id, day) for k in index_keys(report)])
    reconcile(db, event_id, event, now)
    return Joined(event_id, chosen is None, reasons)


def _most(values: list[str], order: tuple[str, ...] = ()) -> str | None:
    """The most frequent value; ties in `order`, then first seen."""
    counts = Counter(values)
    if not counts:
        return None
    first = {v: i for i, v in enumerate(values) if v not in values[:i]}
    return min(counts, key=lambda v: (-counts[v], order.index(v) if v in order else len(order),
                                      first[v]))


def _list(value: Any) -> list[str]:
    try:
        parsed = json.loads(value) if isinstance(value, str) and value else []
    except ValueError:
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list) else []


def _day(value: Any) -> str:
    return str(value or "")[:10]


def _monday(day: str) -> str | None:
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return None
    return (date - dt.timedelta(days=date.weekday())).isoformat()


def reconcile(db: sqlite_utils.Database, event_id: int, event: Event,
              now: str | None = None) -> None:
    """Derive the event's columns from its reports' stored values (the codebook's rules)."""
    rows = [dict(zip(REPORT_COLUMNS, r, strict=True)) for r in db.execute(
        f"SELECT {', '.join(REPORT_COLUMNS)} FROM event_reports WHERE event_id = ? "
        "ORDER BY published, item_id", [event_id])]
    if not rows:
        return
    days = sorted(d for r in rows if (d := _day(r["published"])))
    start = days[0] if days else None
    types = [t for r in rows for t in _list(r["event_types"])]
    sectors = [s for r in rows for s in _list(r["sectors"])]
    countries = [c for r in rows for c in _list(r["countries"])]
    main_type = _most(types, EVENT_TYPES)
    values: dict[str, Any] = {
        "title": _title(rows), "event_type": main_type,
        "event_types": dump_json(sorted(set(types), key=_type_rank)),
        "sector": _most(sectors), "sectors": dump_json(list(dict.fromkeys(sectors))),
        "start_date": start, "start_precision": "week" if start else None,
        "week_of": _monday(start) if start else None,
        "first_seen": rows[0]["published"], "last_seen": max(str(r["published"] or "")
                                                             for r in rows) or None,
        "updates": sum(1 for d in days if d != start),
        **_end(rows, start, set(types), days),
        "employer": _most([str(r["employer"]) for r in rows if r.get("employer")]),
        "unions": dump_json(_unions(rows)),
        "country": _most(countries), "countries": dump_json(list(dict.fromkeys(countries))),
        **_place(rows, _most(countries)),
        **_figures(rows),
        "reports": len(rows),
        "sources": dump_json(list(dict.fromkeys(r["source"] for r in rows if r["source"]))),
        "languages": dump_json(list(dict.fromkeys(
            r["language"] for r in rows if r["language"] and r["language"] != "und"))),
        **_items_of(db, event_id),
        "join_keys": event.to_json(), "updated": now or utc_now(),
    }
    values["source_count"] = len(json.loads(values["sources"]))
    values["language_count"] = len(json.loads(values["languages"]))
    assignments = ", ".join(f"[{k}] = ?" for k in values)
    db.execute(f"UPDATE events SET {assignments} WHERE id = ?", [*values.values(), event_id])


def _unions(rows: list[dict[str, Any]]) -> list[str]:
    """Every union the reports name, each once (the first spelling seen)."""
    seen: dict[str, str] = {}
    for row in rows:
        for union in _list(row.get("unions")):
            seen.setdefault(union.casefold(), union)
    return list(seen.values())


def _end(rows: list[dict[str, Any]], start: str | None, types: set[str],
         days: list[str]) -> dict[str, Any]:
    """A strike or protest ends on the date of the first report saying it ended ("called off",
    "returned to work"; the day the news says so, precision day); until then it is ongoing
    when reported on more than one day. An accident has no end date (its rescue is news of it)."""
    action = bool(types & ACTIONS)
    ended = sorted(d for r in rows if r.get("ended") and (d := _day(r["published"])))
    end = ended[0] if action and ended and (start is None or ended[0] >= start) else None
    return {"end_date": end, "end_precision": "day" if end else None,
            "ongoing": int(action and end is None and len(set(days)) > 1)}


def _items_of(db: sqlite_utils.Database, event_id: int) -> dict[str, Any]:
    """The stories of the event's reports, and its review status from theirs (EVENT_STATUS)."""
    stories: set[int] = set()
    reviewed: list[tuple[str, str, str]] = []
    for story_id, status, by, at in db.execute(
            "SELECT i.story_id, i.review_status, i.reviewed_by, i.reviewed_at "
            "FROM event_reports r JOIN items i ON i.id = r.item_id WHERE r.event_id = ?",
            [event_id]):
        if story_id is not None:
            stories.add(int(story_id))
        if status in EVENT_STATUS:
            reviewed.append((str(status), str(by or ""), str(at or "")))
    status = min((s for s, _, _ in reviewed), key=EVENT_STATUS.index, default=None)
    latest = max(((at, by) for s, by, at in reviewed if s == status), default=(None, None))
    return {"story_ids": dump_json(sorted(stories)), "review_status": status,
            "reviewed_by": latest[1] or None, "reviewed_at": latest[0] or None}


def _type_rank(code: str) -> int:
    return EVENT_TYPES.index(code) if code in EVENT_TYPES else len(EVENT_TYPES)


def _title(rows: list[dict[str, Any]]) -> str | None:
    titled = [r for r in rows if (r["title"] or "").strip()]
    for language in TITLE_LANGUAGES:
        for row in titled:
            if str(row["language"] or "").startswith(language):
                return str(row["title"])
    return str(titled[0]["title"]) if titled else None


def _place(rows: list[dict[str, Any]], country: str | None) -> dict[str, Any]:
    """The most precise place most reports name (in the event's country), the latest on a tie."""
    named = [(PRECISION_RANK.get(r["geo_precision"] or "", 0), r["place_id"], i)
             for i, r in enumerate(rows) if r["place_id"]]
    counts = Counter(pid for _, pid, _ in named)
    best = max(named, key=lambda t: (t[0], counts[t[1]], t[2]), default=None)
    out: dict[str, Any] = {"region": None, "region_name": None, "town": None, "site": None,
                           "place_id": None,
                           "geo_precision": "country" if country else None,
                           "latitude": None, "longitude": None}
    if best is None:
        return out
    info = place_info(best[1])
    precision = rows[best[2]]["geo_precision"]
    out.update(place_id=best[1], geo_precision=precision, latitude=rows[best[2]]["latitude"],
               longitude=rows[best[2]]["longitude"])
    if info:
        out["region"] = info.region
        out["region_name"] = region_display_name(info.region) if info.region else None
        if precision in ("site", "town"):
            out[precision] = info.name
    return out


def _figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure as its latest report states it, the larger of one day's values (a later
    count of the dead is the fuller one); every report's value kept as evidence."""
    out: dict[str, Any] = {}
    evidence: dict[str, list[dict[str, Any]]] = {}
    for column, _name in FIGURES:
        stated = [r for r in rows if isinstance(r[column], int)]
        latest = max(stated, key=lambda r: (_day(r["published"]), r[column]), default=None)
        out[column] = latest[column] if latest else None
        if stated:
            evidence[column] = [{"item_id": r["item_id"], "value": r[column],
                                 "published": r["published"], "source": r["source"]}
                                for r in stated]
    out["figure_evidence"] = dump_json(evidence) if evidence else None
    return out


def staff_excluded(row: dict[str, Any]) -> bool:
    """A reviewer said this item is not labour news (rejected it, or took away every event
    type): it joins no event, not even its story's."""
    return bool(row.get("review_status")) and not row.get("relevant")


def item_events(db: sqlite_utils.Database, item_ids: Iterable[int]) -> dict[str, int]:
    """The event of each of these items that is in one (a review keeps it for its undo)."""
    out: dict[str, int] = {}
    for item_id in item_ids:
        row = db.execute("SELECT event_id FROM event_reports WHERE item_id = ?",
                         [item_id]).fetchone()
        if row:
            out[str(item_id)] = int(row[0])
    return out


def refresh_item_events(db: sqlite_utils.Database, item_ids: Iterable[int],
                        moved: bool = False, numbers: dict[str, int] | None = None) -> None:
    """After staff review changed these items' values (or, `moved`, their stories): each leaves
    its event (the event reconciled from the reports left, or gone with its keys when none is
    left) and joins again with its reviewed values, unless staff said it is not labour news. A
    report whose stated values did not change (a confirm) stays put: only its event's status is
    worked out again. An item that starts an event again takes its number in `numbers` (the
    events before the review an undo undoes) when that number is free. In the caller's
    transaction; index lookups only (the events touched and their reports)."""
    statuses: set[int] = set()
    for item_id in sorted(set(item_ids)):
        row = db.execute(f"SELECT {', '.join(ITEM_COLUMNS)} FROM items WHERE id = ?",
                         [item_id]).fetchone()
        item = dict(zip(ITEM_COLUMNS, row, strict=True)) if row else None
        found = db.execute(f"SELECT event_id, {', '.join(STATED)} FROM event_reports "
                           "WHERE item_id = ?", [item_id]).fetchone()
        emptied = None
        if found is not None:
            if item and not moved and not staff_excluded(item) and _same_values(item, found[1:]):
                statuses.add(int(found[0]))
                continue
            db.execute("DELETE FROM event_reports WHERE item_id = ?", [item_id])
            if not _rebuild_event(db, int(found[0])):
                emptied = int(found[0])
        if item and not staff_excluded(item):  # its event's status follows (reconcile)
            reuse = emptied if emptied is not None else _free(db, (numbers or {}).get(
                str(item_id)))
            joined = assign_event(db, ItemRecord.from_row(item), reuse=reuse)
            if joined and joined.event_id == emptied:
                continue  # it starts its event again: the same number, links and watches
        if emptied is not None:
            db.execute("DELETE FROM events WHERE id = ?", [emptied])
    for event_id in sorted(statuses):
        values = _items_of(db, event_id)
        db.execute("UPDATE events SET review_status = ?, reviewed_by = ?, reviewed_at = ? "
                   "WHERE id = ?", [values["review_status"], values["reviewed_by"],
                                    values["reviewed_at"], event_id])


def _free(db: sqlite_utils.Database, event_id: int | None) -> int | None:
    """This event number, when no event has it now."""
    if event_id is None or db.execute("SELECT 1 FROM events WHERE id = ?",
                                      [event_id]).fetchone():
        return None
    return event_id


def _same_values(item: dict[str, Any], stated: tuple[Any, ...]) -> bool:
    lists = ("event_types", "sectors", "countries")
    return all((_list(item[c]) == _list(v)) if c in lists else item[c] == v
               for c, v in zip(STATED, stated, strict=True))


def _rebuild_event(db: sqlite_utils.Database, event_id: int) -> bool:
    """An event again from the reports it has left, in stored order as reevent joins them: its
    keys (each dated as joining would date it) and columns. False when no report is left (its
    keys are gone; the caller removes or reuses the row)."""
    row = db.execute("SELECT join_keys FROM events WHERE id = ?", [event_id]).fetchone()
    old = Event.from_json(row[0]) if row and row[0] else Event()
    stale = ({f"p:{p}" for p in old.places} | {f"n:{n}" for n in old.cased | old.caseless}
             | {f"k:{r.killed}" for r in old.reports if r.killed and r.killed >= MIN_TOLL}
             | {f"u:{u}" for u in old.urls | old.translation_urls})
    event, days = Event(), dict[str, str]()
    for (item_id,) in db.execute("SELECT item_id FROM event_reports WHERE event_id = ? "
                                 "ORDER BY item_id", [event_id]).fetchall():
        item = db.execute(f"SELECT {', '.join(ITEM_COLUMNS)} FROM items WHERE id = ?",
                          [item_id]).fetchone()
        if item is None:
            continue
        report = _report(ItemRecord.from_row(dict(zip(ITEM_COLUMNS, item, strict=True))))
        event.add(report)
        day = (event.last or report.published or dt.date.min).isoformat()
        for key in index_keys(report):
            days[key] = max(days.get(key, day), day)
    db.conn.executemany("DELETE FROM event_keys WHERE key = ? AND event_id = ?",
                        [(k, event_id) for k in sorted(stale - set(days))])
    if not event.reports:
        return False
    db.conn.executemany(
        "INSERT INTO event_keys (key, event_id, day) VALUES (?, ?, ?) ON CONFLICT (key, event_id)"
        " DO UPDATE SET day = excluded.day", [(k, event_id, d) for k, d in sorted(days.items())])
    reconcile(db, event_id, event)
    return True


def rebuild_events(db: sqlite_utils.Database, progress: Callable[[int], None] | None = None,
                   batch: int = 2000) -> int:
    """Rebuild every event and its index from the stored items, in the order they were stored
    (after the tags, the stories or the joining rules change).

    The items hold the reviewed values and statuses, so the events keep what staff decided: a
    report staff rejected joins none, and each event's status is derived from its reports'.
    Commits every `batch` items so the write-ahead log stays small."""
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        for table in ("event_keys", "event_reports", "events"):
            db.execute(f"DELETE FROM [{table}]")
    done = 0
    for rows in stored_batches(db, ITEM_COLUMNS, batch):
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            for row in rows:
                if not staff_excluded(row):
                    assign_event(db, ItemRecord.from_row(row))
        done += len(rows)
        if progress:
            progress(done)
    return int(db.execute("SELECT count(*) FROM events").fetchone()[0])
