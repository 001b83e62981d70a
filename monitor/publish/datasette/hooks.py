"""Our Datasette plugin: labels, fast facets and filters, Atom feeds, the item page, the chart.

Loaded through `--plugins-dir` (see plugins/monitor_plugin.py); every hook is a thin call into
the modules beside this one.
"""

from __future__ import annotations

import json
import re
from typing import Any

from datasette import hookimpl
from markupsafe import Markup

from monitor.publish.datasette import atom, charts, events_page, exports, guard, item_page
from monitor.publish.datasette.desk import desk_context
from monitor.publish.datasette.facets import TagFacet
from monitor.publish.datasette.filters import items_filters
from monitor.publish.datasette.item_page import story_context
from monitor.publish.datasette.labels import (
    TIME_COLUMNS,
    country_centroid,
    country_name,
    json_list,
    label,
    language_name,
    readable_time,
    review_label,
    tag_label,
)
from monitor.publish.datasette.people import people_cell, plain_header, source_link, title_link
from monitor.publish.datasette.queue import QUEUE_ROUTE, review_queue_view
from monitor.publish.datasette.review import REVIEW_ROUTE, review_view
from monitor.publish.datasette.safe import link
from monitor.publish.datasette.search import (
    counts_json,
    search_count,
    search_query,
    send_with_count,
)
from monitor.publish.datasette.snapshot import SNAPSHOT_ROUTE, snapshot_view
from monitor.publish.datasette.translate import translate_url
from monitor.publish.datasette.windows import window_context
from monitor.publish.datasette.wordsearch import rewrite_scope
from monitor.store.schema import ITEM_COLUMNS

LIST_COLUMNS = {"countries": "country", "event_types": "event_type", "sectors": "sector",
                "languages": "language", "sources": "source", "unions": "union",
                "demands": "demand"}
TEXT_COLUMNS = {"title", "summary", "text", "place", "headline"}
LINK_COLUMNS = {"url", "translate", "translation", "original"}


def _json_list_label(value: Any, kind: str) -> str:
    return ", ".join(label(kind, code) for code in json_list(value))


# Reads at a million items are seeks into a 2 GB file: map it rather than copy each page through
# a read() call, and keep the hot pages (recent items, the tag index) in a 32 MB cache.
CONNECTION_PRAGMAS = ("PRAGMA mmap_size = 2147418112", "PRAGMA cache_size = -32768")


@hookimpl
def prepare_connection(conn: Any) -> None:
    for pragma in CONNECTION_PRAGMAS:
        conn.execute(pragma)
    conn.create_function("country_name", 1, country_name, deterministic=True)
    conn.create_function("language_name", 1, language_name, deterministic=True)
    conn.create_function("tag_label", 1, tag_label, deterministic=True)
    conn.create_function("translate_url", 2, translate_url)
    conn.create_function("translate_url", 3, translate_url)
    conn.create_function("labels", 2, lambda v, k: _json_list_label(v, k), deterministic=True)
    conn.create_function(
        "country_lat", 1, lambda c: (country_centroid(c) or (None, None))[0], deterministic=True)
    conn.create_function(
        "country_lon", 1, lambda c: (country_centroid(c) or (None, None))[1], deterministic=True)


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["plain_header"] = plain_header
    env.globals["plain_headers"] = lambda columns: {c: plain_header(c) for c in columns or []}
    env.globals["facet_label"] = events_page.facet_label


@hookimpl
def register_facet_classes() -> list[type]:
    return [TagFacet]


@hookimpl
def filters_from_request(request: Any, table: str) -> Any:
    if table == "events":
        return events_page.events_filters(request.args)
    if table != "items":
        return None
    return items_filters(request.args)


def _row_get(row: Any, key: str) -> Any:
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str | None,
                datasette: Any) -> Markup | None:
    cell = people_cell(value, column)
    if cell is None:
        cell = _render_cell(row, value, column, datasette)
    if cell is not None and not str(cell):  # Datasette shows an empty answer's raw value
        cell = Markup('<span class="empty"></span>')
    return (title_link(row, value, column, table, database, datasette, cell)
            or source_link(row, value, column, table, database, datasette) or cell)


def _render_cell(row: Any, value: Any, column: str, datasette: Any = None) -> Markup | None:
    if value is None or isinstance(value, bytes):
        return None
    if column == "language" and isinstance(value, str):
        return Markup("{}").format(label("language", value))
    if column in ("event_type", "sector") and isinstance(value, str):
        return Markup("{}").format(tag_label(value))
    if column == "country" and isinstance(value, str) and len(value) == 2:
        return Markup("{}").format(label("country", value))
    if column == "region" and isinstance(value, str) and value[2:3] in ("-", "."):
        return Markup("{}").format(label("region", value))
    if column in LIST_COLUMNS and isinstance(value, str) and value.startswith("["):
        return Markup("{}").format(_json_list_label(value, LIST_COLUMNS[column]))
    if column in LINK_COLUMNS and isinstance(value, str):
        return link(value)
    if column == "translation_urls" and isinstance(value, str):
        return _translation_links(value)
    if column in TIME_COLUMNS and isinstance(value, str) and value[:4].isdigit():
        return Markup('<time datetime="{}">{}</time>').format(value, readable_time(value))
    if column == "review_status" and isinstance(value, str):
        return Markup('<span class="reviewed reviewed-{}">{}</span>').format(
            value if value.isalpha() else "other", review_label(value))
    if column == "figure_evidence" and isinstance(value, str):
        return Markup("{}").format(events_page.evidence_text(value))
    if column == "tag_evidence" and isinstance(value, str):
        return Markup("{}").format(item_page.evidence_text(value))
    if column in TEXT_COLUMNS and isinstance(value, str):
        value = guard.list_cell(value, datasette)  # a 1 MB title: cut in table cells
        language = _row_get(row, "language")
        return Markup('<span dir="auto"{}>{}</span>').format(
            Markup(' lang="{}"').format(language) if isinstance(language, str) and language
            else "", value)
    return None


def _translation_links(value: str) -> Markup:
    try:
        parsed = json.loads(value)
    except ValueError:
        return Markup("{}").format(value)
    pairs = parsed.items() if isinstance(parsed, dict) else enumerate(parsed or [])
    return Markup(", ").join(link(str(url), f"{key}") for key, url in pairs)


@hookimpl
def register_output_renderer() -> list[dict[str, Any]]:
    return [{"extension": "atom", "render": atom.render_atom, "can_render": atom.can_render_atom},
            {"extension": "geojson", "render": exports.render_geojson,
             "can_render": exports.can_render_geojson}]


@hookimpl
def extra_template_vars(view_name: str, table: str | None, database: str | None,
                        request: Any, datasette: Any) -> Any:
    if view_name == "row" and table == "items" and request is not None:
        async def inner() -> dict[str, Any]:
            item = await item_page.item_context(datasette, database, request)
            if item.get("id"):
                item["event"] = await events_page.item_event(datasette, database, item["id"])
            return {"item": item}
        return inner
    if view_name == "row" and table == "stories" and request is not None:
        async def story() -> dict[str, Any]:
            return {"story_page": await story_context(datasette, database, request)}
        return story
    if view_name == "row" and table == "events" and request is not None:
        async def event() -> dict[str, Any]:
            return {"event": await events_page.event_context(datasette, database, request)}
        return event
    if view_name == "table" and table == "events" and request is not None \
            and database is not None:
        async def chart() -> dict[str, Any]:
            return {"monitor_database": database, **events_page.choices(),
                    "events_feed": events_page.feed_url(datasette, database, request.args),
                    "events_chart": await events_page.events_chart(datasette, database,
                                                                   request.args)}
        return chart
    if view_name == "table" and table == "items" and request is not None \
            and database is not None and {"_search", "_days"} & set(request.args):
        async def counted() -> dict[str, Any]:

            extra: dict[str, Any] = {"monitor_database": database, "monitor_window":
                                     await window_context(datasette, database, request.args)}
            found = await search_count(datasette, database, request.args) \
                if "_search" in request.args else None
            return extra if found is None else {**extra, "filtered_table_rows_count": found}
        return counted
    if view_name == "index" and request is not None:
        async def front_page() -> dict[str, Any]:

            return {"desk": await desk_context(datasette, request)}
        return front_page
    return {"monitor_database": database}


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/(?P<database>[^/]+)/-/items-per-week$", charts.items_per_week_view),
        (SNAPSHOT_ROUTE, snapshot_view),  # the archived page, sandboxed
        (QUEUE_ROUTE, review_queue_view),  # unreviewed stories, for reviewers
        (REVIEW_ROUTE, review_view),  # the newsroom's only write: staff review actions
    ]



# Columns the items list shows unless the reader picks others (the item page shows them all).
HIDDEN_IN_LIST = ("canonical_url", "guid", "text", "language_confidence", "language_detector",
                  "tag_evidence", "translation_urls", "extra", "content_hash", "times_seen",
                  "geo_precision", "fetched", "author", "snapshot_id", "story_id",
                  "reviewed_by", "reviewed_at")
_ITEMS_LIST = re.compile(r"^/[^/]+/items$")
# The events list shows the codebook's columns a reader scans; exports keep all but join_keys.
EVENTS_HIDDEN_IN_LIST = ("join_keys", "event_type", "figure_evidence", "story_ids", "countries",
                         "sectors",
                         "start_precision", "end_precision", "employer", "unions", "demands",
                         "place_id", "region_name", "created", "updated", "reviewed_by",
                         "reviewed_at",
                         "first_seen", "week_of", "language_count", "source_count", "sources")
_EVENTS = re.compile(r"^/[^/]+/events(\.[a-z]+)?$")


def _hide_columns(scope: dict[str, Any]) -> dict[str, Any]:
    """Default _nocol= for the items and events lists (a reader's own _col/_nocol wins)."""
    path = scope.get("path", "")
    query = scope.get("query_string", b"").decode("latin-1")
    if "_col=" in query or "_nocol=" in query:
        return scope
    if _ITEMS_LIST.match(path):
        hidden = tuple(c for c in HIDDEN_IN_LIST if c in ITEM_COLUMNS)  # serve migrates first
    elif match := _EVENTS.match(path):
        hidden = EVENTS_HIDDEN_IN_LIST if match.group(1) is None else ("join_keys",)
    else:
        return scope
    extra = "&".join(f"_nocol={c}" for c in hidden)
    return {**scope, "query_string": (f"{query}&{extra}" if query else extra).encode("latin-1")}


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Readable items and events lists by default (?_nocol= for technical columns); cheap
    feeds."""
    def wrap(app: Any) -> Any:
        async def inner(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and scope.get("path", "").endswith(".atom"):
                # a feed shows neither facets nor a total: do not compute them
                query = scope.get("query_string", b"").decode("latin-1")
                scope = {**scope, "query_string": (
                    (query + "&" if query else "") + "_nofacet=1&_nocount=1").encode("latin-1")}
            if scope.get("type") == "http" and scope.get("path", "").endswith(".csv"):
                send = exports.csv_send(send)  # list columns as "a; b"
            if scope.get("type") == "http" and b"_search=" in scope.get("query_string", b""):
                scope = await rewrite_scope(datasette, scope)  # word forms, OR, prefixes
            if scope.get("type") == "http" and "_search" in scope.get("query_string", b""
                                                                      ).decode("latin-1"):
                path, query = scope.get("path", ""), scope["query_string"].decode("latin-1")
                if counts_json(path, query):  # we pass _nocount: put our count back
                    send = send_with_count(datasette, path, query, send)
                scope = {**scope, "query_string": search_query(path, query).encode("latin-1")}
            if scope.get("type") == "http":
                scope = _hide_columns(scope)
            await app(scope, receive, send)
        return inner
    return wrap
