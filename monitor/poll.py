"""Polling: run each due source through its plugin, store its items, record its health."""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from pydantic import ValidationError

from monitor import store
from monitor.config import Config, SourceConfig
from monitor.errors import MonitorError
from monitor.fetch import Fetcher, FetchSettings
from monitor.pipeline import store_items
from monitor.plugins import Registry
from monitor.sources import Item, SourceContext

MAX_ITEMS_PER_SOURCE = 5000


@dataclass
class SourceResult:
    name: str
    status: str = "ok"  # ok | error
    new_items: int = 0
    seen_items: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass
class PollReport:
    run_id: str
    results: list[SourceResult] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if r.status != "ok"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "sources": [
                {k: v for k, v in r.__dict__.items() if k != "items"} for r in self.results
            ],
            "new_items": sum(r.new_items for r in self.results),
            "failed": [r.name for r in self.failed],
        }


def _describe(exc: BaseException) -> str:
    if isinstance(exc, MonitorError):
        return str(exc)
    return f"plugin raised {type(exc).__name__}: {exc}"


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


async def collect(
    source: SourceConfig, options: Any, registry: Registry, fetcher: Fetcher,
    db: sqlite_utils.Database | None = None,
) -> SourceResult:
    """Run one source's plugin; every failure becomes data on the result."""
    result = SourceResult(name=source.name)
    ctx = SourceContext(source=source, options=options, http=fetcher)
    plugin = registry.source_types[source.plugin].cls()
    try:
        async for raw in plugin.fetch(ctx):
            if len(result.items) >= MAX_ITEMS_PER_SOURCE:
                ctx.warn(f"stopped after {MAX_ITEMS_PER_SOURCE} items")
                break
            try:
                item = raw if isinstance(raw, Item) else Item.model_validate(raw)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                ctx.warn(f"invalid item skipped: {where}: {first['msg']}")
                continue
            result.items.append(item)
    except Exception as exc:  # a plugin that raises fails its own source only
        result.status = "error"
        result.error = _describe(exc)
    if source.full_text and result.status == "ok" and result.items:
        # full_text: true (issue 3): each item not yet in `db` gets its page's main text, and
        # the page is kept as a snapshot. Per-page failures become warnings, never errors.
        from monitor.fulltext import add_full_text

        result.items = await add_full_text(ctx, result.items, db)
    result.warnings.extend(ctx.warnings)
    if result.status == "ok" and not result.items and not ctx.warnings:
        result.warnings.append("no items")
    result.items = _drop_shared_guids(result.items, result)
    return result


def record_result(
    db: sqlite_utils.Database, source: SourceConfig, result: SourceResult, started: str,
    run_id: str,
) -> None:
    if result.items:
        try:
            stored = store_items(db, source.name, result.items, source.language)
            result.new_items = len(stored.new_ids)
            result.seen_items = stored.seen
        except Exception as exc:  # storing must not take down the other sources
            result.status = "error"
            result.error = f"could not store items: {type(exc).__name__}: {exc}"
    now = store.utcnow()
    previous = db.execute(
        "SELECT consecutive_failures FROM sources WHERE name = ?", [source.name]
    ).fetchone()
    failures = (previous[0] or 0) if previous else 0
    health: dict[str, Any] = {"name": source.name, "last_polled": now}
    if result.status == "ok":
        health.update(last_ok=now, last_error="", consecutive_failures=0)
    else:
        health.update(last_error=result.error, consecutive_failures=failures + 1)
    store.upsert_source(db, health)
    store.insert_row(db, "polls", {
        "run_id": run_id,
        "source": source.name,
        "started": started,
        "finished": now,
        "status": result.status,
        "new_items": result.new_items,
        "seen_items": result.seen_items,
        "error": result.error,
        "warnings": json.dumps(result.warnings, ensure_ascii=False),
    })


def sync_sources(db: sqlite_utils.Database, config: Config) -> None:
    """Keep the sources table in step with sources.yaml (health columns are kept)."""
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


async def poll_async(
    db: sqlite_utils.Database,
    config: Config,
    registry: Registry,
    names: list[str] | None = None,
    settings: FetchSettings | None = None,
    on_done: Any = None,
) -> PollReport:
    report = PollReport(run_id=uuid.uuid4().hex[:12])
    sync_sources(db, config)
    selected = [
        s for s in config.sources if (s.name in names if names else s.enabled)
    ]
    async with Fetcher(settings) as fetcher:

        async def run(source: SourceConfig) -> SourceResult:
            started = store.utcnow()
            result = await collect(
                source, config.plugin_options[source.name], registry, fetcher, db
            )
            record_result(db, source, result, started, report.run_id)
            result.items = []
            if on_done is not None:
                on_done(result)
            return result

        report.results = list(await asyncio.gather(*(run(s) for s in selected)))
    return report


def poll(
    db: sqlite_utils.Database,
    config: Config,
    registry: Registry,
    names: list[str] | None = None,
    settings: FetchSettings | None = None,
    on_done: Any = None,
) -> PollReport:
    """Poll the selected (default: enabled) sources once, concurrently."""
    return asyncio.run(poll_async(db, config, registry, names, settings, on_done))
