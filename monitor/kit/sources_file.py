"""Adding entries to sources.yaml without losing what people wrote in it.

``monitor add`` and ``monitor import-opml`` append to the file a person maintains: its comments,
order, quoting and folded notes stay as they are (ruamel.yaml's round trip), the new entries go
at the end, and the whole file is validated before anything is written. A file that would not
load afterwards is never written.
"""

from __future__ import annotations

import io
import os
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from monitor.config import Config, validate_config
from monitor.errors import ConfigError

NOTE_WIDTH = 88
ENTRY_ORDER = ("name", "plugin", "url", "language", "country", "region", "tags", "interval",
               "enabled", "allow_private", "full_text")


def _yaml() -> YAML:
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _ordered(entry: dict[str, Any]) -> CommentedMap:
    """Common keys first in the usual order, then the plugin's options, the note last."""
    keys = [k for k in ENTRY_ORDER if k in entry]
    keys += [k for k in entry if k not in keys and k != "note"]
    keys += ["note"] if "note" in entry else []
    out = CommentedMap()
    for key in keys:
        value = entry[key]
        if isinstance(value, list):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            value = seq
        elif isinstance(value, str) and len(value) > NOTE_WIDTH and "\n" not in value:
            value = _folded(value)
        out[key] = value
    return out


def _folded(text: str) -> FoldedScalarString:
    """A long note as the file writes them: `>-` and lines folded at spaces."""

    folded = FoldedScalarString(text)
    positions, at = [], 0
    for line in textwrap.wrap(text, NOTE_WIDTH, break_long_words=False,
                              break_on_hyphens=False)[:-1]:
        at = text.index(line, at) + len(line)
        positions.append(at)
    if all(text[p] == " " for p in positions) and "  " not in text:
        folded.fold_pos = positions  # type: ignore[attr-defined]
        return folded
    return FoldedScalarString(text)


def render_with(path: Path, entries: list[dict[str, Any]]) -> str:
    """The text of ``path`` with ``entries`` appended to its ``sources:`` list."""
    rt = _yaml()
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    data = rt.load(text) if text.strip() else None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise ConfigError(str(path), ["the top level must be a mapping with a 'sources:' list"])
    sources = data.get("sources")
    if sources is None:
        sources = CommentedSeq()
        data["sources"] = sources
    if not isinstance(sources, CommentedSeq):
        raise ConfigError(str(path), ["'sources' must be a list of sources"])
    for entry in entries:
        sources.append(_ordered(entry))
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def entry_yaml(entry: dict[str, Any]) -> str:
    """One entry as it would be appended (for --dry-run)."""
    out = io.StringIO()
    rt = _yaml()
    seq = CommentedSeq([_ordered(entry)])
    rt.dump(CommentedMap(sources=seq), out)
    return out.getvalue().split("sources:\n", 1)[1]


def append_sources(path: Path, entries: list[dict[str, Any]], registry: Any) -> Config:
    """Append ``entries`` to the sources file, validated as a whole; returns the new config.

    Raises ConfigError (and writes nothing) when the file with the new entries would not load.
    """
    text = render_with(path, entries)
    config = validate_config(yaml.safe_load(text), path, registry)
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return config


def check_entries(entries: list[dict[str, Any]], registry: Any,
                  path: Path) -> tuple[Config | None, list[str]]:
    """Validate entries on their own (as a file holding only them): the config or the problems."""
    try:
        return validate_config({"sources": entries}, path, registry), []
    except ConfigError as exc:
        return None, exc.problems
