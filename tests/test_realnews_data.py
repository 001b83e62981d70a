"""The real-news dev set (bench/data/realnews) is well formed and keeps its promises.

It is the project's own labelled data: excerpts of real pages with a reason per item. These
checks keep hand edits honest: no page from the held-out list, unique ids, the tagger's
vocabulary only, a reason for every label, and the size and mix the issue asks for.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections import Counter
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.realnews import DATA, FIGURES, KINDS, load  # noqa: E402
from monitor.enrich.tagging import EVENT_TYPES  # noqa: E402

ITEMS = load(DATA)
ALPHA2 = {c.alpha_2 for c in pycountry.countries} | {"XK"}


def _excluded_file() -> Path:
    env = os.environ.get("MONITOR_SHARED")
    base = Path(env) if env else ROOT.parent / "shared"
    return base / "excluded-pages.sha256"


def test_the_set_is_big_and_varied_enough():
    assert len(ITEMS) >= 600
    assert len({it["language"] for it in ITEMS}) >= 30
    negatives = sum(not it["labels"]["relevant"] for it in ITEMS)
    assert negatives / len(ITEMS) >= 0.40
    kinds = Counter(it["kind"] for it in ITEMS if not it["labels"]["relevant"])
    assert {"explainer", "market", "sports", "fiction"} <= set(kinds)


def test_no_item_is_a_held_out_page():
    path = _excluded_file()
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared folder is not mounted here)")
    excluded = {line.strip() for line in path.read_text().splitlines() if line.strip()}
    hits = [it["url"] for it in ITEMS
            if hashlib.sha256(it["url"].strip().encode()).hexdigest() in excluded]
    assert hits == []


def test_ids_and_urls_are_unique():
    ids = Counter(it["id"] for it in ITEMS)
    urls = Counter(it["url"] for it in ITEMS)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [u for u, n in urls.items() if n > 1] == []


def test_every_item_is_complete_and_uses_the_taggers_vocabulary():
    problems = []
    for it in ITEMS:
        lab = it["labels"]
        where = it["id"]
        if not it.get("reason", "").strip():
            problems.append(f"{where}: no reason")
        if not it["text"].strip() or len(it["text"]) > 2500:
            problems.append(f"{where}: text empty or longer than an excerpt")
        if not re.fullmatch(r"[a-z]{2,3}", it["language"]):
            problems.append(f"{where}: language {it['language']!r} is not ISO 639")
        if not it["url"].startswith(("http://", "https://")):
            problems.append(f"{where}: url {it['url']!r}")
        if it["kind"] not in KINDS:
            problems.append(f"{where}: kind {it['kind']!r}")
        unknown = set(lab["event_types"]) - set(EVENT_TYPES)
        if unknown:
            problems.append(f"{where}: event types outside the vocabulary {sorted(unknown)}")
        if bool(lab["event_types"]) != lab["relevant"]:
            problems.append(f"{where}: relevant={lab['relevant']} but types {lab['event_types']}")
        bad = set(lab["countries"]) - ALPHA2
        if bad:
            problems.append(f"{where}: countries not ISO alpha-2 {sorted(bad)}")
        for f in FIGURES:
            v = lab.get(f, "missing")
            if v is not None and not (isinstance(v, int) and v > 0):
                problems.append(f"{where}: {f}={v!r}")
        if not lab["relevant"] and any(lab.get(f) is not None for f in FIGURES):
            problems.append(f"{where}: a figure on an item that is not labour news")
    assert problems == []


def test_stories_link_several_rows_and_are_counted():
    """`story` links reposts and translations of one report: each story has 2+ rows, and the
    bench's count of stories whose rows disagree on event types finds a disagreement."""
    from bench.realnews import stories

    rows = Counter(it["story"] for it in ITEMS if it.get("story"))
    assert len(rows) >= 20
    assert [s for s, n in rows.items() if n < 2] == []
    pair = [{"id": "a", "story": "s"}, {"id": "b", "story": "s"}, {"id": "c"}]
    n, differ = stories(pair, [{"event_types": ["strike"]}, {"event_types": []},
                               {"event_types": ["protest"]}])
    assert n == 1 and len(differ) == 1 and differ[0].startswith("s: a ['strike'], b []")
    assert stories(pair, [{"event_types": ["strike"]}] * 3) == (1, [])


def test_the_scorer_counts_what_it_is_given():
    """bench/realnews.Score on two hand-made predictions: one exact, one wrong everywhere."""
    from bench.realnews import Score

    item = {"labels": {"relevant": True, "event_types": ["strike"], "countries": ["KZ"],
                       "killed": None, "injured": None, "workers_involved": 300}}
    neg = {"labels": {"relevant": False, "event_types": [], "countries": ["RU"],
                      "killed": None, "injured": None, "workers_involved": None}}
    s = Score()
    s.add(item, {"event_types": ["strike"], "countries": ["KZ"], "workers_involved": 300})
    s.add(neg, {"event_types": ["protest"], "countries": [], "killed": 2})
    assert s.rel == Counter({"tp": 1, "fp": 1})
    assert s.specificity() == 0.0
    assert s.events() == (0.5, 1.0, 2 / 3)
    assert s.places() == (1.0, 0.5, 2 / 3)
    assert (s.fig_stated, s.fig_exact, s.fig_spurious) == (1, 1, 1)
