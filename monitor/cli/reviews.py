"""`monitor reviews`: what staff reviewed, as labelled data for the bench and as a report of the
tagger's mistakes by language (monitor/publish/learning.py)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from monitor.cli.base import user_errors


def _open_existing(state: Any) -> Any:
    from monitor.store.schema import check_readable

    check_readable(state.db_path)  # a mistyped --db is an error, not a new empty database
    return state.db()


@click.group()
def reviews() -> None:
    """Learn from reviews: export reviewed items as labelled data, report the tagger's mistakes."""


@reviews.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the JSON lines to this file (replaced whole) instead of stdout.")
@click.pass_obj
def export(state: Any, output: str | None) -> None:
    """Reviewed items as labelled JSON lines in the bench's format.

    Score the tagger on them with `bench/tagging.py --reviewed FILE`. Rejected items are
    labelled not relevant; corrected values are the labels; each line has the review's reason.
    """
    from monitor.publish.learning import export_lines

    with user_errors():
        db = _open_existing(state)
        lines = export_lines(db)
        db.close()
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        if output is None:
            click.echo(text, nl=False)
        else:
            target = Path(output)
            # written beside the target, then renamed: a failed export leaves the old file whole
            handle, temp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=".export-")
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(temp, target)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line["review"]["status"]] = counts.get(line["review"]["status"], 0) + 1
    said = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none yet"
    click.echo(f"exported {len(lines)} reviewed item(s) ({said})"
               + (f" to {output}" if output else ""), err=True)


@reviews.command()
@click.option("--words", default=20, show_default=True, type=click.IntRange(1, 1000),
              help="Words shown per language.")
@click.pass_obj
def report(state: Any, words: int) -> None:
    """Per language: the words behind rejected tags, and the reviewed items the tagger missed."""
    from monitor.publish.datasette.labels import language_name
    from monitor.publish.learning import mistakes, report_text
    from monitor.store.reviewed import reviewed_items

    with user_errors():
        db = _open_existing(state)
        found = mistakes(reviewed_items(db))
        db.close()
    click.echo(report_text(found, language_name, words), nl=False)
