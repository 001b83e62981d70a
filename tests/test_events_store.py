"""Events in a real SQLite store: real reports of the labelled set go through the pipeline's
store_items (tagged, storied, joined), and the events table, its reports and index follow."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from monitor.api import Item
from monitor.poll.process import store_items
from monitor.store.events import rebuild_events
from monitor.store.reviews import ReviewAction, record_review
from monitor.store.schema import open_db

DATA = Path(__file__).resolve().parent.parent / "bench" / "data" / "events"
REPORTS = {r["id"]: r for r in (json.loads(line) for line in
           (DATA / "reports.jsonl").read_text("utf-8").splitlines() if line)}
# The Kostenko mine fire of October 2023 in Russian, English and Arabic (tolls rising from 11 to
# 45 over two days), the same mine's fire of 2018 reported in Kazakh (a hard negative), and the
# Zangezur strike of February 2025 reported on its third, fourth and seventh days (in English,
# then Russian).
KOSTENKO = ["r009", "r010", "r011", "r012", "r013", "r014", "r016", "r018"]
KOSTENKO_2018 = "r017"
ZCMC = ["r002", "r003", "r004"]


def _item(report: dict) -> Item:
    when = dt.datetime.fromisoformat(report["published"]).replace(hour=12, tzinfo=dt.UTC)
    return Item(url=report["url"], title=report["title"], text=report["excerpt"],
                published=when, language=report["language"])


def _store(db, ids: list[str]) -> dict[str, int]:
    """Each report stored from its own site, as a poll would; report id -> item id."""
    out = {}
    for rid in ids:
        report = REPORTS[rid]
        result = store_items(db, f"site-{rid}", [_item(report)], report["language"])
        out[rid] = result.new_ids[0]
    return out


def _event_of(db, item_id: int) -> int | None:
    row = db.execute("SELECT event_id FROM event_reports WHERE item_id = ?", [item_id]).fetchone()
    return row[0] if row else None


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory):
    db = open_db(tmp_path_factory.mktemp("events") / "monitor.db")
    ids = _store(db, [KOSTENKO_2018, *KOSTENKO, *ZCMC])
    yield db, ids
    db.close()


def test_one_mine_fire_in_three_languages_is_one_event_with_its_latest_toll(stored) -> None:
    db, ids = stored
    events = {_event_of(db, ids[r]) for r in KOSTENKO}
    assert len(events) == 1 and None not in events
    event = db.execute("SELECT * FROM events WHERE id = ?", [events.pop()]).fetchone()
    row = dict(zip([d[0] for d in db.execute("SELECT * FROM events LIMIT 0").description],
                   event, strict=True))
    assert row["event_type"] == "safety_incident" and row["country"] == "KZ"
    assert row["reports"] == len(KOSTENKO)
    assert set(json.loads(row["languages"])) == {"ru", "en", "ar"}
    assert row["language_count"] == 3 and row["source_count"] == len(KOSTENKO)
    assert row["start_date"] == "2023-10-28" and row["start_precision"] == "week"
    assert row["week_of"] == "2023-10-23"
    assert row["killed"] == 45  # the latest stated toll (29 October), not the first report's 11
    evidence = json.loads(row["figure_evidence"])["killed"]
    assert {e["value"] for e in evidence} >= {11, 45}  # every report's value kept
    assert row["title"].startswith("At least 16 people")  # the earliest English report
    assert row["review_status"] is None


def test_the_same_mine_five_years_earlier_is_another_event(stored) -> None:
    db, ids = stored
    assert _event_of(db, ids[KOSTENKO_2018]) not in {_event_of(db, ids[r]) for r in KOSTENKO}


def test_a_strike_reported_on_its_third_and_seventh_days_is_one_ongoing_event(stored) -> None:
    db, ids = stored
    events = {_event_of(db, ids[r]) for r in ZCMC}
    assert len(events) == 1
    start, last, updates, ongoing, reports = db.execute(
        "SELECT start_date, last_seen, updates, ongoing, reports FROM events WHERE id = ?",
        [events.pop()]).fetchone()
    assert (start, last[:10], updates, ongoing, reports) == ("2025-02-02", "2025-02-06", 2, 1, 3)


def test_each_report_keeps_its_stated_values_and_why_it_joined(stored) -> None:
    db, ids = stored
    rows = db.execute("SELECT item_id, killed, reasons, language FROM event_reports "
                      "WHERE item_id IN (?, ?)", [ids["r009"], ids["r016"]]).fetchall()
    by_item = {r[0]: r for r in rows}
    assert by_item[ids["r009"]][1] == 11 and by_item[ids["r016"]][1] == 45
    assert by_item[ids["r009"]][2] == "first report"
    assert by_item[ids["r016"]][2] and by_item[ids["r016"]][2] != "first report"


def test_candidates_are_found_by_index_lookups_not_scans(stored) -> None:
    db, _ids = stored
    for sql, args in (
            ("SELECT event_id FROM event_keys WHERE key = ? AND day BETWEEN ? AND ? "
             "ORDER BY day DESC LIMIT 50", ["p:x", "2023-01-01", "2023-12-31"]),
            ("SELECT r.event_id FROM items i JOIN event_reports r ON r.item_id = i.id "
             "WHERE i.story_id = ? AND i.id != ? ORDER BY i.id LIMIT 1", [1, 2]),
            ("SELECT id, join_keys FROM events WHERE id IN (?, ?)", [1, 2])):
        plan = " ".join(str(r[-1]) for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", args))
        assert "SCAN" not in plan.replace("SCAN CONSTANT", ""), plan
    keys = [k for (k,) in db.execute("SELECT key FROM event_keys")]
    assert any(k.startswith("p:") for k in keys) and "k:45" in keys  # a place, the toll
    assert any(k.startswith("n:") for k in keys) and any(k.startswith("u:http") for k in keys)


def test_reevent_rebuilds_the_same_events_and_keeps_a_review(tmp_path: Path) -> None:
    db = open_db(tmp_path / "monitor.db")
    ids = _store(db, [KOSTENKO_2018, *KOSTENKO[:4]])
    before = {r: _event_of(db, i) for r, i in ids.items()}
    record_review(db, ReviewAction("item", ids["r010"], "confirm", "ana"))
    assert rebuild_events(db) == len(set(before.values()))
    after = {r: _event_of(db, i) for r, i in ids.items()}
    groups = lambda m: sorted(sorted(r for r in m if m[r] == e) for e in set(m.values()))  # noqa
    assert groups(after) == groups(before)
    assert after == before  # the same numbers: links, feeds and per-event alerts still hold
    status = db.execute("SELECT review_status, reviewed_by FROM events WHERE id = ?",
                        [after["r009"]]).fetchone()
    assert status == ("confirmed", "ana")
    assert db.execute("SELECT count(*) FROM event_reports").fetchone()[0] == len(ids)
    db.close()


def test_event_numbers_survive_reevent_after_an_event_is_gone(tmp_path: Path) -> None:
    """Numbered by their first report's item, events keep their numbers through a rebuild even
    when an earlier event has gone (its only report rejected), so links and alerts hold."""
    db = open_db(tmp_path / "monitor.db")
    ids = _store(db, [KOSTENKO_2018, *KOSTENKO[:4]])
    record_review(db, ReviewAction("item", ids[KOSTENKO_2018], "reject", "ana",
                                   reason="old_event"))
    before = {r: _event_of(db, i) for r, i in ids.items() if r != KOSTENKO_2018}
    assert _event_of(db, ids[KOSTENKO_2018]) is None
    rebuild_events(db)
    assert {r: _event_of(db, ids[r]) for r in before} == before
    db.close()


def test_an_item_of_no_labour_event_makes_no_event(tmp_path: Path) -> None:
    db = open_db(tmp_path / "monitor.db")
    store_items(db, "weather", [Item(url="https://example.org/w", title="Sunny weekend ahead",
                                     text="Forecasters expect a warm and sunny weekend.")], "en")
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    db.close()


def test_reevent_retag_and_restory_leave_events_consistent(cli_run, tmp_path: Path) -> None:
    db = open_db(tmp_path / "monitor.db")
    ids = _store(db, [KOSTENKO_2018, *KOSTENKO[:3], *ZCMC])
    groups = db.execute("SELECT event_id, item_id FROM event_reports ORDER BY item_id").fetchall()
    db.execute("DELETE FROM event_keys")  # an index gone stale: reevent makes it anew
    result = cli_run("reevent")
    assert result.exit_code == 0, result.output
    assert f"{len(ids)} report(s) in 3 event(s)" in result.output
    assert db.execute("SELECT count(*) FROM event_keys").fetchone()[0] > 0
    # old tags said the fire was no labour event: retag tags it again and events follow
    db.execute("UPDATE items SET event_types = '[]', relevant = 0 WHERE id = ?", [ids["r009"]])
    db.execute("DELETE FROM event_reports WHERE item_id = ?", [ids["r009"]])
    result = cli_run("retag")
    assert result.exit_code == 0 and "3 event(s)" in result.output, result.output
    after = db.execute("SELECT event_id, item_id FROM event_reports ORDER BY item_id").fetchall()
    assert len(after) == len(groups)
    assert len({e for e, _ in after}) == 3
    result = cli_run("restory")
    assert result.exit_code == 0 and "3 event(s)" in result.output, result.output
    db.close()


def test_a_translation_the_tagger_finds_nothing_in_joins_but_never_starts_an_event(
        tmp_path: Path) -> None:
    db = open_db(tmp_path / "monitor.db")
    ids = _store(db, ["r009"])
    page = Item(url="https://globalnews.example/en/karaganda-news", title="Karaganda news",
                text="Read the full report on the Karaganda region from our correspondent.",
                published=dt.datetime(2023, 10, 28, 13, tzinfo=dt.UTC),
                translation_urls=[REPORTS["r009"]["url"]])
    other = Item(url="https://globalnews.example/en/weather", title="Weather in Karaganda",
                 text="Read the weather report for the Karaganda region.",
                 published=dt.datetime(2023, 10, 28, 14, tzinfo=dt.UTC))
    joined = store_items(db, "globalnews-en", [page, other], "en").new_ids
    assert _event_of(db, joined[0]) == _event_of(db, ids["r009"])
    assert db.execute("SELECT relevant FROM items WHERE id = ?", [joined[0]]).fetchone()[0] == 0
    assert db.execute("SELECT reasons FROM event_reports WHERE item_id = ?",
                      [joined[0]]).fetchone()[0] in ("same story", "site-declared translation")
    assert _event_of(db, joined[1]) is None
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    db.close()


def test_a_strike_ends_on_the_date_of_the_report_saying_it_ended(tmp_path: Path) -> None:
    """The Kryvyi Rih miners' underground strike (2020): reports of it going on, then
    pledgetimes' "Ukrainian miners end strike after 43 days"; the Sungun copper strike (2021):
    cpiran's "پایان موفقیت‌آمیز اعتصاب" (the strike's successful end). Each event ends on its
    ending report's date, at day precision, and is no longer ongoing."""
    db = open_db(tmp_path / "monitor.db")
    ids = _store(db, ["r124", "r128", "r129", "r241", "r242"])
    for rid in ("r129", "r242"):
        event = _event_of(db, ids[rid])
        assert event is not None, rid
        end, precision, ongoing = db.execute(
            "SELECT end_date, end_precision, ongoing FROM events WHERE id = ?",
            [event]).fetchone()
        assert (end, precision, ongoing) == (REPORTS[rid]["published"][:10], "day", 0), rid
    going = _event_of(db, ids["r241"])
    if going != _event_of(db, ids["r242"]):  # the strike's first report, alone: no end
        assert db.execute("SELECT end_date FROM events WHERE id = ?",
                          [going]).fetchone()[0] is None
    db.close()


def test_says_ended_reads_the_phrases_in_data_and_not_a_refusal() -> None:
    from monitor.enrich.events import says_ended

    assert says_ended("Ukrainian miners end strike after 43 days of protest", "")
    assert says_ended("", "Горняки прекратили забастовку и поднялись на поверхность.")
    assert says_ended("", "Կապանի աշխատողները դադարեցրին գործադուլը։")
    assert says_ended("", "Шахтёры ереуілді тоқтатты.")
    assert says_ended("", "مزدوروں نے ہڑتال ختم کر دی۔")
    assert not says_ended("", "Striking workers at Boeing might be going back to work.")
    assert not says_ended("", "The workers refused to return to work.")
    assert not says_ended("", "Горняки не прекратили забастовку.")
    assert not says_ended("", "Աշխատողները չդադարեցրին գործադուլը։")  # not stopped
    assert not says_ended("", "Authorities called off rescue efforts until day break.")


def test_employer_and_unions_named_by_the_reports(tmp_path: Path) -> None:
    """The Zangezur strike's reports name the Zangezur Copper and Molybdenum Combine (ZCMC),
    the employer; the Kostenko fire's the mine's owner ArcelorMittal and no union; the
    Sriperumbudur strike's the Samsung India Thozhilalar Sangam and CITU."""
    db = open_db(tmp_path / "monitor.db")
    ids = _store(db, [*ZCMC, *KOSTENKO, "r106", "r107"])

    def event(rid: str) -> tuple[str | None, list[str]]:
        employer, unions = db.execute("SELECT employer, unions FROM events WHERE id = ?",
                                      [_event_of(db, ids[rid])]).fetchone()
        return employer, json.loads(unions)

    assert event("r002") == ("Zangezur Copper and Molybdenum Combine", [])
    assert event("r012") == ("ArcelorMittal", [])
    assert set(event("r106")[1]) == {"Samsung India Thozhilalar Sangam", "CITU"}
    db.close()


def test_organisations_are_empty_rather_than_wrong() -> None:
    from monitor.enrich.events import organisations

    assert organisations("", "The Independent Union of Miners of Ukraine said") == (
        None, ["Independent Union of Miners of Ukraine"])
    assert organisations("", "Шахтёров поддержал профсоюз «Защита труда».")[1] == [
        "Защита труда"]
    assert organisations("", "The European Union and the Indian Union Muslim League") == (
        None, [])  # a union word without a word of workers is no union
    assert organisations("", "Union Minister of Labour spoke") == (None, [])


def test_a_partial_return_is_no_end() -> None:
    from monitor.enrich.events import says_ended

    assert not says_ended("", "Some workers returned to work while others stayed out.")
