"""Events: reports of one real-world event joined across sites and languages, measured on our
labelled set of real reports, beside the story grouping of the same reports in the same run.

Usage:
  .venv/bin/python bench/events.py
  .venv/bin/python bench/events.py --show-errors 20

The set is bench/data/events/ (PROVENANCE.md): real news pages from the search tool's pages
corpus and the demo corpus, each report labelled with its event; hard negatives are different
events at the same place or in the same weeks. Every report is tagged as the pipeline tags it
(`monitor.enrich.tag_fields` on its title and stored excerpt), then the reports go, oldest
first (undated last), through

* stories: `monitor.store.stories.assign_story` over a temporary SQLite database (the real
  schema, as bench/dedup.py runs it): two reports are "joined" when they end in one story;
* events: `monitor.enrich.events.choose` over the candidates an index of `lookup_keys` finds,
  plus the event of the report's story (as the store would wire it): "joined" when they end in
  one event.

Printed: pair precision and recall of each against the labels, the hard-negative pairs each
joins, and figure agreement: for each labelled event of two or more reports with a known death
toll (the toll its latest report states, read by a person; the larger of one day's values), does
the group holding most of its reports give that toll? A story's figure is its first report's
(as `stories` keeps it); an event's is the latest stated (`Event.figures`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
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
from monitor.parse.urls import canonical_url  # noqa: E402
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


def stories(rows: list[dict[str, Any]]) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "events.db")
        story = {}
        with db.conn:
            db.execute("BEGIN")
            for row in rows:
                record = ItemRecord.from_row({
                    "source": row["source"], "url": row["url"],
                    "canonical_url": row["canonical_url"], "title": row["title"],
                    "summary": "", "text": row["text"], "published": row["published"],
                    "fetched": row["published"] or "2026-01-01", "language": row["language"],
                    "countries": json.dumps(row["countries"]),
                    "event_types": json.dumps(row["event_types"]),
                    "content_hash": content_hash(row["title"], row["text"]),
                    "translation_urls": json.dumps(row["translation_urls"])})
                record.id = insert_row(db, "items", record.row())
                story[row["key"]] = assign_story(db, record)
        db.close()
    return story


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-errors", type=int, default=0)
    parser.add_argument("--min-score", type=int, default=joining.MIN_SCORE,
                        help="Score a dated report needs to join an event (the trade-off).")
    args = parser.parse_args()
    joining.MIN_SCORE = args.min_score
    reports, labels = load()
    rows = items(reports)
    langs = Counter(r["language"] for r in reports)
    print(f"set: {len(labels)} events, {len(reports)} reports "
          f"({sum(r.get('corpus') == 'demo' for r in reports)} from the demo corpus), "
          f"{len(langs)} languages, "
          f"{sum(1 for e in labels.values() if e['confusable_with'])} events with a labelled "
          f"hard negative")
    story = stories(rows)
    member, found, per_report = events(rows, story)
    first_killed: dict[int, int | None] = {}
    for row in rows:
        first_killed.setdefault(story[row["key"]], row["killed"])
    event_killed = {e: ev.figures()["killed"] for e, ev in found.items()}
    for name, subset in (("all reports", rows),
                         ("tuned on", [r for r in rows if r["split"] != "holdout"]),
                         ("held out", [r for r in rows if r["split"] == "holdout"])):
        _table(name, subset, labels, story, member, first_killed, event_killed)
    print(f"\nevents (min score {joining.MIN_SCORE}): {1000 * per_report:.2f} ms per report to "
          "join (tagging not included)")
    if args.show_errors:
        _errors(rows, member, found, args.show_errors)


def _table(name: str, rows: list[dict[str, Any]], labels: dict[str, dict[str, Any]],
           story: dict[str, int], member: dict[str, int], first_killed: dict[int, int | None],
           event_killed: dict[int, int | None]) -> None:
    hard = hard_negatives(rows, labels)
    same = sum(1 for a, b in combinations(rows, 2) if a["event_id"] == b["event_id"])
    print(f"\n{name}: {len({r['event_id'] for r in rows})} events, {len(rows)} reports, "
          f"{len(rows) * (len(rows) - 1) // 2} pairs ({same} same event), "
          f"{len(hard)} hard-negative pairs")
    print(f"  {'grouping':10s} {'groups':>6s} {'precision':>9s} {'recall':>7s} "
          f"{'tp':>5s} {'fp':>4s} {'fn':>5s} {'hard neg. joined':>17s} {'toll right':>11s}")
    for grouping, group, figure in (("stories", story, first_killed),
                                    ("events", member, event_killed)):
        tp, fp, fn = pairs(rows, group)
        joined = sum(group[a] == group[b] for a, b in hard)
        right, total = figure_agreement(rows, labels, group, figure)
        groups = len({group[r["key"]] for r in rows})
        print(f"  {grouping:10s} {groups:6d} {tp / ((tp + fp) or 1):9.4f} "
              f"{tp / ((tp + fn) or 1):7.4f} {tp:5d} {fp:4d} {fn:5d} "
              f"{joined:>10d}/{len(hard):<6d} {right:>5d}/{total:<5d}")


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
