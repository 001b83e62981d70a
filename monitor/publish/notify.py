"""Delivering watches through apprise, once only: every send is claimed in `deliveries` first."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import sqlite3
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sqlite_utils

from monitor.publish.watches import Watch, WatchesConfig, digest_due, match_reasons
from monitor.store import schema as store

MAX_ATTEMPTS = 8
MAX_NEW_ITEMS = 2000  # per watch per run: a backlog is worked through over several runs
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
}


@dataclass
class Message:
    title: str
    text: str
    html: str


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def ensure_tables(db: sqlite_utils.Database) -> None:
    deliveries = db.table("deliveries")
    if not deliveries.exists():
        deliveries.create(DELIVERY_COLUMNS, pk="id")
        deliveries.create_index(
            ["watch", "target_hash", "kind", "key"], unique=True, if_not_exists=True
        )
        deliveries.create_index(["status"], if_not_exists=True)
    state = db.table("watch_state")
    if not state.exists():
        state.create(WATCH_STATE_COLUMNS, pk="watch")


@lru_cache(maxsize=1)
def _apprise() -> Any:
    """apprise, with its service modules loaded once (one of them imports a deprecated module)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise

        apprise.Apprise.instantiate("json://localhost", suppress_exceptions=True)
    return apprise


def redact(url: str) -> str:
    """A notification URL as shown to people: without its password or token."""
    apprise = _apprise()
    obj = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if obj is None:
        return url.split("://")[0] + "://…"
    return str(obj.url(privacy=True))


def _hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def send(url: str, message: Message) -> str | None:
    """Send one message to one URL; returns an error for people, or None when sent."""
    apprise = _apprise()

    notifier = apprise.Apprise()
    if not notifier.add(url):
        return f"not a notification URL apprise understands: {redact(url)}"
    is_mail = url.split("://")[0] in ("mailto", "mailtos")
    try:
        ok = notifier.notify(
            title=message.title,
            body=message.html if is_mail else message.text,
            body_format=apprise.NotifyFormat.HTML if is_mail else apprise.NotifyFormat.TEXT,
        )
    except Exception as exc:  # a notification service must never take the poll down
        return f"{type(exc).__name__}: {exc}"
    return None if ok else f"could not deliver to {redact(url)} (service unreachable or refused)"


def _item_link(config: WatchesConfig, db_name: str, item: dict[str, Any]) -> str:
    return f"{config.datasette_url.rstrip('/')}/{db_name}/items/{item['id']}"


def _names(codes: list[str]) -> str:
    import pycountry

    out = []
    for code in codes:
        country = pycountry.countries.get(alpha_2=code)
        out.append(country.name if country else code)
    return ", ".join(out)


def story_message(
    watch: Watch, config: WatchesConfig, db_name: str, item: dict[str, Any], reasons: list[str],
    reports: int,
) -> Message:
    countries = _names(json.loads(item.get("countries") or "[]"))
    events = ", ".join(json.loads(item.get("event_types") or "[]")).replace("_", " ")
    lines = [
        item.get("title") or "(no title)",
        "",
        f"Source: {item.get('source')}" + (f" (+{reports - 1} more)" if reports > 1 else ""),
        f"Date: {item.get('published') or item.get('fetched')}",
        f"Country: {countries or 'not stated'}",
        f"Event: {events or 'none'}",
        f"Why it matched '{watch.name}': {'; '.join(reasons)}",
        f"In the monitor: {_item_link(config, db_name, item)}",
        f"Original: {item.get('url')}",
    ]
    text = "\n".join(lines)
    esc = html.escape
    body = "".join(f"<p>{esc(line)}</p>" for line in lines[2:7])
    page = (
        f"<h2 dir=\"auto\">{esc(lines[0])}</h2>{body}"
        f"<p><a href=\"{esc(_item_link(config, db_name, item))}\">Open in the monitor</a> · "
        f"<a href=\"{esc(str(item.get('url')))}\">Original</a></p>"
    )
    return Message(title=f"[{watch.name}] {lines[0]}", text=text, html=page)


def digest_message(
    watch: Watch, config: WatchesConfig, db_name: str, rows: list[tuple[dict[str, Any], list[str]]],
    key: str,
) -> Message:
    """One email per watch and period, grouped by country and event type."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item, _reasons in rows:
        countries = json.loads(item.get("countries") or "[]") or ["(no country)"]
        events = json.loads(item.get("event_types") or "[]") or ["(no event type)"]
        groups[(_names(countries[:1]) or countries[0], events[0].replace("_", " "))].append(item)
    period = "Weekly" if watch.schedule == "weekly" else "Daily"
    title = f"[{watch.name}] {period} digest {key}: {len(rows)} stories"
    text_lines, html_parts = [title, ""], [f"<h1>{html.escape(title)}</h1>"]
    for (country, event), items in sorted(groups.items()):
        text_lines.append(f"== {country} / {event} ({len(items)})")
        html_parts.append(f"<h2>{html.escape(country)} · {html.escape(event)}</h2><ul>")
        for item in items:
            link = _item_link(config, db_name, item)
            when = (item.get("published") or item.get("fetched") or "")[:10]
            text_lines.append(f"- {item.get('title')} ({item.get('source')}, {when}) {link}")
            html_parts.append(
                f"<li dir=\"auto\"><a href=\"{html.escape(link)}\">"
                f"{html.escape(item.get('title') or '')}</a> "
                f"({html.escape(str(item.get('source')))}, {when})</li>"
            )
        html_parts.append("</ul>")
        text_lines.append("")
    if not rows:
        text_lines.append("Nothing matched in this period.")
        html_parts.append("<p>Nothing matched in this period.</p>")
    return Message(title=title, text="\n".join(text_lines), html="".join(html_parts))


def _claim(
    db: sqlite_utils.Database, watch: str, url: str, kind: str, key: str, story_id: int | None
) -> int | None:
    """Record the intent to send before sending; None if it was already sent or claimed."""
    row = db.execute(
        "SELECT id, status, attempts FROM deliveries WHERE watch = ? AND target_hash = ? "
        "AND kind = ? AND key = ?", [watch, _hash(url), kind, key],
    ).fetchone()
    if row is not None:
        delivery_id, status, attempts = row
        if status != "failed" or attempts >= MAX_ATTEMPTS:
            return None
        db.execute("UPDATE deliveries SET status = 'sending', attempts = attempts + 1 "
                   "WHERE id = ?", [delivery_id])
        return int(delivery_id)
    try:
        return store.insert_row(db, "deliveries", {
            "watch": watch, "target": redact(url), "target_hash": _hash(url), "kind": kind,
            "key": key, "story_id": story_id, "status": "sending", "attempts": 1, "error": "",
            "created": store.utcnow(), "sent": None,
        })
    except sqlite3.IntegrityError:  # another run claimed it a moment ago
        return None


def _deliver(
    db: sqlite_utils.Database, report: DeliveryReport, watch: Watch, kind: str, key: str,
    story_id: int | None, message: Message,
) -> None:
    for url in watch.notify:
        delivery_id = _claim(db, watch.name, url, kind, key, story_id)
        if delivery_id is None:
            continue
        error = send(url, message)
        if error is None:
            db.execute("UPDATE deliveries SET status = 'sent', sent = ?, error = '' WHERE id = ?",
                       [store.utcnow(), delivery_id])
            report.sent += 1
        else:
            db.execute("UPDATE deliveries SET status = 'failed', error = ? WHERE id = ?",
                       [error, delivery_id])
            report.failed += 1
            report.errors.append(f"{watch.name}: {error}")


def _state(db: sqlite_utils.Database, watch: str, start: str | None) -> dict[str, Any]:
    row = db.execute(
        "SELECT last_item_id, last_digest, last_digest_at FROM watch_state WHERE watch = ?",
        [watch],
    ).fetchone()
    if row is None:
        latest = db.execute("SELECT coalesce(max(id), 0) FROM items WHERE fetched < ?",
                            [start or "9999"]).fetchone()[0]
        db.execute("INSERT INTO watch_state (watch, last_item_id) VALUES (?, ?)", [watch, latest])
        return {"last_item_id": latest, "last_digest": None, "last_digest_at": None}
    return {"last_item_id": row[0] or 0, "last_digest": row[1], "last_digest_at": row[2]}


def _items(db: sqlite_utils.Database, where: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(f"SELECT * FROM items WHERE {where} ORDER BY id LIMIT {MAX_NEW_ITEMS}",
                        params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _story_reports(db: sqlite_utils.Database, story_id: int | None) -> int:
    if story_id is None:
        return 1
    row = db.execute("SELECT count(*) FROM items WHERE story_id = ?", [story_id]).fetchone()
    return int(row[0])


def run_watches(
    db: sqlite_utils.Database, config: WatchesConfig, db_name: str = "monitor",
    now: dt.datetime | None = None, new_watches_from: str | None = None,
) -> DeliveryReport:
    """Send what is due: instant alerts for new matching stories, and digests whose time came.

    A watch seen for the first time starts from the newest item fetched before
    `new_watches_from` (the start of the poll that just ran): no flood of old news.
    A send interrupted by a crash stays 'sending' and is marked 'uncertain', never re-sent.
    """
    ensure_tables(db)
    now = now or dt.datetime.now(dt.timezone.utc)
    report = DeliveryReport()
    db.execute("UPDATE deliveries SET status = 'uncertain', "
               "error = 'interrupted while sending; not re-sent' WHERE status = 'sending'")
    for watch in config.watches:
        if not watch.enabled:
            continue
        state = _state(db, watch.name, new_watches_from)
        if watch.schedule == "instant":
            _retry_failed(db, report, watch, config, db_name)  # earlier runs' failures first
            items = _items(db, "id > ?", [state["last_item_id"]])
            done_stories: set[Any] = set()
            for item in items:
                reasons = match_reasons(watch.filter, item)
                story = item.get("story_id")
                if reasons is None or (story is not None and story in done_stories):
                    continue
                done_stories.add(story)
                key = f"story:{story}" if story is not None else f"item:{item['id']}"
                message = story_message(watch, config, db_name, item, reasons,
                                        _story_reports(db, story))
                _deliver(db, report, watch, "story", key, story, message)
            if items:
                db.execute("UPDATE watch_state SET last_item_id = ? WHERE watch = ?",
                           [items[-1]["id"], watch.name])
        else:
            digest_key = digest_due(watch, now, state["last_digest"])
            if digest_key is None:
                continue
            period = dt.timedelta(days=7 if watch.schedule == "weekly" else 1)
            since = state["last_digest_at"] or store.iso(now - period)
            items = _items(db, "fetched > ?", [since])
            seen: set[Any] = set()
            rows = []
            for item in items:
                reasons = match_reasons(watch.filter, item)
                if reasons is None or item.get("story_id") in seen:
                    continue
                seen.add(item.get("story_id"))
                rows.append((item, reasons))
            _deliver(db, report, watch, "digest", digest_key, None,
                     digest_message(watch, config, db_name, rows, digest_key))
            db.execute("UPDATE watch_state SET last_digest = ?, last_digest_at = ? WHERE watch = ?",
                       [digest_key, store.iso(now), watch.name])
    return report


def _retry_failed(
    db: sqlite_utils.Database, report: DeliveryReport, watch: Watch, config: WatchesConfig,
    db_name: str,
) -> None:
    """Failed story alerts are retried on later runs, up to MAX_ATTEMPTS."""
    rows = db.execute(
        "SELECT DISTINCT story_id, key FROM deliveries WHERE watch = ? AND kind = 'story' "
        "AND status = 'failed' AND attempts < ?", [watch.name, MAX_ATTEMPTS],
    ).fetchall()
    for story_id, key in rows:
        items = _items(db, "story_id = ?", [story_id]) if story_id is not None else []
        if not items:
            continue
        reasons = match_reasons(watch.filter, items[0]) or ["retry"]
        message = story_message(watch, config, db_name, items[0], reasons, len(items))
        _deliver(db, report, watch, "story", key, story_id, message)


def send_test(watch: Watch, config: WatchesConfig) -> list[tuple[str, str | None]]:
    """A sample alert to every target of a watch; (redacted target, error or None)."""
    sample = {
        "id": 0, "title": "Sample: explosion at a coal mine in Karaganda, 5 miners killed",
        "source": "sample", "published": store.utcnow(), "countries": '["KZ"]',
        "event_types": '["safety_incident"]', "url": "https://example.org/sample",
    }
    message = story_message(watch, config, "monitor", sample, ["test message"], 1)
    message.title = f"[{watch.name}] Test: this watch can reach you"
    return [(redact(url), send(url, message)) for url in watch.notify]
