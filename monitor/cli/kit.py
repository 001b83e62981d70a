"""Commands for evidence snapshots and plugin authors (check-source, record-source, new-plugin).

Kept out of cli.py so that file stays thin; ``add_commands(cli)`` is called there once.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import click

from monitor.cli.base import print_record, user_errors
from monitor.errors import MonitorError
from monitor.parse.text import strip_controls

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _find_source(state: Any, name: str) -> tuple[Any, Any, Any]:
    """The source, its plugin's options, and the fetch settings of the config's settings."""
    config = state.config()
    try:
        source = config.source(name)
    except KeyError:
        known = ", ".join(s.name for s in config.sources) or "none"
        raise MonitorError(f"no source {name!r} in {state.config_path} (known: {known})") from None
    return source, config.plugin_options[source.name], config.settings.http.fetch_settings()


def add_commands(cli: click.Group) -> None:
    """Register this module's commands on the `monitor` group."""

    @cli.command(name="check-source")
    @click.argument("name", required=False)
    @click.option("--all", "all_", is_flag=True,
                  help="Every enabled source, one table row each (what each would store).")
    @click.option("--json", "as_json", is_flag=True, help="Print the items as JSON lines.")
    @click.option("--limit", type=int, default=None, help="Show at most N items.")
    @click.pass_obj
    def check_source(state: Any, name: str | None, all_: bool, as_json: bool,
                     limit: int | None) -> None:
        """Fetch one source (or --all) and print the items it would store, writing nothing.

        Each item is shown with its date, language and tags. Exit status 1 if the source fails.
        """
        from monitor.kit.plugin_kit import check_source as run_check

        if all_ or not name:
            if not all_ or name:
                click.echo("error: give a source NAME or --all", err=True)
                sys.exit(EXIT_USAGE)
            from monitor.cli.sources import check_all

            check_all(state, as_json)
            return
        with user_errors():
            source, options, settings = _find_source(state, name)
            result = asyncio.run(run_check(source, options, state.registry, settings=settings))
        records = result.records[:limit] if limit else result.records
        for record in records:
            if as_json:
                click.echo(json.dumps(record, ensure_ascii=False, default=str))
            else:
                print_record(record)
        for warning in result.warnings:
            click.echo(f"warning: {strip_controls(warning)}", err=True)
        if result.status != "ok":
            click.echo(f"error: {name}: {strip_controls(result.error)}", err=True)
            sys.exit(EXIT_FAILED)
        click.echo(f"{name}: {len(result.records)} item(s), {len(result.warnings)} warning(s); "
                   "nothing stored", err=True)

    @cli.command(name="record-source")
    @click.argument("name")
    @click.option("--into", "folder", required=True, type=click.Path(file_okay=False),
                  help="Fixture folder to write (e.g. tests/fixtures/NAME/).")
    @click.pass_obj
    def record_source(state: Any, name: str, folder: str) -> None:
        """Fetch one source and save its responses as test fixtures, with a manifest.

        The folder can then be replayed offline by monitor.testing.run_source in a test.
        """
        from monitor.kit.plugin_kit import check_source as run_check
        from monitor.kit.plugin_kit import source_entry, write_recording

        with user_errors():
            source, options, settings = _find_source(state, name)
            result = asyncio.run(run_check(source, options, state.registry, record=True,
                                           tag=False, settings=settings))
            if not result.recorded:
                raise MonitorError(f"{name}: nothing was fetched ({result.error or 'no requests'})")
            manifest = write_recording(Path(folder), source_entry(source, options),
                                       result.recorded)
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(f"recorded {len(result.recorded)} response(s), {len(result.records)} item(s) "
                   f"into {manifest}")
        if result.status != "ok":
            click.echo(f"error: {name}: {result.error}", err=True)
            sys.exit(EXIT_FAILED)

    @cli.command(name="new-plugin")
    @click.argument("name")
    @click.option("--tests-dir", default="tests", show_default=True,
                  type=click.Path(file_okay=False), help="Where the test and fixtures go.")
    @click.pass_obj
    def new_plugin(state: Any, name: str, tests_dir: str) -> None:
        """Start a source plugin: module in the plugins folder, fixture folder and a test.

        The generated test passes as it is; then change the parser and fixtures for the real site
        (see docs/plugins.md).
        """
        from monitor.kit.plugin_kit import new_plugin as scaffold

        with user_errors():
            made = scaffold(name, state.plugins_dir, Path(tests_dir))
        for path in made:
            click.echo(f"created {path}")
        click.echo(f"next: edit {made[0]}, then run pytest {made[1]}")

    @cli.command()
    @click.argument("snapshot_id", type=int)
    @click.option("--warc", "warc_file", type=click.Path(dir_okay=False),
                  help="Write it as a gzipped WARC file (readable by any WARC tool).")
    @click.option("--raw", is_flag=True, help="Write the page's bytes as fetched to stdout.")
    @click.pass_obj
    def snapshot(state: Any, snapshot_id: int, warc_file: str | None, raw: bool) -> None:
        """Show or export the evidence snapshot of a fetched article page.

        Without options prints what was fetched, when, its HTTP status and hash, and the items
        that refer to it.
        """
        from monitor.publish.warc import write_warc
        from monitor.store.items import snapshot_items
        from monitor.store.snapshots import load_snapshot

        if warc_file and raw:
            click.echo("error: use either --warc or --raw", err=True)
            sys.exit(EXIT_USAGE)
        with user_errors():
            if not state.db_path.exists():
                raise MonitorError(f"no database at {state.db_path}")
            db = state.db()
            snap = load_snapshot(db, snapshot_id)
            if raw:
                sys.stdout.buffer.write(snap.body)
                sys.stdout.buffer.flush()
                return
            if warc_file:
                with open(warc_file, "wb") as out:
                    write_warc(db, [snapshot_id], out)
                click.echo(f"wrote snapshot {snapshot_id} of {snap.final_url} to {warc_file}")
                return
            items = snapshot_items(db, snapshot_id)
        for key, value in snap.summary().items():
            click.echo(f"{key:14} {value}")
        for item_id, title in items:
            click.echo(f"{'item':14} {item_id}: {title}")
