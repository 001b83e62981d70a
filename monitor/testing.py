"""The plugin author's test kit: replay recorded responses locally and run a source against them.

A fixture folder (made by ``monitor record-source NAME --into tests/fixtures/NAME/`` or by hand)
holds the response bodies and a ``manifest.json``::

    {"source": {"name": "...", "plugin": "...", "url": "https://site/news", ...options},
     "responses": [{"url": "https://site/news", "status": 200,
                    "content_type": "text/html; charset=utf-8", "file": "0001.html"}, ...]}

``ReplayServer`` serves each recorded origin from its own 127.0.0.1 port, with links to the
recorded origins in the bodies rewritten to the local ones, so a test never leaves the machine.
``run_source`` runs a source type through the same code path as ``monitor poll`` (minus storing).
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from monitor.api import Item, SourceType
from monitor.config import validate_config
from monitor.errors import MonitorError
from monitor.fetch import Fetcher, FetchSettings
from monitor.plugins import SourceTypeInfo, load_plugins
from monitor.poll.collect import collect

__all__ = ["ReplayServer", "SourceRun", "load_manifest", "run_source"]

MANIFEST = "manifest.json"
TEXT_TYPES = ("text/", "html", "xml", "json", "javascript", "rss", "atom")


def load_manifest(fixtures: str | Path) -> dict[str, Any]:
    """The manifest of a fixture folder, checked enough to give a clear error."""
    path = Path(fixtures) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MonitorError(
            f"{path}: no manifest (record one with `monitor record-source`)"
        ) from None
    except ValueError as exc:
        raise MonitorError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("responses"), list):
        raise MonitorError(f"{path}: expected an object with a 'responses' list")
    for number, entry in enumerate(data["responses"]):
        if not isinstance(entry, dict) or not {"url", "file"} <= set(entry):
            raise MonitorError(f"{path}: responses[{number}] needs 'url' and 'file'")
    return data


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@dataclass
class _Recorded:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class ReplayServer:
    """Serves a fixture folder: one local port per recorded origin. Use as a context manager."""

    def __init__(self, fixtures: str | Path):
        self.folder = Path(fixtures)
        self.manifest = load_manifest(self.folder)
        self.requests: list[str] = []
        """Original URLs asked for, in order."""
        self.missing: list[str] = []
        """Original URLs asked for that were never recorded (answered 404)."""
        self.origins: dict[str, str] = {}
        """Recorded origin -> local origin (http://127.0.0.1:PORT)."""
        self._servers: list[ThreadingHTTPServer] = []
        self._routes: dict[tuple[str, str], _Recorded] = {}

    def start(self) -> ReplayServer:
        for entry in self.manifest["responses"]:
            for url in {entry["url"], entry.get("final_url") or entry["url"]}:
                origin = _origin(url)
                if origin not in self.origins:
                    self._serve(origin)
        for entry in self.manifest["responses"]:
            body = (self.folder / entry["file"]).read_bytes()
            content_type = entry.get("content_type") or "text/html; charset=utf-8"
            if any(t in content_type.lower() for t in TEXT_TYPES):
                body = self.rewrite(body)
            recorded = _Recorded(int(entry.get("status", 200)), content_type, body,
                                 dict(entry.get("headers") or {}))
            for url in {entry["url"], entry.get("final_url") or entry["url"]}:
                self._routes[(_origin(url), _target(url))] = recorded
        return self

    def _serve(self, origin: str) -> None:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                original = origin + self.path
                replay.requests.append(original)
                recorded = replay._routes.get((origin, self.path))
                if recorded is None:
                    if self.path != "/robots.txt":
                        replay.missing.append(original)
                    recorded = _Recorded(404, "text/plain", b"not recorded: " + original.encode())
                self.send_response(recorded.status)
                self.send_header("Content-Type", recorded.content_type)
                for key, value in recorded.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(recorded.body)))
                self.end_headers()
                self.wfile.write(recorded.body)

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        self._servers.append(httpd)
        self.origins[origin] = f"http://127.0.0.1:{httpd.server_address[1]}"

    def rewrite(self, body: bytes) -> bytes:
        """Links to recorded origins -> the local servers (absolute and protocol-relative)."""
        for origin, local in sorted(self.origins.items(), key=lambda kv: -len(kv[0])):
            host = origin.split("://", 1)[1].encode()
            local_bytes = local.encode()
            for scheme in (b"https://", b"http://"):
                body = body.replace(scheme + host, local_bytes)
            body = body.replace(b'"//' + host, b'"' + local_bytes)
            body = body.replace(b"'//" + host, b"'" + local_bytes)
        return body

    def local_url(self, url: str) -> str:
        """A recorded URL as served here."""
        origin = _origin(url)
        if origin not in self.origins:
            return url
        return self.origins[origin] + url[len(origin):]

    def original_url(self, url: str) -> str:
        """A local URL back to the recorded one (for comparing with golden results)."""
        for origin, local in self.origins.items():
            if url.startswith(local):
                return origin + url[len(local):]
        return url

    def close(self) -> None:
        for httpd in self._servers:
            httpd.shutdown()
            httpd.server_close()
        self._servers.clear()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


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
