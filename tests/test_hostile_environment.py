"""The machine's faults and bad input (issue 19, items 3 and 4): a full disk, a read-only file
system, a file that is not SQLite, unwritable output paths, undecodable input lines and control
characters are each one line and a non-zero exit status, never a traceback, and lose nothing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXIT_STORAGE = 74


def _mount_tmpfs(path: Path, size: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here ({done.stderr.strip()})")


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A real 16 MB file system (tmpfs; needs root), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount = tmp_path / "small"
    _mount_tmpfs(mount, "16m")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


def free_bytes(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def no_traceback(result) -> str:
    text = result.output
    assert "Traceback" not in text, text
    return text


def big_feed(base: str, count: int) -> str:
    words = "Dock workers walked out over unpaid wages and unsafe cranes at the port. " * 25
    items = "".join(
        f"<item><title>Strike day {i}</title><link>{base}/s/{i}</link>"
        f"<description>{words} ({i})</description></item>" for i in range(count))
    return f'<rss version="2.0"><channel><title>big</title>{items}</channel></rss>'


def test_a_full_disk_stops_the_poll_cleanly_and_charges_no_source(small_fs, http_server,
                                                                  cli_run, tmp_path):
    from monitor.store import open_db

    db_path = small_fs / "monitor.db"
    open_db(db_path).close()
    url = http_server.add("/big", big_feed("{{BASE}}", 300))
    config = tmp_path / "sources.yaml"
    config.write_text(f"sources:\n  - {{name: big, plugin: rss, url: '{url}'}}\n")
    first = cli_run("--db", str(db_path), "sources", config=config)  # lock file and rows
    assert first.exit_code == 0
    filler = small_fs / "filler"
    filler.write_bytes(b"\0" * max(0, free_bytes(small_fs) - 48 * 1024))
    result = cli_run("--db", str(db_path), "poll", config=config)
    text = no_traceback(result)
    assert result.exit_code == EXIT_STORAGE, text
    assert "poll error: the disk holding" in text and "is full: free some space" in text
    assert "polled 1 source(s)" in text  # the summary is printed
    filler.unlink()
    db = open_db(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        row = db["sources"].get("big")
        assert not row.get("consecutive_failures") and not row.get("last_error")
    finally:
        db.close()
    again = cli_run("--db", str(db_path), "poll", config=config)  # space again: catches up
    assert again.exit_code == 0, again.output
    db = open_db(db_path)
    assert db["items"].count == 300
    db.close()


def test_a_read_only_file_system_is_one_line(small_fs, http_server, cli_run, tmp_path):
    from monitor.store import open_db

    db_path = small_fs / "monitor.db"
    open_db(db_path).close()
    url = http_server.add("/f", big_feed("{{BASE}}", 2))
    config = tmp_path / "sources.yaml"
    config.write_text(f"sources:\n  - {{name: f, plugin: rss, url: '{url}'}}\n")
    remount_read_only(small_fs)
    poll = cli_run("--db", str(db_path), "poll", config=config)
    assert poll.exit_code == EXIT_STORAGE
    assert no_traceback(poll).strip().endswith("the file system is read-only")
    lines = tmp_path / "items.jsonl"
    lines.write_text('{"url": "https://example.org/1", "title": "Strike"}\n')
    imported = cli_run("--db", str(db_path), "import", str(lines), "--source", "manual")
    assert imported.exit_code == EXIT_STORAGE
    assert "read-only" in no_traceback(imported)
    warc = cli_run("--db", str(db_path), "snapshot", "1", "--warc", str(small_fs / "x.warc.gz"))
    assert warc.exit_code in (2, EXIT_STORAGE) and "Traceback" not in warc.output


def test_serve_immutable_works_on_a_read_only_copy(small_fs, tmp_path):
    from monitor.store import open_db

    db_path = small_fs / "monitor.db"
    db = open_db(db_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    remount_read_only(small_fs)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", "from monitor.cli import main; main()", "--db", str(db_path),
         "serve", "--immutable", "--port", str(port)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)  # its own process group: the Datasette child is stopped too
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/monitor.json") as resp:
                    body = json.load(resp)
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, proc.stderr.read() if proc.poll() is not None else "no answer"
        assert "items" in body["tables"] or any(t["name"] == "items" for t in body["tables"])
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_a_file_that_is_not_sqlite_and_an_empty_db_option(cli_run, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list: milk, eggs\n" * 100)
    config = tmp_path / "sources.yaml"
    config.write_text("sources: []\n")
    for args in (("sources",), ("poll",), ("retag",)):
        result = cli_run("--db", str(notes), *args, config=config)
        assert result.exit_code == EXIT_STORAGE, (args, result.output)
        assert f"{notes} is not a monitor database" in no_traceback(result)
    assert notes.read_text().startswith("shopping list")  # nothing written into it
    empty = cli_run("--db", "", "sources", config=config)
    assert empty.exit_code == 2 and "is empty: give a file name" in no_traceback(empty)


def test_unwritable_output_paths_are_one_line(cli_run, tmp_path, http_server):
    from monitor.fetch import Response
    from monitor.store import open_db
    from monitor.store.snapshots import save_snapshot

    db = open_db(tmp_path / "monitor.db")
    snap = save_snapshot(db, Response(url="https://example.org/a", final_url="https://example.org/a",
                                      status=200, headers={"content-type": "text/html"},
                                      content=b"<html>strike</html>"))
    db.close()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    folder = cli_run("snapshot", str(snap), "--warc", str(tmp_path))  # click says it: usage
    assert folder.exit_code == 2 and "is a directory" in no_traceback(folder)
    result = cli_run("snapshot", str(snap), "--warc", str(blocker / "x.warc.gz"))
    assert result.exit_code == EXIT_STORAGE, result.output
    assert no_traceback(result).startswith("error: cannot write")
    url = http_server.add("/f", big_feed("{{BASE}}", 1))
    config = tmp_path / "sources.yaml"
    config.write_text(f"sources:\n  - {{name: f, plugin: rss, url: '{url}'}}\n")
    into = cli_run("record-source", "f", "--into", str(blocker / "fixtures"), config=config)
    assert into.exit_code == EXIT_STORAGE and no_traceback(into).startswith("error: cannot write")


# --- item 4: bad input to commands ------------------------------------------------------------

def test_import_reports_bad_lines_by_number_and_imports_the_good_ones(cli_run, tmp_path):
    from monitor.store import open_db

    lines = tmp_path / "items.jsonl"
    lines.write_bytes(
        b'{"url": "https://example.org/1", "title": "Dockers strike"}\n'
        b'{"url": "https://example.org/2", "title": "Gr\xe8ve des cheminots"}\n'  # latin-1
        b'{"url": "https://example.org/3", "title": "x", "extra": [1, 2]}\n'
        b'{"url": "https://example.org/4", "title": "Nurses walk out"}\n')
    result = cli_run("import", str(lines), "--source", "manual")
    text = no_traceback(result)
    assert result.exit_code == 1
    assert "line 2: skipped: not UTF-8 text (byte 0xe8 at column 46)" in text
    assert "line 3: skipped: extra: not a JSON object" in text
    assert "imported 2 new item(s), 0 already stored, 2 skipped" in text
    db = open_db(tmp_path / "monitor.db")
    assert sorted(r[0] for r in db.execute("SELECT url FROM items")) == [
        "https://example.org/1", "https://example.org/4"]
    db.close()


def test_tag_gives_a_clear_error_per_binary_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from monitor.cli import main; main()", "tag"],
        input=b"\x00\xff\xfe\x89PNG\n" + b'{"title": "Miners strike in Karaganda"}\n',
        capture_output=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.decode() == "line 1: not UTF-8 text (byte 0xff at column 2)\n"
    (out,) = result.stdout.decode().splitlines()
    assert json.loads(out)["title"] == "Miners strike in Karaganda"


def test_control_characters_from_a_feed_never_reach_the_store_or_a_terminal(
        http_server, cli_run, tmp_path):
    from monitor.store import open_db

    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{
        "id": "1", "url": "https://example.org/1",
        "title": "\u001b]0;owned\u0007Dockers\u001b[2J strike\u0000 \u202egnp.exe\u202c",
        "content_text": "Workers\u0008 walked out.\u009b", "authors": [{"name": "Ann\u001b[5m"}],
    }]}
    url = http_server.add("/f.json", json.dumps(feed), content_type="application/feed+json")
    config = tmp_path / "sources.yaml"
    config.write_text(f"sources:\n  - {{name: f, plugin: rss, url: '{url}'}}\n")
    checked = cli_run("check-source", "f", config=config)
    assert checked.exit_code == 0
    bad = ["\x1b", "\x07", "\x00", "\u202e", "\x08", "\x9b"]
    assert not [c for c in bad if c in checked.output]
    assert cli_run("poll", config=config).exit_code == 0
    db = open_db(tmp_path / "monitor.db")
    (row,) = db.execute("SELECT title, text, author FROM items").fetchall()
    db.close()
    assert not [c for c in bad for field in row if c in field]
    assert row[0] == "]0;ownedDockers[2J strike gnp.exe"


def test_a_line_break_in_contact_is_a_usage_error(cli_run, tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("sources: []\n")
    result = cli_run("poll", "--contact", "mailto:a@example.org\r\nX-Evil: 1", config=config)
    assert result.exit_code == 2
    assert "must be one line without control characters" in no_traceback(result)
