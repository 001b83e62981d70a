"""What `monitor poll` and `monitor sources` print: quiet for cron, a progress bar for people."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click

from monitor.parse.text import strip_controls


def run_poll_command(
    db: Any, config: Any, registry: Any, names: list[str] | None, force: bool,
    contact: str | None = None, host_delay: float | None = None, progress: bool = False,
    max_items: int | None = None,
) -> Any:
    """Run one poll with the command's options; a tqdm bar on stderr when asked."""
    from monitor.poll.run import poll, select_sources

    settings = config.settings.http.fetch_settings(contact, host_delay)
    bar = None
    if progress:
        from tqdm import tqdm  # type: ignore[import-untyped]

        total = len(select_sources(db, config, names, force, dt.datetime.now(dt.UTC))[0])
        bar = tqdm(total=total, unit="source", file=sys.stderr, leave=False)

    def done(result: Any) -> None:
        if bar is not None:
            bar.set_postfix_str(result.name[:30], refresh=False)
            bar.update(1)

    try:
        options = {"max_items": max_items} if max_items else {}
        return poll(db, config, registry, names, settings, done, due_only=not force, **options)
    finally:
        if bar is not None:
            bar.close()


def print_report(report: Any, as_json: bool) -> None:
    """Nothing on success unless on a terminal (cron mails any output); failures on stderr."""
    import json

    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    summary = report.to_dict()
    if report.failed or report.network_error or report.storage_error or sys.stdout.isatty():
        click.echo(
            f"polled {summary['polled']} source(s) in {report.elapsed:.1f} s"
            f" ({summary['not_due']} not due): {summary['new_items']} new item(s), "
            f"{summary['unchanged']} unchanged, {len(report.failed)} failed"
        )
    if report.storage_error:
        click.echo(f"  poll error: {report.storage_error}", err=True)
    if report.network_error:
        click.echo(f"  poll error: {strip_controls(report.network_error)}", err=True)
        return
    for result in report.failed:  # a server's words (reason phrases) reach the terminal clean
        click.echo(f"  {result.name}: {strip_controls(result.error)}", err=True)


def source_rows(config: Any, health_rows: dict[str, dict[str, Any]]) -> list[tuple[str, ...]]:
    """(name, plugin, language, health) for each configured source."""
    from monitor.poll.schedule import describe

    rows: list[tuple[str, ...]] = []
    for source in config.sources:
        row = health_rows.get(source.name, {})
        status = "disabled" if not source.enabled else describe(row)
        rows.append((source.name, source.plugin, source.language or "", strip_controls(status)))
    return rows
