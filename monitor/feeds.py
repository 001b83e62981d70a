"""Feed parsing: bytes in, entries out. A pure function, no network."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import feedparser

from monitor.encoding import xml_to_utf8
from monitor.errors import SourceError
from monitor.fastfeed import parse_fast


@dataclass
class FeedEntry:
    url: str
    title: str = ""
    guid: str | None = None
    summary: str = ""
    content: str = ""
    published: dt.datetime | None = None
    author: str | None = None
    categories: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    kind: str
    title: str = ""
    language: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _struct_to_datetime(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _looks_like_html(content: bytes) -> bool:
    head = content[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _parse_iso(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_json_feed(data: dict[str, Any], base_url: str) -> ParsedFeed:
    feed = ParsedFeed(kind="json", title=str(data.get("title") or ""))
    feed.language = data.get("language")
    for index, entry in enumerate(data.get("items") or []):
        if not isinstance(entry, dict):
            feed.warnings.append(f"item {index}: not an object")
            continue
        url = entry.get("url") or entry.get("external_url") or entry.get("id")
        if not isinstance(url, str) or not url:
            feed.warnings.append(f"item {index}: no url")
            continue
        authors = entry.get("authors") or ([entry["author"]] if entry.get("author") else [])
        author = authors[0].get("name") if authors and isinstance(authors[0], dict) else None
        feed.entries.append(
            FeedEntry(
                url=urljoin(base_url, url),
                title=str(entry.get("title") or ""),
                guid=str(entry["id"]) if entry.get("id") is not None else None,
                summary=str(entry.get("summary") or ""),
                content=str(entry.get("content_html") or entry.get("content_text") or ""),
                published=_parse_iso(entry.get("date_published") or entry.get("date_modified")),
                author=author,
                categories=[str(t) for t in entry.get("tags") or []],
            )
        )
    return feed


ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


def refuse_xml_attacks(content: bytes) -> None:
    """Entity declarations are refused outright, as defusedxml does by default.

    They are what entity-expansion bombs ("billion laughs") and external-entity reads
    (``SYSTEM "file:///etc/passwd"``) are made of; real feeds do not declare entities.
    """
    doctype = content.find(b"<!DOCTYPE", 0, 65536)
    if doctype == -1:
        doctype = content.find(b"<!doctype", 0, 65536)
    if doctype != -1 and ENTITY_DECL.search(content, doctype, doctype + 1_000_000):
        raise SourceError(
            "refused: the feed declares XML entities (entity expansion or external entity)"
        )


def parse_feed(
    content: bytes, base_url: str = "", content_type: str = "", charset: str | None = None,
    fast: bool = True,
) -> ParsedFeed:
    """Parse RSS 0.9x/1.0/2.0, Atom or JSON Feed bytes into entries.

    Plain feeds take the lxml fast path (monitor.fastfeed); feedparser reads the rest.
    """
    stripped = content.lstrip()
    if stripped.startswith(b"{") or "json" in content_type:
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise SourceError(f"not a feed: invalid JSON ({exc})") from None
        if isinstance(data, dict) and "jsonfeed.org" in str(data.get("version", "")):
            return parse_json_feed(data, base_url)
        raise SourceError("not a feed: JSON without a jsonfeed.org version")
    if not stripped:
        raise SourceError("not a feed: empty response")
    if content[:2048].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        raise SourceError("not a feed: got an HTML page")
    if b"\x00" in content[:1024] and not content.startswith(
        (b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00", b"\x00\x00", b"\xef\xbb\xbf")
    ):
        raise SourceError("not a feed: binary data")
    refuse_xml_attacks(content)
    content, encoding_note = xml_to_utf8(content, charset)
    parsed = parse_fast(content, base_url) if fast else None
    if parsed is None:
        # resolve_relative_uris=False: feedparser would re-parse every summary and content to
        # make the links inside absolute (a third of its time), and the store keeps their plain
        # text only; entry links are still resolved (tests/test_feeds.py checks both agree)
        parsed = feedparser.parse(content, response_headers={"content-location": base_url},
                                  resolve_relative_uris=False)
        if not parsed.get("version") and not parsed.entries:
            if _looks_like_html(content):
                raise SourceError("not a feed: got an HTML page")
            reason = parsed.get("bozo_exception")
            raise SourceError(f"not a feed: {reason}" if reason else "not a feed")
    feed = ParsedFeed(kind=parsed.get("version") or "unknown")
    feed.title = parsed["feed"].get("title", "")
    feed.language = parsed["feed"].get("language") or None
    if encoding_note:
        feed.warnings.append(encoding_note)
    if parsed.get("bozo") and parsed["entries"]:
        feed.warnings.append(f"feed is not well-formed: {parsed.get('bozo_exception')}")
    undated = 0
    for index, entry in enumerate(parsed["entries"]):
        url = entry.get("link") or ""
        if not url and str(entry.get("id", "")).startswith("http"):
            url = entry["id"]
        if not url:
            feed.warnings.append(f"entry {index}: no link")
            continue
        url = urljoin(base_url, url)
        if not url.startswith(("http://", "https://")):
            feed.warnings.append(f"entry {index}: link is not a web address ({url[:80]!r})")
            continue
        contents = entry.get("content") or []
        body = max((c.get("value", "") for c in contents), key=len, default="")
        # dict.get: FeedParserDict's own get falls back between updated and published, warning
        date_text = dict.get(entry, "published") or dict.get(entry, "updated")
        published = _struct_to_datetime(
            dict.get(entry, "published_parsed")
        ) or _struct_to_datetime(dict.get(entry, "updated_parsed"))
        if published is None and date_text:
            undated += 1
            if undated <= 3:
                feed.warnings.append(f"entry {index}: unparseable date {date_text[:60]!r}")
        feed.entries.append(
            FeedEntry(
                url=url,
                title=entry.get("title", ""),
                guid=entry.get("id") or None,
                summary=entry.get("summary", ""),
                content=body,
                published=published,
                author=entry.get("author") or None,
                categories=[t.get("term", "") for t in entry.get("tags", []) if t.get("term")],
            )
        )
    if undated > 3:
        feed.warnings.append(f"{undated} entries with unparseable dates in all")
    return feed
