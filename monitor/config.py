"""Loading and validating sources.yaml. Every problem is collected and reported with its place."""

from __future__ import annotations

import difflib
import hashlib
import marshal
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from monitor.api import (  # noqa: F401 (re-exported: the config's own names)
    SLUG,
    SLUG_RULE,
    Slug,
    SourceConfig,
    parse_duration,
)
from monitor.enrich.compiled_cache import cache_dir
from monitor.errors import ConfigError, validation_problems
from monitor.plugins import Registry
from monitor.settings import Settings

COMMON_KEYS = set(SourceConfig.model_fields) - {"options"}


@dataclass
class Config:
    path: Path
    sources: list[SourceConfig] = field(default_factory=list)
    settings: Settings = field(default_factory=lambda: Settings())
    plugin_options: dict[str, BaseModel] = field(default_factory=dict)

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML has it: a sources.yaml of 100,000 entries in seconds."""


@dataclass
class YamlDocument:
    """A YAML config file's data, and where each list entry and key stands in it.

    The lines come from the YAML node tree, which costs more than the load itself (100,000
    sources): it is built only when a message needs a line."""

    data: Any
    text: str = ""
    _lines: dict[tuple[str, int, str | None], int] | None = None

    @property
    def lines(self) -> dict[tuple[str, int, str | None], int]:
        """(top-level key, entry index or -1 for a mapping, key or None) -> 1-based line."""
        if self._lines is None:
            try:
                self._lines = _line_map(yaml.compose(self.text, Loader=_LOADER))
            except yaml.YAMLError:
                self._lines = {}
        return self._lines

    def at(self, section: str, index: int, key: str | None = None) -> str:
        """'line 12: ' for a place in the file, or '' when unknown."""
        line = self.lines.get((section, index, key)) or self.lines.get((section, index, None))
        return f"line {line}: " if line else ""


def _line_map(root: Any) -> dict[tuple[str, int, str | None], int]:
    lines: dict[tuple[str, int, str | None], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        section = str(key_node.value)
        if isinstance(value_node, yaml.SequenceNode):
            for index, entry in enumerate(value_node.value):
                lines[(section, index, None)] = entry.start_mark.line + 1
                if isinstance(entry, yaml.MappingNode):
                    for k, _value in entry.value:
                        lines[(section, index, str(k.value))] = k.start_mark.line + 1
        elif isinstance(value_node, yaml.MappingNode):
            lines[(section, -1, None)] = key_node.start_mark.line + 1
            for k, _value in value_node.value:
                lines[(section, -1, str(k.value))] = k.start_mark.line + 1
    return lines


CACHE_FROM_BYTES = 64 * 1024
"""A YAML file this big or bigger keeps its parsed data in the cache folder: PyYAML builds
Python objects slowly (70 ms per 1,000 sources, even with libyaml), and cron reads the same
sources.yaml every few minutes. Smaller files are parsed every time (a few ms)."""
CACHE_KEEP = 7 * 86400.0
"""A cached parse no process has read for a week is removed when another one is written."""


def _parse_yaml(text: str) -> Any:
    """The file's data: from the cache when this exact text was parsed before, else parsed.

    Keyed by a hash of the text, PyYAML's version and the loader, so an edit is always seen;
    data marshal cannot hold (a YAML timestamp) is simply not cached, and a cache that cannot
    be read or written is skipped, never an error."""
    if len(text) < CACHE_FROM_BYTES or os.environ.get("MONITOR_NO_CACHE"):
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader, C or Python)
    digest = hashlib.sha256(
        f"{yaml.__version__} {_LOADER.__name__} {sys.version_info[:2]}\n".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    folder = cache_dir() / "yaml"
    path = folder / f"{digest.hexdigest()[:32]}.marshal"
    try:
        data = marshal.loads(path.read_bytes())
        os.utime(path)
        return data
    except Exception:  # missing, stale or unreadable: parse
        pass
    data = yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader, C or Python)
    try:
        blob = marshal.dumps(data)
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as tmp:
            tmp.write(blob)
        os.replace(tmp.name, path)
        for old in folder.iterdir():
            if old != path and time.time() - old.stat().st_mtime > CACHE_KEEP:
                old.unlink()
    except Exception:  # not marshal-able, or a read-only home: parsing again is fine
        pass
    return data


def read_yaml(path: Path, missing: str = "file not found",
              substitutions: dict[str, str] | None = None) -> YamlDocument:
    """Read a YAML config file (sources.yaml, watches.yaml) with the line of every entry and
    key, for error messages; a file that cannot be read or parsed is a ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
        for placeholder, value in (substitutions or {}).items():
            text = text.replace(placeholder, value)
    except FileNotFoundError:
        raise ConfigError(str(path), [missing]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"cannot read: {exc}"]) from None
    try:
        data = _parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(str(path), [f"{where}not valid YAML: {problem}"]) from None
    return YamlDocument(data, text)


def _format_loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in ("options",)) or "(entry)"


def load_config(
    path: Path, registry: Registry, substitutions: dict[str, str] | None = None
) -> Config:
    """Read and validate a sources file; raise ConfigError listing every problem."""
    doc = read_yaml(path, "file not found (use --config or MONITOR_CONFIG)", substitutions)
    return validate_config(doc.data, path, registry, doc)


def _settings(data: Any, doc: YamlDocument, problems: list[str]) -> Settings:
    if data is None:
        return Settings()
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        for loc, _kind, message in validation_problems(exc):
            where = doc.at("settings", -1, str(loc[0]) if loc else None)
            problems.append(f"{where}settings.{'.'.join(str(p) for p in loc)}: {message}")
    return Settings()


def validate_config(
    data: Any, path: Path, registry: Registry, doc: YamlDocument | None = None,
) -> Config:
    doc = doc or YamlDocument(data)
    problems: list[str] = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), ["the top level must be a mapping with a 'sources:' list"])
    for key in data:
        if key not in ("sources", "settings"):
            problems.append(f"{doc.at(str(key), -1)}unknown top-level key {key!r} "
                            "(expected 'settings' or 'sources')")
    entries = data.get("sources")
    if entries is None:
        entries = []
        if "sources" not in data:
            problems.append("missing 'sources:' list (use 'sources: []' for none)")
    if not isinstance(entries, list):
        raise ConfigError(str(path), ["'sources' must be a list of sources"])

    config = Config(path=path, settings=_settings(data.get("settings"), doc, problems))
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        label = f"sources[{index}]"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label += f" ({entry['name']})"

        def at(key: str | None, _index: int = index) -> str:
            return doc.at("sources", _index, key)

        if not isinstance(entry, dict):
            problems.append(f"{at(None)}{label}: must be a mapping with name, plugin and url")
            continue
        common = {k: v for k, v in entry.items() if k in COMMON_KEYS}
        common["options"] = {k: v for k, v in entry.items() if k not in COMMON_KEYS}
        source: SourceConfig | None = None
        try:
            source = SourceConfig.model_validate(common)
        except ValidationError as exc:
            for loc, _kind, message in validation_problems(exc):
                key = str(loc[0]) if loc else None
                problems.append(f"{at(key)}{label}.{_format_loc(loc)}: {message}")
        plugin = entry.get("plugin")
        info = registry.source_types.get(plugin) if isinstance(plugin, str) else None
        if isinstance(plugin, str) and info is None:
            hint = difflib.get_close_matches(plugin, list(registry.source_types), n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            known = ", ".join(sorted(registry.source_types))
            problems.append(
                f"{at('plugin')}{label}.plugin: unknown plugin {plugin!r}{suggestion}; "
                f"known: {known}"
            )
        options_model = None
        if info is not None:
            try:
                options_model = info.cls.Options.model_validate(common["options"])
            except ValidationError as exc:
                for loc, kind, message in validation_problems(exc):
                    key = str(loc[0]) if loc else None
                    if kind == "extra_forbidden":
                        allowed = sorted(COMMON_KEYS | set(info.cls.Options.model_fields))
                        close = difflib.get_close_matches(str(key), allowed, n=1)
                        message = f"unknown key for plugin {plugin!r}" + (
                            f" (did you mean {close[0]!r}?)" if close else ""
                        )
                    elif kind == "missing":
                        message = f"required by plugin {plugin!r}"
                    problems.append(f"{at(key)}{label}.{_format_loc(loc)}: {message}")
        if source is not None:
            if source.name in seen:
                problems.append(
                    f"{at('name')}{label}.name: duplicate name {source.name!r} "
                    f"(first used by sources[{seen[source.name]}])"
                )
            else:
                seen[source.name] = index
            if options_model is not None:
                config.sources.append(source)
                config.plugin_options[source.name] = options_model
    if problems:
        raise ConfigError(str(path), problems)
    return config
