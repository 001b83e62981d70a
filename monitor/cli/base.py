"""What every command shares: the state of one invocation, exit statuses, user errors."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import click

from monitor.errors import ConfigError, MonitorError
from monitor.parse.text import strip_controls
from monitor.store.faults import EXIT_STORAGE, StorageFault
from monitor.store.faults import describe as describe_fault

EXIT_OK, EXIT_SOURCES_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75


_REGISTRIES: dict[Path, Any] = {}


def registry_for(plugins_dir: Path) -> Any:
    """Plugins are loaded once per process: `main` needs their commands, `State` their types."""
    key = plugins_dir.resolve()
    if key not in _REGISTRIES:
        from monitor.plugins import load_plugins

        _REGISTRIES[key] = load_plugins(plugins_dir)
    return _REGISTRIES[key]


class State:
    """One invocation's options, and what its commands open on the way (closed at the end)."""

    def __init__(self, config: str, db: str, plugins_dir: str | None,
                 db_given: bool = True):
        from monitor.kit.demo import DEMO_DB, is_demo_config

        self.config_path = Path(config)
        self.db_path = Path(db)
        self._plugins_option = plugins_dir
        self._plugins_dir: Path | None = None
        # the demo's sources.yaml works like any other: its plugins, its database, its sites
        self.demo = is_demo_config(self.config_path)
        if self.demo and not db_given:
            self.db_path = Path(DEMO_DB)
        self._registry: Any = None
        self._closing = ExitStack()
        self._replay: str | None = None

    @property
    def plugins_dir(self) -> Path:
        """The plugins folder, found when first asked for: `monitor tag` and the other commands
        that load no plugin never import the plugin machinery (a third of a second)."""
        if self._plugins_dir is None:
            from monitor.kit.demo import demo_plugins_dir
            from monitor.plugins import default_plugins_dir

            path = default_plugins_dir(self.config_path, self._plugins_option)
            if self.demo and not self._plugins_option and not path.is_dir():
                path = demo_plugins_dir()
            self._plugins_dir = path
        return self._plugins_dir

    def close(self) -> None:
        """Stop what commands started on the way (the demo's replay server)."""
        self._closing.close()

    @property
    def registry(self) -> Any:
        if self._registry is None:
            self._registry = registry_for(self.plugins_dir)
            for error in self._registry.errors:
                click.echo(f"warning: plugin not loaded: {error}", err=True)
        return self._registry

    def config(self, substitutions: dict[str, str] | None = None, path: Path | None = None) -> Any:
        from monitor.config import load_config
        from monitor.kit.demo import PLACEHOLDER, serve_demo_sites

        if substitutions is None and path is None and self.demo:
            if self._replay is None:  # the demo's sites, replayed while the command runs
                self._replay = self._closing.enter_context(serve_demo_sites())
            substitutions = {PLACEHOLDER: self._replay}
        return load_config(path or self.config_path, self.registry, substitutions)

    def db(self) -> Any:
        from monitor.store.schema import open_db

        return open_db(self.db_path)


@contextmanager
def user_errors() -> Iterator[None]:
    """Our errors become a message and exit status 2, never a traceback.

    The machine's faults (a full disk, a read-only file system, a file that is not SQLite)
    become one line saying what to do, and exit status 74.
    """
    try:
        yield
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except StorageFault as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORAGE)
    except MonitorError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except (sqlite3.DatabaseError, OSError) as exc:
        state = click.get_current_context(silent=True)
        db_path = getattr(state.obj, "db_path", None) if state is not None else None
        message = describe_fault(exc, db_path)
        if message is None:
            raise
        click.echo(f"error: {message}", err=True)
        sys.exit(EXIT_STORAGE)


def read_jsonl(stream: Any, plain_field: str = "",
               ) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """Numbered JSON objects; with `plain_field`, a line that is not JSON is that field's text.

    Read as bytes, so that one line that is not UTF-8 is that line's error only."""
    for number, raw in enumerate(stream, start=1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield number, None, (f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
                                     f"column {exc.start + 1})")
                continue
        else:
            line = raw
        if not line.strip():
            continue
        if plain_field and not line.lstrip().startswith(("{", "[")):
            yield number, {plain_field: line.strip()}, ""
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            yield number, None, f"not JSON: {exc}"
            continue
        if not isinstance(value, dict):
            yield number, None, "not a JSON object"
            continue
        yield number, value, ""


def print_record(record: dict[str, Any]) -> None:
    """One item as check-source shows it: title, address, date, language, tags, text."""
    record = {k: strip_controls(v) if isinstance(v, str) else v for k, v in record.items()}

    def listed(key: str) -> str:
        value = record.get(key)
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        return ", ".join(str(v) for v in value or []) or "-"

    click.echo(f"* {record.get('title') or '(no title)'}")
    click.echo(f"  url:       {record.get('url')}")
    click.echo(f"  published: {record.get('published') or '(none)'}")
    confidence = record.get("language_confidence")
    click.echo(f"  language:  {record.get('language') or '?'}"
               + (f" ({confidence:.2f}, {record.get('language_detector')})"
                  if isinstance(confidence, float) else ""))
    click.echo(f"  events:    {listed('event_types')}   relevant: {record.get('relevant')}")
    click.echo(f"  countries: {listed('countries')}   sectors: {listed('sectors')}")
    text = " ".join(str(record.get("text") or "").split())
    if text:
        click.echo(f"  text:      {text[:160]}{'…' if len(text) > 160 else ''} "
                   f"({len(record.get('text') or '')} chars)")
