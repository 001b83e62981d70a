"""The newsroom as staff use it (issue 15): the front page news desk with its presets, honest
date windows, rows that lead to their pages, the chart, and the demo config's commands. A real
in-process Datasette configured as `monitor serve` runs it, on real SQLite files."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from newsroom_data import INJECTION_TITLE, build

from monitor.publish.datasette import datasette_instance
from monitor.publish.datasette.charts import EVENT_COLOURS
from monitor.publish.datasette.desk import english_line, english_title

ATOM = "{http://www.w3.org/2005/Atom}"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("desk") / "monitor.db")


@pytest.fixture(scope="module")
def old_newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same items, all published in 2021 (as the demo's are): every window is empty."""
    path = build(tmp_path_factory.mktemp("old") / "monitor.db")
    conn = sqlite3.connect(path)
    with conn:  # through the triggers, as any writer would
        conn.execute("UPDATE items SET published = '2021-03-' || printf('%02d', id) "
                     "|| 'T10:00:00+00:00'")
        conn.execute("UPDATE stories SET last_seen = '2021-03-20', first_seen = '2021-03-01'")
        # the Russian report was polled first: the story is named after it
        conn.execute("UPDATE stories SET title = 'Шахтёры Караганды бастуют' WHERE id = 1")
    conn.close()
    return path


def get(path_db: Path, *paths: str) -> list[Any]:
    async def run() -> list[Any]:
        ds = datasette_instance(path_db)
        return [await ds.client.get(p) for p in paths]
    return asyncio.run(run())


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def stories(html: str) -> list[str]:
    return [text(s) for s in re.findall(r'<li class="desk-story">(.*?)</li>\s*(?=<li class='
                                        r'"desk-story">|</ol>)', html, re.S)]


def test_english_line_from_tags_and_figures_only() -> None:
    reports = [
        {"language": "ru", "event_types": '["strike"]', "sectors": '["mining"]',
         "countries": '["KZ"]', "place": "Karaganda", "workers_involved": 300},
        {"language": "kk", "event_types": '["strike", "wage_theft"]', "countries": '["KZ"]'},
        {"language": "en", "event_types": '["strike"]', "countries": '["KZ"]',
         "place": "Karaganda", "killed": None},
    ]
    assert english_line(reports) == ("Strike, wage theft: 300 miners, Karaganda, Kazakhstan; "
                                      "3 reports in Russian, Kazakh and English")
    assert english_line([{"language": "fa", "event_types": '["safety_incident"]',
                          "countries": '["IR"]', "killed": 2, "injured": 5}]) == \
        "Safety incident: 2 killed, 5 injured, Iran; 1 report in Persian"
    assert english_line([{"language": "und"}]) == "1 report"  # nothing tagged, nothing invented
    many = [{"countries": '["NG", "DO", "RS", "KG", "TH"]', "event_types": '["strike"]'}]
    assert english_line(many, first=["KG"]) == (
        "Strike: Kyrgyzstan, Nigeria, Dominican Republic and 2 more countries; 1 report")
    assert english_title([{"language": "ru", "title": "Шахтёры"},
                          {"language": "en", "title": "Miners"}], "Шахтёры") == "Miners"
    assert english_title([{"language": "kk", "title": "Кеншілер"}], "Кеншілер") == "Кеншілер"


def test_front_page_lists_latest_stories_with_english_titles_and_lines(newsroom: Path) -> None:
    home, = get(newsroom, "/")
    assert home.status_code == 200
    shown = stories(home.text)
    karaganda = next(s for s in shown if s.startswith("Karaganda coal miners strike"))
    assert "Strike: Karaganda, Kazakhstan; 2 reports in English and Russian" in karaganda
    assert "2 sources" in karaganda
    assert re.search(r'href="/monitor/stories/1"', home.text)
    assert re.search(r'href="/monitor/items/2"', home.text)  # each report's item page
    urdu = next(s for s in shown if "Pakistan" in s)
    assert "3 killed" in urdu
    assert not any("Union choir concert" in s for s in shown)  # no labour event: not news
    assert not any("Old garment factory fire" in s for s in shown)  # 400 days old: not this week
    assert "Nothing was published" not in home.text


@pytest.mark.parametrize(("query", "present", "absent"), [
    ("region=myanmar", "Myanmar", "Kazakhstan"),
    ("region=iran", "Protest, wage theft: Iran; 1 report in Persian", "Myanmar"),
    ("region=central_asia&event=protest", "Protest: Kazakhstan; 1 report in Kazakh", "Strike"),
    ("region=caucasus", "Strike: Armenia; 1 report in Armenian", "Kazakhstan"),
    ("region=south_asia&period=all", "Safety incident: 12 killed, Bangladesh", "Myanmar"),
])
def test_presets_choose_region_event_and_period(newsroom: Path, query: str, present: str,
                                                absent: str) -> None:
    page, = get(newsroom, "/?" + query)
    shown = " | ".join(stories(page.text))
    assert present in shown and absent not in shown, shown
    assert 'class="chosen" aria-current="true"' in page.text


def test_front_page_feed_follows_the_choice(newsroom: Path) -> None:
    page, = get(newsroom, "/?region=central_asia&event=strike")
    feed = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"',
                     page.text).group(1).replace("&amp;", "&")
    assert "_country=KZ" in feed and "_event_type=strike" in feed
    atom, = get(newsroom, feed)
    titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(atom.text).iter(f"{ATOM}entry")]
    assert "Karaganda coal miners strike" in titles
    assert "Жаңаөзен мұнайшылары наразылық білдірді" not in titles  # a protest


def test_empty_period_says_so_and_shows_the_latest(old_newsroom: Path) -> None:
    home, week = get(old_newsroom, "/", "/monitor/items?_days=7&_country=KZ")
    assert "Nothing was published this week (since" in text(home.text)
    assert "These are the latest stories instead" in home.text
    karaganda = next(s for s in stories(home.text) if "Karaganda" in s)
    # named after its English report, the first-polled Russian title beside it
    assert karaganda.startswith("Karaganda coal miners strike Шахтёры Караганды бастуют Strike")
    note = text(week.text)
    assert re.search(r"Published in the last 7 days: since \d+ \w+ \d{4}\. Nothing was "
                     r"published in this period\. The latest items of the same choice", note)
    latest = re.search(r'<ul class="window-latest">(.*?)</ul>', week.text, re.S).group(1)
    assert "Шахтёры Караганды бастуют" in latest and "Old garment" not in latest


def test_date_window_queries_say_their_window_and_fall_back(newsroom: Path,
                                                            old_newsroom: Path) -> None:
    names = ("deaths_30_days", "strikes_protests_by_country", "map_30_days", "items_per_week")
    fresh = get(newsroom, *(f"/monitor/{n}.json?_shape=array" for n in names))
    old = get(old_newsroom, *(f"/monitor/{n}.json?_shape=array" for n in names))
    for name, now, then in zip(names, fresh, old, strict=True):
        assert now.json() and then.json(), name
        assert all(not r["period"].startswith(("none", "nothing")) for r in now.json()), name
        assert all(r["period"].startswith(("none", "nothing")) for r in then.json()), name
    deaths = old[0].json()
    assert [r["title"] for r in deaths] == ["Old garment factory fire",  # newest of them
                                            "گڈانی میں دھماکہ، تین مزدور ہلاک"]


def test_every_canned_query_row_leads_to_its_page(newsroom: Path) -> None:
    pages = get(newsroom, "/monitor/latest_relevant", "/monitor/deaths_30_days",
                "/monitor/strikes_protests_by_country", "/monitor/not_in_english",
                "/monitor/multi_source_stories", "/monitor/items", "/monitor/stories",
                "/monitor/sources", "/monitor/failing_sources")
    for page in pages:
        rows = re.findall(r"<tr>.*?</tr>", page.text.split("<tbody>", 1)[-1], re.S)
        assert rows, page.url
        for row in rows:
            assert re.search(r'class="row-page" href="/monitor/(items/\d+|stories/\d+|items\?source'
                             r'=[a-z-]+)"', row), row


def test_internal_tables_are_off_the_home_page(newsroom: Path) -> None:
    home, = get(newsroom, "/")
    listed = text(home.text.split("Other pages", 1)[1])
    assert "sources" in listed and "items" in listed
    for internal in ("dedup_bands", "dedup_anchors", "item_tags", "facet_counts", "robots"):
        assert internal not in listed


def test_chart_counts_items_by_week_of_monday_with_fixed_colours(newsroom: Path,
                                                                 old_newsroom: Path) -> None:
    page, short = get(newsroom, "/monitor/-/items-per-week", "/monitor/-/items-per-week?weeks=4")
    bars = re.findall(r'fill="(#[0-9a-f]{6})"><title>(week of \d+ \w+ \d{4}): (\d+) ([^<]+)<',
                      page.text)
    # nine labour items, each counted once, one of them 400 days old: out of the 26 weeks
    assert sum(int(n) for _, _, n, _ in bars) == 8
    for fill, _, _, kind in bars:
        assert fill == EVENT_COLOURS[kind.replace(" ", "_")]
    assert page.text.count("<rect") == len(bars) and "2025-" not in text(page.text)
    strike = {f for f, _, _, k in re.findall(
        r'fill="(#[0-9a-f]{6})"><title>(week of [^:]+): (\d+) ([^<]+)<', short.text)
        if k == "strike"}
    assert strike == {EVENT_COLOURS["strike"]}
    moved, = get(old_newsroom, "/monitor/-/items-per-week?weeks=4")
    assert "Nothing was published in the last 4 weeks: the chart shows the 4 weeks up to " \
           "the latest item (week of 8 Mar 2021)" in text(moved.text)


def test_demo_config_commands_work(tmp_path: Path) -> None:
    """`sources` and `check-source` on data/demo/sources.yaml: its plugins, its replayed sites."""
    from monitor.cli import cli

    config = str(ROOT / "data" / "demo" / "sources.yaml")
    listed = CliRunner().invoke(cli, ["--config", config, "--db", str(tmp_path / "monitor.db"),
                                      "sources"], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    assert re.search(r"^fprk-kz\s+html_list\s+kk\s+never polled", listed.output, re.M)
    assert re.search(r"^labour-hotline-kz\s+telegram\s+", listed.output, re.M)
    checked = CliRunner().invoke(cli, ["--config", config, "check-source", "fprk-en",
                                       "--limit", "1"], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    assert "FPRK and ILO Team Up for Safer Work in Mining" in checked.output


def test_tables_for_people(newsroom: Path) -> None:
    """Issue 15.2: plain headers, words for booleans, lists as labels, short original links,
    SQL and column notes behind toggles."""
    items, stories_page, query = get(newsroom, "/monitor/items", "/monitor/stories",
                                     "/monitor/latest_relevant")
    headers = re.findall(r'<th [^>]*data-column="([^"]+)"[^>]*>\s*(?:<a [^>]*>)?([^<&]+)',
                         items.text)
    named = {column: shown.strip() for column, shown in headers}
    assert named["title"] == "Headline" and named["event_types"] == "What happened"
    assert named["url"] == "Original" and "story_id" not in named
    assert not [c for c in named.values() if "_" in c]
    assert re.search(r'class="short-link" href="https://kz\.example/1" title="https://kz\.'
                     r'example/1"[^>]*>kz\.example&nbsp;↗</a>', items.text)
    assert ">labour news<" in items.text and ">no labour event<" in items.text
    cells = text(items.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0])
    assert '["' not in cells and "[]" not in cells
    assert "body:not(.show-sql) pre.wrapped-sql" in items.text and "show-notes" in items.text
    assert "kz-news, industriall" in text(stories_page.text) or \
        "industriall, kz-news" in text(stories_page.text)
    assert 'id="sql-editor"' not in query.text and "_show_sql=1" in query.text
    assert '"event_types": "What happened"' in query.text  # the header script's names


@pytest.mark.parametrize(("url", "private"), [
    ("http://127.0.0.1:8123/www.fprk.kz/kz/news/x/", True), ("http://localhost/a", True),
    ("http://10.1.2.3/a", True), ("http://192.168.0.9/a", True), ("http://[::1]/a", True),
    ("http://[::ffff:127.0.0.1]/a", True), ("http://intranet/a", True),
    ("http://news.local/a", True), ("http://169.254.1.1/a", True),
    ("https://www.fprk.kz/kz/news/x/", False), ("https://8.8.8.8/a", False),
])
def test_no_translation_link_for_private_addresses(url: str, private: bool) -> None:
    from monitor.publish.datasette.translate import is_private_address, translate_url

    assert is_private_address(url) is private
    assert (translate_url(url, "kk") is None) is private


def test_translation_service_is_configurable(monkeypatch: pytest.MonkeyPatch,
                                             newsroom: Path) -> None:
    from monitor.publish.datasette.translate import translate_url

    url = "https://ir.example/fa/1"
    assert translate_url(url, "fa", "متن").startswith(
        "https://translate.google.com/translate?sl=fa&tl=en&u=https%3A%2F%2Fir.example")
    monkeypatch.setenv("MONITOR_TRANSLATE", "off")
    assert translate_url(url, "fa", "متن") is None
    page, = get(newsroom, "/monitor/not_in_english")
    assert "translate-link" not in page.text
    monkeypatch.setenv("MONITOR_TRANSLATE", "https://translate.example.org/")
    link = translate_url(url, "fa", "کارگران تجمع کردند")
    assert link == ("https://translate.example.org/?source=fa&target=en&q="
                    "%DA%A9%D8%A7%D8%B1%DA%AF%D8%B1%D8%A7%D9%86%20%D8%AA%D8%AC%D9%85%D8%B9"
                    "%20%DA%A9%D8%B1%D8%AF%D9%86%D8%AF")
    assert "ir.example" not in link  # the article's address does not leave
    page, = get(newsroom, "/monitor/not_in_english")
    assert re.search(r'<a class="translate-link" href="https://translate\.example\.org/\?source'
                     r'=fa[^"]*" title="Machine translation by translate\.example\.org"[^>]*>'
                     r"in English&nbsp;↗</a>", page.text)


@pytest.fixture(scope="module")
def words_newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The newsroom with the word forms staff search for, in Russian and English."""
    from monitor import store

    path = build(tmp_path_factory.mktemp("words") / "monitor.db")
    db = store.open_db(path)
    with db.conn:
        for title, language in (("Забастовки шахтёров продолжаются", "ru"),
                                ("Рабочие начали забастовку", "ru"),
                                ("Miners keep striking in Kentucky", "en"),
                                ("Two strikes at the port", "en")):
            store.insert_row(db, "items", store.row_to_db({
                "source": "extra", "url": f"https://x.example/{len(title)}", "title": title,
                "language": language, "published": "2026-01-01T00:00:00+00:00",
                "fetched": "2026-01-01T00:00:00+00:00", "relevant": 1}))
    db.close()
    return path


@pytest.mark.parametrize(("query", "titles"), [
    # the Karaganda item says "объявили забастовку" in its summary
    ("забастовка", {"Забастовки шахтёров продолжаются", "Рабочие начали забастовку",
                    "Шахтёры Караганды бастуют"}),
    ("забастов*", {"Забастовки шахтёров продолжаются", "Рабочие начали забастовку",
                   "Шахтёры Караганды бастуют"}),
    ("strike", {"Karaganda coal miners strike", "Two strikes at the port",
                "Miners keep striking in Kentucky", INJECTION_TITLE}),
    ("miner", {"Karaganda coal miners strike", "Miners keep striking in Kentucky"}),
    ("strikes OR забастовку", {"Karaganda coal miners strike", "Two strikes at the port",
                               "Miners keep striking in Kentucky", INJECTION_TITLE,
                               "Забастовки шахтёров продолжаются",
                               "Рабочие начали забастовку", "Шахтёры Караганды бастуют"}),
    ('"coal miners"', {"Karaganda coal miners strike"}),
    ("strike NOT port", {"Karaganda coal miners strike", "Miners keep striking in Kentucky",
                         INJECTION_TITLE}),
])
def test_search_finds_word_forms_prefixes_and_or(words_newsroom: Path, query: str,
                                                 titles: set[str]) -> None:
    from urllib.parse import quote

    found, html = get(words_newsroom, f"/monitor/items.json?_shape=objects&_search={quote(query)}",
                      f"/monitor/items?_search={quote(query)}")
    data = found.json()
    assert {r["title"] for r in data["rows"]} == titles, data.get("human_description_en")
    assert data["filtered_table_rows_count"] == len(titles)
    assert "How search works" in html.text
    assert f"box.value = {json_str(query)}" in html.text  # the box shows what was typed


def json_str(value: str) -> str:
    import json

    return json.dumps(value)


def test_search_falls_back_to_letters_inside_text(words_newsroom: Path) -> None:
    from urllib.parse import quote

    found, html = get(words_newsroom,
                      f"/monitor/items.json?_shape=objects&_search={quote('သပိတ်')}",
                      "/monitor/items?_search=" + quote("တ်မှော"))
    assert [r["source"] for r in found.json()["rows"]] == ["mm-news"]
    assert "these items contain the letters inside longer words" in text(html.text)
    assert "mm.example" in html.text


def test_geojson_for_views_with_coordinates(newsroom: Path) -> None:
    import json

    world, kz, plain = get(newsroom, "/monitor/map_30_days.geojson",
                           "/monitor/items.geojson?_country=KZ", "/monitor/items")
    assert world.headers["content-type"].startswith("application/geo+json")
    features = json.loads(world.text)["features"]
    by_country = {f["properties"]["country_code"]: f for f in features}
    assert by_country["KZ"]["geometry"] == {"type": "Point", "coordinates": [68.0, 48.0]}
    assert by_country["KZ"]["properties"]["items"] == 4
    items = json.loads(kz.text)["features"]
    assert [f["properties"]["title"] for f in items] == ["Шахтёры Караганды бастуют"]
    assert items[0]["geometry"]["coordinates"] == [73.085, 49.806]
    assert items[0]["properties"]["countries"] == ["KZ"]  # a list, not a JSON string
    assert "items.geojson" in plain.text  # offered under "This data as"


def test_csv_lists_are_plain_text(newsroom: Path) -> None:
    import csv as csv_module
    import io

    from monitor.publish.datasette.exports import CsvLists

    items, stories_csv = get(newsroom, "/monitor/items.csv?_size=max&_dl=1",
                             "/monitor/stories.csv?_stream=on")
    rows = list(csv_module.DictReader(io.StringIO(items.text)))
    persian = next(r for r in rows if r["language"] == "fa")
    assert persian["event_types"] == "protest; wage_theft" and persian["countries"] == "IR"
    choir = next(r for r in rows if r["title"] == "Union choir concert")
    assert choir["event_types"] == "" and choir["countries"] == ""
    assert next(r for r in rows if r["id"] == "8")["title"].startswith("Strike <script>")
    story = next(r for r in csv_module.DictReader(io.StringIO(stories_csv.text))
                 if r["id"] == "1")
    assert story["sources"] == "industriall; kz-news" and story["languages"] == "en; ru"
    # a record split across chunks, inside a quoted cell holding a line break
    whole = 'id,countries,title\r\n1,"[""KZ"", ""KG""]","a\r\nb"\r\n2,[],x\r\n'
    rewriter = CsvLists()
    out = "".join(rewriter.feed(part) for part in (whole[:20], whole[20:31], whole[31:-3]))
    out += rewriter.feed(whole[-3:], last=True)
    assert out == 'id,countries,title\r\n1,KZ; KG,"a\r\nb"\r\n2,,x\r\n'


def test_map_says_tiles_need_a_connection(newsroom: Path) -> None:
    page, = get(newsroom, "/monitor/map_30_days")
    assert "without a connection the markers still show" in page.text
    assert 'href="/monitor/map_30_days.geojson"' in page.text


def test_story_titles_from_an_english_report(old_newsroom: Path) -> None:
    """Story 1 was named after its Russian report; its English report's title is shown."""
    import json

    stories_json, item = get(old_newsroom, "/monitor/multi_source_stories.json?_shape=array",
                             "/monitor/items/1")
    titles = {r["id"]: r["title"] for r in json.loads(stories_json.text)}
    assert titles[1] == "Karaganda coal miners strike"
    assert re.search(r'href="/monitor/stories/1"><bdi>Karaganda coal miners strike</bdi>',
                     item.text)


def test_weekly_item_totals_follow_every_write(tmp_path: Path) -> None:
    """The chart's totals (facet `week_item`) are kept by the triggers through insert, update
    and delete, and equal a count over the items themselves."""
    from monitor.store.facet_tables import rebuild

    path = build(tmp_path / "monitor.db")
    conn = sqlite3.connect(path)
    count_sql = ("SELECT date(published, 'weekday 0', '-6 days') || ' ' || coalesce(json_extract("
                 "event_types, '$[0]'), ''), count(*) FROM items WHERE relevant = 1 "
                 "GROUP BY 1 ORDER BY 1")
    kept_sql = "SELECT value, n FROM facet_counts WHERE facet = 'week_item' AND n > 0 ORDER BY 1"
    with conn:
        conn.execute("UPDATE items SET event_types = '[\"protest\"]' WHERE id = 1")
        conn.execute("UPDATE items SET published = '2021-03-03T00:00:00+00:00' WHERE id = 2")
        conn.execute("UPDATE items SET relevant = 0 WHERE id = 3")
        conn.execute("DELETE FROM items WHERE id = 4")
    assert conn.execute(kept_sql).fetchall() == conn.execute(count_sql).fetchall()
    assert ("2021-03-01 strike", 1) in conn.execute(kept_sql).fetchall()
    with conn:
        rebuild(conn)
    assert conn.execute(kept_sql).fetchall() == conn.execute(count_sql).fetchall()
    conn.close()


@pytest.mark.parametrize("query", ["Karagandy", "Қарағанды", "Караганде"])
def test_search_finds_a_place_in_its_other_spellings(newsroom: Path, query: str) -> None:
    from urllib.parse import quote

    found, = get(newsroom, f"/monitor/items.json?_shape=objects&_search={quote(query)}")
    titles = {r["title"] for r in found.json()["rows"]}
    assert {"Шахтёры Караганды бастуют", "Karaganda coal miners strike"} <= titles, titles
