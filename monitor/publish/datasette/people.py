"""Tables for people: every row's title leads to its item or story page.

Canned queries are plain SQL results, which Datasette does not link; a row that carries an `id`
gets its `title` linked to /DB/items/ID (or /DB/stories/ID for rows of stories), so staff reach
the tags, the evidence, the story and the translation from any list.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from monitor.publish.datasette.safe import safe_url
from monitor.publish.datasette.translate import translate_link

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


def source_link(row: Any, value: Any, column: str, table: str | None, database: str | None,
                datasette: Any) -> Markup | None:
    """A source's items: its name in the failing-sources list, its item count in `sources`
    (where the name is the row's own link)."""
    if database is None or datasette is None:
        return None
    if table == "sources" and column == "items_total":
        name, shown = _get(row, "name"), f"{value or 0:,} items"
    elif table is None and column == "name" and "plugin" in _keys(row):
        name, shown = value, str(value)
    else:
        return None
    if not isinstance(name, str):
        return None

    return Markup('<a class="row-page" href="{}?source={}">{}</a>').format(
        datasette.urls.table(database, "items"), quote(name, safe=""), shown)


def _get(row: Any, key: str) -> Any:
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None


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


# Column names as staff read them; others lose their underscores ("last_ok" -> "Last ok").
PLAIN_HEADERS = {
    "id": "No.", "url": "Original", "title": "Headline", "published": "Published",
    "fetched": "Collected", "event_types": "What happened", "countries": "Countries",
    "sectors": "Sectors", "workers_involved": "Workers", "story_id": "Story",
    "source_count": "Number of sources", "consecutive_failures": "Failures in a row",
    "last_error": "Last error", "last_ok": "Last worked", "last_polled": "Last tried",
    "next_due": "Next try", "items_total": "Items", "tag_evidence": "Why these tags",
    "translation_urls": "Translations", "first_seen": "First report", "last_seen": "Latest report",
    "country_code": "Code", "week_of": "Week of", "event_type": "What happened",
    "translate": "Translation", "attention_since": "Since",
    "review_status": "Reviewed", "reviewed_by": "Reviewed by", "reviewed_at": "Reviewed at",
    "start_date": "Started", "updates": "Later reports", "ongoing": "Over several days",
    "geo_precision": "Place known to", "sector": "Sector",
    "languages": "Languages",
    "reports": "Reports", "region": "Region", "town": "Town", "site": "Site (mine, plant)",
    # datasette-cluster-map finds its columns by the header text: keep these as they are
    "latitude": "latitude", "longitude": "longitude",
}
BOOLEAN_COLUMNS = {"relevant": ("labour news", "no labour event"), "manual": ("by hand", "polled"),
                   "enabled": ("yes", "no"), "ongoing": ("yes", "no")}
PLAIN_LIST_COLUMNS = {"sources"}


def plain_header(name: str) -> str:
    """'workers_involved' -> 'Workers'; a name we do not know -> 'Name with spaces'."""
    if name in PLAIN_HEADERS:
        return PLAIN_HEADERS[name]
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def short_link(url: str) -> Markup | None:
    """An original article's link shown by its site ('kz.example ↗'), the address as a tip."""

    href = safe_url(url)
    if href is None:
        return None
    host = (urlsplit(href).hostname or href).removeprefix("www.")
    return Markup('<a class="short-link" href="{}" title="{}" rel="noopener noreferrer nofollow">'
                  '{}&nbsp;↗</a>').format(href, href, host)


def people_cell(value: Any, column: str) -> Markup | None:
    """Booleans as words, plain lists as 'a, b' (empty as nothing), originals as short links."""

    if column in BOOLEAN_COLUMNS and isinstance(value, int):
        yes, no = BOOLEAN_COLUMNS[column]
        return Markup("{}").format(yes if value else no)
    if column in PLAIN_LIST_COLUMNS and isinstance(value, str) and value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        if isinstance(parsed, list) and all(isinstance(v, str | int | float) for v in parsed):
            return Markup("{}").format(", ".join(str(v) for v in parsed))
    if column == "url" and isinstance(value, str):
        return short_link(value)
    if column == "translate" and isinstance(value, str):

        href = safe_url(value)
        return translate_link(href) if href else None
    return None
