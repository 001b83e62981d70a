"""The SQLite store: schema names, migration of older databases, full-text search."""

from __future__ import annotations

import sqlite3

import pytest

from monitor import store
from monitor.api import Item
from monitor.errors import MonitorError
from monitor.poll.process import store_items


def test_schema_has_the_documented_names(db):
    items = db["items"].columns_dict
    for column in ("id", "source", "url", "guid", "title", "summary", "text", "published",
                   "fetched", "language", "event_types", "countries", "story_id"):
        assert column in items
    sources = db["sources"].columns_dict
    for column in ("name", "plugin", "url", "last_polled", "last_ok", "last_error",
                   "consecutive_failures", "items_total"):
        assert column in sources
    for column in ("started", "finished", "status", "new_items", "error"):
        assert column in db["polls"].columns_dict
    assert db.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    indexed = {tuple(i.columns) for i in db["items"].indexes}
    assert ("published",) in indexed and ("language",) in indexed


def test_older_database_is_migrated_without_loss(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, source TEXT, url TEXT, guid TEXT, "
        "title TEXT, published TEXT);"
        "INSERT INTO items VALUES (1, 'sc', 'https://x.org/a', 'g1', 'Old strike report', "
        "'2023-05-01T00:00:00+00:00');"
        "CREATE TABLE sources (name TEXT PRIMARY KEY, plugin TEXT, url TEXT);"
        "INSERT INTO sources VALUES ('sc', 'rss', 'https://x.org/feed');"
    )
    conn.commit()
    conn.close()
    db = store.open_db(path)
    assert db["items"].get(1)["title"] == "Old strike report"
    assert "story_id" in db["items"].columns_dict and "language" in db["items"].columns_dict
    assert db["sources"].get("sc")["plugin"] == "rss"
    assert db.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    # the old row is searchable: the index is rebuilt from existing rows
    hits = db.execute("select rowid from items_fts where items_fts match 'strike'").fetchall()
    assert hits == [(1,)]


def test_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(MonitorError, match="newer version"):
        store.open_db(path)


def test_full_text_search_finds_words_in_scripts_without_spaces(db):
    store.upsert_source(db, {"name": "mm", "plugin": "rss", "url": "https://x.org"})
    store_items(db, "mm", [
        Item(url="https://x.org/1", title="မုံရွာကြေးနီမိုင်းအလုပ်သမားများ သပိတ်မှောက်",
             text="ကြေးနီမိုင်းအလုပ်သမားများ လုပ်ခလစာတိုးပေးရန် တောင်းဆိုသည်"),
        Item(url="https://x.org/2", title="คนงานเหมืองหยุดงานประท้วงค่าจ้าง",
             text="คนงานเหมืองแร่หยุดงานเพื่อเรียกร้องค่าจ้าง"),
        Item(url="https://x.org/3", title="Miners strike over wages", text="A walkout."),
    ], "my")
    trigram = "select rowid from items_fts_trigram where items_fts_trigram match ?"
    assert db.execute(trigram, ['"ကြေးနီ"']).fetchall() == [(1,)]      # "copper" inside a run
    assert db.execute(trigram, ['"หยุดงาน"']).fetchall() == [(2,)]     # "stop work" in Thai
    words = "select rowid from items_fts where items_fts match ?"
    assert db.execute(words, ["strike"]).fetchall() == [(3,)]


def test_future_dates_are_not_stored(db):
    import datetime as dt

    store.upsert_source(db, {"name": "s", "plugin": "rss", "url": "https://x.org"})
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    store_items(db, "s", [Item(url="https://x.org/f", title="From the future", published=future)])
    assert db["items"].get(1)["published"] is None


def test_v1_database_gets_text_only_update_triggers(tmp_path):
    path = tmp_path / "v1.db"
    db = store.open_db(path)
    # what a version 1 database had: a trigger on every update of items
    db.execute("DROP TRIGGER items_au_items_fts")
    db.execute("CREATE TRIGGER items_au_items_fts AFTER UPDATE ON items BEGIN SELECT 1; END")
    db.execute("PRAGMA user_version = 1")
    db.close()
    db = store.open_db(path)
    sql = db.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'items_au_items_fts'").fetchone()[0]
    assert "AFTER UPDATE OF title, summary, text" in sql
    store.upsert_source(db, {"name": "s", "plugin": "rss", "url": "https://x.org"})
    store_items(db, "s", [Item(url="https://x.org/1", title="Dockers strike")])
    db.execute("UPDATE items SET times_seen = 5")
    db.execute("UPDATE items SET title = 'Dockers walk out'")
    words = "select rowid from items_fts where items_fts match ?"
    assert db.execute(words, ["walk"]).fetchall() == [(1,)]
    assert db.execute(words, ["strike"]).fetchall() == []


def test_deferred_indexing_finds_what_per_item_triggers_find(tmp_path):
    """A poll's batch is indexed in one statement at the end of its transaction; search must
    answer exactly as when every insert was indexed by its trigger (any other writer's path)."""
    items = [Item(url=f"https://x.org/{n}", title=title, summary=summary, text=text)
             for n, (title, summary, text) in enumerate([
                 ("Dockers strike over pay", "Port workers stop", "Dockers walked out at dawn."),
                 ("คนงานเหมืองหยุดงาน", "", "คนงานเหมืองแร่หยุดงานเพื่อเรียกร้องค่าจ้าง"),
                 ("Nurses protest", "Hospital staff rally over pay", ""),
                 ("Забастовка шахтёров", "Шахтёры требуют зарплату", "Забастовка продолжается"),
             ])]
    batched = store.open_db(tmp_path / "batched.db")
    store.upsert_source(batched, {"name": "s", "plugin": "rss", "url": "https://x.org"})
    store_items(batched, "s", items)
    assert not batched.execute("SELECT count(*) FROM fts_deferred").fetchone()[0]
    # the same rows inserted one by one outside a poll: the triggers index them
    plain = store.open_db(tmp_path / "plain.db")
    columns = "id, source, url, canonical_url, title, summary, text"
    for row in batched.execute(f"SELECT {columns} FROM items ORDER BY id").fetchall():
        plain.execute(f"INSERT INTO items ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?)", row)
    for fts in ("items_fts", "items_fts_trigram"):
        for db in (batched, plain):  # FTS5 checks its index against the items table
            db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
    queries = {"items_fts": ["strike", "pay", "dockers OR nurses", "summary: pay", "шахтёры",
                             "walk*"],
               "items_fts_trigram": ['"หยุดงาน"', '"ockers"', '"ly ov"', '"астовк"', '"rally"']}
    for fts, matches in queries.items():
        for match in matches:
            sql = (f"SELECT rowid, round(bm25({fts}), 6) FROM {fts} WHERE {fts} MATCH ? "
                   "ORDER BY rank, rowid")
            found = batched.execute(sql, [match]).fetchall()
            assert found == plain.execute(sql, [match]).fetchall(), (fts, match)
            assert found, (fts, match)  # each query finds something
    # after the batch, a plain insert into the same database is indexed by its trigger again
    batched.execute("INSERT INTO items (source, url, title) VALUES ('s', 'https://x.org/9', "
                    "'Teachers strike')")
    assert batched.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'teachers'"
                           ).fetchone()[0] == 1
