"""Polling: run each due source through its plugin, store its items, record its health.

Built for cron: each source's items are committed on their own (a kill -9 loses nothing that was
committed, and the next poll catches up since fetch validators are saved only after the items);
a source that fails, hangs or raises never stops the others; failures are data with a reason for
people; and when every source fails at once it is our network, recorded once for the run.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils
from pydantic import ValidationError

from monitor import health, store
from monitor.config import Config, SourceConfig
from monitor.errors import MonitorError
from monitor.fetch import Fetcher, FetchSettings, HTTPStatusError, NetworkError, human_duration
from monitor.isolation import PluginBlocked, PluginCancelled, run_in_own_thread, thread_context
from monitor.pipeline import store_items
from monitor.plugins import DEFAULT_PLUGINS, Registry
from monitor.sources import MAX_CHARS, Item, SourceContext
from monitor.storage_faults import EXIT_STORAGE, StorageFault, is_disk_full
from monitor.storage_faults import message as describe_fault

MAX_ITEMS_PER_SOURCE = 5000
ROBOTS_TTL = 86400.0
"""A host's robots.txt is fetched again after a day (a cron poll runs every few minutes)."""


@dataclass
class SourceResult:
    name: str
    status: str = "ok"  # ok | error
    new_items: int = 0
    seen_items: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    unchanged: bool = False
    """The feed answered 304 or sent the same body as last time: nothing parsed."""
    http_status: int | None = None
    retry_after: float | None = None
    network: bool = False
    """The transport failed (refused, reset, timed out): maybe our own network."""
    duration: float = 0.0

    @property
    def outcome(self) -> str:
        if self.status != "ok":
            return "error"
        if self.unchanged:
            return "unchanged"
        return "new" if self.new_items else "no new items"


@dataclass
class PollReport:
    run_id: str
    results: list[SourceResult] = field(default_factory=list)
    not_due: int = 0
    network_error: str = ""
    """Set when every source failed at once: one poll error, not counted against the sources."""
    storage_error: str = ""
    """Set when the disk filled up: the poll stopped storing; no source is charged for it."""
    elapsed: float = 0.0

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if r.status != "ok"]

    @property
    def exit_code(self) -> int:
        if self.storage_error:
            return EXIT_STORAGE
        return 1 if self.failed or self.network_error else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "sources": [
                {**{k: v for k, v in r.__dict__.items() if k != "items"}, "outcome": r.outcome}
                for r in self.results
            ],
            "polled": len(self.results),
            "not_due": self.not_due,
            "new_items": sum(r.new_items for r in self.results),
            "unchanged": sum(1 for r in self.results if r.unchanged),
            "failed": [r.name for r in self.failed],
            "network_error": self.network_error,
            "storage_error": self.storage_error,
            "elapsed": round(self.elapsed, 3),
            "exit_status": self.exit_code,
        }


def _describe(exc: BaseException) -> str:
    if isinstance(exc, MonitorError):
        return str(exc)
    return f"plugin raised {type(exc).__name__}: {str(exc)[:300]}"


def _drop_shared_guids(items: list[Item], result: SourceResult) -> list[Item]:
    """A site that gives every item the same guid must not collapse them into one."""
    urls_by_guid: dict[str, set[str]] = {}
    for item in items:
        if item.guid:
            urls_by_guid.setdefault(item.guid, set()).add(item.url)
    shared = {g for g, urls in urls_by_guid.items() if len(urls) > 1}
    if not shared:
        return items
    result.warnings.append(f"{len(shared)} guid(s) shared by different links; matched by link")
    return [i.model_copy(update={"guid": None}) if i.guid in shared else i for i in items]


def _validated(raw: Any, ctx: SourceContext) -> Item | None:
    """A yielded value as an Item, or None (with a warning) when it is not a valid one."""
    try:
        item = raw if isinstance(raw, Item) else Item.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        ctx.warn(f"invalid item skipped: {where}: {first['msg']}")
        return None
    cut = [name for name, limit in MAX_CHARS.items() if len(getattr(item, name)) >= limit]
    if cut:
        ctx.warn(f"{item.url[:200]}: {', '.join(cut)} cut to the first "
                 f"{', '.join(f'{MAX_CHARS[n]:,}' for n in cut)} characters")
    return item


async def collect(
    source: SourceConfig, options: Any, registry: Registry, fetcher: Fetcher,
    db: sqlite_utils.Database | None = None, max_items: int = MAX_ITEMS_PER_SOURCE,
    timeout: float | None = None,
) -> SourceResult:
    """Run one source's plugin; every failure becomes data on the result.

    The plugin runs on its own loop in its own thread (monitor.isolation), so one that blocks
    cannot stall the others; it is stopped, or left behind, after ``timeout`` seconds, and the
    items it yielded are kept.
    """
    result = SourceResult(name=source.name)
    ctx = SourceContext(source=source, options=options, http=fetcher, db=db)
    info = registry.source_types[source.plugin]
    source_type = info.cls
    # Our own source types (rss, html_list: tested, their parsing already off the loop) run on
    # the poll's loop; every other plugin on its own loop in its own thread. The hop between
    # threads costs a third of the poll's wall time on 1,000 feeds (bench/poll.py).
    inline = info.provided_by in DEFAULT_PLUGINS
    plugin_ctx = ctx if inline else thread_context(ctx, asyncio.get_running_loop())
    open_for_items = [True]  # closed at the deadline: a late plugin adds nothing after it
    collected: list[Item] = []

    async def iterate() -> None:  # on the plugin's own loop, in its own thread
        plugin = source_type()
        async for raw in plugin.fetch(plugin_ctx):
            if not open_for_items[0]:
                break
            if len(collected) >= max_items:
                plugin_ctx.warn(f"stopped after {max_items} items")
                break
            item = _validated(raw, plugin_ctx)
            if item is not None and open_for_items[0]:
                collected.append(item)

    started = time.monotonic()
    try:
        try:
            if inline:
                await asyncio.wait_for(iterate(), timeout)
            else:
                await run_in_own_thread(iterate, timeout, source.name)
        finally:
            open_for_items[0] = False
            result.items = list(collected)
        if source.full_text and result.items:
            # full_text: true (issue 3): each item not yet in `db` gets its page's main text,
            # and the page is kept as a snapshot. Per-page failures become warnings.
            from monitor.fulltext import add_full_text

            left = None if timeout is None else max(1.0, timeout - (time.monotonic() - started))
            result.items = await asyncio.wait_for(add_full_text(ctx, result.items, db), left)
    except (TimeoutError, PluginCancelled):
        result.status = "error"
        result.error = f"source took longer than {human_duration(timeout or 0)}; stopped" + (
            f" (kept {len(result.items)} items)" if result.items else ""
        )
    except PluginBlocked as exc:
        result.status = "error"
        result.error = str(exc) + (f" (kept {len(result.items)} items)" if result.items else "")
    except Exception as exc:  # a plugin that raises fails its own source only
        result.status = "error"
        result.error = _describe(exc)
        if isinstance(exc, HTTPStatusError):
            result.http_status, result.retry_after = exc.status, exc.retry_after
        result.network = isinstance(exc, NetworkError)
    result.unchanged = bool(getattr(fetcher, "unchanged", False)) and not result.items
    result.warnings.extend(ctx.warnings)
    if result.status == "ok" and not result.items and not ctx.warnings and not result.unchanged:
        result.warnings.append("no items")
    result.items = _drop_shared_guids(result.items, result)
    return result


def _source_row(db: sqlite_utils.Database, name: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM sources WHERE name = ?", [name]))
    return rows[0] if rows else {"name": name}


def _published_dates(db: sqlite_utils.Database, name: str) -> list[dt.datetime]:
    rows = db.execute(
        "SELECT published FROM items WHERE source = ? AND published IS NOT NULL "
        "ORDER BY published DESC LIMIT ?", [name, health.CADENCE_ITEMS],
    ).fetchall()
    return [d for d in (health.parse_time(r[0]) for r in rows) if d is not None]


def _log(db: sqlite_utils.Database, source: SourceConfig, result: SourceResult, started: str,
         run_id: str) -> None:
    store.insert_row(db, "polls", {
        "run_id": run_id,
        "source": source.name,
        "started": started,
        "finished": store.utcnow(),
        "status": result.status,
        "outcome": result.outcome,
        "http_status": result.http_status,
        "duration": round(result.duration, 3),
        "new_items": result.new_items,
        "seen_items": result.seen_items,
        "error": result.error,
        "warnings": json.dumps(result.warnings, ensure_ascii=False),
    })


def record_result(
    db: sqlite_utils.Database, source: SourceConfig, result: SourceResult, started: str,
    run_id: str, fetch_state: dict[str, Any] | None = None,
) -> None:
    """Store a source's items (their own transaction), then its health and fetch validators.

    The validators (ETag, Last-Modified, body hash) are saved after the items: a poll killed in
    between fetches the feed again next time and finds the items already stored.
    """
    if not store_result_items(db, source, result):
        fetch_state = None
    record_health(db, source, result, started, run_id, fetch_state)


def store_result_items(db: sqlite_utils.Database, source: SourceConfig,
                       result: SourceResult) -> bool:
    """Store the items in one transaction; False (and the result failed) if that fails."""
    if not result.items:
        return True
    try:
        stored = store_items(db, source.name, result.items, source.language)
    except Exception as exc:  # storing must not take down the other sources
        if is_disk_full(exc):  # the machine's fault, not the source's: the poll stops
            raise StorageFault(describe_fault(exc, _db_file(db))) from None
        result.status = "error"
        result.error = f"could not store items: {type(exc).__name__}: {exc}"
        return False
    result.new_items = len(stored.new_ids)
    result.seen_items = stored.seen
    return True


def _db_file(db: sqlite_utils.Database) -> str:
    return next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "")


def record_health(
    db: sqlite_utils.Database, source: SourceConfig, result: SourceResult, started: str,
    run_id: str, fetch_state: dict[str, Any] | None = None,
) -> None:
    """The source's health, schedule and validators, and the poll log row, in one transaction."""
    now_dt = dt.datetime.now(dt.UTC)
    now = health.iso(now_dt)
    row = _source_row(db, source.name)
    update: dict[str, Any] = {"last_polled": now, "last_status": result.http_status}
    if result.status == "ok":
        silent = health.silence(_published_dates(db, source.name), now_dt)
        update.update(health.after_success(row, source.interval, now_dt, silent), last_ok=now)
        if result.new_items:
            update["last_new_item"] = now
        if fetch_state is not None:
            update.update(fetch_state)
    else:
        update.update(health.after_failure(
            row, source.interval, now_dt, result.error, result.http_status, result.retry_after
        ))
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        columns = ", ".join(f"[{k}] = ?" for k in update)
        db.execute(f"UPDATE sources SET {columns} WHERE name = ?", [*update.values(), source.name])
        _log(db, source, result, started, run_id)


def sync_sources(db: sqlite_utils.Database, config: Config) -> None:
    """Keep the sources table in step with sources.yaml (health columns are kept)."""
    with db.conn:
        for source in config.sources:
            store.upsert_source(db, {
                "name": source.name,
                "plugin": source.plugin,
                "url": source.url,
                "language": source.language,
                "country": source.country,
                "enabled": int(source.enabled),
                "manual": 0,
            })


class _Writer:
    """All database writes of a poll, on one thread with its own connection.

    Tagging and storing are CPU work; done on the event loop they would stall the fetches of
    every other source (and trip their read timeouts). A database in memory is written inline.
    """

    def __init__(self, db: sqlite_utils.Database):
        path = next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "")
        self.inline = db if not path else None
        self.path = path
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="monitor-db")
        self._db: sqlite_utils.Database | None = None

    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self._db is None:
            self._db = store.open_db(self.path)
        return fn(self._db, *args)

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self.inline is not None:
            return fn(self.inline, *args)
        return await asyncio.get_running_loop().run_in_executor(self._pool, self._call, fn, *args)

    def close(self) -> None:
        def shut() -> None:
            if self._db is not None:
                self._db.close()

        if self.inline is None:
            self._pool.submit(shut).result()
        self._pool.shutdown()


def select_sources(
    db: sqlite_utils.Database, config: Config, names: list[str] | None, force: bool,
    now: dt.datetime,
) -> tuple[list[SourceConfig], int]:
    """The sources to poll now: the named ones, every enabled one (force), or the due ones."""
    if names:
        return [s for s in config.sources if s.name in names], 0
    enabled = [s for s in config.sources if s.enabled]
    if force:
        return enabled, 0
    rows = {r["name"]: r for r in db.query("SELECT name, next_due FROM sources")}
    due = [s for s in enabled if health.is_due(rows.get(s.name), now)]
    return due, len(enabled) - len(due)


def _network_down(results: list[SourceResult], sources: list[SourceConfig]) -> str:
    """All failed at the network level, on two hosts or more: it is our network, not theirs."""
    hosts = {urlsplit(s.url).hostname for s in sources}
    if len(hosts) < 2 or not all(r.status != "ok" and r.network for r in results):
        return ""
    return (f"all {len(results)} sources failed at the network level (e.g. "
            f"{results[0].name}: {results[0].error}); our network looks down, so no source "
            "is counted as failing")


async def poll_async(
    db: sqlite_utils.Database,
    config: Config,
    registry: Registry,
    names: list[str] | None = None,
    settings: FetchSettings | None = None,
    on_done: Any = None,
    *,
    due_only: bool = False,
    max_items: int = MAX_ITEMS_PER_SOURCE,
    source_timeout: float | None = None,
) -> PollReport:
    clock = time.monotonic()
    report = PollReport(run_id=uuid.uuid4().hex[:12])
    run_started = store.utcnow()
    sync_sources(db, config)
    selected, report.not_due = select_sources(
        db, config, names, not due_only, dt.datetime.now(dt.UTC)
    )
    settings = settings or FetchSettings()
    timeout = source_timeout or max(4 * settings.total_timeout, 60.0)
    state_columns = ("etag", "last_modified", "body_hash")
    states = {
        r["name"]: r for r in db.query(
            f"SELECT name, {', '.join(state_columns)} FROM sources"
        )
    }
    robots_since = health.iso(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=ROBOTS_TTL))
    robots = {r[0]: r[1] or "" for r in db.execute(
        "SELECT site, body FROM robots WHERE fetched > ?", [robots_since])}
    writer = _Writer(db)
    failures: list[tuple[SourceConfig, SourceResult, str]] = []
    try:
        async with Fetcher(settings, robots) as fetcher:

            async def run(source: SourceConfig) -> SourceResult:
                if report.storage_error:  # the disk is full: fetching more would be waste
                    result = SourceResult(source.name, status="error",
                                          error="not polled: the disk is full")
                    if on_done is not None:
                        on_done(result)
                    return result
                started = store.utcnow()
                t0 = time.monotonic()
                http = fetcher.for_source(source.url, source.allow_private,
                                          states.get(source.name))
                result = await collect(source, config.plugin_options[source.name], registry,
                                       http, db, max_items, timeout)
                result.duration = time.monotonic() - t0
                try:
                    if report.storage_error:
                        raise StorageFault(report.storage_error)
                    if result.status == "ok":
                        await writer.run(record_result, source, result, started, report.run_id,
                                         http.new_state)
                    elif result.items:  # a source that failed half-way keeps what it yielded
                        await writer.run(store_result_items, source, result)
                except (StorageFault, sqlite3.DatabaseError, OSError) as exc:
                    if not isinstance(exc, StorageFault) and not is_disk_full(exc):
                        raise
                    # not the source's failure: nothing is charged to it, the next poll catches up
                    report.storage_error = report.storage_error or (
                        str(exc) if isinstance(exc, StorageFault)
                        else describe_fault(exc, writer.path))
                    result.status, result.error = "error", "not stored: the disk is full"
                    result.items = []
                    if on_done is not None:
                        on_done(result)
                    return result
                result.items = []
                if result.status != "ok":
                    failures.append((source, result, started))  # recorded once all are done
                elif on_done is not None:
                    on_done(result)
                return result

            report.results = list(await asyncio.gather(*(run(s) for s in selected)))
        report.network_error = _network_down(report.results, selected)
        if not report.network_error and not report.storage_error:
            for source, result, started in failures:
                await _unless_full(report, writer.run(record_health, source, result, started,
                                                      report.run_id))
                if on_done is not None:
                    on_done(result)
        elif on_done is not None:
            for _source, result, _started in failures:
                on_done(result)
        report.elapsed = time.monotonic() - clock
        await _unless_full(report, writer.run(_record_run, report, run_started,
                                              fetcher.robots_fetched))
    finally:
        writer.close()
    return report


async def _unless_full(report: PollReport, write: Any) -> None:
    """Await a write; a full disk ends the writing (recorded on the report), nothing else."""
    try:
        await write
    except (sqlite3.DatabaseError, OSError) as exc:
        if not is_disk_full(exc):
            raise
        report.storage_error = report.storage_error or describe_fault(exc)


def _record_run(db: sqlite_utils.Database, report: PollReport, started: str,
                robots: dict[str, str]) -> None:
    with db.conn:
        fetched = store.utcnow()
        db.conn.executemany(
            "INSERT OR REPLACE INTO robots (site, fetched, body) VALUES (?, ?, ?)",
            [(site, fetched, body) for site, body in robots.items()],
        )
        store.insert_row(db, "poll_runs", {
            "run_id": report.run_id,
            "started": started,
            "finished": store.utcnow(),
            "sources": len(report.results),
            "failed": len(report.failed),
            "new_items": sum(r.new_items for r in report.results),
            "error": report.network_error,
        })


def poll(
    db: sqlite_utils.Database,
    config: Config,
    registry: Registry,
    names: list[str] | None = None,
    settings: FetchSettings | None = None,
    on_done: Any = None,
    **options: Any,
) -> PollReport:
    """Poll the selected (default: enabled; due_only: enabled and due) sources, concurrently.

    `monitor poll` passes ``due_only=True``, so cron can run it every few minutes.
    """
    return asyncio.run(poll_async(db, config, registry, names, settings, on_done, **options))
