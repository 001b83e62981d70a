"""Guards around Datasette for a newsroom on the open web (issue 19): map popups that link only
to http(s), and a limit on password guessing. Loaded as its own Datasette plugin
(plugins/guard_plugin.py), apart from the newsroom's features in hooks.py.
"""

from __future__ import annotations

import json
import time
from collections import deque
from typing import Any

from monitor.publish.datasette.safe import safe_url

LOGIN_PATH = "/-/login"
LOGIN_ATTEMPTS = 10
"""Password attempts per client address within LOGIN_WINDOW seconds; more get 429."""
LOGIN_WINDOW = 600.0
POPUP_URL_KEYS = ("link", "image")


def safe_popup(value: Any) -> Any:
    """A cluster-map popup (JSON object or its text) without links that are not http(s).

    datasette-cluster-map writes ``popup.link`` into an ``<a href>`` and ``popup.image`` into an
    ``<img src>`` as they are; with a crafted ``?sql=`` they could be ``javascript:`` URLs.
    """
    parsed = value
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
    if not isinstance(parsed, dict):
        return value
    cleaned = {k: v for k, v in parsed.items()
               if k not in POPUP_URL_KEYS or (isinstance(v, str) and safe_url(v) is not None)}
    if cleaned == parsed:
        return value
    return json.dumps(cleaned, ensure_ascii=False) if isinstance(value, str) else cleaned


def clean_rows(body: bytes) -> bytes:
    """A JSON page of rows with every row's popup made safe (unchanged if there is none)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not any(isinstance(r, dict) and "popup" in r for r in rows):
        return body
    for row in rows:
        if isinstance(row, dict) and "popup" in row:
            row["popup"] = safe_popup(row["popup"])
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _wants_rows_json(scope: dict[str, Any]) -> bool:
    path = scope.get("path", "")
    query = scope.get("query_string", b"").decode("latin-1")
    return path.endswith(".json") and "_shape=objects" in query


async def _buffered(app: Any, scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Run the app, rewriting its JSON body through clean_rows."""
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def capture(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", [])]
            if any(k.lower() == b"content-type" and b"json" in v for k, v in headers):
                body = clean_rows(body)
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await send(message)

    await app(scope, receive, capture)


def _too_many(seconds: float) -> list[dict[str, Any]]:
    body = (f"Too many login attempts from your address; try again in {int(seconds) + 1} s."
            ).encode()
    return [
        {"type": "http.response.start", "status": 429, "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"retry-after", str(int(seconds) + 1).encode()),
            (b"content-length", str(len(body)).encode())]},
        {"type": "http.response.body", "body": body},
    ]


def guard(app: Any) -> Any:
    """The ASGI wrapper: popups made safe in row JSON, password attempts limited per address."""
    attempts: dict[str, deque[float]] = {}

    async def inner(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        if scope.get("path") == LOGIN_PATH and scope.get("method") == "POST":
            client = (scope.get("client") or ("?", 0))[0]
            now = time.monotonic()
            recent = attempts.setdefault(client, deque())
            while recent and recent[0] < now - LOGIN_WINDOW:
                recent.popleft()
            if len(recent) >= LOGIN_ATTEMPTS:
                for message in _too_many(recent[0] + LOGIN_WINDOW - now):
                    await send(message)
                return
            recent.append(now)
            if len(attempts) > 10_000:  # bounded memory whatever the traffic
                attempts.clear()
            await app(scope, receive, send)
            return
        if _wants_rows_json(scope):
            await _buffered(app, scope, receive, send)
            return
        await app(scope, receive, send)

    return inner


def list_cell(value: str, datasette: Any) -> str:
    """A text cell as a table shows it: cut at Datasette's truncate_cells_html length.

    Datasette cuts cells itself, but not those a render_cell hook returns; without this a 1 MB
    title made the items page 2 MB. The item's own page (item_page.py) shows it whole.
    """
    if datasette is None:
        return value
    limit = int(datasette.setting("truncate_cells_html") or 0)
    return value[:limit] + "…" if limit and len(value) > limit else value
