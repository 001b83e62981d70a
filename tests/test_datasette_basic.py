"""Datasette answers queries on our database with our metadata (the newsroom has its own tests)."""

from __future__ import annotations

import asyncio

from datasette.app import Datasette

from monitor import store
from monitor.api import Item
from monitor.poll.process import store_items
from monitor.publish.datasette import build_metadata


def test_datasette_serves_items_newest_first(tmp_path):
    path = tmp_path / "monitor.db"
    db = store.open_db(path)
    store.upsert_source(db, {"name": "sc", "plugin": "rss", "url": "https://x.org/feed"})
    store_items(db, "sc", [
        Item(url="https://x.org/old", title="Older strike", published="2024-01-01T00:00:00Z"),
        Item(url="https://x.org/new", title="Newer protest", published="2025-01-01T00:00:00Z"),
    ])
    db.close()

    async def fetch():
        ds = Datasette([str(path)], metadata=build_metadata(path))
        items = await ds.client.get("/monitor/items.json?_shape=objects")
        search = await ds.client.get("/monitor/items.json?_search=strike&_shape=objects")
        page = await ds.client.get("/monitor/items")
        return items, search, page

    items, search, page = asyncio.run(fetch())
    assert items.status_code == 200
    assert [r["title"] for r in items.json()["rows"]] == ["Newer protest", "Older strike"]
    assert [r["title"] for r in search.json()["rows"]] == ["Older strike"]
    assert "News items" in page.text
