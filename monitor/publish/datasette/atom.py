"""An Atom feed for any items table view or canned query: add `.atom` to the page's path.

Rows need a `title` and an `id` or `url` column; `published`/`fetched`, `summary`, `source`,
`event_types` and `countries` are used when present. Text goes in as text: an XML library
escapes it, so markup in a feed item cannot become live in a reader.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree as ET

from datasette.utils.asgi import Response

from monitor.publish.datasette.labels import json_list, label
from monitor.publish.datasette.safe import safe_url

ATOM = "http://www.w3.org/2005/Atom"


def can_render_atom(columns: list[str]) -> bool:
    return "title" in columns and ("id" in columns or "url" in columns)


def _when(row: dict[str, Any]) -> str:
    for key in ("published", "fetched", "last_seen", "first_seen"):
        value = row.get(key)
        if value:
            return str(value) if "T" in str(value) else f"{value}T00:00:00Z"
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def render_atom(datasette: Any, request: Any, rows: list[Any], columns: list[str],
                database: str, table: str | None, query_name: str | None,
                data: dict[str, Any]) -> Response:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    site = datasette.metadata("title") or "Labour news monitor"
    what = data.get("human_description_en") or ""
    name = query_name or table or "query"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = " ".join(
        p for p in [site + ":", name.replace("_", " "), what] if p).strip()
    page_url = datasette.absolute_url(request, request.full_path.replace(".atom", "", 1))
    ET.SubElement(feed, f"{{{ATOM}}}id").text = page_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self",
                  href=datasette.absolute_url(request, request.full_path))
    dicts = [dict(zip(columns, row, strict=False)) for row in rows]
    updated = max((_when(r) for r in dicts), default=_when({}))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = site
    for row in dicts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title", type="text").text = str(row.get("title") or "")
        item_page = None
        row_table = table or ("stories" if "first_seen" in columns else "items")
        if row.get("id") is not None and row_table in ("items", "stories"):
            item_page = datasette.absolute_url(
                request, datasette.urls.row(database, row_table, str(row["id"])))
        original = safe_url(row.get("url"))
        ET.SubElement(entry, f"{{{ATOM}}}id").text = (
            item_page or original or f"tag:labour-monitor:{database}:{name}:{row.get('id')}")
        if original:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=original)
        if item_page:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", type="text/html",
                          href=item_page)
        when = _when(row)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = when
        ET.SubElement(entry, f"{{{ATOM}}}published").text = when
        if row.get("source"):
            author = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(author, f"{{{ATOM}}}name").text = str(row["source"])
        for column, kind in (("event_types", "event_type"), ("countries", "country"),
                             ("sectors", "sector")):
            for code in json_list(row.get(column)):
                ET.SubElement(entry, f"{{{ATOM}}}category", term=code, label=label(kind, code))
        summary = row.get("summary") or row.get("text")
        if summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = str(summary)[:2000]
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        content_type="application/atom+xml; charset=utf-8",
        headers={"Access-Control-Allow-Origin": "*"},
    )
