"""The archived page of a snapshot in the newsroom: sandboxed, never live in our origin."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from html import escape
from typing import Any

import sqlite_utils
from datasette.utils.asgi import NotFound, Response

from monitor.store.snapshots import SnapshotNotFound, load_snapshot


@dataclass
class SnapshotView:
    """An HTTP answer showing a snapshot safely: scripts off, nothing loaded from elsewhere."""

    status: int
    content_type: str
    headers: dict[str, str]
    body: bytes


def render_snapshot(
    db: sqlite_utils.Database | sqlite3.Connection, snapshot_id: int, raw: bool = False
) -> SnapshotView:
    """For Datasette (or any web view): the archived page in a sandbox, or ``raw`` as a download.

    The archived HTML is served with ``Content-Security-Policy: sandbox`` so its scripts cannot
    run in our origin, and a banner says what it is and when it was fetched.
    """
    try:
        snap = load_snapshot(db, snapshot_id)
    except SnapshotNotFound as exc:
        return SnapshotView(404, "text/plain; charset=utf-8", {}, str(exc).encode())
    safety = {
        "Content-Security-Policy": "sandbox; default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff",
    }
    if raw or "html" not in snap.content_type.lower():
        return SnapshotView(200, "application/octet-stream", {
            **safety,
            "Content-Disposition": f'attachment; filename="snapshot-{snap.id}.bin"',
        }, snap.body)
    banner = (
        '<div style="all:initial;display:block;font:14px sans-serif;background:#ffd;'
        'border-bottom:2px solid #aa0;padding:8px">'
        f"Snapshot {snap.id} of <code>{escape(snap.final_url)}</code> "
        f"fetched {escape(snap.fetched)}"
        f" (HTTP {snap.status}, {snap.size} bytes, {escape(snap.content_hash)})"
        + (" &mdash; <b>truncated</b>" if snap.truncated else "")
        + "</div>"
    ).encode()
    charset = "utf-8"
    if "charset=" in snap.content_type.lower():
        charset = snap.content_type.lower().split("charset=")[1].split(";")[0].strip() or charset
    return SnapshotView(200, f"text/html; charset={charset}", safety, banner + snap.body)


SNAPSHOT_ROUTE = r"^/(?P<database>[^/]+)/-/snapshot/(?P<snapshot_id>\d+)(?P<raw>\.raw)?$"
"""Datasette route for ``snapshot_view``: /DB/-/snapshot/ID (page) and /DB/-/snapshot/ID.raw."""


async def snapshot_view(datasette: Any, request: Any) -> Any:
    """Datasette view of one snapshot (register with ``SNAPSHOT_ROUTE`` in register_routes).

    Readers need the same permission as for the snapshots table, so private mode still holds.
    """
    database = request.url_vars["database"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound("no such database") from None
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (database, "snapshots")), ("view-database", database), "view-instance",
    ])
    snapshot_id = int(request.url_vars["snapshot_id"])
    raw = bool(request.url_vars.get("raw"))
    view = await db.execute_fn(lambda conn: render_snapshot(conn, snapshot_id, raw=raw))
    return Response(view.body, status=view.status, headers=view.headers,
                    content_type=view.content_type)
