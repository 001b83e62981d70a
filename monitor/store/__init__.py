"""Storage: the only package that defines tables or writes to the database.

schema (every table, migrations, opening), records (the item record), items, stories, events,
snapshots, sources (health and the poll log), deliveries (watches), facets (the newsroom's
side tables). Other stages call these functions; read-only queries of the newsroom may stay
in monitor/publish.
"""

from monitor.store.records import ItemRecord, insert_row, row_to_db
from monitor.store.schema import (
    ITEM_COLUMNS,
    SCHEMA_VERSION,
    check_readable,
    ensure_schema,
    open_db,
)
from monitor.store.sources import sync_sources, upsert_source

__all__ = ["ITEM_COLUMNS", "SCHEMA_VERSION", "ItemRecord", "check_readable", "ensure_schema",
           "insert_row", "open_db", "row_to_db", "sync_sources", "upsert_source"]
