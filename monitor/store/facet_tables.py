"""Side tables that keep Datasette fast at a million items, maintained by triggers.

`item_tags` holds one row per (item, country | event type | sector), and one per (item, country
and event type) pair, each with the item's `published`, so a filter on a tag, a pair or a tag in a
date range is one index range instead of `json_each` over every row; `facet_counts` keeps
running totals of each facet value so the unfiltered items page never counts a million rows.
Triggers keep both in step with every INSERT, UPDATE and DELETE on `items`, whoever writes it.
"""

from __future__ import annotations

from typing import Any

# facet kind -> items column; JSON arrays of codes
TAG_COLUMNS = {"country": "countries", "event_type": "event_types", "sector": "sectors"}
# facet kind -> plain items column counted as it is
PLAIN_COLUMNS = {"source": "source", "language": "language"}
# item_tags kind for the (country, event type) pairs: value "KZ strike"; not a facet
PAIR_KIND = "country_event_type"

TABLES = """
CREATE TABLE IF NOT EXISTS item_tags (
  item_id INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, published TEXT
);
CREATE TABLE IF NOT EXISTS facet_counts (
  facet TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (facet, value)
) WITHOUT ROWID;
"""

# Extra indexes for the filters and sorts the newsroom pages use.
EXTRA_INDEXES = """
CREATE INDEX IF NOT EXISTS idx_item_tags_kind_value_published
  ON item_tags (kind, value, published, item_id);
CREATE INDEX IF NOT EXISTS idx_item_tags_item_kind ON item_tags (item_id, kind, value);
CREATE INDEX IF NOT EXISTS idx_items_language_published ON items (language, published);
CREATE INDEX IF NOT EXISTS idx_items_killed_published ON items (killed, published);
CREATE INDEX IF NOT EXISTS idx_items_fetched ON items (fetched);
"""


def _values(ref: str, column: str) -> str:
    """Distinct string values of a JSON array column; bad JSON counts as empty, never an error."""
    return (f"SELECT DISTINCT value FROM json_each(CASE WHEN json_valid({ref}.{column}) "
            f"THEN {ref}.{column} ELSE '[]' END) WHERE type = 'text'")


WEEK = "strftime('%Y-%W', {ref}.published)"
# Labour items per week (its Monday) under their first event type: "2025-11-03 strike"; the
# chart counts items once each from these totals instead of reading every item of the weeks.
WEEK_ITEM = "week_item"
WEEK_ITEM_VALUE = ("date({ref}.published, 'weekday 0', '-6 days') || ' ' || coalesce(json_extract("
                   "CASE WHEN json_valid({ref}.event_types) THEN {ref}.event_types END, '$[0]'), "
                   "'')")
WEEK_ITEM_WHERE = "{ref}.relevant = 1 AND {ref}.published IS NOT NULL"


def _add(ref: str) -> str:
    week = WEEK.format(ref=ref)
    parts = [f"INSERT INTO facet_counts (facet, value, n) SELECT 'week_event_type', "
             f"{week} || ' ' || value, 1 FROM ({_values(ref, 'event_types')}) "
             f"WHERE {week} IS NOT NULL ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;"]
    for kind, column in TAG_COLUMNS.items():
        parts.append(f"INSERT INTO item_tags (item_id, kind, value, published) "
                     f"SELECT {ref}.id, '{kind}', value, {ref}.published "
                     f"FROM ({_values(ref, column)});")
        parts.append(f"INSERT INTO facet_counts (facet, value, n) SELECT '{kind}', value, 1 "
                     f"FROM ({_values(ref, column)}) WHERE true "
                     "ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;")
    parts.append(f"INSERT INTO item_tags (item_id, kind, value, published) "
                 f"SELECT {ref}.id, '{PAIR_KIND}', c.value || ' ' || e.value, {ref}.published "
                 f"FROM ({_values(ref, 'countries')}) c, ({_values(ref, 'event_types')}) e;")
    for kind, column in PLAIN_COLUMNS.items():
        parts.append(f"INSERT INTO facet_counts (facet, value, n) "
                     f"SELECT '{kind}', {ref}.{column}, 1 WHERE {ref}.{column} IS NOT NULL "
                     "ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;")
    parts.append(f"INSERT INTO facet_counts (facet, value, n) SELECT '{WEEK_ITEM}', "
                 f"{WEEK_ITEM_VALUE.format(ref=ref)}, 1 WHERE {WEEK_ITEM_WHERE.format(ref=ref)} "
                 "ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;")
    return "\n".join(parts)


def _remove(ref: str) -> str:
    week = WEEK.format(ref=ref)
    parts = [f"DELETE FROM item_tags WHERE item_id = {ref}.id;",
             f"UPDATE facet_counts SET n = n - 1 WHERE facet = 'week_event_type' AND value IN "
             f"(SELECT {week} || ' ' || value FROM ({_values(ref, 'event_types')}));"]
    for kind, column in TAG_COLUMNS.items():
        parts.append(f"UPDATE facet_counts SET n = n - 1 WHERE facet = '{kind}' "
                     f"AND value IN ({_values(ref, column)});")
    for kind, column in PLAIN_COLUMNS.items():
        parts.append(f"UPDATE facet_counts SET n = n - 1 WHERE facet = '{kind}' "
                     f"AND value = {ref}.{column};")
    parts.append(f"UPDATE facet_counts SET n = n - 1 WHERE facet = '{WEEK_ITEM}' "
                 f"AND value = {WEEK_ITEM_VALUE.format(ref=ref)} "
                 f"AND {WEEK_ITEM_WHERE.format(ref=ref)};")
    return "\n".join(parts)


TRIGGER_VERSION = 4  # bump when the triggers change: the tables are rebuilt once


def _triggers() -> list[str]:
    watched = ", ".join([*TAG_COLUMNS.values(), *PLAIN_COLUMNS.values(), "published",
                         "relevant"])
    v = TRIGGER_VERSION
    return [
        f"CREATE TRIGGER IF NOT EXISTS items_ai_facets_v{v} AFTER INSERT ON items BEGIN\n"
        f"{_add('new')}\nEND",
        f"CREATE TRIGGER IF NOT EXISTS items_ad_facets_v{v} AFTER DELETE ON items BEGIN\n"
        f"{_remove('old')}\nEND",
        f"CREATE TRIGGER IF NOT EXISTS items_au_facets_v{v} AFTER UPDATE OF {watched} ON items "
        f"BEGIN\n{_remove('old')}\n{_add('new')}\nEND",
    ]


def rebuild(conn: Any) -> None:
    """Recompute both side tables from `items` (for databases made before they existed)."""
    conn.execute("DELETE FROM item_tags")
    conn.execute("DELETE FROM facet_counts")
    for kind, column in TAG_COLUMNS.items():
        conn.execute(f"INSERT INTO item_tags (item_id, kind, value, published) "
                     f"SELECT DISTINCT items.id, '{kind}', j.value, items.published FROM items, "
                     f"json_each(CASE WHEN json_valid(items.{column}) THEN items.{column} "
                     f"ELSE '[]' END) AS j WHERE j.type = 'text'")
    conn.execute(f"INSERT INTO item_tags (item_id, kind, value, published) "
                 f"SELECT c.item_id, '{PAIR_KIND}', c.value || ' ' || e.value, c.published "
                 "FROM item_tags c JOIN item_tags e ON e.item_id = c.item_id "
                 "AND e.kind = 'event_type' WHERE c.kind = 'country'")
    conn.execute("INSERT INTO facet_counts (facet, value, n) SELECT kind, value, count(*) "
                 f"FROM item_tags WHERE kind != '{PAIR_KIND}' GROUP BY kind, value")
    conn.execute(f"INSERT INTO facet_counts (facet, value, n) SELECT 'week_event_type', "
                 f"{WEEK.format(ref='items')} || ' ' || t.value, count(*) FROM item_tags t "
                 "JOIN items ON items.id = t.item_id WHERE t.kind = 'event_type' "
                 "AND items.published IS NOT NULL GROUP BY 2")
    for kind, column in PLAIN_COLUMNS.items():
        conn.execute(f"INSERT INTO facet_counts (facet, value, n) SELECT '{kind}', {column}, "
                     f"count(*) FROM items WHERE {column} IS NOT NULL GROUP BY {column}")
    conn.execute(f"INSERT INTO facet_counts (facet, value, n) SELECT '{WEEK_ITEM}', "
                 f"{WEEK_ITEM_VALUE.format(ref='items')}, count(*) FROM items "
                 f"WHERE {WEEK_ITEM_WHERE.format(ref='items')} GROUP BY 2")


def ensure_facet_tables(conn: Any) -> None:
    """Create the side tables, their triggers and our indexes; fill them on first creation."""
    current = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        [f"items_ai_facets_v{TRIGGER_VERSION}"],
    ).fetchone()
    for statement in TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)
    if "published" not in {r[1] for r in conn.execute("PRAGMA table_info(item_tags)")}:
        conn.execute("ALTER TABLE item_tags ADD COLUMN published TEXT")  # before version 3
    conn.execute("DROP INDEX IF EXISTS idx_item_tags_kind_value")  # now led by published
    for statement in EXTRA_INDEXES.split(";"):
        if statement.strip():
            conn.execute(statement)
    if current:
        return
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                "AND name LIKE 'items_a%_facets%'").fetchall():
        conn.execute(f"DROP TRIGGER [{name}]")
    rebuild(conn)
    for trigger in _triggers():
        conn.execute(trigger)
