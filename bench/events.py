"""Events: reports of one real-world event joined across sites and languages, measured on our
labelled set of real reports, beside the story grouping of the same reports in the same run.

Usage:
  .venv/bin/python bench/events.py                    # quality, then scale at 10k and 1M items
  .venv/bin/python bench/events.py --no-scale --show-errors 20

The set is bench/data/events/ (PROVENANCE.md): real news pages from the search tool's pages
corpus and the demo corpus, each report labelled with its event; hard negatives are different
events at the same place or in the same weeks. Every report is tagged as the pipeline tags it
(`monitor.enrich.tag_fields` on its title and stored excerpt), then the reports go, oldest
first (undated last), through

* stories: `monitor.store.stories.assign_story` over a temporary SQLite database (the real
  schema, as bench/dedup.py runs it): two reports are "joined" when they end in one story;
* events (store): `monitor.store.events.assign_event` right after `assign_story`, in the same
  database, as `insert_records` runs them: only reports the tagger marks as labour events make
  or join events (the others stay in none, each its own group);
* events (join): `monitor.enrich.events.choose` alone over an in-memory index, on every report
  (untagged ones too): the joining rules apart from the tagger's misses.

Printed: pair precision and recall of each against the labels, the hard-negative pairs each
joins, and figure agreement: for each labelled event of two or more reports with a known death
toll (the toll its latest report states, read by a person; the larger of one day's values), does
the group holding most of its reports give that toll? A story's figure is its first report's
(as `stories` keeps it); an event's is the latest stated (`Event.figures`, the `events.killed`
column).

Every table is printed for the reports the design was tuned on and, beside it, for the held-out
reports collected after it was fixed: never read one without the other.

Scale (`--sizes 10000,1000000`): the cost per new item of `assign_event` at each database size,
on synthetic events, keys and reports (real place ids, countries, weeks and name skeletons drawn
at random; one to three reports per event), measured alternating between the sizes on the real
reports of the set as the new items, each rolled back; the limit is 1.5x.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date as dt_date
from datetime import timedelta as dt_delta
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import monitor.enrich.events as joining  # noqa: E402
from monitor.enrich import tag_fields  # noqa: E402
from monitor.enrich.events import (  # noqa: E402
    Event,
    Report,
    choose,
    index_keys,
    lookup_keys,
    report_from_item,
)
from monitor.enrich.tagging import EVENT_TYPES  # noqa: E402
from monitor.enrich.translit import Names  # noqa: E402
from monitor.parse.urls import canonical_url  # noqa: E402
from monitor.store.events import assign_event  # noqa: E402
from monitor.store.records import ItemRecord, content_hash, insert_row  # noqa: E402
from monitor.store.schema import open_db  # noqa: E402
from monitor.store.stories import assign_story  # noqa: E402

DATA = ROOT / "bench" / "data" / "events"
DEMO_HOST = "http://demo.invalid"
EXCLUDED = Path(os.environ.get("MONITOR_SHARED", ROOT.parent / "shared")) / \
    "excluded-pages.sha256"


def excluded(reports: list[dict[str, Any]], path: Path = EXCLUDED) -> list[str]:
    """Addresses of the set that the shared exclusion list keeps out of every dev set."""
    if not path.exists():
        print(f"warning: {path} is missing, the set is not checked against it (set "
              "MONITOR_SHARED)", file=sys.stderr)
        return []
    hashes = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    return [r["url"] for r in reports
            if hashlib.sha256(r["url"].strip().encode()).hexdigest() in hashes]


def load() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    reports = [json.loads(line) for name in ("reports.jsonl", "demo.jsonl")
               for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]
    if bad := excluded(reports):
        sys.exit(f"the events set holds {len(bad)} excluded page(s), e.g. {bad[0]}")
    events = {e["event_id"]: e for e in (json.loads(line) for line in
              (DATA / "events.jsonl").read_text(encoding="utf-8").splitlines() if line)}
    return reports, events


def _url(url: str) -> str:
    return canonical_url(url.replace("{{DEMO}}", DEMO_HOST))


def items(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each report as the pipeline would store it, oldest first, undated last."""
    out = []
    for r in reports:
        tags = tag_fields(r["title"], r["excerpt"], r["language"])
        out.append({
            **tags, "key": r["id"], "event_id": r["event_id"], "url": _url(r["url"]),
            "canonical_url": _url(r["url"]), "title": r["title"], "text": r["excerpt"],
            "published": r["published"], "source": urlsplit(_url(r["url"])).netloc,
            "translation_urls": [_url(u) for u in r.get("translation_urls", [])],
            "split": r.get("split", "tuning"),
        })
    out.sort(key=lambda i: (i["published"] is None, i["published"] or "", i["key"]))
    return out


def record(row: dict[str, Any]) -> ItemRecord:
    """A report as the item the pipeline would have stored (its tags as the tagger gave)."""
    return ItemRecord.from_row({
        "source": row["source"], "url": row["url"], "canonical_url": row["canonical_url"],
        "title": row["title"], "summary": "", "text": row["text"],
        "published": row["published"], "fetched": row["published"],
        "language": row["language"], "relevant": int(bool(row["relevant"])),
        **{k: json.dumps(row[k], ensure_ascii=False) for k in (
            "countries", "event_types", "sectors", "tag_evidence", "translation_urls")},
        **{k: row[k] for k in ("place", "latitude", "longitude", "geo_precision", "killed",
                               "injured", "workers_involved")},
        "content_hash": content_hash(row["title"], row["text"])})


def stored(rows: list[dict[str, Any]]) -> tuple[dict[str, int], dict[str, int],
                                                 dict[int, int | None], float]:
    """Stories and events as the store makes them: (story of each report, event of each report
    (a report of no event is its own group: -item id), each event's killed, ms per report)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "events.db")
        story, event, spent = {}, {}, 0.0
        with db.conn:
            db.execute("BEGIN")
            for row in rows:
                item = record(row)
                item.id = insert_row(db, "items", item.row())
                story[row["key"]] = assign_story(db, item)
                started = time.perf_counter()
                joined = assign_event(db, item)
                spent += time.perf_counter() - started
                event[row["key"]] = joined.event_id if joined else -item.id
        killed = {int(i): k for i, k in db.execute("SELECT id, killed FROM events")}
        db.close()
    return story, event, killed, spent / max(1, len(rows))


def events(rows: list[dict[str, Any]], story: dict[str, int]
           ) -> tuple[dict[str, int], dict[int, Event], float]:
    index: dict[str, set[int]] = defaultdict(set)
    by_story: dict[int, int] = {}
    found: dict[int, Event] = {}
    member: dict[str, int] = {}
    started = time.perf_counter()
    for row in rows:
        report: Report = report_from_item(row)
        ids = {e for k in lookup_keys(report) for e in index.get(k, ())}
        own = by_story.get(story[row["key"]])
        if own is not None:
            ids.add(own)
        chosen = choose(report, ((e, found[e], e == own) for e in sorted(ids)))
        if chosen is None:
            chosen = len(found) + 1
            found[chosen] = Event()
        found[chosen].add(report)
        member[row["key"]] = chosen
        by_story.setdefault(story[row["key"]], chosen)
        for key in index_keys(report):
            index[key].add(chosen)
    per_report = (time.perf_counter() - started) / max(1, len(rows))
    return member, found, per_report


def pairs(rows: list[dict[str, Any]], group: dict[str, int]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for a, b in combinations(rows, 2):
        same, joined = a["event_id"] == b["event_id"], group[a["key"]] == group[b["key"]]
        tp += same and joined
        fp += joined and not same
        fn += same and not joined
    return tp, fp, fn


def hard_negatives(rows: list[dict[str, Any]], labels: dict[str, dict[str, Any]]
                   ) -> list[tuple[str, str]]:
    """Report pairs of two different events labelled as confusable (same place or weeks)."""
    out = []
    for a, b in combinations(rows, 2):
        ea, eb = a["event_id"], b["event_id"]
        if ea != eb and (eb in labels[ea]["confusable_with"] or
                         ea in labels[eb]["confusable_with"]):
            out.append((a["key"], b["key"]))
    return out


def figure_agreement(rows: list[dict[str, Any]], labels: dict[str, dict[str, Any]],
                     group: dict[str, int], figure: dict[int, int | None]) -> tuple[int, int]:
    """Events of two or more reports with a known toll whose main group (the one holding most of
    their reports) gives that toll."""
    right = total = 0
    by_event: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_event[row["event_id"]].append(row["key"])
    for event_id, keys in by_event.items():
        gold = labels[event_id]["killed"]
        if gold is None or len(keys) < 2:
            continue
        main = Counter(group[k] for k in keys).most_common(1)[0][0]
        total += 1
        right += figure.get(main) == gold
    return right, total


Grouping = tuple[str, dict[str, int], dict[int, int | None]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-errors", type=int, default=0)
    parser.add_argument("--min-score", type=int, default=joining.MIN_SCORE,
                        help="Score a dated report needs to join an event (the trade-off).")
    parser.add_argument("--sizes", default="10000,1000000",
                        help="Database sizes (items) for the scale run, comma-separated.")
    parser.add_argument("--no-scale", action="store_true")
    args = parser.parse_args()
    joining.MIN_SCORE = args.min_score
    reports, labels = load()
    rows = items(reports)
    langs = Counter(r["language"] for r in reports)
    print(f"set: {len(labels)} events, {len(reports)} reports "
          f"({sum(r.get('corpus') == 'demo' for r in reports)} from the demo corpus), "
          f"{len(langs)} languages, "
          f"{sum(1 for e in labels.values() if e['confusable_with'])} events with a labelled "
          f"hard negative; {sum(1 for r in rows if not (r['relevant'] and r['event_types']))} "
          "reports the tagger marks as no labour event")
    story, in_store, store_killed, store_cost = stored(rows)
    member, found, per_report = events(rows, story)
    first_killed: dict[int, int | None] = {}
    for row in rows:
        first_killed.setdefault(story[row["key"]], row["killed"])
    groupings: list[Grouping] = [
        ("stories", story, first_killed), ("events", in_store, store_killed),
        ("events*", member, {e: ev.figures()["killed"] for e, ev in found.items()})]
    tagged = [r for r in rows if r["relevant"] and r["event_types"]]
    splits = (("tuned on", [r for r in rows if r["split"] != "holdout"]),
              ("held out", [r for r in rows if r["split"] == "holdout"]), ("all reports", rows),
              ("tuned, tagged", [r for r in tagged if r["split"] != "holdout"]),
              ("held out, tagged", [r for r in tagged if r["split"] == "holdout"]))
    figures = {name: _table(name, subset, labels, groupings) for name, subset in splits}
    print("\nevents: the store (assign_event after assign_story; reports of no labour event in "
          "none); events*: the joining rules alone on every report; 'tagged': only the reports "
          "the tagger marks as labour events")
    print("\nside by side (precision / recall):")
    for grouping, _, _ in groupings:
        print(f"  {grouping:9s} " + "   ".join(
            f"{name} {p:.4f} / {r:.4f}" for name, (p, r) in
            ((n, figures[n][grouping]) for n, _ in splits[:2])))
        print(f"  {'':9s} " + "   ".join(
            f"{name} {p:.4f} / {r:.4f}" for name, (p, r) in
            ((n, figures[n][grouping]) for n, _ in splits[3:])))
    print(f"\nevents (min score {joining.MIN_SCORE}): {1000 * store_cost:.2f} ms per report in "
          f"the store, {1000 * per_report:.2f} ms to join alone (tagging not included)")
    if args.show_errors:
        _errors(rows, member, found, args.show_errors)
    if not args.no_scale:
        scale(rows, [int(n) for n in args.sizes.split(",") if n])


def _table(name: str, rows: list[dict[str, Any]], labels: dict[str, dict[str, Any]],
           groupings: list[Grouping]) -> dict[str, tuple[float, float]]:
    hard = hard_negatives(rows, labels)
    same = sum(1 for a, b in combinations(rows, 2) if a["event_id"] == b["event_id"])
    print(f"\n{name}: {len({r['event_id'] for r in rows})} events, {len(rows)} reports, "
          f"{len(rows) * (len(rows) - 1) // 2} pairs ({same} same event), "
          f"{len(hard)} hard-negative pairs")
    print(f"  {'grouping':10s} {'groups':>6s} {'precision':>9s} {'recall':>7s} "
          f"{'tp':>5s} {'fp':>4s} {'fn':>5s} {'hard neg. joined':>17s} {'toll right':>11s}")
    out = {}
    for grouping, group, figure in groupings:
        tp, fp, fn = pairs(rows, group)
        joined = sum(group[a] == group[b] for a, b in hard)
        right, total = figure_agreement(rows, labels, group, figure)
        groups = len({group[r["key"]] for r in rows})
        out[grouping] = (tp / ((tp + fp) or 1), tp / ((tp + fn) or 1))
        print(f"  {grouping:10s} {groups:6d} {out[grouping][0]:9.4f} "
              f"{out[grouping][1]:7.4f} {tp:5d} {fp:4d} {fn:5d} "
              f"{joined:>10d}/{len(hard):<6d} {right:>5d}/{total:<5d}")
    return out


# ---------------------------------------------------------------- scale

SCALE_ROUNDS = 5


def _synthetic(db: Any, size: int, rows: list[dict[str, Any]], seed: int = 18) -> None:
    """`size` items in events of one to three reports, with their keys: real place ids,
    countries and name skeletons from the set (and as many made-up ones), weeks of 2010-2026."""
    rng = random.Random(seed)
    reports = [report_from_item(r) for r in rows]
    places = sorted({p for r in reports for p in r.places}) + [f"c:{n}" for n in range(5000)]
    countries = sorted({c for r in reports for c in r.countries}) + ["US", "IN", "CN", "BR"]
    names = sorted({n for r in reports for n in r.names.cased | r.names.caseless})
    names += [f"SYN{n}" for n in range(100_000)]
    for trigger in ("items_ai_items_fts", "items_ai_items_fts_trigram"):
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")  # empty texts: nothing to index
    item_rows, event_rows, report_rows, keys = [], [], [], set()
    item_id, event_id = 0, 0
    while item_id < size:
        event_id += 1
        day = dt_date(2010, 1, 1) + dt_delta(days=rng.randrange(6000))
        country = rng.choice(countries)
        place = rng.choice(places)
        event_names = rng.sample(names[:2000] if rng.random() < 0.3 else names, 8)
        event = Event()
        for _ in range(rng.randint(1, 3)):
            item_id += 1
            report = Report(key=str(item_id), published=day, countries=frozenset([country]),
                            place=place, precision="town", places=frozenset([place]),
                            event_types=frozenset([rng.choice(EVENT_TYPES)]),
                            names=Names(frozenset(event_names), frozenset()))
            event.add(report)
            item_rows.append((item_id, f"syn-{item_id % 500}", f"https://syn.example/{item_id}",
                              day.isoformat(), item_id))
            report_rows.append((event_id, item_id, day.isoformat()))
            keys.update((k, event_id, day.isoformat()) for k in index_keys(report))
        event_rows.append((event_id, day.isoformat(), country, event.to_json()))
    db.conn.executemany("INSERT INTO items (id, source, canonical_url, published, story_id) "
                        "VALUES (?, ?, ?, ?, ?)", item_rows)
    db.conn.executemany("INSERT INTO events (id, start_date, country, join_keys) "
                        "VALUES (?, ?, ?, ?)", event_rows)
    db.conn.executemany("INSERT INTO event_reports (event_id, item_id, published) "
                        "VALUES (?, ?, ?)", report_rows)
    db.conn.executemany("INSERT INTO event_keys (key, event_id, day) VALUES (?, ?, ?)",
                        sorted(keys))


def _round(db: Any, rows: list[dict[str, Any]], offset: int) -> float:
    """CPU seconds per new item of assign_event over the set's reports, rolled back."""
    spent = 0.0
    db.execute("BEGIN")
    for n, row in enumerate(rows):
        item = record(row)
        item.id = insert_row(db, "items", {**item.row(), "id": offset + n + 1,
                                           "story_id": None})
        item.story_id = rng_story(offset + n)
        started = time.process_time()
        assign_event(db, item)
        spent += time.process_time() - started
    db.execute("ROLLBACK")
    return spent / len(rows)


def rng_story(n: int) -> int:
    """An existing synthetic story for the new item (its story's event is looked up too)."""
    return 1 + (n * 7919) % 5000


def scale(rows: list[dict[str, Any]], sizes: list[int]) -> dict[int, float]:
    """Cost per new item at each size, measured alternating between the databases."""
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        dbs = {}
        for size in sizes:
            started = time.perf_counter()
            db = open_db(Path(tmp) / f"scale-{size}.db")
            with db.conn:
                db.execute("BEGIN")
                _synthetic(db, size, rows)
            dbs[size] = db
            counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("items", "events", "event_keys")]
            print(f"scale: {counts[0]:,d} items, {counts[1]:,d} events, {counts[2]:,d} keys "
                  f"built in {time.perf_counter() - started:.0f} s", flush=True)
        for db in dbs.values():
            _round(db, rows, 10 * max(sizes))  # warm: the first reading of every page
        costs: dict[int, list[float]] = {size: [] for size in sizes}
        for _ in range(SCALE_ROUNDS):
            for size, db in dbs.items():
                costs[size].append(_round(db, rows, 10 * max(sizes)))
        for db in dbs.values():
            db.close()
    result = {size: statistics.median(c) for size, c in costs.items()}
    for size, cost in result.items():
        print(f"{size:>10,d} items: {1000 * cost:.3f} ms CPU per new item to join its event "
              f"(median of {SCALE_ROUNDS} rounds of {len(rows)} reports, alternating)")
    first, last = min(result), max(result)
    if first != last:
        print(f"cost at {last:,d} / cost at {first:,d}: {result[last] / result[first]:.2f}x "
              "(limit 1.5x)")
    return result


def _errors(rows: list[dict[str, Any]], member: dict[str, int], found: dict[int, Event],
            limit: int) -> None:
    by_group: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        by_group[member[row["key"]]].add(row["event_id"])
    merged = [(g, sorted(ids)) for g, ids in by_group.items() if len(ids) > 1]
    print(f"\nevents merging two labels ({len(merged)}):")
    for g, ids in merged[:limit]:
        print(f"  event {g}: {', '.join(ids)}")
    split = defaultdict(set)
    for row in rows:
        split[row["event_id"]].add(member[row["key"]])
    print(f"\nlabels split over several events ({sum(len(v) > 1 for v in split.values())}):")
    shown = 0
    for event_id, groups in sorted(split.items()):
        if len(groups) > 1 and shown < limit:
            keys = [(r["key"], r["language"], r["published"], member[r["key"]], r["countries"],
                     r["place"], r["event_types"], r["killed"])
                    for r in rows if r["event_id"] == event_id]
            print(f"  {event_id}:")
            for k in keys:
                print(f"     {k}")
            shown += 1


if __name__ == "__main__":
    main()
