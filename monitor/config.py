"""Loading and validating sources.yaml. Every problem is collected and reported with its place."""

from __future__ import annotations

import difflib
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
from monitor.errors import ConfigError
from monitor.plugins import Registry

COMMON_KEYS = set(SourceConfig.model_fields) - {"options"}


@dataclass
class Config:
    path: Path
    sources: list[SourceConfig] = field(default_factory=list)
    plugin_options: dict[str, BaseModel] = field(default_factory=dict)

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)


def _line_map(text: str) -> dict[tuple[int, str | None], int]:
    """(entry index, key) -> 1-based line, from the YAML node tree, for error messages."""
    lines: dict[tuple[int, str | None], int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        if key_node.value == "sources" and isinstance(value_node, yaml.SequenceNode):
            for index, entry in enumerate(value_node.value):
                lines[(index, None)] = entry.start_mark.line + 1
                if isinstance(entry, yaml.MappingNode):
                    for k, _value in entry.value:
                        lines[(index, str(k.value))] = k.start_mark.line + 1
    return lines


def _format_loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in ("options",)) or "(entry)"


def load_config(
    path: Path, registry: Registry, substitutions: dict[str, str] | None = None
) -> Config:
    """Read and validate a sources file; raise ConfigError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
        for placeholder, value in (substitutions or {}).items():
            text = text.replace(placeholder, value)
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found (use --config or MONITOR_CONFIG)"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"cannot read: {exc}"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(str(path), [f"{where}not valid YAML: {problem}"]) from None
    return validate_config(data, path, registry, _line_map(text))


def validate_config(
    data: Any,
    path: Path,
    registry: Registry,
    lines: dict[tuple[int, str | None], int] | None = None,
) -> Config:
    lines = lines or {}
    problems: list[str] = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), ["the top level must be a mapping with a 'sources:' list"])
    for key in data:
        if key != "sources":
            problems.append(f"unknown top-level key {key!r} (expected 'sources')")
    entries = data.get("sources")
    if entries is None:
        entries = []
        if "sources" not in data:
            problems.append("missing 'sources:' list (use 'sources: []' for none)")
    if not isinstance(entries, list):
        raise ConfigError(str(path), ["'sources' must be a list of sources"])

    config = Config(path=path)
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        label = f"sources[{index}]"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label += f" ({entry['name']})"

        def at(key: str | None, _index: int = index) -> str:
            line = lines.get((_index, key)) or lines.get((_index, None))
            return f"line {line}: " if line else ""

        if not isinstance(entry, dict):
            problems.append(f"{at(None)}{label}: must be a mapping with name, plugin and url")
            continue
        common = {k: v for k, v in entry.items() if k in COMMON_KEYS}
        common["options"] = {k: v for k, v in entry.items() if k not in COMMON_KEYS}
        try:
            source = SourceConfig.model_validate(common)
        except ValidationError as exc:
            for err in exc.errors():
                key = str(err["loc"][0]) if err["loc"] else None
                msg = err["msg"].removeprefix("Value error, ")
                if err["type"] == "missing":
                    msg = "required field is missing"
                problems.append(f"{at(key)}{label}.{_format_loc(err['loc'])}: {msg}")
            source = None
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
                for err in exc.errors():
                    key = str(err["loc"][0]) if err["loc"] else None
                    msg = err["msg"].removeprefix("Value error, ")
                    if err["type"] == "extra_forbidden":
                        allowed = sorted(COMMON_KEYS | set(info.cls.Options.model_fields))
                        close = difflib.get_close_matches(str(key), allowed, n=1)
                        msg = f"unknown key for plugin {plugin!r}" + (
                            f" (did you mean {close[0]!r}?)" if close else ""
                        )
                    elif err["type"] == "missing":
                        msg = f"required by plugin {plugin!r}"
                    problems.append(f"{at(key)}{label}.{_format_loc(err['loc'])}: {msg}")
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
