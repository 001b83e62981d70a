"""`monitor watches`: list watches, send a test, and deliver what is due."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from monitor.errors import ConfigError


def watches_path(state: Any) -> Path:
    """MONITOR_WATCHES, else watches.yaml beside the sources file."""
    return Path(os.environ.get("MONITOR_WATCHES") or state.config_path.parent / "watches.yaml")


def deliver_due(state: Any, db: Any, quiet: bool = False, poll_started: str | None = None) -> int:
    """Run the watches after a poll. A failing service is recorded, never fatal; 0 or 1."""
    path = watches_path(state)
    if not path.exists():
        return 0
    from monitor.publish.notify import run_watches
    from monitor.publish.watches import load_watches

    try:
        config = load_watches(path)
    except ConfigError as exc:
        click.echo(f"watches not sent: {exc}", err=True)
        return 1
    report = run_watches(db, config, db_name=state.db_path.stem, new_watches_from=poll_started)
    for error in report.errors:
        click.echo(f"watch delivery failed (will retry): {error}", err=True)
    if report.sent and not quiet:
        click.echo(f"watches: {report.sent} alert(s) sent", err=True)
    return 1 if report.failed else 0


@click.group(invoke_without_command=True)
@click.pass_context
def watches(ctx: click.Context) -> None:
    """Watches (watches.yaml): alerts and digests of matching stories, and their deliveries."""
    if ctx.invoked_subcommand is not None:
        return
    from monitor.publish.watches import load_watches
    from monitor.store.deliveries import recent

    state = ctx.obj
    try:
        config = load_watches(watches_path(state))
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    db = state.db()
    if not config.watches:
        click.echo(f"no watches in {watches_path(state)}")
    for watch in config.watches:
        when = watch.schedule if watch.schedule == "instant" else (
            f"{watch.schedule} at {watch.at} {watch.timezone}")
        click.echo(f"{watch.name} ({when}{', reviewed only' if watch.filter.reviewed else ''}"
                   f"{'' if watch.enabled else ', disabled'})")
        rows = recent(db, watch.name)
        if not rows:
            click.echo("  no deliveries yet")
        for when_sent, status, target, kind, key, error in rows:
            line = f"  {when_sent}  {status:9} {kind} {key} -> {target}"
            click.echo(line + (f"  ({error})" if error else ""))


@watches.command(name="test")
@click.argument("name")
@click.pass_obj
def test_watch(state: Any, name: str) -> None:
    """Send a sample alert to every target of watch NAME."""
    from monitor.publish.notify import send_test
    from monitor.publish.watches import load_watches

    try:
        config = load_watches(watches_path(state))
        watch = config.watch(name)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except KeyError:
        click.echo(f"error: no watch named {name!r}", err=True)
        sys.exit(2)
    failed = 0
    for target, error in send_test(watch, config):
        click.echo(f"{target}: {'sent' if error is None else error}")
        failed += error is not None
    sys.exit(1 if failed else 0)


@watches.command(name="run")
@click.pass_obj
def run_watches_command(state: Any) -> None:
    """Deliver due alerts and digests now (a poll does this too)."""
    if not watches_path(state).exists():
        click.echo(f"error: no watches file at {watches_path(state)}", err=True)
        sys.exit(2)
    sys.exit(deliver_due(state, state.db()))
