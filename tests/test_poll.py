"""Polling for cron: schedules and backoff, attention, the network-down rule, conditional GET,
exit statuses, the lock between overlapping polls, and kill -9 at any moment."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from monitor.config import load_config
from monitor.fetch import FetchSettings
from monitor.poll import schedule as health
from monitor.poll.lock import poll_lock
from monitor.poll.run import poll
from monitor.publish.attention import attention_atom
from monitor.values import parse_iso

ROOT = Path(__file__).resolve().parent.parent
FAST = FetchSettings(connect_timeout=1, read_timeout=2, total_timeout=3, retries=0)
NOW = dt.datetime(2025, 9, 1, 12, 0, tzinfo=dt.UTC)


def feed(base: str, name: str, count: int = 2) -> str:
    items = "".join(
        f"<item><title>{name} walkout {i}</title><link>{base}/{name}/{i}</link>"
        f"<pubDate>Mon, 01 Sep 2025 0{i}:00:00 +0000</pubDate></item>" for i in range(count)
    )
    return f'<rss version="2.0"><channel><title>{name}</title>{items}</channel></rss>'


def sources_yaml(entries: list[tuple[str, str]], extra: str = "") -> str:
    return "sources:\n" + "".join(
        f"  - {{name: {n}, plugin: rss, url: '{u}', interval: 1h{extra}}}\n" for n, u in entries
    )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- health rules (pure) ---------------------------------------------------------------------

def test_backoff_grows_and_is_capped_but_never_gives_up():
    delays = [health.backoff_delay(3600, n) for n in range(1, 12)]
    assert delays[0] == 600 and delays[1] == 1200 and delays == sorted(delays)
    assert delays[-1] == health.BACKOFF_CAP
    assert health.backoff_delay(3600, 1, retry_after=7200) == 7200


def test_backoff_and_retry_after_never_beyond_a_day_whatever_the_interval():
    year = 365 * 86400.0
    assert health.backoff_delay(3600, 1, retry_after=year) == health.BACKOFF_CAP == 86400
    for interval in (60, 3600, 7 * 86400, 30 * 86400):
        delays = [health.backoff_delay(interval, n) for n in (1, 2, 10, 100, 5000)]
        assert max(delays) <= health.BACKOFF_CAP, interval
    assert health.backoff_delay(30 * 86400, 5000) == health.BACKOFF_CAP  # no float overflow
    failed = health.after_failure({"name": "x"}, 3600, NOW, "HTTP 503, retry after 1 year", 503,
                                  retry_after=year)
    assert parse_iso(failed["next_due"]) == NOW + dt.timedelta(days=1)


def test_attention_for_gone_repeated_404_and_repeated_failures():
    row: dict[str, Any] = {"name": "x"}
    gone = health.after_failure(row, 3600, NOW, "HTTP 410 Gone", 410)
    assert gone["health"] == "needs attention" and "410" in gone["attention"]
    first = health.after_failure(row, 3600, NOW, "HTTP 404 Not Found", 404)
    assert first["health"] == "failing" and not first["attention"]
    second = health.after_failure({**row, **first, "last_status": 404}, 3600, NOW,
                                  "HTTP 404 Not Found", 404)
    assert "not found (HTTP 404) 2 times" in second["attention"]
    state: dict[str, Any] = dict(row)
    for _ in range(3):
        state.update(health.after_failure(state, 3600, NOW, "timed out after 30 s"))
    assert state["attention"].endswith("(3 times): timed out after 30 s")
    healed = health.after_success(state, 3600, NOW, None)
    assert healed["health"] == "ok" and healed["attention"] == "" and not healed["failing_since"]


def test_a_weekly_source_silent_for_forty_days():
    weekly = [NOW - dt.timedelta(days=40 + 7 * i) for i in range(6)]
    assert health.silence(weekly, NOW) == "silent for 40 days (usually weekly)"
    assert health.silence(weekly, weekly[0] + dt.timedelta(days=3)) is None
    assert health.silence(weekly[:2], NOW) is None  # too few items to know a cadence


def test_attention_atom_is_a_valid_feed():
    xml = attention_atom([{"name": "a&b", "url": "http://x/?a=1&b=2",
                                  "attention": "gone (HTTP 410) <now>"}])
    root = etree.fromstring(xml.encode())
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1 and "a&b: gone" in entries[0].findtext(
        "{http://www.w3.org/2005/Atom}title")


# --- polls against local servers ------------------------------------------------------------

def test_due_sources_only_unless_forced(http_server, write_config, registry, db):
    url = http_server.add("/f", feed("{{BASE}}", "f"))
    config = load_config(write_config(sources_yaml([("f", url)])), registry)
    first = poll(db, config, registry, settings=FAST, due_only=True)
    assert [r.new_items for r in first.results] == [2]
    again = poll(db, config, registry, settings=FAST, due_only=True)
    assert again.results == [] and again.not_due == 1
    forced = poll(db, config, registry, settings=FAST)
    assert len(forced.results) == 1
    # robots.txt is kept for a day, not fetched again by every cron run
    assert [p for p, _ in http_server.requests].count("/robots.txt") == 1


def test_conditional_get_answers_304_and_nothing_is_parsed(http_server, write_config,
                                                           registry, db):
    body = feed(http_server.url, "c").encode()

    def etagged(handler: Any) -> None:
        if handler.headers.get("If-None-Match") == '"c1"':
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("ETag", '"c1"')
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    url = http_server.add("/c", etagged)
    config = load_config(write_config(sources_yaml([("c", url)])), registry)
    poll(db, config, registry, settings=FAST)
    again = poll(db, config, registry, settings=FAST)
    (result,) = again.results
    assert result.unchanged and result.status == "ok" and result.warnings == []
    assert http_server.requests[-1][1].get("If-None-Match") == '"c1"'
    row = db["sources"].get("c")
    assert row["etag"] == '"c1"' and row["body_hash"] and row["health"] == "ok"
    assert db["items"].count == 2


def test_when_every_source_fails_it_is_our_network(write_config, registry, db):
    entries = [(f"s{i}", f"http://127.0.0.{i + 1}:{closed_port()}/feed") for i in range(3)]
    config = load_config(write_config(sources_yaml(entries)), registry)
    report = poll(db, config, registry, settings=FAST)
    assert "our network looks down" in report.network_error and report.exit_code == 1
    rows = list(db["sources"].rows)
    assert all(not r["consecutive_failures"] and not r["last_error"] for r in rows)
    (run,) = db["poll_runs"].rows
    assert "network" in run["error"]


def test_sources_says_why_a_network_down_run_left_health_unchanged(write_config, registry, db,
                                                                   cli_run):
    entries = [(f"s{i}", f"http://127.0.0.{i + 1}:{closed_port()}/feed") for i in range(2)]
    path = write_config(sources_yaml(entries))
    poll(db, load_config(path, registry), registry, settings=FAST)
    out = cli_run("sources", config=path).output
    assert "never polled" in out
    assert "last poll" in out and "did not count" in out and "our network looks down" in out


def test_one_dead_host_is_not_our_network(write_config, registry, db):
    port = closed_port()
    entries = [("a", f"http://127.0.0.1:{port}/a"), ("b", f"http://127.0.0.1:{port}/b")]
    config = load_config(write_config(sources_yaml(entries)), registry)
    report = poll(db, config, registry, settings=FAST)
    assert not report.network_error and len(report.failed) == 2
    assert db["sources"].get("a")["consecutive_failures"] == 1


def test_one_failing_source_is_counted_against_itself(http_server, write_config, registry, db):
    ok = http_server.add("/ok", feed("{{BASE}}", "ok"))
    entries = [("ok", ok), ("down", f"http://127.0.0.1:{closed_port()}/feed")]
    config = load_config(write_config(sources_yaml(entries)), registry)
    report = poll(db, config, registry, settings=FAST)
    assert not report.network_error and [r.name for r in report.failed] == ["down"]
    down = db["sources"].get("down")
    assert down["consecutive_failures"] == 1 and "could not connect" in down["last_error"]


def test_a_plugin_that_hangs_or_raises_never_stops_the_others(http_server, tmp_path, db):
    from monitor.plugins import load_plugins

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "bad.py").write_text(
        "import asyncio\nfrom monitor import hookimpl\n"
        "from monitor.api import SourceType\n"
        "class Hang(SourceType):\n    name = 'hang'\n"
        "    async def fetch(self, ctx):\n        await asyncio.sleep(60)\n        yield None\n"
        "class Boom(SourceType):\n    name = 'boom'\n"
        "    async def fetch(self, ctx):\n        raise KeyError('oops')\n        yield None\n"
        "@hookimpl\ndef register_source_types(register):\n"
        "    register(Hang)\n    register(Boom)\n"
    )
    registry = load_plugins(plugins, entry_points=False)
    url = http_server.add("/ok", feed("{{BASE}}", "ok"))
    (tmp_path / "s.yaml").write_text(
        f"sources:\n  - {{name: ok, plugin: rss, url: '{url}'}}\n"
        f"  - {{name: hang, plugin: hang, url: '{url}'}}\n"
        f"  - {{name: boom, plugin: boom, url: '{url}'}}\n"
    )
    config = load_config(tmp_path / "s.yaml", registry)
    report = poll(db, config, registry, settings=FAST, source_timeout=1)
    results = {r.name: r for r in report.results}
    assert results["ok"].new_items == 2
    assert results["hang"].error == "source took longer than 1 s; stopped"
    assert results["boom"].error == "plugin raised KeyError: 'oops'"


# --- the command, as cron runs it ----------------------------------------------------------

def test_exit_statuses_and_json_summary(http_server, write_config, cli_run, tmp_path):
    ok = http_server.add("/ok", feed("{{BASE}}", "ok"))
    gone = http_server.add("/gone", "", status=410)
    config = write_config(sources_yaml([("ok", ok)]))
    fine = cli_run("poll", config=config)
    assert (fine.exit_code, fine.output) == (0, "")  # quiet for cron
    config = write_config(sources_yaml([("ok", ok), ("gone", gone)]))
    failed = cli_run("poll", "--json", config=config)
    summary = json.loads(failed.stdout)
    assert failed.exit_code == 1, summary
    assert summary["failed"] == ["gone"] and summary["not_due"] == 1, summary
    assert summary["exit_status"] == 1
    listing = cli_run("sources", config=config)
    assert "NEEDS ATTENTION: gone (HTTP 410)" in listing.output
    atom = cli_run("sources", "--atom", config=config)
    assert b"gone (HTTP 410)" in etree.tostring(etree.fromstring(atom.output.encode()))
    assert cli_run("poll", "--source", "nope", config=config).exit_code == 2
    with poll_lock(tmp_path / "monitor.db"):
        locked = cli_run("poll", config=config)
    assert locked.exit_code == 75, locked.output
    assert locked.stderr.count("\n") == 1 and "another poll is running" in locked.stderr, \
        locked.stderr


def _monitor(*args: str, config: Path, db: Path) -> subprocess.Popen[str]:
    code = "import sys; from monitor.cli import main; sys.argv[0] = 'monitor'; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "--config", str(config), "--db", str(db), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "MONITOR_PLUGINS_DIR": str(ROOT / "plugins")},
    )


def test_overlapping_polls_do_not_collide(http_server, write_config, tmp_path):
    release = threading.Event()
    arrived = threading.Event()
    empty = b'<rss version="2.0"><channel><title>slow</title></channel></rss>'

    def slow(handler: Any) -> None:
        arrived.set()
        release.wait(20)
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(empty)))
        handler.end_headers()
        handler.wfile.write(empty)

    config = write_config(sources_yaml([("slow", http_server.add("/slow", slow))]))
    db = tmp_path / "overlap.db"
    first = _monitor("poll", "--all", config=config, db=db)
    try:
        assert arrived.wait(30), first.stderr and first.stderr.read()
        started = time.monotonic()
        second = _monitor("poll", "--all", config=config, db=db)
        out, err = second.communicate(timeout=30)
        assert second.returncode == 75, err
        assert err.strip().count("\n") == 0 and "another poll is running (pid" in err
        assert time.monotonic() - started < 10
        waiting = _monitor("poll", "--all", "--wait", config=config, db=db)
        time.sleep(0.5)
        assert waiting.poll() is None  # blocked on the lock, not failed
        release.set()
        assert first.wait(30) == 0
        assert waiting.wait(30) == 0
    finally:
        release.set()
        for proc in (first, locals().get("waiting")):
            if proc is not None:
                if proc.poll() is None:
                    proc.kill()
                proc.communicate()  # closes the pipes


def test_kill_9_leaves_a_consistent_database_and_nothing_is_lost(http_server, write_config,
                                                                tmp_path, registry):
    def slowly(body: bytes, delay: float) -> Any:
        def handler(req: Any) -> None:
            time.sleep(delay)
            req.send_response(200)
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            req.wfile.write(body)

        return handler

    entries = []
    for i in range(24):
        body = feed(http_server.url, f"k{i}", 4).encode()
        entries.append((f"k{i}", http_server.add(f"/k{i}", slowly(body, 0.05 * i))))
    config = write_config(sources_yaml(entries))
    db_path = tmp_path / "kill.db"
    proc = _monitor("poll", "--all", config=config, db=db_path)
    try:
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM items").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the poll finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    assert 0 < partial < 96
    from monitor.store.schema import open_db

    db = open_db(db_path)
    try:
        report = poll(db, load_config(config, registry), registry, settings=FAST)
        assert not report.failed
        assert db["items"].count == 96
        assert db.execute("SELECT count(DISTINCT url) FROM items").fetchone()[0] == 96
    finally:
        db.close()


@pytest.mark.parametrize("hint", ["crontab", "systemd", "75"])
def test_readme_explains_running_from_cron(hint):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Running from cron", 1)[-1].split("\n## ", 1)[0]
    assert hint in section


def test_datasette_feed_of_sources_needing_attention(http_server, write_config, registry, db,
                                                     tmp_path):
    import asyncio

    from monitor.publish.datasette import datasette_instance

    gone = http_server.add("/gone", "", status=410)
    ok = http_server.add("/ok", feed("{{BASE}}", "ok"))
    config = load_config(write_config(sources_yaml([("gone", gone), ("ok", ok)])), registry)
    poll(db, config, registry, settings=FAST)

    async def fetch() -> Any:
        ds = datasette_instance(tmp_path / "monitor.db")
        return await ds.client.get("/monitor/sources_needing_attention.atom")

    response = asyncio.run(fetch())
    assert response.status_code == 200, response.text[:300]
    entries = etree.fromstring(response.content).findall("{http://www.w3.org/2005/Atom}entry")
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries]
    assert len(titles) == 1 and titles[0].startswith("gone: gone (HTTP 410)")
