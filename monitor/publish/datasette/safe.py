"""Text from feeds is data, never markup: everything we turn into HTML passes through here."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "br", "b", "i", "em", "strong", "ul", "ol", "li", "blockquote", "a",
                "h2", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https"}
_LOOKS_LIKE_HTML = re.compile(r"<(p|br|div|b|i|em|strong|a|ul|ol|li|blockquote|h[1-6])\b", re.I)


def clean_html(html: str) -> Markup:
    """Sanitise HTML with nh3 (ammonia): no scripts, no event handlers, http(s) links only."""
    return Markup(nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow", strip_comments=True,
    ))


def text_to_html(text: str | None) -> Markup:
    """Stored text as safe paragraphs: markup it carries is sanitised, plain text is escaped."""
    if not text:
        return Markup("")
    if _LOOKS_LIKE_HTML.search(text):
        return clean_html(text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("").join(
        Markup('<p dir="auto">{}</p>').format(Markup("<br>").join(escape(line) for line in
                                                           p.splitlines()))
        for p in paragraphs
    )


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: `javascript:` and `data:` links are never made."""
    if not url or not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in URL_SCHEMES else None


def link(url: str | None, text: str | None = None) -> Markup:
    """An <a> for an http(s) URL; any other value is shown as plain text."""
    href = safe_url(url)
    if href is None:
        return Markup("{}").format(text or url or "")
    return Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(
        href, text or url)
