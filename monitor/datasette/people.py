"""Tables for people: every row's title leads to its item or story page.

Canned queries are plain SQL results, which Datasette does not link; a row that carries an `id`
gets its `title` linked to /DB/items/ID (or /DB/stories/ID for rows of stories), so staff reach
the tags, the evidence, the story and the translation from any list.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

STORY_COLUMNS = {"first_seen", "last_seen", "reports"}


def _keys(row: Any) -> set[str]:
    try:
        return set(row.keys())
    except AttributeError:
        return set()


def row_page(row: Any, table: str | None, database: str | None, datasette: Any) -> str | None:
    """The item or story page a row stands for, or None."""
    if database is None or datasette is None or table not in (None, "items", "stories"):
        return None
    keys = _keys(row)
    if "id" not in keys or row["id"] is None:
        return None
    kind = table or ("stories" if STORY_COLUMNS & keys and "source" not in keys else "items")
    return str(datasette.urls.row(database, kind, str(row["id"])))


def title_link(row: Any, value: Any, column: str, table: str | None, database: str | None,
               datasette: Any, inner: Markup | None) -> Markup | None:
    """The title cell as a link to its page (`inner` is the cell as rendered otherwise)."""
    if column != "title" or not isinstance(value, str):
        return None
    page = row_page(row, table, database, datasette)
    if page is None:
        return None
    return Markup('<a class="row-page" href="{}">{}</a>').format(
        page, inner if inner is not None else value)
