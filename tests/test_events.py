"""Events: the labelled set of real reports, the cross-script name skeletons and the joining
decision (monitor/enrich/events.py), each on real names, places and dates from the set."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import SHARED

from monitor.enrich import tag_fields
from monitor.enrich.events import (
    WINDOW,
    WINDOW_SAME_PLACE,
    Event,
    Report,
    choose,
    decide,
    index_keys,
    key_window,
    lookup_keys,
    report_from_item,
)
from monitor.enrich.translit import Names, names, skeleton, stem

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "events"
EXCLUDED = SHARED / "excluded-pages.sha256"
FIELDS = {"id", "event_id", "url", "language", "title", "excerpt", "published", "reason"}


def _jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]


REPORTS = _jsonl("reports.jsonl") + _jsonl("demo.jsonl")
EVENTS = {e["event_id"]: e for e in _jsonl("events.jsonl")}


# ------------------------------------------------------------------ the set


def test_no_report_comes_from_an_excluded_page():
    if not EXCLUDED.exists():
        pytest.skip(f"{EXCLUDED} is not available (set MONITOR_SHARED)")
    hashes = {line.strip() for line in EXCLUDED.read_text("utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    assert len(hashes) > 100  # the list was read, not an empty file
    bad = [r["url"] for r in REPORTS
           if hashlib.sha256(r["url"].strip().encode()).hexdigest() in hashes]
    assert bad == []


def test_the_set_is_as_large_as_the_issue_asks_and_every_report_is_labelled():
    assert len(EVENTS) >= 60 and len(REPORTS) >= 200
    for r in REPORTS:
        assert FIELDS <= set(r), r["id"]
        assert r["event_id"] in EVENTS, r["id"]
        assert r["reason"].strip() and r["excerpt"].strip(), r["id"]
        assert len(r["excerpt"]) <= 600, r["id"]  # a short excerpt, not the page
        assert r["published"] is None or dt.date.fromisoformat(r["published"])
    assert len({r["id"] for r in REPORTS}) == len(REPORTS)
    assert len({r["url"] for r in REPORTS}) == len(REPORTS)
    assert set(EVENTS) == {r["event_id"] for r in REPORTS}


def test_events_of_many_languages_and_sites_and_hard_negatives():
    sizes = Counter(r["event_id"] for r in REPORTS)
    multi = [e for e, n in sizes.items() if n >= 2]
    assert len(multi) >= 40
    cross = [e for e in multi if len({r["language"] for r in REPORTS if r["event_id"] == e}) > 1]
    assert len(cross) >= 15
    for event in EVENTS.values():
        for other in event["confusable_with"]:
            assert other in EVENTS and other != event["event_id"]
            assert EVENTS[other]["country"] == event["country"]  # same place or country
    assert sum(1 for e in EVENTS.values() if e["confusable_with"]) >= 30


# ------------------------------------------------------------------ names across scripts


@pytest.mark.parametrize("spellings", [
    ("Kostenko", "Костенко", "كوستينكو"),  # the mine, in English, Russian, Arabic
    ("Zangezur", "Зангезур", "Զանգեզուր"),  # Latin, Cyrillic, Armenian
    ("Kajaran", "Каджаран", "Քաջարան"),
    ("Madanjoo", "معدنجو"),  # the Tabas mine's owner, English and Persian
    ("Chiatura", "Чиатура", "ჭიათურა"),  # Georgian has no capitals
    ("Harnai", "ہرنائی"),  # Urdu
    ("Samsung", "삼성"),  # Hangul syllables
    ("Sriperumbudur", "스리페룸부두르"),
    ("Listvyazhnaya", "Листвяжная"),
])
def test_one_name_has_one_skeleton_in_every_script(spellings):
    assert len({skeleton(s) for s in spellings}) == 1
    assert len(skeleton(spellings[0])) >= 3


def test_different_names_keep_different_skeletons():
    assert skeleton("Kostenko") != skeleton("Kostanay")
    assert skeleton("Amasra") != skeleton("Amasya")  # two Turkish provinces
    assert skeleton("Harnai") != skeleton("Marwar")


def test_russian_case_endings_are_cut_before_the_skeleton():
    assert stem("Зангезурского") == "Зангезур"
    assert skeleton(stem("Каджаране")) == skeleton("Kajaran")
    assert stem("Костенко") == "Костенко"  # no ending to cut


def test_names_are_capitalised_words_past_the_first_and_not_stock_words():
    found = names("Striking workers at ZCMC in Kajaran met Shavarsh Margaryan. "
                  "The President said on Monday that the Government will talk.")
    assert skeleton("Kajaran") in found.cased and skeleton("Margaryan") in found.cased
    assert skeleton("ZCMC") in found.cased  # an acronym
    for stock in ("Striking", "President", "Monday", "Government", "The"):
        assert skeleton(stock) not in found.cased
    assert names("Забастовка в Каджаране", frozenset({"Каджаране"})).cased == frozenset()


def test_two_texts_in_one_caseless_script_share_no_names_by_their_common_words():
    a = names("کارگران نیشکر هفت تپه اعتصاب کردند")
    b = names("کارگران معدن زغال سنگ طبس اعتصاب کردند")
    assert a.caseless & b.caseless  # they share words...
    assert a.shared(b) == frozenset()  # ...which say nothing about one event
    english = names("Workers of the Madanjoo company in Tabas died.")
    persian = names("کارگران شرکت معدنجو در طبس جان باختند")
    assert skeleton("Madanjoo") in english.shared(persian)


# ------------------------------------------------------------------ the decision

D = dt.date


def report(key: str, **kw) -> Report:
    kw.setdefault("names", Names(frozenset(), frozenset()))
    return Report(key=key, **kw)


def event_of(*reports: Report) -> Event:
    event = Event()
    for r in reports:
        event.add(r)
    return event


KOSTENKO = dict(countries=frozenset({"KZ"}), place="g:karaganda", precision="town",
                places=frozenset({"g:karaganda"}), event_types=frozenset({"safety_incident"}),
                names=Names(frozenset({skeleton("Kostenko")}), frozenset()))


def test_a_report_of_the_same_mine_the_same_day_joins():
    first = report("a", published=D(2023, 10, 28), killed=11, **KOSTENKO)
    later = report("b", published=D(2023, 10, 29), killed=45, **KOSTENKO)
    verdict = decide(later, event_of(first))
    assert verdict.join and "same town or site" in verdict.reasons


def test_a_report_in_another_script_joins_by_its_names_alone():
    english = report("a", published=D(2023, 10, 28), **KOSTENKO)
    arabic = report("b", published=D(2023, 10, 28), countries=frozenset({"KZ"}),
                    event_types=frozenset({"safety_incident"}),
                    names=names("حريق اندلع في منجم كوستينكو"))
    assert decide(arabic, event_of(english)).join


def test_another_country_vetoes_whatever_else_agrees():
    here = report("a", published=D(2021, 3, 16), **KOSTENKO)
    there = report("b", published=D(2021, 3, 16), **{**KOSTENKO, "countries": frozenset({"PK"})})
    assert not decide(there, event_of(here)).join


def test_the_same_mine_two_months_later_is_another_accident():
    october = report("a", published=D(2023, 10, 28), **KOSTENKO)
    august = event_of(report("b", published=D(2023, 8, 17), **KOSTENKO))
    assert not decide(october, august).join


def test_an_ongoing_strike_at_one_place_joins_weeks_later_a_national_one_does_not():
    krzk = dict(countries=frozenset({"UA"}), place="g:kryvyi-rih", precision="town",
                places=frozenset({"g:kryvyi-rih"}), event_types=frozenset({"strike"}),
                names=Names(frozenset({skeleton("Oktyabrskaya")}), frozenset()))
    start = event_of(report("a", published=D(2020, 9, 22), **krzk))
    day_41 = report("b", published=D(2020, 9, 22) + dt.timedelta(days=WINDOW_SAME_PLACE), **krzk)
    assert decide(day_41, start).join
    gdl = dict(countries=frozenset({"DE"}), event_types=frozenset({"strike"}),
               names=Names(frozenset({skeleton("Weselsky"), skeleton("GDL")}), frozenset()))
    january = event_of(report("c", published=D(2024, 1, 10), **gdl))
    assert decide(report("d", published=D(2024, 1, 10) + dt.timedelta(days=WINDOW), **gdl),
                  january).join
    assert not decide(report("e", published=D(2024, 1, 24), **gdl), january).join


def test_a_protest_after_an_accident_is_an_event_of_its_own():
    blast = dict(countries=frozenset({"ID"}), place="g:morowali", precision="town",
                 places=frozenset({"g:morowali"}),
                 names=Names(frozenset({skeleton("Tsingshan")}), frozenset()))
    accident = event_of(report("a", published=D(2023, 12, 24),
                               event_types=frozenset({"safety_incident"}), **blast))
    protest = report("b", published=D(2023, 12, 27),
                     event_types=frozenset({"protest", "safety_incident"}), **blast)
    verdict = decide(protest, accident)
    assert not verdict.join and "two events" in verdict.reasons[0]


def test_a_site_declared_translation_and_the_same_story_join():
    en = report("a", url="https://fprk.kz/en/news/x", published=D(2025, 2, 20),
                translation_urls=frozenset({"https://fprk.kz/ru/news/y"}))
    ru = report("b", url="https://fprk.kz/ru/news/y", published=D(2025, 2, 20))
    assert decide(ru, event_of(en)).reasons == ("site-declared translation",)
    copy = report("c", published=D(2025, 2, 21))
    assert decide(copy, event_of(en), same_story=True).join
    assert not decide(copy, event_of(en)).join  # nothing in common but the day


def test_an_undated_report_joins_only_when_the_toll_agrees_too():
    dated = report("a", published=D(2014, 5, 13), killed=301,
                   **{**KOSTENKO, "names": Names(frozenset({skeleton("Soma")}), frozenset())})
    event = event_of(dated)
    same = report("b", killed=301, **{**KOSTENKO, "names": dated.names})
    other = report("c", killed=None, **{**KOSTENKO, "names": dated.names})
    assert decide(same, event).join and not decide(other, event).join


def test_the_figures_are_the_latest_stated_and_every_value_is_kept():
    event = event_of(report("a", published=D(2023, 10, 28), killed=11),
                     report("b", published=D(2023, 10, 28), killed=21),
                     report("c", published=D(2023, 10, 29), killed=45),
                     report("d", published=D(2023, 10, 30)))
    assert event.figures()["killed"] == 45
    assert event.evidence()["killed"] == [("a", 11), ("b", 21), ("c", 45)]


def test_choose_takes_the_best_scoring_event_or_none():
    weak = event_of(report("w", published=D(2023, 10, 20), countries=frozenset({"KZ"}),
                           event_types=frozenset({"safety_incident"}),
                           names=KOSTENKO["names"]))
    strong = event_of(report("s", published=D(2023, 10, 28), **KOSTENKO))
    new = report("n", published=D(2023, 10, 28), **KOSTENKO)
    assert choose(new, [(1, weak, False), (2, strong, False)]) == 2
    stranger = report("x", published=D(2023, 10, 28), countries=frozenset({"KZ"}))
    assert choose(stranger, [(1, weak, False), (2, strong, False)]) is None


def test_every_anchor_a_join_needs_is_a_key_and_the_window_bounds_the_lookup():
    day = D(2020, 9, 3)
    ua = dict(countries=frozenset({"UA"}), event_types=frozenset({"strike"}))
    anchored = {
        "place": dict(place="g:kryvyi-rih", precision="town", places=frozenset({"g:kryvyi-rih"})),
        "names": dict(names=Names(frozenset({"KRFRS", "KRMRN"}), frozenset())),
        "toll": dict(killed=21),
    }
    for what, keys in anchored.items():
        old, new = report("a", published=day, **ua, **keys), report("b", published=day, **ua,
                                                                       **keys)
        assert set(index_keys(old)) & set(lookup_keys(new)), what
    a = report("a", published=day, url="https://x.example/ru/1", **ua)
    b = report("b", published=day, url="https://x.example/en/1",
               translation_urls=frozenset({"https://x.example/ru/1"}), **ua)
    assert set(index_keys(a)) & set(lookup_keys(b)) and set(index_keys(b)) & set(lookup_keys(a))
    # the country and the week alone are no anchor: no key, and no join either
    bare_a, bare_b = report("a", published=day, **ua), report("b", published=day, **ua)
    assert not set(index_keys(bare_a)) & set(lookup_keys(bare_b))
    assert not decide(bare_b, event_of(bare_a)).join
    for days in (-7, 0, 3, WINDOW_SAME_PLACE):  # a key of the event's day is in the window
        lo, hi = key_window(report("b", published=day + dt.timedelta(days=days)))
        assert lo <= day <= hi, days
    lo, hi = key_window(report("c", published=D(2021, 1, 15)))
    assert not lo <= day <= hi
    assert key_window(report("d", published=None)) is None


# ------------------------------------------------------------------ from a stored item


def test_a_stored_item_gives_place_ids_and_a_region_not_strings():
    row = next(r for r in REPORTS if r["id"] == "r009")  # Kostenko, in Russian
    tags = tag_fields(row["title"], row["excerpt"], row["language"])
    item = {**tags, "id": 9, "url": row["url"], "title": row["title"], "text": row["excerpt"],
            "published": row["published"], "tag_evidence": json.dumps(tags["tag_evidence"])}
    rep = report_from_item(item)
    # the tagger reads "Карагандинской области" as the region (issue 14's first-level regions)
    assert rep.place == "r:KZ-35" and rep.precision == "region"
    assert rep.countries == {"KZ"} and rep.published == D(2023, 10, 28)
    assert rep.regions and all(r.startswith("KZ-") for r in rep.regions)
    assert skeleton("Kostenko") in rep.names.cased | rep.names.caseless


def test_an_event_stored_as_json_decides_as_it_did():
    event = event_of(report("a", published=D(2023, 10, 28), killed=11, url="https://x/a",
                            **KOSTENKO),
                     report("b", published=D(2023, 10, 29), killed=45, **KOSTENKO))
    again = Event.from_json(event.to_json())
    assert again.figures() == event.figures() and again.to_json() == event.to_json()
    for new in (report("c", published=D(2023, 10, 30), **KOSTENKO),
                report("d", published=D(2024, 1, 30), **KOSTENKO)):
        assert decide(new, again) == decide(new, event)


def test_a_title_case_headline_does_not_make_its_common_words_names():
    rep = report_from_item({"id": 1, "title": "Samsung Strike Reaches Tenth Day in Sriperumbudur",
                            "text": "Workers at Samsung's factory in Sriperumbudur have been on "
                                    "strike for 10 days, said A Soundararajan."})
    assert {skeleton("Sriperumbudur"), skeleton("Soundararajan")} <= rep.names.cased
    assert skeleton("Strike") not in rep.names.cased
    assert skeleton("Reaches") not in rep.names.cased
