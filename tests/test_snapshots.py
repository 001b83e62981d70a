"""Evidence snapshots: stored compressed with hash and status, capped, exported as WARC."""

from __future__ import annotations

import gzip
import hashlib
import io
import sqlite3
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from monitor.fetch import Response
from monitor.publish.datasette.snapshot import render_snapshot
from monitor.publish.warc import write_warc
from monitor.store.schema import open_db
from monitor.store.snapshots import load_snapshot, save_snapshot

PAGE = ("<html><head><title>Strike</title><script>alert(1)</script></head><body>"
        + "<p>Workers at the plant went on strike.</p>" * 200 + "</body></html>").encode()


def _response(body: bytes = PAGE, url: str = "https://union.example.org/news/1") -> Response:
    return Response(
        url=url, final_url=url + "?amp=0", status=200, content=body,
        headers={"content-type": "text/html; charset=utf-8", "etag": '"abc"',
                 "set-cookie": "session=secret", "last-modified": "Tue, 04 Mar 2025 09:00:00 GMT"},
    )


def test_snapshot_keeps_bytes_url_time_status_hash_and_compresses(db: Any) -> None:
    snapshot_id = save_snapshot(db, _response())
    row = db.execute("SELECT * FROM snapshots WHERE id = ?", [snapshot_id]).fetchone()
    assert row is not None
    snap = load_snapshot(db, snapshot_id)
    assert snap.body == PAGE
    assert snap.url == "https://union.example.org/news/1"
    assert snap.final_url.endswith("?amp=0")
    assert snap.status == 200 and not snap.truncated and snap.size == len(PAGE)
    assert snap.content_hash == "sha256:" + hashlib.sha256(PAGE).hexdigest()
    assert snap.fetched.endswith("+00:00")
    assert snap.headers == {"content-type": "text/html; charset=utf-8", "etag": '"abc"',
                            "last-modified": "Tue, 04 Mar 2025 09:00:00 GMT"}  # no cookies
    stored = db.execute("SELECT length(body) FROM snapshots WHERE id = ?",
                        [snapshot_id]).fetchone()[0]
    assert stored < len(PAGE) / 10


def test_a_snapshot_over_the_cap_is_truncated_and_marked(db: Any) -> None:
    snapshot_id = save_snapshot(db, _response(), max_bytes=1000)
    snap = load_snapshot(db, snapshot_id)
    assert snap.truncated
    assert snap.body == PAGE[:1000]
    assert snap.size == len(PAGE)  # the size and hash are of the whole page as served
    assert snap.content_hash == "sha256:" + hashlib.sha256(PAGE).hexdigest()


def test_warc_export_is_readable_by_warcio(db: Any) -> None:
    first = save_snapshot(db, _response())
    second = save_snapshot(db, _response(b"x" * 5000, "https://union.example.org/big"),
                           max_bytes=100)
    out = io.BytesIO()
    assert write_warc(db, [first, second], out) == 2
    records = []
    for record in ArchiveIterator(io.BytesIO(out.getvalue())):
        records.append((record.rec_type, record.rec_headers, record.http_headers,
                        record.content_stream().read()))
    assert [r[0] for r in records] == ["warcinfo", "response", "response"]
    _, headers, http_headers, body = records[1]
    assert headers.get_header("WARC-Target-URI") == "https://union.example.org/news/1?amp=0"
    assert headers.get_header("WARC-Date").startswith("20")
    assert headers.get_header("X-Monitor-Content-Hash").startswith("sha256:")
    assert http_headers.get_statuscode() == "200"
    assert body == PAGE
    assert records[2][1].get_header("WARC-Truncated") == "length"
    assert records[2][3] == b"x" * 100


def test_render_for_the_web_sandboxes_the_archived_page(db: Any) -> None:
    view = render_snapshot(db, save_snapshot(db, _response()))
    assert view.status == 200 and view.content_type.startswith("text/html")
    assert view.headers["Content-Security-Policy"].startswith("sandbox")
    assert b"Snapshot 1 of" in view.body and PAGE in view.body
    raw = render_snapshot(db, 1, raw=True)
    assert raw.body == PAGE and "attachment" in raw.headers["Content-Disposition"]
    assert render_snapshot(db, 99).status == 404


def test_an_old_database_gains_the_snapshots_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
    conn.execute("INSERT INTO items (url, title) VALUES ('http://a/1', 'kept')")
    conn.commit()
    conn.close()
    db = open_db(path)
    assert "snapshot_id" in db.table("items").columns_dict
    assert db.table("snapshots").exists()
    assert db.execute("SELECT title FROM items").fetchone()[0] == "kept"
    db.close()


def test_snapshot_command_shows_and_exports(cli_run: Any, tmp_path: Path) -> None:
    db = open_db(tmp_path / "monitor.db")
    snapshot_id = save_snapshot(db, _response())
    db.close()
    shown = cli_run("snapshot", str(snapshot_id))
    assert shown.exit_code == 0, shown.output
    assert "https://union.example.org/news/1" in shown.output
    assert "sha256:" in shown.output and "truncated" in shown.output
    raw = cli_run("snapshot", str(snapshot_id), "--raw")
    assert raw.stdout_bytes == PAGE
    warc = tmp_path / "out.warc.gz"
    exported = cli_run("snapshot", str(snapshot_id), "--warc", str(warc))
    assert exported.exit_code == 0, exported.output
    assert b"WARC/1" in gzip.decompress(warc.read_bytes())
    missing = cli_run("snapshot", "42")
    assert missing.exit_code == 2 and "no snapshot 42" in missing.output
    both = cli_run("snapshot", "1", "--raw", "--warc", str(warc))
    assert both.exit_code == 2


def test_datasette_view_serves_the_sandboxed_page_and_raw_bytes(tmp_path: Path) -> None:
    import asyncio

    from datasette.app import Datasette
    from datasette.utils.asgi import Request

    from monitor.publish.datasette.snapshot import snapshot_view

    db = open_db(tmp_path / "monitor.db")
    snapshot_id = save_snapshot(db, _response())
    db.close()
    ds = Datasette([str(tmp_path / "monitor.db")])

    async def get(path: str, **url_vars: str) -> Any:
        request = Request.fake(path, url_vars={"database": "monitor", **url_vars})
        return await snapshot_view(ds, request)

    page = asyncio.run(get(f"/monitor/-/snapshot/{snapshot_id}", snapshot_id=str(snapshot_id)))
    assert page.status == 200
    assert page.headers["Content-Security-Policy"].startswith("sandbox")
    assert PAGE in page.body
    raw = asyncio.run(get("/monitor/-/snapshot/1.raw", snapshot_id="1", raw=".raw"))
    assert raw.body == PAGE
    missing = asyncio.run(get("/monitor/-/snapshot/9", snapshot_id="9"))
    assert missing.status == 404
