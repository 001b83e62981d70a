"""The `monitor` command. Thin: parse options, call the library, turn errors into messages."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from monitor import __version__
from monitor.errors import ConfigError, MonitorError

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
    def __init__(self, config: str, db: str, plugins_dir: str | None):
        self.config_path = Path(config)
        self.db_path = Path(db)
        self.plugins_dir = Path(plugins_dir) if plugins_dir else self.config_path.parent / "plugins"
        self._registry: Any = None

    @property
    def registry(self) -> Any:
        if self._registry is None:
            self._registry = registry_for(self.plugins_dir)
            for error in self._registry.errors:
                click.echo(f"warning: plugin not loaded: {error}", err=True)
        return self._registry

    def config(self, substitutions: dict[str, str] | None = None, path: Path | None = None) -> Any:
        from monitor.config import load_config

        return load_config(path or self.config_path, self.registry, substitutions)

    def db(self) -> Any:
        from monitor.store import open_db

        return open_db(self.db_path)


@contextmanager
def user_errors() -> Iterator[None]:
    """Our errors become a message and exit status 2, never a traceback.

    The machine's faults (a full disk, a read-only file system, a file that is not SQLite)
    become one line saying what to do, and exit status 74.
    """
    from monitor.storage_faults import EXIT_STORAGE, StorageFault

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
        from monitor.storage_faults import describe

        state = click.get_current_context(silent=True)
        db_path = getattr(state.obj, "db_path", None) if state is not None else None
        message = describe(exc, db_path)
        if message is None:
            raise
        click.echo(f"error: {message}", err=True)
        sys.exit(EXIT_STORAGE)


class _Commands(click.Group):
    """Our commands, and plugins' commands (register_commands) found only when asked for.

    `monitor --help` and every built-in command never import a plugin: one that hangs or fails
    at import cannot take the command line down with it.
    """

    plugins_added: set[Path] = set()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        config = Path(ctx.params.get("config") or "sources.yaml")
        plugins_dir = Path(ctx.params.get("plugins_dir") or config.parent / "plugins")
        if plugins_dir.resolve() not in self.plugins_added:
            self.plugins_added.add(plugins_dir.resolve())
            registry_for(plugins_dir).pm.hook.register_commands(cli=self)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands)
@click.version_option(__version__, prog_name="monitor")
@click.option(
    "--config", default="sources.yaml", envvar="MONITOR_CONFIG", show_default=True,
    help="The sources file.", type=click.Path(dir_okay=False),
)
@click.option(
    "--db", default="data/monitor.db", envvar="MONITOR_DB", show_default=True,
    help="The SQLite database.", type=click.Path(dir_okay=False),
)
@click.option(
    "--plugins-dir", default=None, envvar="MONITOR_PLUGINS_DIR",
    help="Folder of plugin .py files [default: plugins/ beside the sources file].",
    type=click.Path(file_okay=False),
)
@click.pass_context
def cli(ctx: click.Context, config: str, db: str, plugins_dir: str | None) -> None:
    """Monitor union, NGO and news sites for strikes, protests and workplace incidents."""
    for name, value in (("--config", config), ("--db", db)):
        if not value.strip():
            raise click.BadParameter("is empty: give a file name", param_hint=name)
    ctx.obj = State(config, db, plugins_dir)


def _print_report(report: Any, as_json: bool) -> None:
    from monitor.pollcli import print_report

    print_report(report, as_json)


def _one_line(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An option that goes into an HTTP header: no line breaks or control characters."""
    if value is not None and any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise click.BadParameter("must be one line without control characters (it goes into "
                                 "the User-Agent header)")
    return value


@cli.command()
@click.option("--source", "names", multiple=True,
              help="Poll only this source (repeatable), due or not.")
@click.option("--all", "all_", is_flag=True, help="Poll every enabled source, due or not.")
@click.option("--wait", is_flag=True,
              help="If another poll is running, wait for it instead of exiting with status 75.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.option("--contact", envvar="MONITOR_CONTACT", callback=_one_line,
              help="URL or mailto: put in our User-Agent so site owners can reach you.")
@click.option("--host-delay", type=float, default=0.0, show_default=True,
              help="Seconds between two requests to the same host.")
@click.pass_obj
def poll(state: State, names: tuple[str, ...], all_: bool, wait: bool, as_json: bool,
         contact: str | None, host_delay: float) -> None:
    """Poll the sources that are due (see each source's `interval`) into the database.

    Made for cron: quiet on success when not on a terminal, a progress bar on a terminal.
    Exit status: 0 all sources fine, 1 some failed (or our network is down), 2 usage or
    config error, 74 the disk is full or the database cannot be written, 75 another poll
    holds the lock.
    """
    from monitor.errors import PollLocked
    from monitor.lock import poll_lock
    from monitor.pollcli import run_poll_command
    from monitor.store import utcnow

    with user_errors():
        config = state.config()
        unknown = [n for n in names if n not in {s.name for s in config.sources}]
        if unknown:
            raise MonitorError(f"no such source: {', '.join(unknown)} (see `monitor sources`)")
        try:
            with poll_lock(state.db_path, wait=wait):
                db = state.db()
                poll_started = utcnow()
                report = run_poll_command(
                    db, config, state.registry, list(names) or None, all_, contact, host_delay,
                    progress=not as_json and sys.stderr.isatty(),
                )
                _print_report(report, as_json)
                # watches: failures are recorded and retried; they never change the poll's status
                if not report.storage_error:
                    deliver_due(state, db, quiet=as_json, poll_started=poll_started)
        except PollLocked as exc:
            click.echo(f"monitor poll: {exc}", err=True)
            sys.exit(EXIT_LOCKED)
    sys.exit(report.exit_code)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
@click.option("--private", is_flag=True,
              help="Ask for the staff password (its hash in $MONITOR_PASSWORD_HASH).")
@click.option("--immutable", is_flag=True,
              help="Serve a copy that nothing writes to any more (faster counts).")
@click.pass_obj
def serve(state: State, host: str, port: int, private: bool, immutable: bool) -> None:
    """Browse the database in Datasette, with our metadata (read-only)."""
    with user_errors():
        if private and not os.environ.get("MONITOR_PASSWORD_HASH"):
            raise MonitorError("--private needs MONITOR_PASSWORD_HASH: make one with "
                               "`datasette hash-password` (see docs/publishing.md)")
        if immutable:  # a published copy may sit on a read-only disk: only read it
            from monitor.store import check_readable

            check_readable(state.db_path)
        else:
            state.db().close()
        _serve(state.db_path, host, port, private, immutable)


def _serve(db_path: Path, host: str, port: int, private: bool = False,
           immutable: bool = False) -> None:
    from monitor.datasette import datasette_args, write_metadata

    with tempfile.TemporaryDirectory() as tmp:
        metadata = write_metadata(db_path, Path(tmp) / "metadata.json", private,
                                  published=immutable)
        click.echo(f"Datasette at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
        try:
            subprocess.run(datasette_args(db_path, metadata, host, port, immutable),
                           check=False)
        except KeyboardInterrupt:
            pass


@cli.command()
@click.option("--atom", is_flag=True,
              help="Print an Atom feed of the sources needing attention (for a feed reader).")
@click.pass_obj
def sources(state: State, atom: bool) -> None:
    """The configured sources, their plugin, and their health.

    A source needs attention when it is gone (410), keeps answering 404, has failed three times
    in a row, or has gone silent for several times its usual cadence.
    """
    from monitor.pollcli import source_rows

    with user_errors():
        config = state.config()
        health: dict[str, Any] = {}
        last_run: dict[str, Any] = {}
        if state.db_path.exists():
            db = state.db()
            health = {r["name"]: r for r in db.table("sources").rows}
            last_run = next(db.query("SELECT started, error FROM poll_runs "
                                     "ORDER BY started DESC LIMIT 1"), {})
    if atom:
        from monitor.health import attention_atom

        names = {s.name for s in config.sources if s.enabled}
        flagged = [r for n, r in sorted(health.items()) if n in names and r.get("attention")]
        click.echo(attention_atom(flagged), nl=False)
        return
    if not config.sources:
        click.echo(f"no sources in {state.config_path}")
        return
    rows = source_rows(config, health)
    widths = [max(len(r[i]) for r in rows + [("name", "plugin", "lang", "")]) for i in range(3)]
    header = ("name", "plugin", "lang", "health")
    for row in [header, *rows]:
        cells = (c.ljust(w) for c, w in zip(row[:3], widths, strict=True))
        click.echo("  ".join(cells) + "  " + row[3])
    if last_run.get("error"):  # a network-down run leaves every source's health untouched
        click.echo(f"\nlast poll ({last_run['started'][:16].replace('T', ' ')}) did not count: "
                   f"{last_run['error']}")


@cli.command()
@click.pass_obj
def plugins(state: State) -> None:
    """Installed plugins and the source types they provide."""
    registry = state.registry
    for name, info in sorted(registry.source_types.items()):
        doc = info.cls.description or (info.cls.__doc__ or "").strip().split("\n")[0]
        click.echo(f"{name:20} {info.provided_by}\n{'':20} {doc}")
    for error in registry.errors:
        click.echo(f"not loaded: {error}")


def _read_jsonl(stream: Any, plain_field: str = "",
                ) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """Numbered JSON objects; with `plain_field`, a line that is not JSON is that field's text."""
    for number, raw in enumerate(stream, start=1):
        if isinstance(raw, bytes):  # read as bytes, so one bad line is that line's error
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


@cli.command()
@click.option("--language", help="Language to assume when the text is short or ambiguous.")
def tag(language: str | None) -> None:
    """Tag lines from stdin and print each as JSON with its tags.

    A line is a JSON object ({"title": ..., "text": ..., "language": ...}) or plain text,
    taken as a title.
    """
    from monitor.pipeline import tag_fields
    from monitor.text import html_to_text

    failed = 0
    for number, value, error in _read_jsonl(sys.stdin.buffer, plain_field="title"):
        if value is None:
            click.echo(f"line {number}: {error}", err=True)
            failed += 1
            continue
        title = html_to_text(str(value.get("title") or ""))
        text = html_to_text(str(value.get("text") or value.get("summary") or ""))
        tags = tag_fields(title, text, value.get("language") or language)
        click.echo(json.dumps({**value, **tags}, ensure_ascii=False))
    sys.exit(EXIT_SOURCES_FAILED if failed else EXIT_OK)


@cli.command(name="import")
@click.argument("file", type=click.File("rb"))
@click.option("--source", "source_name", required=True, help="Source name to record them under.")
@click.option("--language", help="Language of the items, if known.")
@click.pass_obj
def import_(state: State, file: Any, source_name: str, language: str | None) -> None:
    """Import items from a JSON lines file (url, title, text, published) as SOURCE."""
    from pydantic import ValidationError

    from monitor import store
    from monitor.config import SLUG, SLUG_RULE
    from monitor.pipeline import store_items
    from monitor.sources import Item

    if not SLUG.match(source_name):
        click.echo(f"error: --source {SLUG_RULE}", err=True)
        sys.exit(EXIT_USAGE)
    items, bad = [], 0
    for number, value, error in _read_jsonl(file):
        if value is not None:
            known = {k: value[k] for k in Item.model_fields if k in value}
            extra = {k: v for k, v in value.items() if k not in Item.model_fields}
            if not isinstance(known.get("extra", {}), dict):
                click.echo(f"line {number}: skipped: extra: not a JSON object", err=True)
                bad += 1
                continue
            if extra:
                known["extra"] = {**known.get("extra", {}), **extra}
            try:
                items.append(Item.model_validate(known))
                continue
            except ValidationError as exc:
                first = exc.errors()[0]
                error = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        click.echo(f"line {number}: skipped: {error}", err=True)
        bad += 1
    with user_errors():
        db = state.db()
        row = db.execute("SELECT plugin FROM sources WHERE name = ?", [source_name]).fetchone()
        if row is None:
            store.upsert_source(db, {"name": source_name, "plugin": "import", "manual": 1,
                                     "enabled": 0, "url": "", "language": language})
        result = store_items(db, source_name, items, language)
        store.upsert_source(db, {"name": source_name, "last_polled": store.utcnow()})
    click.echo(f"imported {len(result.new_ids)} new item(s), {result.seen} already stored, "
               f"{bad} skipped")
    sys.exit(EXIT_SOURCES_FAILED if bad else EXIT_OK)


@cli.command()
@click.pass_obj
def retag(state: State) -> None:
    """Re-run language and event tagging over every stored item (after lexicons change)."""
    from monitor.retag import retag_all

    with user_errors():
        count = retag_all(state.db())
    click.echo(f"re-tagged {count} item(s)")


@cli.command()
@click.pass_obj
def restory(state: State) -> None:
    """Rebuild the stories and the near-duplicate index (after dedup thresholds change)."""
    from monitor.stories import restory as rebuild

    with user_errors():
        db = state.db()
        total = db.execute("SELECT count(*) FROM items").fetchone()[0]
        stories = rebuild(db, progress=lambda n: click.echo(f"{n}/{total} items", err=True))
    click.echo(f"{total} item(s) in {stories} stories")


@cli.command()
@click.option("--no-serve", is_flag=True, help="Stop after the poll instead of serving.")
@click.option("--port", default=8001, show_default=True, type=int, help="Datasette port.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Datasette address.")
@click.option("--db", "demo_db", default="data/demo.db", show_default=True,
              type=click.Path(dir_okay=False), help="Database for the demo (made anew).")
@click.pass_obj
def demo(state: State, no_serve: bool, port: int, host: str, demo_db: str) -> None:
    """Poll the bundled demo sites through a local replay server, then browse them."""
    from monitor.demo import PLACEHOLDER, default_demo_dir, serve_directory
    from monitor.poll import poll as run_poll
    from monitor.store import open_db

    demo_dir = default_demo_dir()
    config_path = demo_dir / "sources.yaml"
    if not config_path.exists():
        click.echo(f"error: no demo corpus at {demo_dir}", err=True)
        sys.exit(EXIT_USAGE)
    db_path = Path(demo_db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    with serve_directory(demo_dir / "www") as base_url:
        with user_errors():
            config = state.config({PLACEHOLDER: base_url}, path=config_path)
            db = open_db(db_path)
            report = run_poll(db, config, state.registry)
        new = sum(r.new_items for r in report.results)
        click.echo(f"demo: {len(report.results)} source(s) via {base_url}: {new} item(s) "
                   f"stored in {db_path}")
        for result in report.failed:
            click.echo(f"  {result.name}: {result.error}", err=True)
        if no_serve:
            sys.exit(report.exit_code)
        db.close()
        _serve(db_path, host, port)


from monitor.cli_watches import deliver_due, watches  # noqa: E402

cli.add_command(watches)


# Snapshot export and the plugin author's kit (issue 3) keep their commands in their own module.
from monitor.cli_kit import add_commands as _add_kit_commands  # noqa: E402

_add_kit_commands(cli)


def main() -> None:
    cli()
