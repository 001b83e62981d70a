"""What staff review costs the pipeline, side by side with the same code without it.

Usage:
  .venv/bin/python bench/review.py                  # 20,000 items, 2,000 reviewed
  .venv/bin/python bench/review.py --items 100000 --reviewed 10000 --rounds 5

A database of synthetic items (bench/dedup.py's generator: Zipf words, site templates, 3%
near-copies) is built through the real `assign_story`, a tenth of them reviewed through
`record_review` (corrections, rejections, story-level confirms). Then, alternating in rounds on
two copies of that database:

- new reports joining stories (`assign_story`, 50 per transaction as a source's poll): ours
  checks whether the story has reviewed reports and then keeps its reviewed tags; the baseline
  skips the check (the code before review);
- the retag write (`update_tags` of every item with fixed tags, so the tagger's own cost is left
  out): ours writes the reviewed values back (`reapply_reviews`); the baseline does not.

Printed: the median CPU time per item of each (CPU, not wall: the machine may be shared) and the
ratio, then the wall latency of one review and one undo.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))

from dedup import Synthetic  # noqa: E402

from monitor.enrich import ItemTags  # noqa: E402
from monitor.parse.urls import canonical_url  # noqa: E402
from monitor.store import items as store_items  # noqa: E402
from monitor.store import stories  # noqa: E402
from monitor.store.records import ItemRecord, content_hash  # noqa: E402
from monitor.store.reviews import ReviewAction, record_review, undo_review  # noqa: E402
from monitor.store.schema import open_db  # noqa: E402
from monitor.store.stories import RECORD_COLUMNS, assign_story  # noqa: E402

TAGS = ItemTags(language="en", language_confidence=1.0, language_detector="bench",
                event_types=["strike"], relevant=True, countries=["KZ"], sectors=["mining"],
                place=None, latitude=None, longitude=None, geo_precision=None,
                workers_involved=None, killed=None, injured=None, tag_evidence={})


def add(db: Any, report: Any, n: int) -> None:
    url = f"https://{report.source}.example/{n}"
    cursor = db.execute(
        "INSERT INTO items (source, url, canonical_url, title, text, published, fetched, "
        "content_hash, times_seen, translation_urls, language, countries, event_types, "
        "relevant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, '[]', 'en', '[\"KZ\"]', '[\"strike\"]', 1)",
        [report.source, url, canonical_url(url), report.title, report.text, report.published,
         report.published, content_hash(report.title, report.text)])
    row = db.execute(f"SELECT {', '.join(RECORD_COLUMNS)} FROM items WHERE id = ?",
                     [cursor.lastrowid]).fetchone()
    assign_story(db, ItemRecord.from_row(dict(zip(RECORD_COLUMNS, row, strict=True))))


def build(path: Path, items: int, reviewed: int, stream: Synthetic) -> None:
    db = open_db(path)
    for start in range(0, items, 50):
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            for n in range(start, min(items, start + 50)):
                add(db, stream.next(), n)
    step = max(1, items // max(1, reviewed))
    for k, item_id in enumerate(range(1, items + 1, step)):
        if k % 3 == 0:
            act = ReviewAction("item", item_id, "correct", "bench", field="event_types",
                               value=["protest"])
        elif k % 3 == 1:
            act = ReviewAction("item", item_id, "reject", "bench", reason="not_news")
        else:
            story_id = db.execute("SELECT story_id FROM items WHERE id = ?",
                                  [item_id]).fetchone()[0]
            act = ReviewAction("story", story_id, "confirm", "bench")
        record_review(db, act)
    db.close()


def joining(path: Path, stream: Synthetic, start: int, count: int, ours: bool) -> float:
    db = open_db(path)
    original = stories._reviewed
    if not ours:
        stories._reviewed = lambda _db, _story: False  # type: ignore[assignment]
    try:
        reports = [stream.next() for _ in range(count)]
        began = time.process_time()
        for first in range(0, count, 50):  # a source's poll is one transaction
            with db.conn:
                db.execute("BEGIN IMMEDIATE")
                for n, report in enumerate(reports[first:first + 50], start + first):
                    add(db, report, n)
        return (time.process_time() - began) / count
    finally:
        stories._reviewed = original
        db.close()


def retag_write(path: Path, ours: bool) -> float:
    db = open_db(path)
    original = store_items.reapply_reviews
    if not ours:
        store_items.reapply_reviews = lambda _db, _ids: 0  # type: ignore[assignment]
    try:
        total, began = 0, time.process_time()
        for rows in store_items.items_to_retag(db, 500):
            store_items.update_tags(db, [(r[0], TAGS) for r in rows])
            total += len(rows)
        return (time.process_time() - began) / total
    finally:
        store_items.reapply_reviews = original
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--reviewed", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--join", type=int, default=500, help="new reports per round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.db"
        began = time.perf_counter()
        build(base, args.items, args.reviewed, Synthetic(seed=6))
        print(f"built {args.items:,d} items, {args.reviewed:,d} reviewed, in "
              f"{time.perf_counter() - began:.1f} s")
        paths = {True: Path(tmp) / "ours.db", False: Path(tmp) / "baseline.db"}
        for path in paths.values():
            shutil.copy(base, path)
        joined: dict[bool, list[float]] = {True: [], False: []}
        retag: dict[bool, list[float]] = {True: [], False: []}
        for round_no in range(args.rounds):
            for ours in (round_no % 2 == 0, round_no % 2 == 1):  # alternate who goes first
                stream = Synthetic(seed=100 + round_no)  # the same reports for both
                start = args.items + round_no * args.join
                joined[ours].append(joining(paths[ours], stream, start, args.join, ours))
        for round_no in range(args.rounds):
            for ours in (round_no % 2 == 0, round_no % 2 == 1):
                retag[ours].append(retag_write(paths[ours], ours))
        for name, figures in (("new report joins its story", joined),
                              ("retag write per item", retag)):
            mine, theirs = statistics.median(figures[True]), statistics.median(figures[False])
            print(f"{name}: ours {1e3 * mine:.3f} ms CPU, without review {1e3 * theirs:.3f} ms, "
                  f"ratio {mine / theirs:.2f} (medians of {args.rounds} rounds)")
        db = open_db(paths[True])
        story_ids = [r[0] for r in db.execute("SELECT id FROM stories LIMIT 5000")]
        began = time.process_time()
        for story_id in story_ids:
            stories._reviewed(db, story_id)
        check = (time.process_time() - began) / len(story_ids)
        print(f"the reviewed-story check alone: {1e6 * check:.1f} us CPU per new report "
              f"({100 * check / statistics.median(joined[False]):.2f}% of a join)")
        reviews, undos = [], []
        for item_id in range(2, 2 + 200, 2):
            began = time.perf_counter()
            review_id = record_review(db, ReviewAction("item", item_id, "correct", "bench",
                                                       field="killed", value=3))
            reviews.append(time.perf_counter() - began)
            began = time.perf_counter()
            undo_review(db, review_id, "bench")
            undos.append(time.perf_counter() - began)
        print(f"one review {1e3 * statistics.median(reviews):.2f} ms, one undo "
              f"{1e3 * statistics.median(undos):.2f} ms (medians of {len(reviews)}; "
              f"{db.execute('SELECT count(*) FROM reviews').fetchone()[0]:,d} reviews stored)")
        db.close()


if __name__ == "__main__":
    main()
