"""Source health: when to poll a source next, and when a person must look at it.

A poll never gives up on a source. A failing source is retried later and later (exponential
backoff, capped); one that is gone (410), keeps answering 404, keeps failing, or still answers
but has published nothing for several times its usual cadence is flagged as needing attention,
with a reason written for people. Pure functions of the stored row and the poll's result, so the
rules are tested without a network.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from typing import TYPE_CHECKING, Any

from monitor.fetch import human_duration
from monitor.values import iso as _iso
from monitor.values import parse_iso

if TYPE_CHECKING:
    from monitor.poll.collect import SourceResult

BACKOFF_BASE = 10 * 60.0
"""First retry of a failing source after at most this long (or its interval, if shorter)."""
BACKOFF_CAP = 86400.0
"""A failing source is tried again at least once a day, whatever its interval, and whatever
Retry-After it sent: a server's "come back in a year" must not park a source for a year."""
FAILURES_BEFORE_ATTENTION = 3
NOT_FOUND_BEFORE_ATTENTION = 2
SILENCE_FACTOR = 4
"""Silent: nothing new for this many times the source's usual gap between items..."""
SILENCE_MINIMUM = 3 * 86400.0
"""...and for at least this long (a daily feed is not silent after a quiet weekend)."""
CADENCE_ITEMS = 20


def iso(value: dt.datetime) -> str:
    return _iso(value) or ""


def is_due(row: dict[str, Any] | None, now: dt.datetime) -> bool:
    """Never polled, or its next_due has come."""
    if not row:
        return True
    due = parse_iso(row.get("next_due"))
    return due is None or due <= now


def next_ok_due(interval: float, now: dt.datetime) -> str:
    """The next poll after a success: one interval on, less a little slack for cron's grain."""
    slack = min(60.0, interval * 0.1)
    return iso(now + dt.timedelta(seconds=max(interval - slack, 0)))


def backoff_delay(interval: float, failures: int, retry_after: float | None = None) -> float:
    """Seconds until the next try after the n-th failure in a row (n >= 1): doubling from
    min(interval, 10 min), Retry-After honoured, never more than BACKOFF_CAP (a day)."""
    base = min(interval, BACKOFF_BASE)
    delay = min(base * 2.0 ** min(max(failures - 1, 0), 40), BACKOFF_CAP)
    return min(max(delay, retry_after or 0.0), BACKOFF_CAP)


def cadence_words(seconds: float) -> str:
    """'usually hourly', 'usually weekly', 'usually every 3 days'."""
    hour, day = 3600.0, 86400.0
    if seconds <= 1.5 * hour:
        return "usually hourly"
    if seconds <= 1.5 * day:
        return "usually daily"
    if 5 * day <= seconds <= 10 * day:
        return "usually weekly"
    if 25 * day <= seconds <= 45 * day:
        return "usually monthly"
    return f"usually every {human_duration(seconds)}"


def cadence(published: list[dt.datetime]) -> float | None:
    """Median gap between the newest items' publication dates, in seconds."""
    dates = sorted(set(published), reverse=True)[:CADENCE_ITEMS]
    if len(dates) < 3:
        return None
    gaps = [(a - b).total_seconds() for a, b in itertools.pairwise(dates)]
    return max(statistics.median(gaps), 3600.0)


def silence(published: list[dt.datetime], now: dt.datetime) -> str | None:
    """'silent for 40 days (usually weekly)' when the source stopped publishing, else None."""
    usual = cadence(published)
    if usual is None:
        return None
    quiet = (now - max(published)).total_seconds()
    if quiet > max(SILENCE_FACTOR * usual, SILENCE_MINIMUM):
        return f"silent for {human_duration(quiet)} ({cadence_words(usual)})"
    return None


def after_success(
    row: dict[str, Any], interval: float, now: dt.datetime, silent: str | None
) -> dict[str, Any]:
    """Health columns after a poll that worked."""
    update: dict[str, Any] = {
        "health": "silent" if silent else "ok",
        "consecutive_failures": 0,
        "last_error": "",
        "failing_since": None,
        "next_due": next_ok_due(interval, now),
        "attention": silent or "",
    }
    if silent and not row.get("attention_since"):
        update["attention_since"] = iso(now)
    elif not silent:
        update["attention_since"] = None
    return update


def after_failure(
    row: dict[str, Any], interval: float, now: dt.datetime, error: str,
    status: int | None = None, retry_after: float | None = None,
) -> dict[str, Any]:
    """Health columns after a failed poll: backoff, and attention when it is not transient."""
    failures = int(row.get("consecutive_failures") or 0) + 1
    since = row.get("failing_since") or iso(now)
    same_404 = status == 404 and row.get("last_status") == 404
    attention = ""
    if status == 410:
        attention = "gone (HTTP 410): the site removed this feed; update its URL or disable it"
    elif same_404 and failures >= NOT_FOUND_BEFORE_ATTENTION:
        attention = f"not found (HTTP 404) {failures} times in a row since {since[:10]}"
    elif failures >= FAILURES_BEFORE_ATTENTION:
        attention = f"failing since {since[:16].replace('T', ' ')} ({failures} times): {error}"
    delay = backoff_delay(interval, failures, retry_after)
    update: dict[str, Any] = {
        "health": "needs attention" if attention else "failing",
        "consecutive_failures": failures,
        "last_error": error,
        "failing_since": since,
        "next_due": iso(now + dt.timedelta(seconds=delay)),
        "attention": attention,
    }
    if attention and not row.get("attention_since"):
        update["attention_since"] = iso(now)
    return update


def describe(row: dict[str, Any]) -> str:
    """One line of health for `monitor sources`."""
    health = row.get("health") or ("ok" if row.get("last_ok") else "never polled")
    if not row.get("last_polled"):
        return "never polled"
    if health == "ok":
        text = f"ok, {row.get('items_total') or 0} items, last ok {(row.get('last_ok') or '')[:16]}"
    elif health == "failing":
        text = f"FAILING x{row.get('consecutive_failures') or 1}: {row.get('last_error')}"
    else:
        text = f"NEEDS ATTENTION: {row.get('attention')}"
    if row.get("next_due"):
        text += f"; next {row['next_due'][:16].replace('T', ' ')}"
    return text


def after_poll(
    row: dict[str, Any], interval: float, now: dt.datetime, result: SourceResult,
    published: list[dt.datetime], fetch_state: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Every sources column a poll of this source changes, from its stored row and result."""
    stamp = iso(now)
    update: dict[str, Any] = {"last_polled": stamp, "last_status": result.http_status}
    if result.status == "ok":
        update.update(after_success(row, interval, now, silence(published, now)), last_ok=stamp)
        if result.new_items:
            update["last_new_item"] = stamp
        if fetch_state is not None:
            update.update(fetch_state)
    else:
        update.update(after_failure(
            row, interval, now, result.error, result.http_status, result.retry_after
        ))
    return update
