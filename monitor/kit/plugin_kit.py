"""The plugin author's kit: try a source without storing, record its responses, scaffold a plugin.

Library functions behind ``monitor check-source``, ``monitor record-source`` and
``monitor new-plugin``; the replay side (for tests) is monitor/testing.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.errors import MonitorError
from monitor.fetch import Fetcher, FetchSettings, Response
from monitor.poll.collect import collect
from monitor.poll.process import make_record, tag_record
from monitor.values import utc_now

PLUGIN_NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
TEMPLATES = {
    "new_plugin.py.tmpl": "{plugins}/{name}.py",
    "new_plugin_test.py.tmpl": "{tests}/test_plugin_{name}.py",
    "new_plugin_page.html.tmpl": "{tests}/fixtures/{name}/news.html",
    "new_plugin_manifest.json.tmpl": "{tests}/fixtures/{name}/manifest.json",
}
EXTENSIONS = {
    "text/html": ".html", "application/xhtml+xml": ".html", "application/json": ".json",
    "application/rss+xml": ".xml", "application/atom+xml": ".xml", "application/xml": ".xml",
    "text/xml": ".xml", "text/plain": ".txt",
}


class RecordingFetcher(Fetcher):
    """A Fetcher that keeps every response it hands out (views made by for_source share them)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.recorded: list[Response] = []

    async def get(self, url: str, headers: dict[str, str] | None = None,
                  **kwargs: Any) -> Response:
        response = await super().get(url, headers, **kwargs)
        self.recorded.append(response)
        return response


def _file_name(number: int, response: Response) -> str:
    path = urlsplit(response.final_url).path.rstrip("/").rsplit("/", 1)[-1]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.rsplit(".", 1)[0])[:40].strip("-") or "index"
    return f"{number:04d}-{stem}{EXTENSIONS.get(response.content_type, '.bin')}"


def write_recording(
    folder: Path, source_entry: dict[str, Any], responses: list[Response]
) -> Path:
    """Save response bodies and a manifest that monitor.testing.ReplayServer replays."""
    folder.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for response in responses:
        if response.url in seen:
            continue
        seen.add(response.url)
        name = _file_name(len(entries) + 1, response)
        (folder / name).write_bytes(response.content)
        entry = {
            "url": response.url,
            "status": response.status,
            "content_type": response.headers.get("content-type", ""),
            "file": name,
        }
        if response.final_url != response.url:
            entry["final_url"] = response.final_url
        entries.append(entry)
    manifest = {
        "recorded": utc_now(),
        "source": source_entry,
        "responses": entries,
    }
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def source_entry(source: Any, options: Any) -> dict[str, Any]:
    """A sources.yaml entry (common keys + options) back from the validated config."""
    entry = source.model_dump(exclude_defaults=True, exclude={"options"})
    entry.update({"name": source.name, "plugin": source.plugin, "url": source.url})
    entry.update(options.model_dump(exclude_defaults=True))
    return entry


@dataclass
class CheckResult:
    status: str
    error: str
    warnings: list[str]
    records: list[dict[str, Any]] = field(default_factory=list)
    recorded: list[Response] = field(default_factory=list)


async def check_source(
    source: Any, options: Any, registry: Any, record: bool = False, tag: bool = True,
    settings: FetchSettings | None = None,
) -> CheckResult:
    """Run one source as the poll would, storing nothing; records as they would be stored."""
    fetcher_cls = RecordingFetcher if record else Fetcher
    async with fetcher_cls(settings) as fetcher:
        # the poll's own rules: the source's host may be private, nothing else (SSRF)
        http = fetcher.for_source(source.url, source.allow_private)
        result = await collect(source, options, registry, http)
        recorded = list(getattr(fetcher, "recorded", []))
    records = []
    fetched = utc_now()
    for item in result.items:
        if tag:
            prepared = make_record(item, source.name, fetched)
            tag_record(prepared, source.language, source.country)
            records.append(prepared.to_dict())
        else:
            records.append(item.model_dump(mode="json"))
    return CheckResult(result.status, result.error, result.warnings, records, recorded)


def new_plugin(name: str, plugins_dir: Path, tests_dir: Path) -> list[Path]:
    """Write a plugin module, its fixture folder and a test that passes as generated."""
    if not PLUGIN_NAME.match(name):
        raise MonitorError(
            f"plugin name {name!r}: use 2-41 lower-case letters, digits or '_', starting with a "
            "letter (it becomes a Python module and the source type's name)"
        )
    targets = {
        template: Path(pattern.format(plugins=plugins_dir, tests=tests_dir, name=name))
        for template, pattern in TEMPLATES.items()
    }
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing:
        raise MonitorError(f"not overwriting: {', '.join(existing)}")
    class_name = "".join(part.capitalize() for part in name.split("_")) + "Source"
    made = []
    folder = resources.files("monitor.kit") / "templates"
    for template, target in targets.items():
        text = (folder / template).read_text(encoding="utf-8")
        text = text.replace("__NAME__", name).replace("__CLASS__", class_name)
        text = text.replace("__PLUGINS_DIR__", _relative(plugins_dir, tests_dir.parent))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        made.append(target)
    return made


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()
