"""Storage: the only package that defines tables or writes to the database.

schema (every table, migrations, opening), records (the item record), items, stories, events,
snapshots, sources (health and the poll log), deliveries (watches), facets (the newsroom's
side tables). Other stages call these functions; read-only queries of the newsroom may stay
in monitor/publish.
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.store.records import ItemRecord, insert_row, row_to_db
    from monitor.store.schema import (
        ITEM_COLUMNS,
        SCHEMA_VERSION,
        check_readable,
        ensure_schema,
        open_db,
    )
    from monitor.store.sources import sync_sources, upsert_source

# Imported on first use: a command that only names storage faults (monitor/store/faults.py)
# does not load sqlite-utils, which imports numpy.
_LAZY = {
    **dict.fromkeys(("ItemRecord", "insert_row", "row_to_db"), "monitor.store.records"),
    **dict.fromkeys(("ITEM_COLUMNS", "SCHEMA_VERSION", "check_readable", "ensure_schema",
                     "open_db"), "monitor.store.schema"),
    **dict.fromkeys(("sync_sources", "upsert_source"), "monitor.store.sources"),
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'monitor.store' has no attribute {name!r}")


__all__ = ["ITEM_COLUMNS", "SCHEMA_VERSION", "ItemRecord", "check_readable", "ensure_schema",
           "insert_row", "open_db", "row_to_db", "sync_sources", "upsert_source"]
