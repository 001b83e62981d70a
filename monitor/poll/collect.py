"""Collecting one source: run its plugin, validate what it yields, fetch full text.

Every failure becomes data on the `SourceResult`; nothing here writes to the database. Pages
kept as evidence wait in the result's snapshot queue until the writer stores them.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from monitor.api import MAX_CHARS, Item, SourceConfig, SourceContext
from monitor.errors import MonitorError, validation_problems
from monitor.fetch import Fetcher, HTTPStatusError, NetworkError, human_duration
from monitor.isolation import PluginBlocked, PluginCancelled, run_in_own_thread, thread_context
from monitor.plugins import DEFAULT_PLUGINS, Registry
from monitor.poll.fulltext import MAX_PAGES_PER_POLL, StoredCheck, add_full_text
from monitor.store.snapshots import PendingSnapshot, SnapshotQueue

MAX_ITEMS_PER_SOURCE = 100_000
"""A safety cap, far above any real feed (the largest real ones carry a few thousand entries):
a feed of 10,000 entries is stored whole. Beyond it the items are counted, not kept, and the
source gets a warning with both counts."""


@dataclass
class SourceResult:
    name: str
    status: str = "ok"  # ok | error
    new_items: int = 0
    seen_items: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    snapshots: dict[int, PendingSnapshot] = field(default_factory=dict)
    """Pages kept as evidence, stored with the items (see SourceContext.snapshot)."""
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

    def to_dict(self) -> dict[str, Any]:
        """For `monitor poll --json`: everything but the items and pages themselves."""
        skipped = ("items", "snapshots")
        return {**{k: v for k, v in self.__dict__.items() if k not in skipped},
                "outcome": self.outcome}


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
        loc, _kind, message = validation_problems(exc)[0]
        ctx.warn(f"invalid item skipped: {'.'.join(str(p) for p in loc)}: {message}")
        return None
    cut = [name for name, limit in MAX_CHARS.items() if len(getattr(item, name)) >= limit]
    if cut:
        ctx.warn(f"{item.url[:200]}: {', '.join(cut)} cut to the first "
                 f"{', '.join(f'{MAX_CHARS[n]:,}' for n in cut)} characters")
    return item


async def collect(
    source: SourceConfig, options: Any, registry: Registry, fetcher: Fetcher,
    stored: StoredCheck | None = None, max_items: int = MAX_ITEMS_PER_SOURCE,
    timeout: float | None = None, keep_snapshots: bool = False,
    max_pages: int = MAX_PAGES_PER_POLL,
) -> SourceResult:
    """Run one source's plugin; every failure becomes data on the result.

    The plugin runs on its own loop in its own thread (monitor.isolation), so one that blocks
    cannot stall the others; it is stopped, or left behind, after ``timeout`` seconds, and the
    items it yielded are kept.
    ``stored`` tells which items are already stored (their pages are not fetched again);
    ``keep_snapshots``: the poll keeps evidence pages, a dry run does not.
    """
    result = SourceResult(name=source.name)
    queue = SnapshotQueue() if keep_snapshots else None
    ctx = SourceContext(source=source, options=options, http=fetcher,
                        keep_snapshot=queue.add if queue else None)
    info = registry.source_types[source.plugin]
    source_type = info.cls
    # Our own source types (rss, html_list: tested, their parsing already off the loop) run on
    # the poll's loop; every other plugin on its own loop in its own thread. The hop between
    # threads costs a third of the poll's wall time on 1,000 feeds (bench/poll.py).
    inline = info.provided_by in DEFAULT_PLUGINS
    plugin_ctx = ctx if inline else thread_context(ctx, asyncio.get_running_loop())
    open_for_items = [True]  # closed at the deadline: a late plugin adds nothing after it
    collected: list[Item] = []

    dropped = [0]

    async def iterate() -> None:  # on the plugin's own loop, in its own thread
        plugin = source_type()
        async for raw in plugin.fetch(plugin_ctx):
            if not open_for_items[0]:
                break
            if len(collected) >= max_items:
                dropped[0] += 1  # counted for the warning, not validated or kept
                continue
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
            # each item not yet stored gets its page's main text, and the page is kept as a
            # snapshot; per-page failures become warnings
            left = None if timeout is None else max(1.0, timeout - (time.monotonic() - started))
            result.items = await asyncio.wait_for(
                add_full_text(ctx, result.items, stored, max_pages), left)
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
    if dropped[0]:
        ctx.warn(f"{len(result.items) + dropped[0]:,} items: kept the first {max_items:,}, "
                 f"dropped {dropped[0]:,} (the cap per source per poll, `monitor poll "
                 "--max-items`)")
    result.unchanged = bool(getattr(fetcher, "unchanged", False)) and not result.items
    result.warnings.extend(ctx.warnings)
    if result.status == "ok" and not result.items and not ctx.warnings and not result.unchanged:
        result.warnings.append("no items")
    result.items = _drop_shared_guids(result.items, result)
    if queue is not None:
        result.snapshots = queue.pending
    return result
