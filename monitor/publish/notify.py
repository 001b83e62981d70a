"""Delivering watches through apprise, once only: every send is claimed in `deliveries` first."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sqlite_utils

from monitor.publish.watches import Watch, WatchesConfig, digest_due, match_reasons
from monitor.store import deliveries
from monitor.values import iso, json_list, utc_now

MAX_ATTEMPTS = 8


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


@lru_cache(maxsize=1)
def _apprise() -> Any:
    """apprise, with its service modules loaded once (one of them imports a deprecated module)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise  # lazy: apprise loads its services; only watches need it

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


def _event_link(config: WatchesConfig, db_name: str, event_id: int) -> str:
    return f"{config.datasette_url.rstrip('/')}/{db_name}/events/{event_id}"


def _group(watch: Watch, item: dict[str, Any]) -> tuple[str, Any]:
    """What one alert is about: the item's event (per: event), else its story, else itself."""
    if watch.per == "event" and item.get("event_id") is not None:
        return ("event", item["event_id"])
    if item.get("story_id") is not None:
        return ("story", item["story_id"])
    return ("item", item["id"])


def event_message(watch: Watch, config: WatchesConfig, db_name: str, item: dict[str, Any],
                  reasons: list[str], event: dict[str, Any]) -> Message:
    """A story alert about the whole event: its title, its reports and figures, its page."""
    message = story_message(watch, config, db_name, {**item, "title": event.get("title")
                                                     or item.get("title")}, reasons, 1)
    languages = ", ".join(json_list(event.get("languages"))) or "unknown"
    figures = ", ".join(f"{event[k]} {w}" for k, w in (
        ("killed", "killed"), ("injured", "injured"), ("workers_involved", "workers"))
        if event.get(k) is not None)
    link = _event_link(config, db_name, int(event["id"]))
    extra = [f"Event: {event.get('reports') or 1} report(s) from {event.get('source_count') or 1}"
             f" source(s) in {languages}, since {event.get('start_date') or 'an unknown date'}"
             + (f"; {figures}" if figures else ""),
             f"The event in the monitor: {link}"]
    message.text = message.text + "\n" + "\n".join(extra)
    message.html = message.html + "".join(f"<p>{html.escape(line)}</p>" for line in extra[:1]) \
        + f"<p><a href=\"{html.escape(link)}\">Open the event</a></p>"
    return message


def _names(codes: list[str]) -> str:
    import pycountry  # lazy: apprise loads its services; only watches need it

    out = []
    for code in codes:
        country = pycountry.countries.get(alpha_2=code)
        out.append(country.name if country else code)
    return ", ".join(out)


def story_message(
    watch: Watch, config: WatchesConfig, db_name: str, item: dict[str, Any], reasons: list[str],
    reports: int,
) -> Message:
    countries = _names(json_list(item.get("countries")))
    events = ", ".join(json_list(item.get("event_types"))).replace("_", " ")
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
        countries = json_list(item.get("countries")) or ["(no country)"]
        events = json_list(item.get("event_types")) or ["(no event type)"]
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


def _deliver(
    db: sqlite_utils.Database, report: DeliveryReport, watch: Watch, kind: str, key: str,
    story_id: int | None, message: Message,
) -> None:
    for url in watch.notify:
        delivery_id = deliveries.claim(db, watch.name, redact(url), _hash(url), kind, key,
                                       story_id, MAX_ATTEMPTS)
        if delivery_id is None:
            continue
        error = send(url, message)
        if error is None:
            deliveries.mark_sent(db, delivery_id)
            report.sent += 1
        else:
            deliveries.mark_failed(db, delivery_id, error)
            report.failed += 1
            report.errors.append(f"{watch.name}: {error}")


def run_watches(
    db: sqlite_utils.Database, config: WatchesConfig, db_name: str = "monitor",
    now: dt.datetime | None = None, new_watches_from: str | None = None,
) -> DeliveryReport:
    """Send what is due: instant alerts for new matching stories, and digests whose time came.

    A watch seen for the first time starts from the newest item fetched before
    `new_watches_from` (the start of the poll that just ran): no flood of old news.
    A send interrupted by a crash stays 'sending' and is marked 'uncertain', never re-sent.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    report = DeliveryReport()
    deliveries.mark_interrupted(db)
    for watch in config.watches:
        if not watch.enabled:
            continue
        state = deliveries.watch_state(db, watch.name, new_watches_from)
        if watch.schedule == "instant":
            _retry_failed(db, report, watch, config, db_name)  # earlier runs' failures first
            if watch.filter.reviewed:  # sent when reviewed, which is after it was fetched
                items = deliveries.reviewed_items(
                    db, deliveries.review_cursor(db, watch.name, new_watches_from))
            else:
                items = deliveries.items(db, "id > ?", [state["last_item_id"]])
            done: set[tuple[str, Any]] = set()
            for item in items:
                reasons = match_reasons(watch.filter, item)
                group = _group(watch, item)
                if reasons is None or group in done:
                    continue
                done.add(group)
                story = item.get("story_id")
                event = deliveries.event_summary(db, group[1]) if group[0] == "event" else None
                if event is not None:
                    _deliver(db, report, watch, "event", f"event:{group[1]}", story,
                             event_message(watch, config, db_name, item, reasons, event))
                    continue
                key = f"story:{story}" if story is not None else f"item:{item['id']}"
                message = story_message(watch, config, db_name, item, reasons,
                                        deliveries.story_reports(db, story))
                _deliver(db, report, watch, "story", key, story, message)
            if items and watch.filter.reviewed:
                deliveries.advance_reviewed(db, watch.name, items[-1]["review_time"])
            elif items:
                deliveries.advance(db, watch.name, items[-1]["id"])
        else:
            digest_key = digest_due(watch, now, state["last_digest"])
            if digest_key is None:
                continue
            period = dt.timedelta(days=7 if watch.schedule == "weekly" else 1)
            since = state["last_digest_at"] or iso(now - period)
            items = (deliveries.reviewed_items(db, str(since)) if watch.filter.reviewed
                     else deliveries.items(db, "fetched > ?", [since]))
            seen: set[Any] = set()
            rows = []
            for item in items:
                reasons = match_reasons(watch.filter, item)
                group = _group(watch, item)
                if reasons is None or group in seen:
                    continue
                seen.add(group)
                rows.append((item, reasons))
            _deliver(db, report, watch, "digest", digest_key, None,
                     digest_message(watch, config, db_name, rows, digest_key))
            deliveries.digest_sent(db, watch.name, digest_key, iso(now) or "")
    return report


def _retry_failed(
    db: sqlite_utils.Database, report: DeliveryReport, watch: Watch, config: WatchesConfig,
    db_name: str,
) -> None:
    """Failed story and event alerts are retried on later runs, up to MAX_ATTEMPTS."""
    for event_id in deliveries.failed_events(db, watch.name, MAX_ATTEMPTS):
        items = deliveries.items(
            db, "id IN (SELECT item_id FROM event_reports WHERE event_id = ?)", [event_id])
        event = deliveries.event_summary(db, event_id)
        if items and event:
            reasons = match_reasons(watch.filter, items[0]) or ["retry"]
            _deliver(db, report, watch, "event", f"event:{event_id}", items[0].get("story_id"),
                     event_message(watch, config, db_name, items[0], reasons, event))
    for story_id, key in deliveries.failed_stories(db, watch.name, MAX_ATTEMPTS):
        items = deliveries.items(db, "story_id = ?", [story_id]) if story_id is not None else []
        if not items:
            continue
        reasons = match_reasons(watch.filter, items[0]) or ["retry"]
        message = story_message(watch, config, db_name, items[0], reasons, len(items))
        _deliver(db, report, watch, "story", key, story_id, message)


def send_test(watch: Watch, config: WatchesConfig) -> list[tuple[str, str | None]]:
    """A sample alert to every target of a watch; (redacted target, error or None)."""
    sample = {
        "id": 0, "title": "Sample: explosion at a coal mine in Karaganda, 5 miners killed",
        "source": "sample", "published": utc_now(), "countries": '["KZ"]',
        "event_types": '["safety_incident"]', "url": "https://example.org/sample",
    }
    message = story_message(watch, config, "monitor", sample, ["test message"], 1)
    message.title = f"[{watch.name}] Test: this watch can reach you"
    return [(redact(url), send(url, message)) for url in watch.notify]
