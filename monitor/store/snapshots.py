"""Evidence snapshots: the bytes a page had when we fetched it, kept compressed in SQLite.

Site owners delete pages; staff need proof of what was published. Every article page fetched for
full text is stored here (raw bytes, URL, time, HTTP status, headers, SHA-256), referenced from
``items.snapshot_id``, and can be exported as WARC (warcio) or viewed through Datasette.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zlib
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from monitor.errors import MonitorError

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

    from monitor.fetch import Response

MAX_SNAPSHOT_BYTES = 5 * 1024 * 1024
"""Raw bytes kept per page; a larger page is cut here and marked ``truncated``."""
KEPT_HEADERS = (
    "content-type", "content-language", "last-modified", "date", "etag", "server",
    "content-location", "link",
)
SNAPSHOT_COLUMNS: dict[str, type] = {
    "id": int,
    "url": str,
    "final_url": str,
    "fetched": str,
    "status": int,
    "content_type": str,
    "content_hash": str,
    "size": int,
    "stored_size": int,
    "truncated": int,
    "compression": str,
    "body": bytes,
    "headers": str,
}


class SnapshotNotFound(MonitorError):
    """No snapshot with that id."""


@dataclass
class Snapshot:
    id: int
    url: str
    final_url: str
    fetched: str
    status: int
    content_type: str
    content_hash: str
    size: int
    truncated: bool
    headers: dict[str, str]
    body: bytes

    def summary(self) -> dict[str, Any]:
        """Everything but the body, for people and JSON."""
        return {k: v for k, v in self.__dict__.items() if k != "body"} | {
            "stored_bytes": len(self.body)
        }


def ensure_table(db: sqlite_utils.Database) -> None:
    """Create or complete the snapshots table (called from store.ensure_schema)."""
    table = db.table("snapshots")
    if not table.exists():
        table.create(SNAPSHOT_COLUMNS, pk="id")
    else:
        for column, col_type in SNAPSHOT_COLUMNS.items():
            if column not in table.columns_dict:
                table.add_column(column, col_type)
    table.create_index(["url"], if_not_exists=True)
    table.create_index(["content_hash"], if_not_exists=True)


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()


def save_snapshot(
    db: sqlite_utils.Database,
    response: Response,
    fetched: dt.datetime | None = None,
    max_bytes: int = MAX_SNAPSHOT_BYTES,
) -> int:
    """Store one fetched response; return its id. The hash is of the full body, before any cut."""
    body = response.content
    content_hash = "sha256:" + hashlib.sha256(body).hexdigest()
    same = db.execute(
        "SELECT id FROM snapshots WHERE url = ? AND content_hash = ? LIMIT 1",
        [response.url, content_hash],
    ).fetchone()
    if same is not None:  # the page did not change since we kept it: one copy is proof enough
        return int(same[0])
    truncated = len(body) > max_bytes
    kept = body[:max_bytes] if truncated else body
    headers = {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
    row = {
        "url": response.url,
        "final_url": response.final_url,
        "fetched": _iso(fetched or dt.datetime.now(dt.timezone.utc)),
        "status": response.status,
        "content_type": response.headers.get("content-type", ""),
        "content_hash": content_hash,
        "size": len(body),
        "stored_size": len(kept),
        "truncated": int(truncated),
        "compression": "zlib",
        "body": zlib.compress(kept, 6),
        "headers": json.dumps(headers, ensure_ascii=False),
    }
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(
        f"INSERT INTO snapshots ({columns}) VALUES ({marks})", list(row.values())
    )
    return int(cursor.lastrowid or 0)


def load_snapshot(db: sqlite_utils.Database | sqlite3.Connection, snapshot_id: int) -> Snapshot:
    row = db.execute(
        "SELECT id, url, final_url, fetched, status, content_type, content_hash, size, "
        "truncated, headers, body, compression FROM snapshots WHERE id = ?",
        [snapshot_id],
    ).fetchone()
    if row is None:
        raise SnapshotNotFound(f"no snapshot {snapshot_id}")
    body = row[10] or b""
    if row[11] == "zlib":
        body = zlib.decompress(body)
    return Snapshot(
        id=row[0], url=row[1], final_url=row[2] or row[1], fetched=row[3], status=row[4],
        content_type=row[5] or "", content_hash=row[6], size=row[7], truncated=bool(row[8]),
        headers=json.loads(row[9] or "{}"), body=body,
    )


def write_warc(db: sqlite_utils.Database, snapshot_ids: list[int], out: IO[bytes]) -> int:
    """Write the snapshots as gzipped WARC response records (readable by any WARC tool)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from monitor import __version__

    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("", {
        "software": f"labour-monitor/{__version__} (warcio)",
        "format": "WARC File Format 1.0",
        "description": "evidence snapshots of fetched article pages",
    }))
    count = 0
    for snapshot_id in snapshot_ids:
        snap = load_snapshot(db, snapshot_id)
        headers = [(k.title(), v) for k, v in snap.headers.items() if k != "content-length"]
        headers.append(("Content-Length", str(len(snap.body))))
        http_headers = StatusAndHeaders(f"{snap.status} OK", headers, protocol="HTTP/1.1")
        warc_headers = {
            "WARC-Date": snap.fetched.replace("+00:00", "Z"),
            # our hash is of the whole page as served, also when the record is truncated
            "X-Monitor-Content-Hash": snap.content_hash,
            "X-Monitor-Snapshot-Id": str(snap.id),
        }
        if snap.truncated:
            warc_headers["WARC-Truncated"] = "length"
        http_headers.compute_headers_buffer()
        record = writer.create_warc_record(
            snap.final_url, "response", payload=io.BytesIO(snap.body),
            length=len(snap.body), http_headers=http_headers, warc_headers_dict=warc_headers,
        )
        writer.write_record(record)
        count += 1
    return count


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
    from html import escape

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
    from datasette.utils.asgi import NotFound, Response

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
