"""Turning page bytes into text when servers mislabel their charset."""

from __future__ import annotations

import codecs
import re

META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


def _valid(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def decode_body(content: bytes, declared: str | None = None) -> str:
    """Declared charset (header, then <meta>) when it decodes cleanly; else detection."""
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="replace")
    candidates = [_valid(declared)]
    meta = META_CHARSET.search(content[:4096])
    if meta:
        candidates.append(_valid(meta.group(1).decode("ascii", "ignore")))
    for charset in candidates:
        if charset is None:
            continue
        try:
            return content.decode(charset)
        except UnicodeDecodeError:
            continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content).best()
    if best is not None:
        return str(best)
    return content.decode("utf-8", errors="replace")
