"""Exports staff can open elsewhere: GeoJSON for any view with coordinates, CSV with lists as
plain text.

Add `.geojson` to an items view or a canned query that has `latitude` and `longitude` columns
(the maps, `/DB/items?_country=KZ`): each row with both becomes a Point feature, its other
columns the properties, JSON lists as lists. CSV downloads write list columns as "a; b" instead
of `["a", "b"]`, so a spreadsheet shows them as text, and an event's figure evidence as a
sentence ("killed: 11 (item 2, ...), 45 (item 9, ...)"). `/DB/events.csv` is the codebook's
columns (docs/events.md) but the joining keys.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from datasette.utils.asgi import Response

from monitor.publish.datasette.events_page import evidence_text

LIST_COLUMNS = {"countries", "event_types", "sectors", "languages", "sources",
                "translation_urls", "unions", "demands", "story_ids"}
TEXT_COLUMNS: dict[str, Callable[[str], str]] = {"figure_evidence": evidence_text}
"""JSON columns written as a sentence in CSV (each report's figure, its item and date)."""


def can_render_geojson(columns: list[str]) -> bool:
    return "latitude" in columns and "longitude" in columns


def _value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return parsed if isinstance(parsed, list) else value
    if isinstance(value, bytes):
        return None
    return value


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -180.0 <= number <= 180.0 else None


def render_geojson(rows: list[Any], columns: list[str]) -> Response:
    features = []
    for row in rows:
        record = dict(zip(columns, row, strict=False))
        lat, lon = _number(record.pop("latitude", None)), _number(record.pop("longitude", None))
        if lat is None or lon is None or abs(lat) > 90:
            continue
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": {k: _value(v) for k, v in record.items()}})
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return Response(body, content_type="application/geo+json; charset=utf-8",
                    headers={"Access-Control-Allow-Origin": "*"})


def plain_list(cell: str) -> str:
    """'["KZ", "KG"]' -> 'KZ; KG'; '[]' -> ''; anything else as it is."""
    if not (cell.startswith("[") and cell.endswith("]")):
        return cell
    try:
        parsed = json.loads(cell)
    except ValueError:
        return cell
    if not isinstance(parsed, list) or not all(isinstance(v, str | int | float) for v in parsed):
        return cell
    return "; ".join(str(v) for v in parsed)


class CsvLists:
    """Rewrites a CSV stream chunk by chunk: cells of list columns become 'a; b'."""

    def __init__(self) -> None:
        self.pending = ""
        self.lists: set[int] | None = None  # indexes of list columns, from the header
        self.texts: dict[int, Callable[[str], str]] = {}

    def _complete(self, text: str) -> int:
        """Length of the leading part of `text` that ends a record (outside quotes)."""
        quotes, end, start = 0, 0, 0
        while True:
            newline = text.find("\n", start)
            if newline < 0:
                return end
            quotes += text.count('"', start, newline)
            if quotes % 2 == 0:
                end = newline + 1
            start = newline + 1

    def feed(self, chunk: str, last: bool = False) -> str:
        text = self.pending + chunk
        end = len(text) if last else self._complete(text)
        done, self.pending = text[:end], text[end:]
        if not done:
            return ""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for record in csv.reader(io.StringIO(done, newline="")):
            if self.lists is None:
                self.lists = {i for i, name in enumerate(record) if name in LIST_COLUMNS}
                self.texts = {i: TEXT_COLUMNS[name] for i, name in enumerate(record)
                              if name in TEXT_COLUMNS}
            else:
                record = [self.texts[i](c) if i in self.texts and c
                          else plain_list(c) if i in self.lists else c
                          for i, c in enumerate(record)]
            writer.writerow(record)
        return out.getvalue()


def csv_send(send: Any) -> Any:
    """An ASGI `send` passing a CSV response through CsvLists (other responses untouched)."""
    state: dict[str, Any] = {"csv": False, "rewriter": CsvLists()}

    async def patched(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers", []))
            state["csv"] = message.get("status") == 200 and headers.get(
                b"content-type", b"").startswith(b"text/")
            if state["csv"]:  # the length changes: send it chunked
                message = {**message, "headers": [(k, v) for k, v in message["headers"]
                                                  if k.lower() != b"content-length"]}
            await send(message)
            return
        if message["type"] == "http.response.body" and state["csv"]:
            more = bool(message.get("more_body"))
            body = state["rewriter"].feed(message.get("body", b"").decode("utf-8"),
                                          last=not more)
            await send({**message, "body": body.encode("utf-8")})
            return
        await send(message)

    return patched
