"""The `monitor` command. Thin: parse options, call the library, turn errors into messages."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from monitor import __version__
from monitor.cli.base import (  # noqa: F401 (commands and plugins use these names from here)
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_SOURCES_FAILED,
    EXIT_USAGE,
    State,
    read_jsonl,
    registry_for,
    user_errors,
)
from monitor.errors import MonitorError
from monitor.kit.demo import DEMO_DB
from monitor.publish.process import check_port


class _Commands(click.Group):
    """Our commands, and plugins' commands (register_commands) found only when asked for.

    `monitor --help` and every built-in command never import a plugin: one that hangs or fails
    at import cannot take the command line down with it. The plugins folder is the one every
    command uses (monitor.plugins.default_plugins_dir).
    """

    plugins_added: set[Path] = set()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        from monitor.plugins import add_plugin_commands, default_plugins_dir

        config = Path(ctx.params.get("config") or "sources.yaml")
        plugins_dir = default_plugins_dir(config, ctx.params.get("plugins_dir"))
        if plugins_dir.resolve() not in self.plugins_added:
            self.plugins_added.add(plugins_dir.resolve())
            add_plugin_commands(registry_for(plugins_dir), self)
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
    "--plugins-dir", default=None,
    help="Folder of plugin .py files [default: $MONITOR_PLUGINS_DIR, else plugins/ beside the "
    "sources file].",
    type=click.Path(file_okay=False),
)
@click.option(
    "--log-level", default="warning", envvar="MONITOR_LOG", show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
    help="What the `monitor` logger prints on stderr: info shows each source of a poll, debug "
    "each request.",
)
@click.pass_context
def cli(ctx: click.Context, config: str, db: str, plugins_dir: str | None,
        log_level: str) -> None:
    """Monitor union, NGO and news sites for strikes, protests and workplace incidents."""
    for name, value in (("--config", config), ("--db", db)):
        if not value.strip():
            raise click.BadParameter("is empty: give a file name", param_hint=name)
    setup_logging(log_level)
    given = ctx.get_parameter_source("db") not in (click.core.ParameterSource.DEFAULT, None)
    ctx.obj = State(config, db, plugins_dir, db_given=given)
    ctx.call_on_close(ctx.obj.close)


def setup_logging(level: str) -> None:
    """The `monitor` logger on stderr, at the chosen level; other libraries stay quiet."""
    import logging

    logger = logging.getLogger("monitor")
    logger.setLevel(level.upper())
    if not any(getattr(h, "_monitor", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s",
                                               "%Y-%m-%d %H:%M:%S"))
        handler._monitor = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def _one_line(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An option that goes into an HTTP header: no line breaks or control characters."""
    if value is not None and any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise click.BadParameter("must be one line without control characters (it goes into "
                                 "the User-Agent header)")
    return value


def _print_report(report: Any, as_json: bool) -> None:
    from monitor.cli.poll import print_report

    print_report(report, as_json)


@cli.command()
@click.option("--source", "names", multiple=True,
              help="Poll only this source (repeatable), due or not.")
@click.option("--all", "all_", is_flag=True, help="Poll every enabled source, due or not.")
@click.option("--wait", is_flag=True,
              help="If another poll is running, wait for it instead of exiting with status 75.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.option("--contact", envvar="MONITOR_CONTACT", callback=_one_line,
              help="URL or mailto: put in our User-Agent so site owners can reach you.")
@click.option("--host-delay", type=float, default=None,
              help="Seconds between two requests to the same host [default: settings.http."
              "host_delay, 0].")
@click.option("--max-items", type=click.IntRange(min=1), default=None,
              help="Items kept per source per poll; more are counted and dropped, with a warning "
              "[default: settings.poll.max_items_per_source, 100,000].")
@click.option("--jitter", type=click.FloatRange(min=0), default=0.0, envvar="MONITOR_POLL_JITTER",
              show_default=True,
              help="Wait a random 0..N seconds before polling, so that cron polls on many "
                   "machines do not hit every host at the same second.")
@click.pass_obj
def poll(state: State, names: tuple[str, ...], all_: bool, wait: bool, as_json: bool,
         contact: str | None, host_delay: float | None, max_items: int | None,
         jitter: float) -> None:
    """Poll the sources that are due (see each source's `interval`) into the database.

    Made for cron: quiet on success when not on a terminal, a progress bar on a terminal.
    Exit status: 0 all sources fine, 1 some failed (or our network is down), 2 usage or
    config error, 74 the disk is full or the database cannot be written, 75 another poll
    holds the lock.
    """
    from monitor.cli.poll import run_poll_command
    from monitor.errors import PollLocked
    from monitor.poll.lock import poll_lock
    from monitor.values import utc_now as utcnow

    with user_errors():
        config = state.config()
        unknown = [n for n in names if n not in {s.name for s in config.sources}]
        if unknown:
            raise MonitorError(f"no such source: {', '.join(unknown)} (see `monitor sources`)")
        if jitter:
            import random
            import time

            time.sleep(random.uniform(0, jitter))  # noqa: S311 - spreading load, not secrecy
        try:
            with poll_lock(state.db_path, wait=wait):
                db = state.db()
                poll_started = utcnow()
                report = run_poll_command(
                    db, config, state.registry, list(names) or None, all_, contact, host_delay,
                    progress=not as_json and sys.stderr.isatty(), max_items=max_items,
                )
                _print_report(report, as_json)
                # watches: failures are recorded and retried; they never change the poll's status
                deliver_due(state, db, quiet=as_json, poll_started=poll_started)
        except PollLocked as exc:
            click.echo(f"monitor poll: {exc}", err=True)
            sys.exit(EXIT_LOCKED)
    sys.exit(report.exit_code)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--private", is_flag=True,
              help="Every page needs a login with an account (`monitor users add`).")
@click.option("--immutable", is_flag=True,
              help="Serve a copy that nothing writes to any more (faster counts).")
@click.option("--session-hours", type=click.FloatRange(min=0, min_open=True), default=12.0,
              envvar="MONITOR_SESSION_HOURS", show_default=True,
              help="Hours a login lasts before it must be made again.")
@click.pass_obj
def serve(state: State, host: str, port: int, private: bool, immutable: bool,
          session_hours: float) -> None:
    """Browse the database in Datasette, with our metadata (read-only)."""
    with user_errors():
        if private:
            from monitor.cli.users import check_private

            check_private(state)
        check_port(host, port)
        if immutable:  # a published copy may sit on a read-only disk: only read it
            from monitor.store.schema import check_readable

            check_readable(state.db_path)
        else:
            state.db().close()
        status = _serve(state.db_path, host, port, private, immutable, session_hours)
    sys.exit(status)


def _serve(db_path: Path, host: str, port: int, private: bool = False,
           immutable: bool = False, session_hours: float = 12.0) -> int:
    """Datasette until it stops or we are stopped; its temporary metadata goes with it."""
    from monitor.publish.datasette import datasette_args, write_metadata
    from monitor.publish.process import ServeError, run_child

    with tempfile.TemporaryDirectory(prefix="monitor-serve-") as tmp:
        metadata = write_metadata(db_path, Path(tmp) / "metadata.json", private,
                                  published=immutable, session_hours=session_hours)
        click.echo(f"Datasette at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
        status = run_child(datasette_args(db_path, metadata, host, port, immutable))
    if status:
        raise ServeError(f"Datasette stopped with status {status} (its message is above)")
    return status


@cli.command()
@click.option("--atom", is_flag=True,
              help="Print an Atom feed of the sources needing attention (for a feed reader).")
@click.option("--opml", is_flag=True, help="Print every source as OPML (for a feed reader).")
@click.pass_obj
def sources(state: State, atom: bool, opml: bool) -> None:
    """The configured sources, their plugin, and their health.

    A source needs attention when it is gone (410), keeps answering 404, has failed three times
    in a row, or has gone silent for several times its usual cadence.
    """
    from monitor.cli.poll import source_rows

    if opml:
        with user_errors():
            _cli_sources.print_opml(state)
        return
    with user_errors():
        config = state.config()
        health: dict[str, Any] = {}
        last_run: dict[str, Any] = {}
        if state.db_path.exists():
            from monitor.store import sources as source_store

            db = state.db()
            health = source_store.health_rows(db)
            last_run = source_store.last_run(db)
    if atom:
        from monitor.publish.attention import attention_atom

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


@cli.command()
@click.option("--language", help="Language to assume when the text is short or ambiguous.")
def tag(language: str | None) -> None:
    """Tag lines from stdin and print each as JSON with its tags.

    A line is a JSON object ({"title": ..., "text": ..., "language": ...}) or plain text,
    taken as a title.
    """
    from monitor.enrich import tag_fields
    from monitor.parse.text import html_to_text

    failed = 0
    for number, value, error in read_jsonl(sys.stdin.buffer, plain_field="title"):
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

    from monitor.api import SLUG, SLUG_RULE, Item
    from monitor.errors import validation_problems
    from monitor.poll.process import store_items
    from monitor.store import sources as source_store

    if not SLUG.match(source_name):
        click.echo(f"error: --source {SLUG_RULE}", err=True)
        sys.exit(EXIT_USAGE)
    items, bad = [], 0
    for number, value, error in read_jsonl(file):
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
                loc, _kind, message = validation_problems(exc)[0]
                error = f"{'.'.join(str(p) for p in loc)}: {message}"
        click.echo(f"line {number}: skipped: {error}", err=True)
        bad += 1
    with user_errors():
        db = state.db()
        source_store.add_manual_source(db, source_name, language)
        result = store_items(db, source_name, items, language)
        source_store.mark_polled(db, source_name)
    click.echo(f"imported {len(result.new_ids)} new item(s), {result.seen} already stored, "
               f"{bad} skipped")
    sys.exit(EXIT_SOURCES_FAILED if bad else EXIT_OK)


@cli.command()
@click.pass_obj
def retag(state: State) -> None:
    """Re-run language and event tagging over every stored item (after lexicons change), then
    rebuild the events from the new tags."""
    from monitor.cli.events import rebuild_events
    from monitor.poll.retag import retag_all

    with user_errors():
        count = retag_all(state.db())
        events = rebuild_events(state)
    click.echo(f"re-tagged {count} item(s); {events} event(s)")


@cli.command()
@click.pass_obj
def restory(state: State) -> None:
    """Rebuild the stories and the near-duplicate index (after dedup thresholds change), then
    the events, which join a report to its story's event."""
    from monitor.cli.events import rebuild_events
    from monitor.enrich.dedup import THRESHOLDS
    from monitor.store.stories import restory as rebuild

    with user_errors():
        # the dedup thresholds of the settings block, when there is a sources file
        thresholds = (state.config().settings.dedup.thresholds() if state.config_path.exists()
                      else THRESHOLDS)
        db = state.db()
        total = db.execute("SELECT count(*) FROM items").fetchone()[0]
        stories = rebuild(db, thresholds,
                          progress=lambda n: click.echo(f"{n}/{total} items", err=True))
        events = rebuild_events(state)
    click.echo(f"{total} item(s) in {stories} stories; {events} event(s)")


@cli.command()
@click.option("--no-serve", is_flag=True, help="Stop after the poll instead of serving.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Datasette port.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Datasette address.")
@click.option("--db", "demo_db", default=DEMO_DB, show_default=True,
              type=click.Path(dir_okay=False), help="Database for the demo (made anew).")
@click.pass_obj
def demo(state: State, no_serve: bool, port: int, host: str, demo_db: str) -> None:
    """Poll the bundled demo sites through a local replay server, then browse them."""
    from monitor.kit.demo import PLACEHOLDER, default_demo_dir, serve_demo_sites
    from monitor.poll.run import poll as run_poll
    from monitor.store.schema import open_db

    demo_dir = default_demo_dir()
    config_path = demo_dir / "sources.yaml"
    if not config_path.exists():
        click.echo(f"error: no demo corpus at {demo_dir}", err=True)
        sys.exit(EXIT_USAGE)
    db_path = Path(demo_db)
    if not no_serve:
        with user_errors():  # before the database is rebuilt under a server still running
            check_port(host, port)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    with serve_demo_sites(demo_dir / "www") as base_url:
        with user_errors():
            config = state.config({PLACEHOLDER: base_url}, path=config_path)
            db = open_db(db_path)
            report = run_poll(db, config, state.registry)
        new = sum(r.new_items for r in report.results)
        counts = {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
                  for t in ("stories", "events")}
        click.echo(f"demo: {len(report.results)} source(s) via {base_url}: {new} item(s) "
                   f"in {counts['stories']} stories and {counts['events']} events, stored in "
                   f"{db_path}")
        for result in report.failed:
            click.echo(f"  {result.name}: {result.error}", err=True)
        if no_serve:
            sys.exit(report.exit_code)
        db.close()
        with user_errors():
            status = _serve(db_path, host, port)
    sys.exit(status)


from monitor.cli.watches import deliver_due, watches  # noqa: E402

cli.add_command(watches)
from monitor.cli.users import users  # noqa: E402 (named accounts, issue 17)

cli.add_command(users)


# Snapshot export and the plugin author's kit (issue 3) keep their commands in their own module.
from monitor.cli.kit import add_commands as _add_kit_commands  # noqa: E402

_add_kit_commands(cli)

# Adding and confirming sources: add, import-opml, sources --opml, check-source --all (issue 20).
import monitor.cli.sources as _cli_sources  # noqa: E402

_cli_sources.add_commands(cli)

from monitor.cli.reviews import reviews as _reviews  # noqa: E402 (issue 17: export, report)

cli.add_command(_reviews)
import monitor.cli.events as _cli_events  # noqa: E402  (reevent, issue 18)

_cli_events.add_commands(cli)


def main() -> None:
    cli()
