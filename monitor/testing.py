"""The plugin author's test kit: replay recorded responses locally and run a source against them.

A fixture folder (made by ``monitor record-source NAME --into tests/fixtures/NAME/`` or by hand)
holds the response bodies and a ``manifest.json``::

    {"source": {"name": "...", "plugin": "...", "url": "https://site/news", ...options},
     "responses": [{"url": "https://site/news", "status": 200,
                    "content_type": "text/html; charset=utf-8", "file": "0001.html"}, ...]}

``ReplayServer`` (from monitor/replay.py, which also serves the demo's sites) serves each
recorded origin from its own 127.0.0.1 port, with links to the recorded origins in the bodies
rewritten to the local ones, so a test never leaves the machine. ``run_source`` runs a source
type through the same code path as ``monitor poll`` (minus storing).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.api import Item, SourceType
from monitor.config import validate_config
from monitor.errors import MonitorError
from monitor.fetch import Fetcher, FetchSettings
from monitor.plugins import SourceTypeInfo, load_plugins
from monitor.poll.collect import collect
from monitor.replay import ReplayServer, load_manifest

__all__ = ["ReplayServer", "SourceRun", "load_manifest", "run_source"]


@dataclass
class SourceRun:
    """What one run of a source produced, as the poll would see it (nothing is stored)."""

    items: list[Item]
    warnings: list[str]
    status: str
    error: str = ""
    requests: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _registry_for(source_type: str | type[SourceType], plugins_dir: Path | None) -> tuple[Any, str]:
    registry = load_plugins(plugins_dir, entry_points=False)
    if isinstance(source_type, str):
        if source_type not in registry.source_types:
            known = ", ".join(sorted(registry.source_types))
            problems = "; ".join(registry.errors)
            raise MonitorError(
                f"no source type {source_type!r} (known: {known})"
                + (f"; not loaded: {problems}" if problems else "")
            )
        return registry, source_type
    registry.source_types[source_type.name] = SourceTypeInfo(source_type, "run_source")
    return registry, source_type.name


def run_source(
    source_type: str | type[SourceType],
    fixtures: str | Path | None = None,
    *,
    url: str | None = None,
    options: dict[str, Any] | None = None,
    plugins_dir: str | Path | None = None,
    **common: Any,
) -> SourceRun:
    """Run a source type once, against a fixture folder (replayed locally) or a given ``url``.

    ``source_type`` is a SourceType subclass or a registered name (plugins come from our defaults
    and ``plugins_dir``). ``options`` and ``common`` keys (``language``, ``full_text``...) override
    the manifest's source entry. Item URLs are given back as recorded, not as served locally.
    """
    registry, type_name = _registry_for(
        source_type, Path(plugins_dir) if plugins_dir is not None else None
    )
    manifest: dict[str, Any] = load_manifest(fixtures) if fixtures is not None else {}
    entry: dict[str, Any] = {"name": "test-source", **dict(manifest.get("source") or {})}
    entry.update(options or {})
    entry.update(common)
    entry["plugin"] = type_name
    if url is not None:
        entry["url"] = url
    if "url" not in entry:
        raise MonitorError("run_source needs a url= or a fixture folder whose manifest has one")
    settings = FetchSettings(respect_robots=False, retries=0, total_timeout=20.0)

    async def go(replay: ReplayServer | None) -> Any:
        data = dict(entry)
        if replay is not None:
            data["url"] = replay.local_url(data["url"])
        config = validate_config({"sources": [data]}, Path("<run_source>"), registry)
        source = config.sources[0]
        async with Fetcher(settings) as fetcher:
            http = fetcher.for_source(source.url, source.allow_private)  # the poll's SSRF rule
            return await collect(source, config.plugin_options[source.name], registry, http)

    if fixtures is None:
        result = asyncio.run(go(None))
        return SourceRun(result.items, result.warnings, result.status, result.error)
    with ReplayServer(fixtures) as replay:
        result = asyncio.run(go(replay))
        items = [_restore(item, replay) for item in result.items]
        return SourceRun(items, result.warnings, result.status, result.error,
                         list(replay.requests), list(replay.missing))


def _restore(item: Item, replay: ReplayServer) -> Item:
    return item.model_copy(update={
        "url": replay.original_url(item.url),
        "translation_urls": [replay.original_url(u) for u in item.translation_urls],
    })
