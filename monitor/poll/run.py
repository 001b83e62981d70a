"""Polling: run each due source through its plugin, store its items, record its health.

Built for cron: each source's items are committed on their own (a kill -9 loses nothing that was
committed, and the next poll catches up since fetch validators are saved only after the items);
a source that fails, hangs or raises never stops the others; failures are data with a reason for
people; and when every source fails at once it is our network, recorded once for the run.

The flow of one poll::

    sources.yaml --select (due?)--> collect (plugin, on the event loop, fetches through the
    shared Fetcher) --> SourceResult (items, evidence pages) --writer thread--> make_record ->
    duplicate? -> tag -> insert + story (one transaction per source) --> health and schedule
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import queue
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from monitor.api import Item, SourceConfig
from monitor.config import Config
from monitor.enrich.dedup import THRESHOLDS, Thresholds
from monitor.fetch import Fetcher, FetchSettings
from monitor.plugins import Registry
from monitor.poll import schedule
from monitor.poll.collect import SourceResult, collect
from monitor.store import sources as source_store
from monitor.store.faults import EXIT_STORAGE, StorageFault, is_disk_full
from monitor.store.faults import message as describe_fault
from monitor.store.schema import open_db, transaction
from monitor.store.snapshots import MAX_SNAPSHOT_BYTES
from monitor.values import utc_now

log = logging.getLogger("monitor.poll")

ROBOTS_TTL = 86400.0
"""A host's robots.txt is fetched again after a day (a cron poll runs every few minutes)."""


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
            "sources": [r.to_dict() for r in self.results],
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


@dataclass(frozen=True)
class StoreOptions:
    """How a poll stores (from the config's settings)."""

    thresholds: Thresholds = THRESHOLDS
    snapshot_max_bytes: int = MAX_SNAPSHOT_BYTES


def store_result_items(db: sqlite_utils.Database, source: SourceConfig,
                       result: SourceResult, options: StoreOptions = StoreOptions()) -> bool:
    """Store the items and evidence pages in one transaction; False (and the result failed)
    if that fails."""
    if not result.items and not result.snapshots:
        return True
    # lazy: tagging, dedup and events load only when a poll has items to store (not on a re-poll)
    from monitor.poll.process import store_items

    try:
        stored = store_items(db, source.name, result.items, source.language, result.snapshots,
                             options.thresholds, options.snapshot_max_bytes)
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
    """The source's health, schedule and validators, and the poll log row."""
    now = dt.datetime.now(dt.UTC)
    published = source_store.published_dates(db, source.name, schedule.CADENCE_ITEMS)
    update = schedule.after_poll(source_store.source_row(db, source.name), source.interval, now,
                                 result, published, fetch_state)
    source_store.record_health(db, source.name, update, {
        "run_id": run_id, "source": source.name, "started": started, "finished": utc_now(),
        "status": result.status, "outcome": result.outcome, "http_status": result.http_status,
        "duration": round(result.duration, 3), "new_items": result.new_items,
        "seen_items": result.seen_items, "error": result.error, "warnings": result.warnings,
    })


def record_result(
    db: sqlite_utils.Database, source: SourceConfig, result: SourceResult, started: str,
    run_id: str, fetch_state: dict[str, Any] | None = None,
    options: StoreOptions = StoreOptions(),
) -> None:
    """Store a source's items (their own transaction), then its health and fetch validators.

    The validators (ETag, Last-Modified, body hash) are saved with the items, in one
    transaction: a poll killed before its commit fetches the feed again next time. Items that
    fail to store roll back alone (a savepoint), and the health says why.
    """
    with transaction(db):
        if not store_result_items(db, source, result, options):
            fetch_state = None
        record_health(db, source, result, started, run_id, fetch_state)


class _Writer:
    """All database work of a poll, on one thread with its own connection.

    Tagging and storing are CPU work; done on the event loop they would stall the fetches of
    every other source (and trip their read timeouts). A database in memory is used inline.

    Group commit: the jobs that queued up while one ran are done in one transaction, each in
    its own savepoint (a failing one rolls back alone), so a poll commits a few times a second
    instead of once per source (each commit writes every page it touched: the full-text
    segments, the story index's B-tree pages, the write-ahead log). A job's caller hears of it
    once its group is committed.
    """

    MAX_GROUP = 64

    def __init__(self, db: sqlite_utils.Database):
        path = next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "")
        self.inline = db if not path else None
        self.path = path
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self.inline is not None:
            return fn(self.inline, *args)
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="monitor-db", daemon=True)
            self._thread.start()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._jobs.put(_Job(fn, args, loop, future))
        return await future

    def _loop(self) -> None:
        db: sqlite_utils.Database | None = None
        stop = False
        while not stop:
            first = self._jobs.get()
            if first is None:
                break
            job: _Job | None = first
            done: list[tuple[_Job, Any, BaseException | None]] = []
            try:
                if db is None:
                    db = open_db(self.path)
                with transaction(db):
                    while job is not None:
                        try:
                            with transaction(db):  # a savepoint
                                done.append((job, job.fn(db, *job.args), None))
                        except Exception as exc:
                            done.append((job, None, exc))
                        if len(done) >= self.MAX_GROUP:
                            break
                        try:
                            job = self._jobs.get_nowait()
                        except queue.Empty:
                            break
                        stop = job is None
            except Exception as exc:  # the commit (or opening) failed: so did every job
                done = [(j, None, exc) for j, _value, _error in done] or [(first, None, exc)]
            for finished, value, error in done:
                finished.loop.call_soon_threadsafe(_settle, finished.future, value, error)
        if db is not None:
            db.close()

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()


@dataclass
class _Job:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]


def _settle(future: asyncio.Future[Any], value: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)


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
    rows = source_store.next_due(db)
    due = [s for s in enabled if schedule.is_due(rows.get(s.name), now)]
    return due, len(enabled) - len(due)


def _network_down(results: list[SourceResult], sources: list[SourceConfig]) -> str:
    """All failed at the network level, on two hosts or more: it is our network, not theirs."""
    hosts = {urlsplit(s.url).hostname for s in sources}
    if len(hosts) < 2 or not all(r.status != "ok" and r.network for r in results):
        return ""
    return (f"all {len(results)} sources failed at the network level (e.g. "
            f"{results[0].name}: {results[0].error}); our network looks down, so no source "
            "is counted as failing")


def _stored_check(writer: _Writer, source: str) -> Callable[[list[Item]], Any]:
    """Which items of a source are stored already, asked through the writer's connection."""
    async def check(items: list[Item]) -> list[bool]:
        from monitor.poll.process import make_record  # lazy: see store_result_items
        from monitor.store.items import stored_flags  # lazy: see store_result_items

        fetched = utc_now()
        records = [make_record(item, source, fetched) for item in items]
        flags: list[bool] = await writer.run(stored_flags, records)
        return flags
    return check


async def poll_async(
    db: sqlite_utils.Database,
    config: Config,
    registry: Registry,
    names: list[str] | None = None,
    settings: FetchSettings | None = None,
    on_done: Any = None,
    *,
    due_only: bool = False,
    max_items: int | None = None,
    source_timeout: float | None = None,
) -> PollReport:
    """A poll with the config's `settings:` block (a given ``settings``, ``max_items`` or
    ``source_timeout`` wins over it)."""
    clock = time.monotonic()
    report = PollReport(run_id=uuid.uuid4().hex[:12])
    run_started = utc_now()
    source_store.sync_sources(db, config.sources)
    selected, report.not_due = select_sources(
        db, config, names, not due_only, dt.datetime.now(dt.UTC)
    )
    log.info("poll %s: %d source(s) to poll, %d not due", report.run_id, len(selected),
             report.not_due)
    limits = config.settings.poll
    settings = settings or config.settings.http.fetch_settings()
    timeout = source_timeout or limits.timeout(settings)
    max_items = max_items or limits.max_items_per_source
    storing = StoreOptions(config.settings.dedup.thresholds(), limits.snapshot_max_bytes)
    states = source_store.fetch_states(db)
    robots = source_store.fresh_robots(db, ROBOTS_TTL)
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
                started = utc_now()
                t0 = time.monotonic()
                http = fetcher.for_source(source.url, source.allow_private,
                                          states.get(source.name), source.http)
                result = await collect(source, config.plugin_options[source.name], registry,
                                       http, _stored_check(writer, source.name), max_items,
                                       timeout, keep_snapshots=True,
                                       max_pages=limits.full_text_pages)
                result.duration = time.monotonic() - t0
                try:
                    if report.storage_error:
                        raise StorageFault(report.storage_error)
                    if result.status == "ok":
                        await writer.run(record_result, source, result, started, report.run_id,
                                         http.new_state, storing)
                    elif result.items or result.snapshots:  # keep what a failing source yielded
                        await writer.run(store_result_items, source, result, storing)
                except (StorageFault, sqlite3.DatabaseError, OSError) as exc:
                    if not isinstance(exc, StorageFault) and not is_disk_full(exc):
                        raise
                    # not the source's failure: nothing is charged to it, the next poll catches up
                    report.storage_error = report.storage_error or (
                        str(exc) if isinstance(exc, StorageFault)
                        else describe_fault(exc, writer.path))
                    result.status, result.error = "error", "not stored: the disk is full"
                    result.items, result.snapshots = [], {}
                    if on_done is not None:
                        on_done(result)
                    return result
                result.items, result.snapshots = [], {}
                log.info("%s: %s in %.2f s (%d new, %d seen)%s", source.name, result.outcome,
                         result.duration, result.new_items, result.seen_items,
                         f": {result.error}" if result.error else "")
                for warning in result.warnings:
                    log.debug("%s: warning: %s", source.name, warning)
                if result.status != "ok":
                    failures.append((source, result, started))  # recorded once all are done
                elif on_done is not None:
                    on_done(result)
                return result

            # At most this many sources between the start of their fetch and the end of their
            # storing: the writer is slower than the fetches, and 1,000 results waiting for it
            # held 46 MiB; the writer still always has a full group queued.
            window = asyncio.Semaphore(settings.max_connections + 2 * _Writer.MAX_GROUP)

            async def windowed(source: SourceConfig) -> SourceResult:
                async with window:
                    return await run(source)

            report.results = list(await asyncio.gather(*(windowed(s) for s in selected)))
        report.network_error = _network_down(report.results, selected)
        if report.network_error:
            log.warning("poll %s: %s", report.run_id, report.network_error)
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
        await _unless_full(report, writer.run(source_store.record_run, {
            "run_id": report.run_id, "started": run_started, "finished": utc_now(),
            "sources": len(report.results), "failed": len(report.failed),
            "new_items": sum(r.new_items for r in report.results),
            "error": report.network_error,
        }, fetcher.robots_fetched))
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
