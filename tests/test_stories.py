"""Stories: reports of one event join one story; different events never do."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import SHARED

from monitor.api import Item
from monitor.enrich.dedup import make_doc, similar
from monitor.poll.process import store_items
from monitor.store.records import ItemRecord, insert_row
from monitor.store.stories import POSTING_CAP, assign_story, restory

KAPAN = """Miners at the Kapan copper and zinc mine in southern Armenia stopped work on Monday, \
demanding a twenty percent pay rise and repairs to the ventilation in the lower galleries.
About 600 workers joined the stoppage, according to the mining union, which said the owners had \
left its letters unanswered since March.
The company said production at the Syunik province site had been halted and that it was ready \
to meet union representatives in Yerevan on Thursday.
Local residents brought food to the miners gathered at the pit head, where the union's regional \
chairman addressed the crowd and promised to stay until an agreement is signed."""

KAPAN_NEXT_YEAR = """Miners at the Kapan copper and zinc mine in southern Armenia stopped work on \
Tuesday, demanding that the owners pay three months of wage arrears owed since the winter.
About 250 workers of the underground shift joined the stoppage, according to the mining union, \
which said the new management had cut bonuses in 2021.
The company said production at the Syunik province site continued on the surface and that the \
arrears would be settled by the end of October.
The union's regional chairman said the miners would return to the pit head every morning until \
the last payment arrives."""

NURSES = """Nurses in the capital walked out of three public hospitals on Wednesday after the \
health ministry again postponed the payment of their overtime allowances for the winter months.
The nurses' association said more than 400 of its members took part and that emergency wards \
were staffed by volunteers throughout the day.
The ministry blamed a delay in the transfer of funds from the treasury and promised payment \
within two weeks, a promise the association said it had heard twice before."""

FRAME_TOP = "Home | News | Campaigns | About us\nSelect language: English Русский Қазақша"
FRAME_BOTTOM = (
    "Subscribe to our newsletter to receive the latest news from the federation.\n"
    "All rights reserved. Reproduction of materials is allowed with a link to the site."
)


def store(db: Any, source: str, **fields: Any) -> int:
    result = store_items(db, source, [Item(**fields)])
    assert result.new_ids, f"not stored: {fields.get('url')}"
    return result.new_ids[0]


def story_of(db: Any, item_id: int) -> int:
    return db.execute("SELECT story_id FROM items WHERE id = ?", [item_id]).fetchone()[0]


def test_repost_retitled_and_wrapped_joins_the_story(db: Any) -> None:
    first = store(db, "union", url="https://union.example/news/kapan", title="Kapan miners strike",
                  text=KAPAN, published="2024-05-06T10:00:00Z")
    repost = store(db, "federation", url="https://fed.example/2024/05/07/armenia?utm_source=fb",
                   title="Armenia: 600 miners down tools in Kapan",
                   text=f"{FRAME_TOP}\nReposted from our member union.\n{KAPAN}\n{FRAME_BOTTOM}",
                   published="2024-05-07T08:00:00Z")
    assert story_of(db, repost) == story_of(db, first)
    row = db.execute("SELECT title, reports, sources, source_count, first_seen, last_seen "
                     "FROM stories WHERE id = ?", [story_of(db, first)]).fetchone()
    assert row[0] == "Kapan miners strike" and row[1] == 2 and row[3] == 2
    assert json.loads(row[2]) == ["union", "federation"]
    assert row[4].startswith("2024-05-06") and row[5].startswith("2024-05-07")


def test_teaser_and_light_edit_join_the_story(db: Any) -> None:
    first = store(db, "union", url="https://union.example/news/kapan", title="Kapan", text=KAPAN)
    teaser = store(db, "aggregator", url="https://agg.example/a/1", title="Strike at Kapan",
                   summary=KAPAN[:230] + "… Read more")
    edited = KAPAN.replace("stopped work", "downed tools").replace("owners", "mine's owners")
    edited = edited.replace("Local residents", "Residents of the town")
    light = store(db, "news", url="https://news.example/kapan", title="Kapan", text=edited)
    assert story_of(db, teaser) == story_of(db, first) == story_of(db, light)


def test_same_mine_a_year_apart_and_other_events_stay_apart(db: Any) -> None:
    a = store(db, "union", url="https://union.example/news/1", title="Kapan strike", text=KAPAN)
    b = store(db, "union", url="https://union.example/news/2", title="Kapan strike again",
              text=KAPAN_NEXT_YEAR)
    c = store(db, "union", url="https://union.example/news/3", title="Nurses", text=NURSES)
    assert len({story_of(db, a), story_of(db, b), story_of(db, c)}) == 3


def test_posts_in_one_site_template_stay_apart(db: Any) -> None:
    ids = [
        store(db, "fed", url=f"https://fed.example/n/{i}", title=title,
              text=f"{FRAME_TOP}\n{body}\n{FRAME_BOTTOM}")
        for i, (title, body) in enumerate(
            [("Kapan", KAPAN), ("Nurses", NURSES), ("Kapan 2", KAPAN_NEXT_YEAR),
             ("Short", "The congress elected a new chair.")]
        )
    ]
    assert len({story_of(db, i) for i in ids}) == 4


def test_bad_input_never_merges_unrelated_items(db: Any) -> None:
    # no text at all, a title only, boilerplate-only pages, one guid for every item
    ids = [store(db, "empty", url=f"https://empty.example/{i}") for i in range(3)]
    ids += [store(db, "titles", url=f"https://t.example/{i}", title="News") for i in range(3)]
    ids += [store(db, "frame", url=f"https://frame.example/{i}", title=f"Page {i}",
                  text=f"{FRAME_TOP}\n{FRAME_BOTTOM}") for i in range(4)]
    same_guid = store_items(db, "guidless", [
        Item(url=f"https://g.example/{i}", guid="1", title=title, text=text)
        for i, (title, text) in enumerate([("Kapan", KAPAN), ("Nurses", NURSES)])
    ])
    assert len(same_guid.new_ids) == 2
    ids += same_guid.new_ids
    assert len({story_of(db, i) for i in ids}) == len(ids)
    # a real article in that frame joins none of the frame-only pages
    real = store(db, "frame", url="https://frame.example/real", title="Nurses",
                 text=f"{FRAME_TOP}\n{NURSES}\n{FRAME_BOTTOM}")
    assert story_of(db, real) not in {story_of(db, i) for i in ids[6:10]}


def test_exact_duplicates_are_stored_once_and_counted(db: Any) -> None:
    store(db, "union", url="https://union.example/news/kapan", guid="k1", title="Kapan",
          text=KAPAN)
    again = [
        Item(url="https://www.union.example/news/kapan/?utm_source=tw#x", title="Kapan"),  # URL
        Item(url="https://union.example/?p=77", guid="k1", title="Kapan"),  # guid
        Item(url="https://union.example/print/kapan", title="Kapan", text=KAPAN),  # content hash
    ]
    result = store_items(db, "union", again)
    assert result.seen == 3 and not result.new_ids
    assert db.execute("SELECT times_seen FROM items").fetchall() == [(4,)]
    # another site's verbatim copy is a report of its own, in the same story
    other = store_items(db, "mirror", [Item(url="https://mirror.example/k", title="Kapan",
                                            text=KAPAN)])
    assert other.new_ids and story_of(db, other.new_ids[0]) == 1


@pytest.mark.parametrize("order", ["original first", "translation first"])
def test_linked_translations_join_the_story(db: Any, order: str) -> None:
    en = dict(url="https://unodc.example/en/webinar.html", title="Webinar on trafficking",
              text=NURSES, translation_urls=["https://unodc.example/ru/webinar.html"])
    ru = dict(url="https://www.unodc.example/ru/webinar.html?utm_medium=rss",
              title="Вебинар о торговле людьми",
              text="В Ашхабаде прошёл вебинар о правах человека в бизнесе и торговле людьми.")
    first, second = (en, ru) if order == "original first" else (ru, en)
    a = store(db, "unodc", **first)
    b = store(db, "unodc", **second)
    assert story_of(db, a) == story_of(db, b)
    assert json.loads(db.execute("SELECT languages FROM stories").fetchone()[0]) == (
        ["en", "ru"] if order == "original first" else ["ru", "en"]
    )


def test_a_site_root_is_no_translation(db: Any) -> None:
    a = store(db, "s", url="https://s.example/a", title="A", text=KAPAN,
              translation_urls=["https://s.example/"])
    b = store(db, "s", url="https://s.example/", title="Home", text=NURSES)
    assert story_of(db, a) != story_of(db, b)


def test_restory_rebuilds_the_same_stories(db: Any, cli_run: Any, tmp_path: Any) -> None:
    for i, text in enumerate([KAPAN, NURSES, KAPAN + "\nShare this.", KAPAN_NEXT_YEAR]):
        store(db, f"s{i}", url=f"https://s{i}.example/x", title=f"T{i}", text=text)
    before = db.execute("SELECT id, story_id FROM items ORDER BY id").fetchall()
    assert restory(db) == 3
    assert db.execute("SELECT id, story_id FROM items ORDER BY id").fetchall() == before
    db.close()
    result = cli_run("restory")
    assert result.exit_code == 0, result.output
    assert "4 item(s) in 3 stories" in result.output


def test_import_goes_through_stories(cli_run: Any, tmp_path: Any) -> None:
    for i, name in enumerate(("one", "two")):
        path = tmp_path / f"{name}.jsonl"
        line = {"url": f"https://{name}.example/k", "title": f"K{i}", "text": KAPAN}
        path.write_text(json.dumps(line) + "\n", encoding="utf-8")
        assert cli_run("import", str(path), "--source", name).exit_code == 0
    from monitor.store.schema import open_db

    db = open_db(tmp_path / "monitor.db")
    assert db.execute("SELECT count(*), count(DISTINCT story_id) FROM items").fetchone() == (2, 1)
    assert db.execute("SELECT reports FROM stories").fetchone() == (2,)
    db.close()


def test_common_keys_stop_growing_so_lookups_stay_bounded(db: Any) -> None:
    line = "This article was first published on the website of the federation of trade unions."
    with db.conn:
        db.execute("BEGIN")
        for i in range(POSTING_CAP + 10):
            record = ItemRecord(
                source=f"s{i}", url=f"https://s{i}.example/", canonical_url=f"http://s{i}.example/",
                title=f"T{i}", summary="", fetched="2026-01-01T00:00:00+00:00",
                text=f"{line}\nItem number {i} tells its own news of the day in several words.")
            record.id = insert_row(db, "items", record.row())
            assign_story(db, record)
    from monitor.enrich.dedup import key64, tokens

    key = key64(" ".join(tokens(line)))
    count = db.execute("SELECT count(*) FROM dedup_anchors WHERE key = ?", [key]).fetchone()[0]
    assert count == POSTING_CAP


def test_pair_test_is_symmetric_enough_for_teasers() -> None:
    full, teaser = make_doc("Kapan", KAPAN), make_doc("Kapan", KAPAN[:300])
    assert similar(full, teaser).same and similar(teaser, full).same
    assert not similar(make_doc("a", KAPAN), make_doc("b", KAPAN_NEXT_YEAR)).same


@pytest.mark.corpus
def test_the_tashkent_convening_in_two_seed_files_is_one_story(db: Any) -> None:
    seeds = SHARED / "seeds"
    files = sorted(seeds.glob("00[01]_*.txt"))
    if len(files) != 2:
        pytest.skip("seeds not available")
    texts = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        start = text.index("A milestone convening in Tashkent")
        stop = re.search(r"\n(?:[A-Z][a-z]{2} \d{1,2}, \d{4}|Multi-Stakeholder)", text[start:])
        texts.append(text[start : start + (stop.start() if stop else 4000)])
    a = store(db, "solidarity-news", url="https://sc.example/news", title="Convening",
              text=texts[0])
    b = store(db, "solidarity-pages", url="https://sc.example/page", title="Tashkent",
              text=texts[1])
    other = store(db, "solidarity-pages", url="https://sc.example/other", title="Nurses",
                  text=NURSES)
    assert story_of(db, a) == story_of(db, b) != story_of(db, other)


def test_datasette_lists_stories_by_last_report_with_links_to_reports(tmp_path: Any) -> None:
    import asyncio

    from datasette.app import Datasette

    from monitor.publish.datasette import build_metadata
    from monitor.store.schema import open_db

    path = tmp_path / "monitor.db"
    db = open_db(path)
    store(db, "union", url="https://u.example/k", title="Kapan strike", text=KAPAN,
          published="2024-05-06T10:00:00Z")
    store(db, "fed", url="https://f.example/k", title="Miners down tools", text=KAPAN,
          published="2024-05-08T10:00:00Z")
    store(db, "union", url="https://u.example/n", title="Nurses walk out", text=NURSES,
          published="2024-05-07T10:00:00Z")
    db.close()

    async def fetch() -> tuple[Any, Any, Any]:
        ds = Datasette([str(path)], metadata=build_metadata(path))
        stories = await ds.client.get("/monitor/stories.json?_shape=objects")
        row = await ds.client.get("/monitor/stories/1")
        reports = await ds.client.get("/monitor/items.json?story_id=1&_shape=objects")
        return stories, row, reports

    stories, row, reports = asyncio.run(fetch())
    rows = stories.json()["rows"]
    assert [(r["title"], r["reports"], r["source_count"]) for r in rows] == [
        ("Kapan strike", 2, 2), ("Nurses walk out", 1, 1)
    ]
    assert row.status_code == 200 and "items?story_id=1" in row.text
    assert sorted(r["source"] for r in reports.json()["rows"]) == ["fed", "union"]
