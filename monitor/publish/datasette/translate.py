"""The "read it in English" link: short, labelled, never for private addresses, configurable.

MONITOR_TRANSLATE chooses the service: unset or `google` links Google Translate's page
translation (it fetches the article itself, so the article's address goes to Google); `off`
offers no link; an http(s) URL is a self-hosted LibreTranslate, linked with the item's own
title and summary (`?source=fa&target=en&q=...`), so no article address leaves the building.
Addresses on this machine or a private network (127.0.0.1, 10.x, localhost, *.local, the
demo's replay server) get no link: an outside service cannot fetch them.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from monitor.publish.datasette.safe import safe_url

SETTING = "MONITOR_TRANSLATE"
LOCAL_SUFFIXES = (".local", ".localhost", ".internal", ".lan", ".home", ".localdomain")
MAX_TEXT = 1500  # characters of title and summary put in a LibreTranslate link


def service() -> str:
    """'google', 'off' or a LibreTranslate base URL."""
    value = (os.environ.get(SETTING) or "google").strip()
    if value.lower() in ("google", "off"):
        return value.lower()
    return value.rstrip("/") if safe_url(value) else "off"


def is_private_address(url: str) -> bool:
    """True when the link's host is this machine or a private network, by its name or number."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return True
    if not host or host == "localhost" or host.endswith(LOCAL_SUFFIXES) or "." not in host \
            and ":" not in host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global


def translate_url(url: str | None, language: str | None = None, text: str | None = None
                  ) -> str | None:
    """A machine-translation link to English, or None (off, not http(s), private, English)."""
    href = safe_url(url)
    chosen = service()
    if href is None or chosen == "off" or is_private_address(href):
        return None
    source = (language or "auto").split("-")[0] or "auto"
    if chosen == "google":
        return ("https://translate.google.com/translate?sl=" + quote(source) + "&tl=en&u="
                + quote(href, safe=""))
    if not text:
        return None
    return (f"{chosen}/?source={quote(source)}&target=en&q="
            + quote(text[:MAX_TEXT], safe=""))


def translate_link(href: str) -> Markup:
    """The link as staff see it: 'in English ↗', the service named in its tip."""
    host = urlsplit(href).hostname or "the translation service"
    return Markup('<a class="translate-link" href="{}" title="Machine translation by {}" '
                  'rel="noopener noreferrer nofollow">in English&nbsp;↗</a>').format(href, host)
