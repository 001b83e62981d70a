"""Feed parsing: the lxml fast path gives the entries feedparser gives, every corpus feed is read
or refused with a reason, and hostile XML is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import corpus

from monitor.errors import SourceError
from monitor.parse.encoding import xml_to_utf8
from monitor.parse.fastfeed import parse_fast
from monitor.parse.feeds import parse_feed
from monitor.parse.text import html_to_text

BASE = "http://example.org/feed/"


def corpus_feeds(*names: str) -> list[Path]:
    paths: list[Path] = []
    for name in names:
        paths += sorted(p for p in corpus(name).rglob("*") if p.suffix in (".xml", ".json")
                        and p.is_file() and "expected" not in p.parts)
    return paths


def comparable(entry: Any) -> tuple[Any, ...]:
    """What reaches the store: the pipeline keeps plain text of titles and bodies."""
    return (entry.url, entry.guid, html_to_text(entry.title), entry.published,
            html_to_text(entry.summary), html_to_text(entry.content), entry.author,
            entry.categories)


@pytest.mark.corpus
def test_fast_path_gives_the_same_entries_as_feedparser():
    paths = corpus_feeds("feeds_real_world", "feeds_feedparser_tests")
    fast = 0
    for path in paths:
        data = path.read_bytes()
        try:
            if parse_fast(xml_to_utf8(data)[0], BASE) is None:
                continue
        except SourceError:
            continue
        fast += 1
        ours = parse_feed(data, BASE)
        theirs = parse_feed(data, BASE, fast=False)
        assert [comparable(e) for e in ours.entries] == [
            comparable(e) for e in theirs.entries], path
    assert fast >= 700  # most of the corpus takes the fast path


@pytest.mark.corpus
def test_every_corpus_feed_is_read_or_refused_with_a_reason():
    from monitor.api import Item

    for path in corpus_feeds("feeds_real_world", "feeds_feedparser_tests"):
        try:
            feed = parse_feed(path.read_bytes(), BASE)
        except SourceError as exc:
            assert str(exc).startswith(("not a feed", "refused")), (path, exc)
            continue
        for entry in feed.entries:
            if entry.url.startswith(("http://", "https://")):
                Item(url=entry.url, title=entry.title, guid=entry.guid, summary=entry.summary,
                     text=entry.content, published=entry.published, author=entry.author)


@pytest.mark.corpus
def test_real_world_feeds_are_ingested_through_a_poll(http_server, write_config, registry, db):
    from monitor.config import load_config
    from monitor.fetch import FetchSettings
    from monitor.poll.run import poll

    lines = ["sources:"]
    for index, path in enumerate(corpus_feeds("feeds_real_world")):
        ctype = "application/json" if path.suffix == ".json" else "application/xml"
        url = http_server.add(f"/f{index}", path.read_bytes(), content_type=ctype)
        lines.append(f"  - {{name: f{index}, plugin: rss, url: '{url}'}}")
    config = load_config(write_config("\n".join(lines) + "\n"), registry)
    report = poll(db, config, registry, settings=FetchSettings(max_per_host=16), max_items=5)
    for result in report.results:
        assert not result.error.startswith("plugin raised"), (result.name, result.error)
    assert len([r for r in report.results if r.status == "ok"]) >= 45
    assert db["items"].count > 150


def test_entity_declarations_are_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
              b'<rss version="2.0"><channel><item><title>&b;</title></item></channel></rss>')
    xxe = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>')
    for body in (laughs, xxe):
        with pytest.raises(SourceError, match="declares XML entities"):
            parse_feed(body, BASE)


@pytest.mark.parametrize("body,message", [
    (b"", "not a feed: empty response"),
    (b"<!DOCTYPE html><html><body>Our news</body></html>", "not a feed: got an HTML page"),
    (bytes(range(256)), "not a feed: binary data"),
    (b'{"items": []}', "not a feed: JSON without a jsonfeed.org version"),
])
def test_not_a_feed_says_what_it_got(body, message):
    with pytest.raises(SourceError, match=f"^{message}$"):
        parse_feed(body, BASE)


def test_xml_base_resolves_links_on_the_fast_path():
    body = (b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://site.example/news/">'
            b'<title>t</title><entry><title>Strike</title><link href="1.html"/><id>u:1</id>'
            b'</entry></feed>')
    assert parse_fast(body, BASE) is not None
    (entry,) = parse_feed(body, BASE).entries
    assert entry.url == "http://site.example/news/1.html"
    assert [comparable(e) for e in parse_feed(body, BASE, fast=False).entries] == [
        comparable(entry)]


def _stored(parsed: Any) -> list[tuple[Any, ...]]:
    """What the store keeps of feedparser's entries: links, ids, dates, authors, tags and the
    plain text of titles, summaries and contents."""
    return [(e.get("link"), e.get("id"), html_to_text(e.get("title", "")),
             html_to_text(e.get("summary", "")),
             [html_to_text(c.get("value", "")) for c in e.get("content", [])],
             dict.get(e, "published_parsed"), dict.get(e, "updated_parsed"), e.get("author"),
             [t.get("term") for t in e.get("tags", [])]) for e in parsed.entries]


@pytest.mark.corpus
def test_the_fallback_stores_what_feedparser_with_uri_resolution_stores():
    """parse_feed asks feedparser not to rewrite links inside content (it is slower than
    feedparser alone otherwise): nothing the store keeps may change for any corpus feed."""
    import feedparser

    checked = 0
    for path in corpus_feeds("feeds_real_world", "feeds_feedparser_tests"):
        if path.suffix != ".xml":
            continue
        data = path.read_bytes()
        try:
            content = xml_to_utf8(data)[0]
        except SourceError:
            continue
        headers = {"content-location": BASE}
        fast = feedparser.parse(content, response_headers=headers, resolve_relative_uris=False)
        full = feedparser.parse(content, response_headers=headers)
        assert _stored(fast) == _stored(full), path
        checked += 1
    assert checked > 1500
