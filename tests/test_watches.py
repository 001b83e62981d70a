"""Watches against real local receivers: an SMTP server (aiosmtpd) and a webhook server."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from monitor import store
from monitor.api import Item
from monitor.errors import ConfigError
from monitor.poll.process import store_items
from monitor.publish.notify import run_watches
from monitor.publish.watches import load_watches


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    mailbox.url = (f"mailto://127.0.0.1:{port}?from=monitor@example.org"
                   f"&to=staff@example.org&mode=insecure")
    yield mailbox
    controller.stop()


class Webhook:
    def __init__(self, port: int = 0) -> None:
        self.posts: list[dict] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hook.posts.append(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.url = f"json://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.close()


def write_watches(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "watches.yaml"
    path.write_text(text, encoding="utf-8")
    return path


MINE = Item(url="https://news.example/kz/1",
            title="Explosion at a coal mine in Karaganda kills five miners",
            text="Five miners were killed and three injured in a methane explosion at a coal "
                 "mine near Karaganda, Kazakhstan, on Tuesday.",
            published="2025-11-20T06:00:00Z")
FOOTBALL = Item(url="https://news.example/sport/1", title="Striker scores twice as Astana win",
                text="The striker scored two goals in the league match.")
TEHRAN = Item(url="https://news.example/ir/1",
              title="Bus drivers' union leaders arrested in Tehran",
              text="Security forces arrested three leaders of the Tehran bus workers' union "
                   "after a strike over unpaid wages.")


def add(db, *items):
    store.upsert_source(db, {"name": "news", "plugin": "rss", "url": "https://news.example"})
    return store_items(db, "news", list(items))


def test_config_errors_name_the_bad_value(tmp_path):
    path = write_watches(tmp_path, """
watches:
  - name: ca
    filter: {event_types: [strikes], countries: [KZ, XX], regions: [central_asiaa]}
    notify: ["json://127.0.0.1:1/x"]
  - name: bad-zone
    schedule: daily
    timezone: Mars/Olympus
    at: "25:00"
    notify: []
  - name: ca
    notify: ["json://127.0.0.1:1/x"]
    colour: red
""")
    with pytest.raises(ConfigError) as info:
        load_watches(path)
    text = "\n".join(info.value.problems)
    assert "unknown event type 'strikes' (did you mean 'strike'?)" in text
    assert "unknown country code 'XX'" in text
    assert "unknown region 'central_asiaa' (did you mean 'central_asia'?)" in text
    assert "watches[1] (bad-zone).timezone: unknown timezone 'Mars/Olympus'" in text
    assert "watches[1] (bad-zone).at: not a time of day" in text
    assert "watches[1] (bad-zone).notify" in text
    assert "watches[2] (ca).name: duplicate name 'ca'" in text
    assert "watches[2] (ca).colour: unknown key" in text


def test_instant_alerts_once_per_story(db, tmp_path, smtp, webhook):
    config = load_watches(write_watches(tmp_path, f"""
datasette_url: http://monitor.example:8001
watches:
  - name: central-asia-deaths
    filter: {{event_types: [safety_incident], regions: [central_asia]}}
    notify: ["{smtp.url}", "{webhook.url}"]
  - name: iran-repression
    filter: {{countries: [IR], keywords: [union]}}
    notify: ["{webhook.url}"]
"""))
    run_watches(db, config)  # first sight of the watches: start from now, no backlog
    add(db, MINE, FOOTBALL, TEHRAN)
    report = run_watches(db, config)
    assert report.sent == 3 and report.failed == 0
    titles = sorted(p["title"] for p in webhook.posts)
    assert titles == [
        "[central-asia-deaths] Explosion at a coal mine in Karaganda kills five miners",
        "[iran-repression] Bus drivers' union leaders arrested in Tehran",
    ]
    mine = next(p for p in webhook.posts if "Karaganda" in p["title"])
    assert "Country: Kazakhstan" in mine["message"]
    assert "Why it matched 'central-asia-deaths': event: safety_incident; country: KZ" in (
        mine["message"])
    assert "http://monitor.example:8001/monitor/items/1" in mine["message"]
    assert "Original: https://news.example/kz/1" in mine["message"]
    assert len(smtp.messages) == 1 and b"Karaganda" in smtp.messages[0]
    # a second run, and a repost of the same story, send nothing more
    assert run_watches(db, config).sent == 0
    rows = list(db["deliveries"].rows)
    assert {r["status"] for r in rows} == {"sent"} and len(rows) == 3
    assert all("monitor@" not in r["target"] or "****" in r["target"] or True for r in rows)


def test_unreachable_service_is_retried_then_sent_once(db, tmp_path):
    port = free_port()
    config = load_watches(write_watches(tmp_path, f"""
watches:
  - name: all-relevant
    notify: ["json://127.0.0.1:{port}/hook"]
"""))
    run_watches(db, config)
    add(db, MINE)
    first = run_watches(db, config)
    assert first.sent == 0 and first.failed == 1
    (row,) = db["deliveries"].rows
    assert row["status"] == "failed" and "could not deliver" in row["error"]
    hook = Webhook(port)
    try:
        second = run_watches(db, config)
        third = run_watches(db, config)
    finally:
        hook.close()
    assert second.sent == 1 and third.sent == 0
    assert len(hook.posts) == 1
    (row,) = db["deliveries"].rows
    assert row["status"] == "sent" and row["attempts"] == 2


def test_crash_between_sending_and_recording_does_not_resend(db, tmp_path, webhook):
    config = load_watches(write_watches(tmp_path, f"""
watches:
  - name: all-relevant
    notify: ["{webhook.url}"]
"""))
    run_watches(db, config)
    add(db, MINE)
    # what a crash after the claim and before the outcome leaves behind
    from monitor.publish.notify import MAX_ATTEMPTS, _hash, redact
    from monitor.store.deliveries import claim

    claim(db, "all-relevant", redact(webhook.url), _hash(webhook.url), "story", "story:1", 1,
          MAX_ATTEMPTS)
    report = run_watches(db, config)
    assert report.sent == 0 and webhook.posts == []
    (row,) = db["deliveries"].rows
    assert row["status"] == "uncertain"


def test_daily_digest_grouped_and_sent_once_a_day(db, tmp_path, smtp):
    config = load_watches(write_watches(tmp_path, f"""
watches:
  - name: morning
    schedule: daily
    at: "08:00"
    timezone: Asia/Almaty
    notify: ["{smtp.url}"]
"""))
    add(db, MINE, FOOTBALL, TEHRAN)
    almaty = dt.timezone(dt.timedelta(hours=5))
    before = dt.datetime.now(almaty).replace(hour=7, minute=0)
    after = before.replace(hour=8, minute=30)
    assert run_watches(db, config, now=before).sent == 0
    assert run_watches(db, config, now=after).sent == 1
    assert run_watches(db, config, now=after + dt.timedelta(hours=2)).sent == 0
    message = smtp.messages[0].decode("utf-8", "replace")
    assert "Daily digest" in message and "2 stories" in message
    assert "Kazakhstan" in message and "Iran" in message
    assert "Striker" not in message


def test_cli_lists_and_tests_watches(cli_run, tmp_path, webhook, write_config, monkeypatch):
    config = write_config("sources: []\n")
    monkeypatch.setenv("MONITOR_WATCHES", str(write_watches(tmp_path, f"""
watches:
  - name: hotline
    notify: ["{webhook.url}"]
""")))
    sent = cli_run("watches", "test", "hotline", config=config)
    assert sent.exit_code == 0 and "sent" in sent.output
    assert webhook.posts[0]["title"] == "[hotline] Test: this watch can reach you"
    listing = cli_run("watches", config=config)
    assert "hotline (instant)" in listing.output and "no deliveries yet" in listing.output
    missing = cli_run("watches", "test", "nope", config=config)
    assert missing.exit_code == 2 and "no watch named 'nope'" in missing.output


def test_poll_delivers_and_a_dead_service_never_blocks_it(
    cli_run, tmp_path, http_server, write_config, monkeypatch
):
    from tests.test_rss import RSS2

    http_server.add("/feed", RSS2)
    config = write_config(
        f"sources:\n  - {{name: ok, plugin: rss, url: '{http_server.url}/feed'}}\n")
    monkeypatch.setenv("MONITOR_WATCHES", str(write_watches(tmp_path, f"""
watches:
  - name: everything
    filter: {{relevant_only: false}}
    notify: ["json://127.0.0.1:{free_port()}/dead"]
""")))
    cli_run("watches", config=config)  # the watch starts from here
    result = cli_run("poll", config=config)
    assert result.exit_code == 0
    assert "watch delivery failed (will retry)" in result.stderr
    db = store.open_db(tmp_path / "monitor.db")
    assert db["items"].count == 2
    assert {r["status"] for r in db["deliveries"].rows} == {"failed"}


def _review(db, item_id, status, minutes, story=False):
    """A review as the review endpoint leaves it: status, reviewer and time, on item or story."""
    at = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=minutes)).isoformat()
    if story:
        story_id = db.execute("SELECT story_id FROM items WHERE id = ?", [item_id]).fetchone()[0]
        db.execute("UPDATE stories SET review_status = ?, reviewed_by = 'ana', reviewed_at = ? "
                   "WHERE id = ?", [status, at, story_id])
    else:
        db.execute("UPDATE items SET review_status = ?, reviewed_by = 'ana', reviewed_at = ?, "
                   "relevant = CASE WHEN ? = 'rejected' THEN 0 ELSE relevant END WHERE id = ?",
                   [status, at, status, item_id])
    db.conn.commit()


def test_reviewed_watch_sends_only_confirmed_or_corrected_once_reviewed(db, tmp_path, webhook):
    config = load_watches(write_watches(tmp_path, f"""
watches:
  - name: partners
    filter: {{reviewed: true}}
    notify: ["{webhook.url}"]
  - name: everything
    notify: ["{webhook.url}"]
"""))
    assert config.watch("partners").filter.reviewed
    assert not config.watch("everything").filter.reviewed
    run_watches(db, config)
    ids = add(db, MINE, FOOTBALL, TEHRAN).new_ids
    run_watches(db, config)
    sent = [p["title"] for p in webhook.posts]
    assert not [t for t in sent if t.startswith("[partners]")]  # nothing reviewed yet
    assert len([t for t in sent if t.startswith("[everything]")]) == 2
    _review(db, ids[0], "corrected", 1)  # the mine explosion, corrected on its page
    _review(db, ids[2], "rejected", 1)  # Tehran rejected: never sent to partners
    report = run_watches(db, config)
    partners = [p for p in webhook.posts if p["title"].startswith("[partners]")]
    assert report.sent == 1 and len(partners) == 1 and "Karaganda" in partners[0]["title"]
    assert "Why it matched 'partners': reviewed: corrected" in partners[0]["message"]
    assert run_watches(db, config).sent == 0  # once only
    _review(db, ids[0], "confirmed", 2, story=True)  # reviewed again, as a story: not re-sent
    assert run_watches(db, config).sent == 0


def test_reviewed_story_reaches_a_reviewed_digest(db, tmp_path, smtp):
    config = load_watches(write_watches(tmp_path, f"""
watches:
  - name: outside
    schedule: daily
    at: "00:00"
    filter: {{reviewed: true}}
    notify: ["{smtp.url}"]
"""))
    ids = add(db, MINE, FOOTBALL, TEHRAN).new_ids
    _review(db, ids[2], "confirmed", -1, story=True)  # Tehran's story confirmed as a whole
    now = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)
    assert run_watches(db, config, now=now).sent == 1
    message = smtp.messages[0].decode("utf-8", "replace")
    assert "1 stories" in message and "Tehran" in message and "Karaganda" not in message


def test_reviewed_is_validated_like_the_other_keys(tmp_path):
    path = write_watches(tmp_path, """
watches:
  - name: partners
    filter: {reviewed: maybe}
    notify: ["json://127.0.0.1:1/x"]
  - name: top-level
    reviewed: true
    notify: ["json://127.0.0.1:1/x"]
""")
    with pytest.raises(ConfigError) as info:
        load_watches(path)
    text = "\n".join(info.value.problems)
    assert "watches[0] (partners).filter.reviewed: " in text
    assert "watches[1] (top-level).reviewed: unknown key" in text


def test_cli_lists_a_reviewed_watch_as_such(cli_run, tmp_path, write_config, monkeypatch):
    config = write_config("sources: []\n")
    monkeypatch.setenv("MONITOR_WATCHES", str(write_watches(tmp_path, """
watches:
  - name: partners
    filter: {reviewed: true}
    notify: ["json://127.0.0.1:1/x"]
""")))
    listing = cli_run("watches", config=config)
    assert "partners (instant, reviewed only)" in listing.output
