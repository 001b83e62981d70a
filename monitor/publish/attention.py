"""The sources needing attention as an Atom feed (`monitor sources --atom`), for a feed reader."""

from __future__ import annotations

from typing import Any

from monitor.publish.atom import Entry, Link, atom_feed
from monitor.values import utc_now


def attention_atom(rows: list[dict[str, Any]], feed_url: str = "", updated: str = "") -> str:
    """An Atom feed with one entry per source needing attention."""
    updated = updated or utc_now()
    entries = []
    for row in rows:
        since = row.get("attention_since") or row.get("last_polled") or updated
        name = str(row.get("name"))
        entries.append(Entry(
            title=f"{name}: {row.get('attention') or ''}",
            id=f"urn:labour-monitor:attention:{name}:{since}",
            updated=since, links=[Link(str(row.get("url") or ""))],
            content=(f"{row.get('attention')}\nURL: {row.get('url')}\n"
                     f"last error: {row.get('last_error') or '-'}\n"
                     f"last ok: {row.get('last_ok') or 'never'}\n"
                     f"next try: {row.get('next_due') or '-'}"),
        ))
    return atom_feed("Labour monitor: sources needing attention",
                     feed_url or "urn:labour-monitor:attention", updated, entries,
                     links=[Link(feed_url, rel="self")] if feed_url else None)
