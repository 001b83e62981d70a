"""`monitor reevent`, and the events rebuild that `retag` and `restory` end with.

Events are joined from an item's tags and its story (monitor/store/events.py): once either
changes, every event is rebuilt from the stored items so none keeps a report it no longer fits.
"""

from __future__ import annotations

from typing import Any

import click

from monitor.cli.base import user_errors


def rebuild_events(state: Any) -> int:
    """Rebuild every event with progress on stderr; how many events there are now.

    Holds the poll lock (waiting for a running poll to end): an item a poll stored halfway
    through would be joined against half-built events, then joined again by the rebuild."""
    from monitor.poll.lock import poll_lock
    from monitor.store.events import rebuild_events as rebuild

    with poll_lock(state.db_path, wait=True):
        db = state.db()
        total = db.execute("SELECT count(*) FROM items").fetchone()[0]
        return rebuild(db, progress=lambda n: click.echo(f"events: {n}/{total} items",
                                                          err=True))


def add_commands(cli: click.Group) -> None:
    """Register this module's commands on the `monitor` group."""

    @cli.command()
    @click.pass_obj
    def reevent(state: Any) -> None:
        """Rebuild every event from the stored items (after the joining rules, the gazetteer,
        the tags or the stories change). What staff reviewed stays: a rejected report joins no
        event and each event's status comes from its reports'. Polls wait until it is done."""
        with user_errors():
            events = rebuild_events(state)
            reports = state.db().execute("SELECT count(*) FROM event_reports").fetchone()[0]
        click.echo(f"{reports} report(s) in {events} event(s)")
