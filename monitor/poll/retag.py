"""Re-running the tagger over stored items, after lexicons or detectors change."""

from __future__ import annotations

import sqlite_utils

from monitor.enrich import ItemTags, tag_item
from monitor.store.items import items_to_retag, update_tags
from monitor.store.sources import declared_countries, declared_languages


def retag_all(db: sqlite_utils.Database, batch: int = 500) -> int:
    """Recompute language and tags of every item in place, a batch per transaction; how many."""
    declared = declared_languages(db)
    countries = declared_countries(db)
    count = 0
    for rows in items_to_retag(db, batch):
        tagged: list[tuple[int, ItemTags]] = [
            (item_id, tag_item(title or "", text or "", declared.get(source),
                               countries.get(source)))
            for item_id, source, title, text in rows
        ]
        update_tags(db, tagged)
        count += len(tagged)
    return count
