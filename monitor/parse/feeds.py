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

from monitor.errors import SourceError
from monitor.parse.encoding import xml_to_utf8
from monitor.parse.fastfeed import parse_fast


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
    skipped: dict[str, list[int]] = {}
    for index, entry in enumerate(data.get("items") or []):
        if not isinstance(entry, dict):
            skipped.setdefault("not an object", []).append(index)
            continue
        url = entry.get("url") or entry.get("external_url") or entry.get("id")
        if not isinstance(url, str) or not url:
            skipped.setdefault("no url", []).append(index)
            continue
        try:
            url = urljoin(base_url, url)
        except ValueError as exc:
            skipped.setdefault(f"bad url ({exc})", []).append(index)
            continue
        authors = entry.get("authors") or ([entry["author"]] if entry.get("author") else [])
        author = authors[0].get("name") if authors and isinstance(authors[0], dict) else None
        feed.entries.append(
            FeedEntry(
                url=url,
                title=str(entry.get("title") or ""),
                guid=str(entry["id"]) if entry.get("id") is not None else None,
                summary=str(entry.get("summary") or ""),
                content=str(entry.get("content_html") or entry.get("content_text") or ""),
                published=_parse_iso(entry.get("date_published") or entry.get("date_modified")),
                author=author,
                categories=[str(t) for t in entry.get("tags") or []],
            )
        )
    feed.warnings.extend(skipped_warnings(skipped))
    return feed


ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
PROLOG_TOKEN = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)


def _doctype_at(content: bytes) -> int:
    """Where the DOCTYPE starts, walking the whole prolog (however long), or -1."""
    pos = 3 if content.startswith(b"\xef\xbb\xbf") else 0
    while True:
        token = PROLOG_TOKEN.match(content, pos)
        if token is None or token.end() == pos:
            break
        pos = token.end()
    return pos if DOCTYPE.match(content, pos) else -1


def refuse_xml_attacks(content: bytes) -> None:
    """Entity declarations are refused outright, as defusedxml does by default.

    They are what entity-expansion bombs ("billion laughs") and external-entity reads
    (``SYSTEM "file:///etc/passwd"``) are made of; real feeds do not declare entities. Call it
    on UTF-8 bytes (after monitor.encoding.xml_to_utf8), so that a UTF-16 feed or one whose
    DOCTYPE comes after a long run of comments or blank space is caught as well.
    """
    doctype = _doctype_at(content)
    if doctype != -1 and ENTITY_DECL.search(content, doctype):
        raise SourceError(
            "refused: the feed declares XML entities (entity expansion or external entity)"
        )


CDF_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<channel[\s>]", re.I | re.S)


def _is_cdf(content: bytes) -> bool:
    """Microsoft's Channel Definition Format: a <CHANNEL> root, items with HREF attributes."""
    return CDF_ROOT.match(content[:65536]) is not None


def _entry_url(entry: Any, base_url: str) -> str:
    """The entry's web link (its link, else an http id), absolute; ValueError if malformed."""
    url = entry.get("link") or ""
    if not url and str(entry.get("id", "")).startswith("http"):
        url = entry["id"]
    return urljoin(base_url, url) if url else ""


def skipped_warnings(skipped: dict[str, list[int]]) -> list[str]:
    """One warning per reason, with the count and the first entries' numbers."""
    out = []
    for reason, indices in skipped.items():
        shown = ", ".join(str(i) for i in indices[:5]) + (", ..." if len(indices) > 5 else "")
        out.append(f"{len(indices)} entr{'y' if len(indices) == 1 else 'ies'} skipped: "
                   f"{reason} (entry {shown})")
    return out


def parse_feed(
    content: bytes, base_url: str = "", content_type: str = "", charset: str | None = None,
    fast: bool = True,
) -> ParsedFeed:
    """Parse RSS 0.9x/1.0/2.0, Atom or JSON Feed bytes into entries.

    Plain feeds take the lxml fast path (monitor.parse.fastfeed); feedparser reads the rest.
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
    content, encoding_note = xml_to_utf8(content, charset)
    refuse_xml_attacks(content)
    parsed = parse_fast(content, base_url) if fast else None
    if parsed is None:
        # the body is UTF-8 now; without a Content-Type feedparser flags every feed bozo.
        # resolve_relative_uris=False: feedparser would re-parse every summary and content to
        # make the links inside absolute (a third of its time), and the store keeps their plain
        # text only; entry links are still resolved (tests/test_feeds.py checks both agree)
        parsed = feedparser.parse(content, response_headers={
            "content-location": base_url,
            "content-type": f"{content_type or 'application/xml'}; charset=utf-8",
        }, resolve_relative_uris=False)
        if not parsed.get("version") and _is_cdf(content):
            parsed["version"] = "cdf"  # feedparser reads CDF but gives it no version name
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
    skipped: dict[str, list[int]] = {}
    for index, entry in enumerate(parsed["entries"]):
        try:
            url = _entry_url(entry, base_url)
        except ValueError as exc:  # one bad entry costs that entry, never the feed
            skipped.setdefault(f"bad link ({exc})", []).append(index)
            continue
        if not url:
            skipped.setdefault("no link", []).append(index)
            continue
        if not url.startswith(("http://", "https://")):
            skipped.setdefault("link is not a web address", []).append(index)
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
    feed.warnings.extend(skipped_warnings(skipped))
    if undated > 3:
        feed.warnings.append(f"{undated} entries with unparseable dates in all")
    return feed
