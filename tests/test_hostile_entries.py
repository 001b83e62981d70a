"""Hostile entries (issue 19, items 2 and 9): one bad entry or item costs that entry, never its
source; drops are counted in one warning per reason; a good poll is silent on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import corpus

from monitor.config import load_config
from monitor.fetch import FetchSettings
from monitor.parse.feeds import parse_feed
from monitor.plugins import load_plugins
from monitor.poll.run import poll

ROOT = Path(__file__).resolve().parent.parent
FAST = FetchSettings(connect_timeout=1, read_timeout=2, total_timeout=3, retries=0)


def rss(items: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            f"{items}</channel></rss>").encode()


BRACKET = rss(
    "<item><title>Dockers strike</title><link>http://example.org/a</link></item>"
    "<item><title>broken</title><link>http://[example.org/b</link>"
    "<guid isPermaLink='true'>http://[example.org/b</guid></item>"
    "<item><title>Nurses walk out</title><link>http://example.org/c</link></item>"
)


@pytest.mark.parametrize("fast", [True, False])
def test_a_bracket_in_one_link_costs_that_entry_not_the_feed(fast):
    feed = parse_feed(BRACKET, "http://example.org/feed", "application/rss+xml", fast=fast)
    assert [e.url for e in feed.entries] == ["http://example.org/a", "http://example.org/c"]
    assert feed.warnings == ["1 entry skipped: no link (entry 1)"]


def test_entries_without_a_web_link_are_counted_in_one_warning():
    items = "".join(f"<item><title>no link {i}</title></item>" for i in range(7))
    items += "<item><title>mail</title><link>mailto:x@example.org</link></item>"
    items += "<item><title>kept</title><link>http://example.org/kept</link></item>"
    feed = parse_feed(rss(items), "http://example.org/feed", "application/rss+xml")
    assert [e.url for e in feed.entries] == ["http://example.org/kept"]
    assert feed.warnings == [
        "7 entries skipped: no link (entry 0, 1, 2, 3, 4, ...)",
        "1 entry skipped: link is not a web address (entry 7)",
    ]


def test_a_json_feed_item_with_a_bad_url_costs_that_item():
    body = (b'{"version": "https://jsonfeed.org/version/1.1", "items": ['
            b'{"id": "1", "url": "http://[bad/x", "title": "bad"},'
            b'{"id": "2", "url": "https://example.org/2", "title": "Strike"}, 3]}')
    feed = parse_feed(body, "https://example.org/feed.json", "application/json")
    assert [e.url for e in feed.entries] == ["https://example.org/2"]
    assert feed.warnings[0].startswith("1 entry skipped: bad url (")
    assert feed.warnings[1] == "1 entry skipped: not an object (entry 2)"


def test_a_bad_link_in_a_polled_feed_loses_nothing_else(http_server, tmp_path, db, registry):
    url = http_server.add("/feed", BRACKET)
    (tmp_path / "s.yaml").write_text(f"sources:\n  - {{name: f, plugin: rss, url: '{url}'}}\n")
    config = load_config(tmp_path / "s.yaml", registry)
    report = poll(db, config, registry, settings=FAST)
    (result,) = report.results
    assert result.status == "ok" and result.new_items == 2
    assert "1 entry skipped: no link (entry 1)" in result.warnings


UNSERIALISABLE = '''
from monitor import Item, SourceType, hookimpl

class Many(SourceType):
    name = "many"
    async def fetch(self, ctx):
        for i in range(300):
            yield Item(url=f"https://example.org/{i}", title=f"Dock strike day {i}")
        yield {"url": "https://example.org/odd", "title": "odd", "extra": {"when": object()}}
        yield Item(url="https://example.org/last", title="the one after")

@hookimpl
def register_source_types(register):
    register(Many)
'''


def test_an_item_whose_extra_is_not_json_fails_that_item_only(tmp_path, db):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "many.py").write_text(UNSERIALISABLE, encoding="utf-8")
    registry = load_plugins(plugins, entry_points=False)
    (tmp_path / "s.yaml").write_text(
        "sources:\n  - {name: many, plugin: many, url: 'https://example.org/'}\n")
    report = poll(db, load_config(tmp_path / "s.yaml", registry), registry, settings=FAST)
    (result,) = report.results
    assert result.status == "ok", result.error
    assert result.new_items == 301
    assert any(w.startswith("invalid item skipped: extra: not JSON-serialisable")
               for w in result.warnings), result.warnings


def test_cdf_channels_are_read_as_cdf_not_refused_with_a_false_reason():
    folder = corpus("feeds_feedparser_tests") / "wellformed" / "cdf"
    feed = parse_feed((folder / "item_href_map_link.xml").read_bytes(), "http://example.org/")
    assert feed.kind == "cdf" and [e.url for e in feed.entries] == ["http://www.example.org/"]
    assert feed.warnings == []
    empty = parse_feed((folder / "channel_title.xml").read_bytes(), "http://example.org/")
    assert (empty.kind, empty.title, empty.entries) == ("cdf", "Example feed", [])


def test_a_feed_read_by_feedparser_is_not_flagged_for_a_missing_content_type():
    # a DOCTYPE sends the feed to feedparser; the type we pass is the one the server sent
    body = b'<?xml version="1.0"?><!DOCTYPE rss>' + BRACKET[BRACKET.index(b"<rss"):]
    feed = parse_feed(body, "http://example.org/feed", "application/rss+xml")
    assert len(feed.entries) == 2
    assert not any("Content-type" in w for w in feed.warnings), feed.warnings


ARTICLE = """<html><head><title>Miners strike in Karaganda</title>
<meta property="article:published_time" content="2025-09-01 10:00 MSK"></head>
<body><article><h1>Miners strike in Karaganda</h1><p>Hundreds of miners stopped work on Monday
at the Kostenko mine, demanding higher wages and safer conditions after a fatal accident last
month. The union said the strike would continue until the management agreed to talks.</p>
<p>Workers gathered outside the administration building. Police watched but did not intervene.
The company said it was ready to negotiate.</p></article></body></html>"""


def test_a_successful_poll_prints_nothing_on_stderr(http_server, tmp_path):
    """Cron mails any output: a good poll, full text included, must say nothing at all."""
    http_server.add("/a", ARTICLE, content_type="text/html; charset=utf-8")
    url = http_server.add("/feed", rss(
        "<item><title>Miners strike</title><link>{{BASE}}/a</link>"
        "<pubDate>Mon, 01 Sep 2025 10:00:00 MSK</pubDate></item>").decode())
    cdf = http_server.add("/cdf", '<CHANNEL><ITEM HREF="{{BASE}}/a"><TITLE>Strike</TITLE>'
                          "</ITEM></CHANNEL>", content_type="application/x-cdf")
    (tmp_path / "sources.yaml").write_text(
        f"sources:\n  - {{name: f, plugin: rss, url: '{url}', full_text: true}}\n"
        f"  - {{name: c, plugin: rss, url: '{cdf}'}}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    result = subprocess.run(
        [sys.executable, "-c", "from monitor.cli import main; main()", "--db",
         str(tmp_path / "m.db"), "poll", "--all"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240, env=env,
    )
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "")


HUGE = '''
from monitor import Item, SourceType, hookimpl

class Huge(SourceType):
    name = "huge"
    async def fetch(self, ctx):
        yield Item(url="https://example.org/huge", title="Strike " * 100_000,
                   text="<p>" + "Dock workers walked out over unpaid wages. " * 1_200_000)

@hookimpl
def register_source_types(register):
    register(Huge)
'''


def test_a_50_mb_item_is_cut_before_it_costs_memory(tmp_path, db):
    """Memory is measured by bench (a 50 MB text: +866 MB before, +82 MB now); here the cut."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "huge.py").write_text(HUGE, encoding="utf-8")
    registry = load_plugins(plugins, entry_points=False)
    (tmp_path / "s.yaml").write_text(
        "sources:\n  - {name: huge, plugin: huge, url: 'https://example.org/'}\n")
    report = poll(db, load_config(tmp_path / "s.yaml", registry), registry, settings=FAST)
    (result,) = report.results
    assert result.status == "ok" and result.new_items == 1
    assert ("https://example.org/huge: title, text cut to the first 2,000, 1,000,000 characters"
            in result.warnings)
    title, text = db.execute("SELECT length(title), length(text) FROM items").fetchone()
    assert title <= 2_000 and 900_000 < text <= 1_000_000
