"""OPML, the list format every feed reader imports and exports. Pure: text in, entries out.

Export (``write_opml``): one outline per source, in folders by region, as readers lay them out.
A source read from a feed is ``type="rss"`` with ``xmlUrl``, so any reader can subscribe to it;
one that is not a feed (an html_list page, a Telegram channel) is ``type="link"`` with ``url``.
Our own fields ride along as extra attributes (``plugin``, ``language``, ``country``, ``region``,
``tags``, ``interval``, ``enabled``, ``full_text``, ``note``, and the plugin's options as JSON in
``options``), which OPML allows and readers ignore, so an export read back is the same sources.

Import (``read_opml``): listparser reads whatever a reader wrote (OPML 1 and 2, nested folders,
odd encodings); the extra attributes are picked up by a second, entity-free XML pass.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from lxml import etree

EXTRA_ATTRIBUTES = ("plugin", "language", "country", "region", "tags", "interval", "enabled",
                    "full_text", "allow_private", "note", "options")
FEED_PLUGINS = {"rss", "solidarity_center"}


@dataclass
class OpmlEntry:
    """One subscription of an OPML file, with our extra fields when the file is our export."""

    url: str
    title: str = ""
    categories: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    line: int | None = None


@dataclass
class OpmlList:
    entries: list[OpmlEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    title: str = ""


def _interval(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def source_attributes(entry: dict[str, Any], plugin_keys: set[str] | None = None,
                      is_feed: bool | None = None) -> dict[str, str]:
    """The attributes of one source's outline, from a sources.yaml entry (common keys + options)."""
    common = {"name", "plugin", "url", "language", "country", "region", "tags", "interval",
              "enabled", "full_text", "allow_private", "note"}
    feed = entry["plugin"] in FEED_PLUGINS if is_feed is None else is_feed
    attrs = {"text": entry["name"], "title": entry["name"]}
    attrs["type"] = "rss" if feed else "link"
    attrs["xmlUrl" if feed else "url"] = entry["url"]
    attrs["plugin"] = entry["plugin"]
    for key in ("language", "country", "region", "note"):
        if entry.get(key):
            attrs[key] = str(entry[key])
    if entry.get("tags"):
        attrs["tags"] = ",".join(entry["tags"])
    if entry.get("interval") is not None:
        value = entry["interval"]
        attrs["interval"] = _interval(float(value)) if isinstance(value, (int, float)) else str(
            value)
    for key in ("enabled", "full_text", "allow_private"):
        if key in entry:
            attrs[key] = "true" if entry[key] else "false"
    options = {k: v for k, v in entry.items() if k not in common}
    if options:
        attrs["options"] = json.dumps(options, ensure_ascii=False, sort_keys=True)
    return attrs


def write_opml(entries: list[dict[str, Any]], title: str = "Labour monitor sources",
               now: Any = None, feed_plugins: set[str] | None = None) -> str:
    """OPML 2.0 of the sources, in one folder per region (sources without one at the top)."""

    when = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    plugins = FEED_PLUGINS | (feed_plugins or set())
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', "  <head>",
             f"    <title>{_text(title)}</title>",
             f"    <dateCreated>{format_datetime(when)}</dateCreated>", "  </head>", "  <body>"]
    folders: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        folders.setdefault(str(entry.get("region") or ""), []).append(entry)

    def outline(entry: dict[str, Any], indent: str) -> str:
        attrs = source_attributes(entry, is_feed=entry["plugin"] in plugins)
        return indent + "<outline " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items()
                                               ) + "/>"

    for region, members in folders.items():
        if not region:
            lines += [outline(e, "    ") for e in members]
            continue
        lines.append(f"    <outline text={quoteattr(region)} title={quoteattr(region)}>")
        lines += [outline(e, "      ") for e in members]
        lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _outline_attributes(
    data: bytes,
) -> tuple[dict[str, dict[str, str]], dict[str, int], list[str]]:
    """url -> our extra attributes, url -> line, and feed outlines without an address."""

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                             huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return {}, {}, []
    if root is None:
        return {}, {}, []
    extras: dict[str, dict[str, str]] = {}
    lines: dict[str, int] = {}
    missing: list[str] = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or node.get("url") or "").strip()
        if not url:
            if (node.get("type") or "").lower() in ("rss", "atom"):
                label = node.get("title") or node.get("text") or "(untitled)"
                missing.append(f"line {node.sourceline}: {label}: no feed address (xmlUrl); "
                               "skipped")
            continue
        lines.setdefault(url, node.sourceline or 0)
        found = {k: node.get(k) for k in EXTRA_ATTRIBUTES if node.get(k) is not None}
        if found:
            extras[url] = {k: str(v) for k, v in found.items()}
    return extras, lines, missing


def read_opml(data: bytes | str) -> OpmlList:
    """The subscriptions of an OPML file (any reader's export), with problems as data."""
    import listparser  # lazy: only import-opml reads OPML

    raw = data.encode("utf-8") if isinstance(data, str) else data
    if re.search(rb"<!ENTITY", raw[:65536], re.I):
        return OpmlList(problems=["refused: the file declares XML entities"])
    parsed = listparser.parse(raw)
    result = OpmlList(title=str(parsed.get("meta", {}).get("title") or ""))
    if not parsed.feeds and not parsed.lists:
        reason = parsed.get("bozo_exception")
        result.problems.append("no subscriptions found"
                               + (f" (not OPML: {reason})" if reason else " (is it OPML?)"))
        return result
    extras, lines, missing = _outline_attributes(raw)
    result.problems += missing
    for kind, items in (("feed", parsed.feeds), ("list", parsed.lists)):
        for item in items:
            url = str(item.get("url") or "").strip()
            extra = extras.get(url, {})
            if kind == "list" and "plugin" not in extra:
                result.problems.append(
                    f"line {lines.get(url, '?')}: {url}: a link to another subscription list "
                    "(not a feed); skipped")
                continue
            categories = ["/".join(c) for c in item.get("categories") or [] if c]
            result.entries.append(OpmlEntry(url=url, title=str(item.get("title") or ""),
                                            categories=categories, extra=extra,
                                            line=lines.get(url)))
    result.entries.sort(key=lambda e: e.line or 0)  # the file's order, feeds and links mixed
    return result


def parse_bool(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes", "on")


def feed_key(url: str) -> str:
    """Addresses that differ only in scheme, www., case of the host or a final / are one feed."""

    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


@dataclass
class ImportPlan:
    """What an import would do: entries to add, and the ones it leaves out, each with why."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def plan_import(opml: OpmlList, existing: list[tuple[str, str]], source_file: str,
                slug: Any) -> ImportPlan:
    """sources.yaml entries for an OPML file's subscriptions (pure).

    ``existing``: (name, url) of the sources already configured; ``slug(url, taken)`` names a
    source that the file does not name. An entry with our attributes (our own export) comes back
    exactly as it was exported; another reader's gets plugin rss, its folders as tags, and a note.
    """
    plan = ImportPlan(problems=list(opml.problems))
    taken = {name for name, _url in existing}
    known = {feed_key(url): name for name, url in existing}
    for entry in opml.entries:
        where = f"line {entry.line}: " if entry.line else ""
        label = entry.title or entry.url
        if not re.match(r"^https?://[^/\s]+", entry.url):
            plan.problems.append(f"{where}{label}: not a web address ({entry.url[:80]!r}); skipped")
            continue
        if feed_key(entry.url) in known:
            plan.duplicates.append(f"{where}{label}: {entry.url} is already configured as "
                                   f"{known[feed_key(entry.url)]!r}")
            continue
        extra = entry.extra
        made: dict[str, Any] = {}
        own = "plugin" in extra
        name = entry.title if own else ""
        if not name or name in taken or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", name):
            name = _title_slug(entry.title, taken) or slug(entry.url, taken)
        made["name"] = name
        made["plugin"] = extra.get("plugin", "rss")
        made["url"] = entry.url
        try:
            if extra.get("options"):
                options = json.loads(extra["options"])
                if not isinstance(options, dict):
                    raise ValueError("not a JSON object")
                made.update(options)
        except ValueError as exc:
            plan.problems.append(f"{where}{label}: options attribute is not valid JSON ({exc}); "
                                 "skipped")
            continue
        for key in ("language", "country", "region", "interval", "note"):
            if extra.get(key):
                made[key] = extra[key]
        for key in ("enabled", "full_text", "allow_private"):
            if key in extra:
                made[key] = parse_bool(extra[key])
        if extra.get("tags"):
            made["tags"] = [t for t in extra["tags"].split(",") if t]
        elif not own and entry.categories:
            tags = [_tag(c) for c in entry.categories]
            made["tags"] = [t for t in dict.fromkeys(tags) if t]
            if not made["tags"]:
                del made["tags"]
        if not own:
            made["note"] = f"imported from {source_file}" + (
                f" ({entry.title})" if entry.title and entry.title != name else "")
        taken.add(name)
        known[feed_key(entry.url)] = name
        plan.entries.append(made)
    return plan


def _title_slug(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-")
    if len(base) < 3:
        return ""
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name


def _tag(category: str) -> str:
    return re.sub(r"[^\w]+", "-", category.split("/")[-1].lower()).strip("-")
