"""Evidence snapshots: the bytes a page had when we fetched it, kept compressed in SQLite.

Site owners delete pages; staff need proof of what was published. Every article page fetched for
full text is stored here (raw bytes, URL, time, HTTP status, headers, SHA-256), referenced from
``items.snapshot_id``; monitor/publish/warc.py exports them and the newsroom shows them.
During a poll a page waits as a `PendingSnapshot` and is stored with its source's items.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from monitor.errors import MonitorError
from monitor.values import iso

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
        "fetched": iso(fetched or dt.datetime.now(dt.UTC)),
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




@dataclass
class PendingSnapshot:
    """A page fetched during a poll, waiting to be stored with its source's items."""

    response: Response
    fetched: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


class SnapshotQueue:
    """What ``ctx.snapshot`` hands pages to during a poll: each gets a key (negative, so that it
    never passes for a stored id) that `save_pending` turns into the stored snapshot's id."""

    def __init__(self) -> None:
        self.pending: dict[int, PendingSnapshot] = {}

    def add(self, response: Response) -> int:
        key = -(len(self.pending) + 1)
        self.pending[key] = PendingSnapshot(response)
        return key


def save_pending(db: sqlite_utils.Database, pending: dict[int, PendingSnapshot],
                 max_bytes: int = MAX_SNAPSHOT_BYTES) -> dict[int, int]:
    """Store the waiting pages (in the caller's transaction); pending key -> snapshot id."""
    return {key: save_snapshot(db, snap.response, fetched=snap.fetched, max_bytes=max_bytes)
            for key, snap in pending.items()}
