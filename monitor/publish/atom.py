"""Writing Atom feeds: one writer for the newsroom's views and the sources needing attention.

Text goes in as text: ElementTree escapes it, so markup from a feed item can never become live
in a reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"


@dataclass
class Link:
    href: str
    rel: str = "alternate"
    type: str | None = None


@dataclass
class Entry:
    title: str
    id: str
    updated: str
    published: str | None = None
    links: list[Link] = field(default_factory=list)
    author: str | None = None
    categories: list[tuple[str, str]] = field(default_factory=list)
    """(term, label) pairs."""
    summary: str | None = None
    content: str | None = None


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _link(parent: ET.Element, link: Link) -> None:
    attrs = {"rel": link.rel, "href": link.href}
    if link.type:
        attrs["type"] = link.type
    _el(parent, "link", **attrs)


def atom_feed(title: str, feed_id: str, updated: str, entries: list[Entry],
              links: list[Link] | None = None, author: str | None = None) -> str:
    """A complete Atom document, with its XML declaration."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _el(feed, "title", title)
    _el(feed, "id", feed_id)
    for link in links or []:
        _link(feed, link)
    _el(feed, "updated", updated)
    if author:
        _el(_el(feed, "author"), "name", author)
    for item in entries:
        entry = _el(feed, "entry")
        _el(entry, "title", item.title, type="text")
        _el(entry, "id", item.id)
        for link in item.links:
            _link(entry, link)
        _el(entry, "updated", item.updated)
        if item.published:
            _el(entry, "published", item.published)
        if item.author:
            _el(_el(entry, "author"), "name", item.author)
        for term, label in item.categories:
            _el(entry, "category", term=term, label=label)
        if item.summary:
            _el(entry, "summary", item.summary, type="text")
        if item.content:
            _el(entry, "content", item.content, type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
