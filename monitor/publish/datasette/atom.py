"""An Atom feed for any items table view or canned query: add `.atom` to the page's path.

Rows need a `title` and an `id` or `url` column; `published`/`fetched`, `summary`, `source`,
`event_types`, `countries` and `review_status` (a "reviewed:confirmed" category, labelled
"Reviewed: confirmed") are used when present. Rows of events (the `events` table, or a
query with `start_date`) link to the event page, are dated when the monitor first saw them
(`created`: a feed of new events) and summed up in one English line. Written by
monitor/publish/atom.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from datasette.utils.asgi import Response

from monitor.publish.atom import Entry, Link, atom_feed
from monitor.publish.datasette.events_page import event_line
from monitor.publish.datasette.labels import label, review_label
from monitor.publish.datasette.safe import safe_url
from monitor.values import json_list


def can_render_atom(columns: list[str]) -> bool:
    return "title" in columns and ("id" in columns or "url" in columns)


def _when(row: dict[str, Any], keys: tuple[str, ...] = ("published", "fetched", "last_seen",
                                                        "first_seen")) -> str:
    for key in keys:
        value = row.get(key)
        if value:
            return str(value) if "T" in str(value) else f"{value}T00:00:00Z"
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def render_atom(datasette: Any, request: Any, rows: list[Any], columns: list[str],
                database: str, table: str | None, query_name: str | None,
                data: dict[str, Any]) -> Response:
    site = datasette.metadata("title") or "Labour news monitor"
    what = data.get("human_description_en") or ""
    name = query_name or table or "query"
    page_url = datasette.absolute_url(request, request.full_path.replace(".atom", "", 1))
    dicts = [dict(zip(columns, row, strict=False)) for row in rows]
    entries = []
    for row in dicts:
        item_page = None
        row_table = table or ("events" if "start_date" in columns else
                              "stories" if "first_seen" in columns else "items")
        if row.get("id") is not None and row_table in ("items", "stories", "events"):
            item_page = datasette.absolute_url(
                request, datasette.urls.row(database, row_table, str(row["id"])))
        original = safe_url(row.get("url"))
        links = [Link(original)] if original else []
        if item_page:
            links.append(Link(item_page, rel="related", type="text/html"))
        is_event = row_table == "events"
        when = _when(row, ("created", "last_seen")) if is_event else _when(row)
        summary = event_line(row) if is_event else row.get("summary") or row.get("text")
        entries.append(Entry(
            title=str(row.get("title") or ""),
            id=item_page or original or f"tag:labour-monitor:{database}:{name}:{row.get('id')}",
            updated=when, published=when, links=links,
            author=str(row["source"]) if row.get("source") else None,
            categories=[(code, label(kind, code)) for column, kind in (
                ("event_types", "event_type"), ("countries", "country"), ("sectors", "sector"))
                for code in json_list(row.get(column))]
            + ([("reviewed:" + str(row["review_status"]), review_label(row["review_status"]))]
               if row.get("review_status") else [])
            + ([("country", label("country", row["country"]))] if is_event and row.get("country")
               and "countries" not in row else []),
            summary=str(summary)[:2000] if summary else None,
        ))
    body = atom_feed(
        " ".join(p for p in [site + ":", name.replace("_", " "), what] if p).strip(),
        page_url, max((_when(r) for r in dicts), default=_when({})), entries,
        links=[Link(page_url, type="text/html"),
               Link(datasette.absolute_url(request, request.full_path), rel="self")],
        author=site)
    return Response(body.rstrip("\n"), content_type="application/atom+xml; charset=utf-8",
                    headers={"Access-Control-Allow-Origin": "*"})
