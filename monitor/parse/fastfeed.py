"""The fast path of feed parsing: plain RSS 2.0, RSS 1.0 and Atom 1.0 read with lxml.

feedparser is robust but slow (tens of milliseconds for a real feed). Most feeds are plain
well-formed XML, and lxml reads those in well under a millisecond. This module reads only what it
can read exactly as feedparser would, and returns None for anything else (ill-formed XML, a DTD,
XHTML content, Atom 0.3, CDF...), which then goes to feedparser. Its output has the
shape of feedparser's entries so that both paths share one conversion, and a corpus test checks
that both give the same entries. Dates go through feedparser's own date parser for the same
reason.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from feedparser.datetimes import _parse_date
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# feedparser maps these elements onto title, summary, content, author or tags: leave items that
# carry them to it.
_MEDIA = "{http://search.yahoo.com/mrss/}"
_ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
MAPPED = frozenset(
    [_MEDIA + n for n in ("category", "keywords", "description", "text")]
    + [_ITUNES + n for n in ("author", "name", "email", "category", "keywords", "subtitle",
                             "summary", "owner")]
    + ["{http://www.w3.org/1999/xhtml}body", "{http://www.w3.org/1999/xhtml}div"]
)
HTML_TYPES = {None, "", "text/html", "html", "application/xhtml+xml"}

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False,
    remove_comments=True, remove_pis=True,
)


class Unsupported(Exception):
    """Something feedparser reads differently: leave this feed to it."""


def parse_fast(content: bytes, base_url: str = "") -> dict[str, Any] | None:
    """{'version', 'feed': {...}, 'entries': [...]} like feedparser, or None to fall back."""
    head = content[:4096]
    if b"<!DOCTYPE" in head or b"<!doctype" in head:
        return None
    try:
        root = etree.fromstring(content.lstrip(), _PARSER, base_url=base_url or None)
    except (etree.XMLSyntaxError, ValueError):
        return None
    try:
        if root.tag == "rss":
            return _rss2(root)
        if root.tag == f"{RDF}RDF":
            return _rss1(root)
        if root.tag == f"{ATOM}feed":
            return _atom(root)
    except Unsupported:
        return None
    return None


def _text(el: Any) -> str:
    """Text of a simple element; an element with child markup is feedparser's business."""
    if el is None:
        return ""
    if len(el):
        raise Unsupported("markup inside a text element")
    return (el.text or "").strip()


def _first(parent: Any, *tags: str) -> Any:
    for tag in tags:
        found = parent.find(tag)
        if found is not None:
            return found
    return None


def _date(value: str) -> Any:
    return _parse_date(value) if value else None


def _resolve(el: Any, url: str) -> str:
    """A link made absolute against xml:base (and the document's URL), as feedparser does."""
    base = el.base if el is not None else None
    try:
        return urljoin(base, url) if base and url else url
    except ValueError as exc:  # "Invalid IPv6 URL" for a '[' in a link: feedparser's business
        raise Unsupported(f"link {url[:80]!r}: {exc}") from None


def _refuse_mapped(el: Any) -> None:
    own = {child.tag for child in el}
    for child in el.iter():
        if child.tag in MAPPED:
            raise Unsupported(f"element {child.tag} that feedparser maps")
        if child.tag == _MEDIA + "title" and (
            child.getparent() is el or not own & {"title", RSS1 + "title", ATOM + "title"}
        ):
            raise Unsupported("media:title that would be the title")


def _rss_item(item: Any, ns: str) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    _refuse_mapped(item)
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in (f"{ns}source", "source") and len(child):
            raise Unsupported("source element with markup inside an RSS item")
        if tag.startswith(ATOM):
            harmless = tag == f"{ATOM}updated" or tag == f"{ATOM}link" and (
                child.get("rel", "alternate") != "alternate"
                or child.get("type", "text/html") not in HTML_TYPES
            )
            if not harmless:
                raise Unsupported("atom element inside an RSS item")
    title = _first(item, f"{ns}title", f"{DC}title")
    if title is not None:
        entry["title"] = _text(title)
    link_el = item.find(f"{ns}link")
    link = _text(link_el)
    if link_el is not None and not link:
        raise Unsupported("empty link")
    guid = item.find("guid") if not ns else None
    if guid is not None:
        entry["id"] = _text(guid)
        if not link and guid.get("isPermaLink", "true") == "true" and entry["id"]:
            link = entry["id"]
    elif ns == RSS1 and item.get(f"{RDF}about"):
        entry["id"] = item.get(f"{RDF}about")
    if link:
        entry["link"] = _resolve(link_el if link_el is not None else guid, link)
    description = item.find(f"{ns}description")
    encoded = item.find(f"{CONTENT}encoded")
    if len(item.findall(f"{ns}description")) > 1 or len(item.findall(f"{CONTENT}encoded")) > 1:
        raise Unsupported("repeated description")
    if encoded is not None:
        entry["content"] = [{"value": _text(encoded)}]
    if description is not None:
        entry["summary"] = _text(description)
    elif encoded is not None:
        entry["summary"] = entry["content"][0]["value"]
    date_el = _first(item, f"{ns}pubDate", f"{DC}date", f"{DCTERMS}issued", f"{DCTERMS}created")
    if date_el is not None:
        entry["published"] = _text(date_el)
        entry["published_parsed"] = _date(entry["published"])
    updated = item.find(f"{ATOM}updated")
    if updated is not None:
        entry["updated"] = _text(updated)
        entry["updated_parsed"] = _date(entry["updated"])
    authors = [a for a in (item.find(f"{ns}author"), item.find(f"{DC}creator"),
                           item.find(f"{DC}author")) if a is not None]
    if len(authors) > 1:
        raise Unsupported("several author elements")
    if authors:
        name = _text(authors[0])
        if not name or "@" in name or "<" in name:
            raise Unsupported("author with an email (feedparser splits name and email)")
        entry["author"] = name
    entry["tags"] = _unique(
        (_text(c), c.get("domain"), None) for c in item
        if c.tag in (f"{ns}category", f"{DC}subject")
    )
    return entry


def _unique(tags: Any) -> list[dict[str, Any]]:
    """Tags in document order, each (term, scheme, label) once, as feedparser keeps them."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for term, scheme, label in tags:
        if term and (term, scheme, label) not in seen:
            seen.add((term, scheme, label))
            out.append({"term": term})
    return out


def _rss2(root: Any) -> dict[str, Any]:
    channel = root.find("channel")
    if channel is None or root.find("item") is not None:
        raise Unsupported("no channel")
    version = root.get("version", "")
    feed = {"title": _text(channel.find("title")), "language": _text(channel.find("language"))}
    entries = [_rss_item(item, "") for item in channel.iter("item")]
    name = {"": "rss", "2.0": "rss20", "0.91": "rss091u", "0.92": "rss092", "0.93": "rss093",
            "0.94": "rss094"}.get(version)
    if name is None:
        raise Unsupported(f"RSS version {version!r}")
    return {"version": name, "feed": feed, "entries": entries}


def _rss1(root: Any) -> dict[str, Any]:
    channel = root.find(f"{RSS1}channel")
    if channel is None:
        raise Unsupported("not RSS 1.0")
    feed = {"title": _text(channel.find(f"{RSS1}title")),
            "language": _text(channel.find(f"{DC}language"))}
    entries = [_rss_item(item, RSS1) for item in root.iter(f"{RSS1}item")]
    return {"version": "rss10", "feed": feed, "entries": entries}


def _atom_text(el: Any) -> str:
    if el is None:
        return ""
    kind = el.get("type")
    if kind in ("xhtml", "application/xhtml+xml") or len(el) or el.get("src"):
        raise Unsupported("xhtml or out-of-line content")
    if kind not in (None, "text", "html", "text/html", "text/plain"):
        raise Unsupported(f"content type {kind}")
    return (el.text or "").strip()


def _atom_entry(el: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if el.find(f"{ATOM}source") is not None:
        raise Unsupported("atom:source")
    title = el.find(f"{ATOM}title")
    if title is not None:
        entry["title"] = _atom_text(title)
    for link in el.findall(f"{ATOM}link"):
        href = link.get("href")
        if href is None:
            raise Unsupported("link without href")
        rel = link.get("rel", "alternate")
        kind = link.get("type", "text/html")
        if rel == "alternate" and kind in HTML_TYPES:
            entry["link"] = _resolve(link, href.strip())
    _refuse_mapped(el)
    ident = el.find(f"{ATOM}id")
    if ident is not None:
        entry["id"] = _text(ident)
        entry.setdefault("link", entry["id"])
    summary = el.find(f"{ATOM}summary")
    content = el.find(f"{ATOM}content")
    if content is not None:
        entry["content"] = [{"value": _atom_text(content)}]
    if summary is not None:
        entry["summary"] = _atom_text(summary)
    elif content is not None:
        entry["summary"] = entry["content"][0]["value"]
    for key in ("published", "updated"):
        date_el = el.find(f"{ATOM}{key}")
        if date_el is not None:
            entry[key] = _text(date_el)
            entry[f"{key}_parsed"] = _date(entry[key])
    author = el.find(f"{ATOM}author")
    if author is not None:
        name = author.find(f"{ATOM}name")
        if name is None:
            raise Unsupported("author without name")
        entry["author"] = _text(name)
        email = author.find(f"{ATOM}email")
        if email is not None and _text(email):
            entry["author"] = f"{entry['author']} ({_text(email)})"
    entry["tags"] = _unique(
        (c.get("term"), c.get("scheme"), c.get("label")) for c in el.findall(f"{ATOM}category")
    )
    return entry


def _atom(root: Any) -> dict[str, Any]:
    feed = {"title": _atom_text(root.find(f"{ATOM}title")), "language": root.get(XML_LANG)}
    entries = [_atom_entry(el) for el in root.findall(f"{ATOM}entry")]
    return {"version": "atom10", "feed": feed, "entries": entries}
