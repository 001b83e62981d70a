"""WARC export of evidence snapshots (warcio): readable by any web-archive tool."""

from __future__ import annotations

import io
from typing import IO

import sqlite_utils

from monitor import __version__
from monitor.store.snapshots import load_snapshot


def write_warc(db: sqlite_utils.Database, snapshot_ids: list[int], out: IO[bytes]) -> int:
    """Write the snapshots as gzipped WARC response records (readable by any WARC tool)."""
    from warcio.statusandheaders import StatusAndHeaders  # lazy: only `snapshot --warc`
    from warcio.warcwriter import WARCWriter  # lazy: only `snapshot --warc`

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
