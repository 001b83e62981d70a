"""What it costs that staff review reaches events, side by side with the same review without it.

Usage:
  .venv/bin/python bench/events_review.py             # 5 rounds
  .venv/bin/python bench/events_review.py --rounds 9

The 279 real reports of bench/data/events/ are stored through the pipeline's `store_items` (tagged,
storied, joined into events) in a temporary database, copied twice. Then, alternating in rounds
on the two copies, every report in an event is corrected (its death toll) and the correction
undone, through `record_review` and `undo_review`: ours re-joins the report and reconciles its
events (`refresh_item_events`); the baseline is the review code before it (no event refresh).
A confirm of each (no stated value changes: the event's status only) is measured too.

Printed: the median CPU time of one correction and its undo, for reports of events of one report
and of events of five or more, ours beside the baseline, and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.api import Item  # noqa: E402
from monitor.poll.process import store_items  # noqa: E402
from monitor.store import reviews  # noqa: E402
from monitor.store.reviews import ReviewAction, record_review, undo_review  # noqa: E402
from monitor.store.schema import open_db  # noqa: E402

DATA = ROOT / "bench" / "data" / "events" / "reports.jsonl"


def build(path: Path) -> None:
    db = open_db(path)
    for line in DATA.read_text("utf-8").splitlines():
        if not line:
            continue
        report = json.loads(line)
        when = (dt.datetime.fromisoformat(report["published"]).replace(hour=12, tzinfo=dt.UTC)
                if report.get("published") else None)
        store_items(db, f"site-{report['id']}", [Item(
            url=report["url"], title=report["title"], text=report["excerpt"], published=when,
            language=report["language"])], report["language"])
    db.close()


def groups(db: Any) -> dict[str, list[int]]:
    """Reports in events of one report and of five or more."""
    out: dict[str, list[int]] = {"1 report": [], "5+ reports": []}
    for item_id, size in db.execute(
            "SELECT r.item_id, e.reports FROM event_reports r JOIN events e ON e.id = r.event_id "
            "ORDER BY r.item_id"):
        if size == 1:
            out["1 report"].append(item_id)
        elif size >= 5:
            out["5+ reports"].append(item_id)
    return out


def run(path: Path, items: list[int], action: str, ours: bool) -> float:
    """CPU seconds per review and its undo."""
    db = open_db(path)
    original = reviews.refresh_item_events
    if not ours:
        reviews.refresh_item_events = lambda *_a, **_k: None  # type: ignore[assignment]
    try:
        began = time.process_time()
        for item_id in items:
            kw: dict[str, Any] = {"field": "killed", "value": 99} if action == "correct" else {}
            review_id = record_review(db, ReviewAction("item", item_id, action, "bench", **kw))
            undo_review(db, review_id, "bench")
        return (time.process_time() - began) / max(1, len(items))
    finally:
        reviews.refresh_item_events = original
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.db"
        began = time.perf_counter()
        build(base)
        db = open_db(base)
        sizes = groups(db)
        counts = db.execute("SELECT count(*), max(reports) FROM events").fetchone()
        db.close()
        print(f"stored the set in {time.perf_counter() - began:.1f} s: {counts[0]} events, "
              f"the largest of {counts[1]} reports; "
              + ", ".join(f"{len(v)} reports in events of {k}" for k, v in sizes.items()))
        paths = {True: Path(tmp) / "ours.db", False: Path(tmp) / "baseline.db"}
        for path in paths.values():
            shutil.copy(base, path)
        for action in ("correct", "confirm"):
            for name, items in sizes.items():
                figures: dict[bool, list[float]] = {True: [], False: []}
                for round_no in range(args.rounds):
                    for ours in (round_no % 2 == 0, round_no % 2 == 1):  # alternate the first
                        figures[ours].append(run(paths[ours], items, action, ours))
                mine, theirs = statistics.median(figures[True]), statistics.median(figures[False])
                print(f"{action} + undo, events of {name}: ours {1e3 * mine:.2f} ms CPU, "
                      f"without the event refresh {1e3 * theirs:.2f} ms, ratio "
                      f"{mine / theirs:.2f} (medians of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
