"""The newsroom in a real, in-process Datasette configured as `monitor serve` runs it."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from newsroom_data import INJECTION_TITLE, build

from monitor.publish.datasette import build_metadata, datasette_args, datasette_instance
from monitor.publish.datasette.safe import clean_html, safe_url, text_to_html
from monitor.store.schema import open_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("newsroom") / "monitor.db")


def get(path_db: Path, *paths: str, **kwargs: Any) -> list[Any]:
    async def run() -> list[Any]:
        ds = datasette_instance(path_db, **kwargs)
        return [await ds.client.get(p) for p in paths]
    return asyncio.run(run())


def rows(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text[:500]
    return response.json()["rows"]


def test_metadata_plain_language_hidden_tables_and_labels(newsroom: Path) -> None:
    metadata = build_metadata(newsroom)
    items = metadata["databases"]["monitor"]["tables"]["items"]
    assert items["sort_desc"] == "published"
    assert {"tag": "event_types"} in items["facets"]
    assert all(items["columns"].get(c) for c in ("countries", "language", "tag_evidence"))
    home, tables = get(newsroom, "/", "/monitor.json")
    assert "What happened this week" in home.text
    visible = {t["name"] for t in tables.json()["tables"] if not t["hidden"]}
    assert {"items", "stories", "sources"} <= visible
    assert not visible & {"item_tags", "facet_counts", "items_fts", "items_fts_trigram"}


def test_items_page_facets_show_names_and_filter(newsroom: Path) -> None:
    page, filtered, json_filtered = get(
        newsroom, "/monitor/items", "/monitor/items?_country=KZ&_event_type=strike",
        "/monitor/items.json?_country=KZ&_event_type=strike&_shape=objects")
    for name in ("What happened", "Country", "Sector", "Language", "Source"):
        assert f"<strong>{name}" in page.text
    assert "Kazakhstan (KZ)" in page.text and "Persian (fa)" in page.text
    assert "safety incident" in page.text
    titles = [r["title"] for r in rows(json_filtered)]
    assert titles[0] == INJECTION_TITLE  # newest first
    assert set(titles) == {INJECTION_TITLE, "Шахтёры Караганды бастуют",
                           "Karaganda coal miners strike"}
    assert "country is Kazakhstan (KZ)" in filtered.text
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{1,2} [A-Z][a-z]{2} \d{4}, '
                     r"\d\d:\d\d UTC</time>", page.text)


def test_facet_counts_follow_filters_and_days(newsroom: Path) -> None:
    week, = get(newsroom, "/monitor/items.json?_days=7&_facet_tag=countries&_shape=objects"
                          "&_extra=facet_results")
    titles = {r["title"] for r in rows(week)}
    strikes, = get(newsroom, "/monitor/items.json?_days=7&_country=KZ&_country=KG"
                             "&_event_type=strike&_shape=objects")
    assert INJECTION_TITLE in {r["title"] for r in rows(strikes)}
    assert {r["title"] for r in rows(strikes)} <= {
        INJECTION_TITLE, "Шахтёры Караганды бастуют", "Karaganda coal miners strike"}
    assert "Old garment factory fire" not in titles
    assert "Жаңаөзен мұнайшылары наразылық білдірді" not in titles


def test_search_words_and_any_script(newsroom: Path) -> None:
    words, burmese = get(newsroom, "/monitor/items.json?_search=бастуют&_shape=objects",
                         "/monitor/search_any_script.json?q=သပိတ်&_shape=objects")
    assert [r["source"] for r in rows(words)] == ["kz-news"]
    assert [r["source"] for r in rows(burmese)] == ["mm-news"]


@pytest.mark.parametrize("query,expected", [
    ("latest_relevant", {"kz-news", "industriall", "ir-labour", "mm-news", "pk-news",
                         "am-news", "evil-feed"}),
    ("deaths_30_days", {"pk-news"}),
    ("not_in_english", {"kz-news", "ir-labour", "mm-news", "pk-news", "am-news"}),
    ("failing_sources", None),
])
def test_canned_queries(newsroom: Path, query: str, expected: set[str] | None) -> None:
    result = rows(get(newsroom, f"/monitor/{query}.json?_shape=objects")[0])
    if query == "failing_sources":
        assert [(r["name"], r["consecutive_failures"], r["state"]) for r in result] == [
            ("evil-feed", 4, "needs attention")]
        return
    assert {r["source"] for r in result} == expected


def test_translation_links_and_stories(newsroom: Path) -> None:
    foreign, stories, strikes, html = get(
        newsroom, "/monitor/not_in_english.json?_shape=objects",
        "/monitor/multi_source_stories.json?_shape=objects",
        "/monitor/strikes_protests_by_country.json?_shape=objects", "/monitor/not_in_english")
    persian = next(r for r in rows(foreign) if r["language"] == "fa")
    assert persian["translate"].startswith("https://translate.google.com/translate?sl=fa&tl=en&u=")
    assert "Persian (fa)" in html.text
    assert [r["id"] for r in rows(stories)] == [1]
    by_country = {(r["country"], r["event"]) for r in rows(strikes)}
    # published earlier this month, or none when the month has just begun
    assert by_country <= {("Kazakhstan", "strike"), ("Kazakhstan", "protest"),
                          ("Iran, Islamic Republic of", "protest"), ("Iran", "protest"),
                          ("Myanmar", "strike"), ("Armenia", "strike")}


def test_map_has_country_centroids_and_chart_draws(newsroom: Path) -> None:
    map_rows, page, chart = get(newsroom, "/monitor/map_30_days.json?_shape=objects",
                                "/monitor/map_30_days", "/monitor/-/items-per-week")
    kz = next(r for r in rows(map_rows) if r["country_code"] == "KZ")
    assert kz["country"] == "Kazakhstan" and kz["items"] == 4
    assert 40 < kz["latitude"] < 56 and 46 < kz["longitude"] < 88
    assert "datasette-cluster-map" in page.text
    assert chart.status_code == 200 and "<svg" in chart.text and "<rect" in chart.text
    assert "safety incident" in chart.text


def test_atom_feed_for_table_and_canned_query(newsroom: Path) -> None:
    table, canned = get(newsroom, "/monitor/items.atom?_country=KZ&_event_type=strike",
                        "/monitor/deaths_30_days.atom")
    assert table.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(table.content)
    assert "Kazakhstan" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert INJECTION_TITLE in titles  # as text, escaped by the XML writer
    evil = entries[titles.index(INJECTION_TITLE)]
    assert all("javascript" not in link.get("href") for link in evil.findall(f"{ATOM}link"))
    assert b"<script>" not in table.content
    deaths = ET.fromstring(canned.content).findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in deaths] == ["گڈانی میں دھماکہ، تین مزدور ہلاک"]


def test_item_page_tags_evidence_story_and_direction(newsroom: Path) -> None:
    page, = get(newsroom, "/monitor/items/1")
    text = page.text
    assert 'lang="ru"' in text and "Russian (ru)" in text
    assert re.search(r"<strong>strike, because of</strong>: <span [^>]*>забастовку</span>", text)
    assert "Kazakhstan (KZ)" in text
    assert "Karaganda coal miners strike" in text  # the story's other report
    assert re.search(r"<dt>Published</dt><dd>\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC</dd>",
                     text)  # staff read dates, not ISO 8601
    assert 'href="https://kz.example/1"' in text
    persian, = get(newsroom, "/monitor/items/3")
    assert 'dir="rtl" lang="fa"' in persian.text and "translate.google.com" in persian.text


def test_item_page_names_evidence_that_is_not_a_tag(newsroom: Path) -> None:
    found, = get(newsroom, "/monitor/items.json?url=https://pk.example/ur/1&_shape=objects")
    page, = get(newsroom, f"/monitor/items/{rows(found)[0]['id']}")
    assert "<strong>Killed, as stated</strong>" in page.text and "تین مزدور ہلاک" in page.text
    assert "<strong>killed</strong>" not in page.text


def test_item_page_links_snapshot_when_present(tmp_path: Path) -> None:
    path = build(tmp_path / "monitor.db")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO snapshots (id, url) VALUES (7, 'https://kz.example/1')")
    if "snapshot_id" not in {r[1] for r in conn.execute("PRAGMA table_info(items)")}:
        conn.execute("ALTER TABLE items ADD COLUMN snapshot_id INTEGER")
    conn.execute("UPDATE items SET snapshot_id = 7 WHERE id = 1")
    conn.commit()
    conn.close()
    page, = get(path, "/monitor/items/1")
    assert 'class="snapshot-link" href="/monitor/snapshots/7"' in page.text


def test_snapshot_page_is_served_sandboxed(tmp_path: Path) -> None:
    from monitor.fetch import Response
    from monitor.store.snapshots import save_snapshot

    path = build(tmp_path / "monitor.db")
    db = open_db(path)
    url = "https://kz.example/news/1"
    body = b"<html><body><p>Miners stopped work.</p><script>alert(1)</script></body></html>"
    snapshot_id = save_snapshot(db, Response(
        url=url, final_url=url, status=200, content=body,
        headers={"content-type": "text/html; charset=utf-8"}))
    db.execute("UPDATE items SET snapshot_id = ? WHERE id = 1", [snapshot_id])
    db.close()
    item, view, raw, missing = get(
        path, "/monitor/items/1", f"/monitor/-/snapshot/{snapshot_id}",
        f"/monitor/-/snapshot/{snapshot_id}.raw", "/monitor/-/snapshot/999")
    assert f'class="snapshot-page" href="/monitor/-/snapshot/{snapshot_id}"' in item.text
    assert view.status_code == 200 and b"Miners stopped work." in view.content
    assert "sandbox" in view.headers["content-security-policy"]  # its scripts cannot run
    assert url in view.text  # the banner says what it is
    assert raw.status_code == 200 and raw.content == body
    assert missing.status_code == 404


def test_script_injection_is_text_everywhere(newsroom: Path) -> None:
    item_id = 8
    pages = get(newsroom, f"/monitor/items/{item_id}", "/monitor/items",
                "/monitor/latest_relevant", "/monitor/items?_search=plant")
    for page in pages:
        assert page.status_code == 200
        assert "<script>window.__pwned" not in page.text
        assert 'onerror="window' not in page.text
        assert 'href="javascript:' not in page.text
    assert "&lt;script&gt;window.__pwned" in pages[0].text


def test_sanitiser() -> None:
    dirty = '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x()">l</a></p>'
    clean = str(clean_html(dirty))
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean
    assert "<p>Hi" in clean
    assert "a &lt; b" in str(text_to_html("a < b and c > d\n\nsecond"))
    assert "<p dir=\"auto\">second</p>" in str(text_to_html("a < b\n\nsecond"))
    assert safe_url(" JavaScript:alert(1)") is None and safe_url("https://a.org/") is not None


def test_read_only_and_no_write_plugins(newsroom: Path) -> None:
    delete, plugins = get(newsroom, "/monitor.json?sql=delete+from+items", "/-/plugins.json")
    assert delete.status_code == 400
    names = {p["name"] for p in plugins.json()}
    assert not {n for n in names if "write" in n or "upload" in n or "insert" in n}
    assert open_db(newsroom).table("items").count == 10
    args = datasette_args(newsroom, newsroom.with_suffix(".json"), "127.0.0.1", 1, immutable=True)
    assert args[args.index("--immutable") + 1] == str(newsroom)
    immutable, = get(newsroom, "/monitor/items.json?_shape=objects", immutable=True)
    assert len(rows(immutable)) == 10


def test_password_protection(newsroom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datasette_auth_passwords.utils import hash_password

    monkeypatch.setenv("MONITOR_PASSWORD_HASH", hash_password("correct horse"))

    async def run() -> tuple[Any, ...]:
        ds = datasette_instance(newsroom, private=True)
        anonymous = await ds.client.get("/monitor/items")
        form = await ds.client.get("/-/login")
        token = form.cookies.get("ds_csrftoken")
        wrong = await ds.client.post("/-/login", data={
            "username": "staff", "password": "nope", "csrftoken": token},
            cookies={"ds_csrftoken": token})
        right = await ds.client.post("/-/login", data={
            "username": "staff", "password": "correct horse", "csrftoken": token},
            cookies={"ds_csrftoken": token})
        inside = await ds.client.get("/monitor/items",
                                     cookies={"ds_actor": right.cookies["ds_actor"]})
        return anonymous, wrong, right, inside

    anonymous, wrong, right, inside = asyncio.run(run())
    assert anonymous.status_code == 302 and anonymous.headers["location"].startswith("/-/login")
    assert "ds_actor" not in wrong.cookies
    assert right.status_code == 302
    assert inside.status_code == 200 and "News items" in inside.text


def test_serve_private_needs_a_login(cli_run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONITOR_PASSWORD_HASH", raising=False)
    monkeypatch.delenv("MONITOR_ACCOUNTS", raising=False)
    result = cli_run("serve", "--private")
    assert result.exit_code == 2
    assert "needs an account" in result.output and "monitor users add" in result.output


def test_side_tables_follow_inserts_updates_and_deletes(tmp_path: Path) -> None:
    from monitor.store.records import insert_row, row_to_db

    db = open_db(tmp_path / "monitor.db")
    with db.conn:
        first = insert_row(db, "items", row_to_db({
            "source": "a", "title": "t", "language": "ru", "published": "2026-11-02T00:00:00Z",
            "countries": ["KZ", "KZ", "KG"], "event_types": ["strike"]}))
        insert_row(db, "items", row_to_db({"source": "a", "title": "u", "countries": "not json"}))

    def counts() -> dict[tuple[str, str], int]:
        return {(f, v): n for f, v, n in db.execute(
            "SELECT facet, value, n FROM facet_counts WHERE n > 0").fetchall()}

    assert {v for (v,) in db.execute("SELECT value FROM item_tags WHERE kind = "
                                     "'country_event_type'")} == {"KZ strike", "KG strike"}
    assert counts() == {("country", "KZ"): 1, ("country", "KG"): 1, ("event_type", "strike"): 1,
                        ("language", "ru"): 1, ("source", "a"): 2,
                        ("week_event_type", "2026-44 strike"): 1}
    db.execute("UPDATE items SET countries = '[\"UZ\"]', event_types = '[]' WHERE id = ?",
               [first])
    assert sorted(db.execute("SELECT kind, value FROM item_tags").fetchall()) == [
        ("country", "UZ")]
    db.execute("DELETE FROM items WHERE id = ?", [first])
    assert counts() == {("source", "a"): 1}
    db.close()


def test_search_newest_collected_first_counted_by_index_and_sample_labelled(
        newsroom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("monitor.publish.datasette.facets.SAMPLE", 1)
    page, data, filtered, by_date = get(
        newsroom, "/monitor/items?_search=strike", "/monitor/items.json?_search=strike",
        "/monitor/items.json?_search=strike&language=en",
        "/monitor/items.json?_search=strike&_sort=published&_shape=objects")
    assert [r[0] for r in data.json()["rows"]] == [8, 2]  # most recently collected first
    assert data.json()["filtered_table_rows_count"] == 2  # ours: Datasette was told _nocount
    assert data.headers["content-length"] == str(len(data.content))
    assert "2 rows where search matches" in page.text
    assert "from the 1 most recently collected of the 2 matching items" in " ".join(
        page.text.split())
    countries = next(f for f in data.json()["facet_results"].values()
                     if f["name"] == "countries")
    assert countries["sample"] == 1 and countries["of"] == 2
    assert sum(v["count"] for v in countries["results"]) == 1  # the sample: item 8, KZ
    assert filtered.json()["filtered_table_rows_count"] == len(filtered.json()["rows"])
    assert len(rows(by_date)) == 2
    month, = get(newsroom, "/monitor/items.json?_days=30")  # no id list: the "+id" sample
    sources = next(f for f in month.json()["facet_results"].values() if f["name"] == "source")
    assert sources["sample"] == 1 and sources["of"] == month.json()["filtered_table_rows_count"]
    newest = max(r[0] for r in month.json()["rows"])
    assert [v["count"] for v in sources["results"]] == [1]
    assert sources["results"][0]["value"] == rows(get(
        newsroom, f"/monitor/items/{newest}.json?_shape=objects")[0])[0]["source"]
    unsampled, = get(newsroom, "/monitor/items?_country=BD")  # one item
    assert "most recently collected" not in unsampled.text  # under SAMPLE: exact counts


def test_older_side_tables_are_migrated(tmp_path: Path) -> None:
    from monitor.store.records import insert_row, row_to_db

    path = tmp_path / "monitor.db"
    db = open_db(path)
    with db.conn:
        insert_row(db, "items", row_to_db({
            "source": "a", "title": "t", "published": "2026-11-02T00:00:00Z",
            "countries": ["KZ"], "event_types": ["strike"]}))
    db.close()
    from monitor.store.facet_tables import TRIGGER_VERSION

    conn = sqlite3.connect(path)  # back to version 2: no published, no pairs, old index
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                f"AND name LIKE 'items_a%_facets_v{TRIGGER_VERSION}'"
                                ).fetchall():
        conn.execute(f"DROP TRIGGER [{name}]")
    conn.execute("DROP INDEX idx_item_tags_kind_value_published")
    conn.execute("ALTER TABLE item_tags DROP COLUMN published")
    conn.execute("DELETE FROM item_tags WHERE kind = 'country_event_type'")
    conn.execute("CREATE INDEX idx_item_tags_kind_value ON item_tags (kind, value, item_id)")
    conn.commit()
    conn.close()
    db = open_db(path)
    assert sorted(db.execute("SELECT kind, value, published FROM item_tags").fetchall()) == [
        ("country", "KZ", "2026-11-02T00:00:00Z"),
        ("country_event_type", "KZ strike", "2026-11-02T00:00:00Z"),
        ("event_type", "strike", "2026-11-02T00:00:00Z")]
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "idx_item_tags_kind_value" not in indexes
    db.close()
