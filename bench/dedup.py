"""Stories: pair precision and recall on a labelled dev set, and the cost per item as the
database grows.

Usage:
  .venv/bin/python bench/dedup.py                      # quality, then scale at 10k and 100k
  .venv/bin/python bench/dedup.py --sizes 10000,100000,1000000
  .venv/bin/python bench/dedup.py --no-scale --show-errors 10

Quality. Originals are real texts read in place from ../shared (or $MONITOR_SHARED): the
expected article texts of html_newspaper_tests, the GLOCON (SAPA) and 24.kg documents, the
ACLED-style CASE 2021 snippets and the Solidarity Center posts of seeds/000. Each original gets
reports made from it by deterministic edits (a seeded RNG per document and edit): a new title on
another site, a teaser cut from its opening, light word edits, another site's boilerplate around
it, a repost with an attribution line, a roundup on its own site a year later. The two seed files
that carry the Tashkent convening give one real pair. Negatives are hard on purpose: each
original against the most similar other document of the same site, corpus or event type, and the
same pairs wrapped in one site's template. Every text goes through the real path (items table,
`assign_story`) in a shuffled order, so a teaser may arrive before its article; a pair counts as
"same" when both reports end in one story.

Scale. Synthetic items (a seeded generator: Zipf words, site templates, 3% near-copies of a
recent item) are inserted and assigned a story one by one, committing every 50 items (a poll of
one source is one transaction in the pipeline). The cost per item is the median over those
batches in a window just before each size. The full-text indexes and facet triggers are dropped
in the scale database: they are another stage's cost.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.enrich.dedup import Thresholds, tokens  # noqa: E402
from monitor.parse.urls import canonical_url  # noqa: E402
from monitor.store.records import ItemRecord, content_hash  # noqa: E402
from monitor.store.schema import open_db  # noqa: E402
from monitor.store.stories import assign_story  # noqa: E402

SHARED = Path(os.environ.get("MONITOR_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
DATE_LINE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}$", re.M)
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass
class Report:
    key: str
    source: str
    title: str
    text: str
    published: str = "2024-01-01T00:00:00+00:00"


# ---------------------------------------------------------------- originals


def _title(text: str, words: int = 10) -> str:
    title = " ".join(text.split()[:words])
    return title if len(title) <= 120 else title[:40]  # scripts written without spaces


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_originals(per_corpus: int) -> list[Report]:
    docs: list[Report] = []
    news = CORPORA / "html_newspaper_tests" / "expected_text"
    if news.is_dir():
        for path in sorted(news.glob("*.txt")):
            site = re.sub(r"\d*\.txt$", "", path.name)
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            if len(tokens(text)) < 25:
                continue  # the test pages that hold one line of text
            docs.append(Report(f"news:{path.stem}", f"news-{site}", _title(text), text))
    for name, source, field in (
        ("protest_glocon_gold_sample/documents.jsonl", "sapa", "text"),
        ("protest_kyrgyz_24kg_news/data.jsonl", "24kg", "text"),
        ("protest_case2021_task2_acled/data.jsonl", "acled", "text"),
    ):
        path = CORPORA / name
        if not path.exists():
            continue
        rows = [r for r in _jsonl(path) if len(str(r.get(field, "")).split()) >= 25]
        rows.sort(key=lambda r: str(r["id"]))
        for row in rows[:per_corpus]:
            text = str(row[field]).strip()
            docs.append(Report(f"{source}:{row['id']}", source, _title(text), text))
    seed = sorted((SHARED / "seeds").glob("000_*.txt"))
    if seed:
        text = seed[0].read_text(encoding="utf-8")
        marks = list(DATE_LINE.finditer(text))
        for n, mark in enumerate(marks):
            end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
            body = text[mark.end() : end].strip()
            if len(body.split()) >= 25:
                docs.append(Report(f"seed000:{n}", "solidarity", _title(body), body,
                                   _iso(mark.group(0))))
    return docs


def _iso(date_line: str) -> str:
    import datetime as dt

    return dt.datetime.strptime(date_line, "%b %d, %Y").replace(tzinfo=dt.UTC).isoformat()


def seed_pair() -> list[Report]:
    """The Tashkent convening as the two seed files carry it (a real duplicate)."""
    out = []
    for pattern, source in (("000_*.txt", "solidarity-feed"), ("001_*.txt", "solidarity-pages")):
        files = sorted((SHARED / "seeds").glob(pattern))
        if not files:
            return []
        text = files[0].read_text(encoding="utf-8")
        start = text.find("A milestone convening in Tashkent")
        if start < 0:
            return []
        stop = re.search(r"\n(?:[A-Z][a-z]{2} \d{1,2}, \d{4}|Multi-Stakeholder)", text[start:])
        body = text[start : start + (stop.start() if stop else 4000)]
        out.append(Report(f"tashkent:{source}", source, _title(body, 8), body))
    return out


# ---------------------------------------------------------------- edits

FRAMES = [
    ("Home | News | Campaigns | Join us | Donate\nYou are here: News > International",
     "Share this: Facebook Twitter Email Print\nRelated posts\nCopyright 2024 Federation of "
     "Workers. All rights reserved. Reproduction allowed with a link to the source."),
    ("Главная / Новости / Международное\nВыберите язык: English Русский Қазақша",
     "Подписывайтесь на наш канал в Telegram, чтобы не пропустить важные новости профсоюза.\n"
     "При перепечатке материалов ссылка на сайт обязательна."),
    ("LabourWire | Worker news from around the world\nMenu Search Subscribe",
     "Did you find this useful? Support independent labour journalism with a monthly gift.\n"
     "Tags: unions, strikes, safety. Filed under International news."),
    ("Skip to content\nNews from our global network of member unions",
     "About us: the network brings together unions in more than 60 countries to defend "
     "workers' rights.\nContact the press office for interviews and photographs."),
]
SWAPS = {"said": "says", "says": "said", "workers": "employees", "on": "on", "the": "the",
         "strike": "walkout", "company": "firm", "police": "officers", "also": "further"}


def retitle(doc: Report, rng: random.Random) -> Report:
    words = doc.text.split()
    start = rng.randrange(0, max(1, min(len(words) - 8, 60)))
    title = "Update: " + " ".join(words[start : start + rng.randint(5, 9)])
    return Report("", f"aggregator-{rng.randrange(3)}", title, doc.text)


def teaser(doc: Report, rng: random.Random) -> Report:
    cut = rng.randint(180, 420)
    text = doc.text[:cut].rsplit(" ", 1)[0] + rng.choice([" …", "... Read more", " [more]"])
    return Report("", f"feed-{rng.randrange(3)}", doc.title, text)


def light(doc: Report, rng: random.Random) -> Report:
    out = []
    for word in doc.text.split(" "):
        roll = rng.random()
        if roll < 0.015:
            continue  # a dropped word
        if roll < 0.04 and word.lower() in SWAPS:
            word = SWAPS[word.lower()]
        elif roll < 0.05:
            word = word + ","
        out.append(word)
    text = " ".join(out)
    if rng.random() < 0.5:
        sentences = SENTENCE.split(text)
        text = "\n".join(sentences[:-1]) if len(sentences) > 4 else text  # last one cut
    return Report("", f"news-copy-{rng.randrange(3)}", doc.title, text)


def wrap(doc: Report, rng: random.Random) -> Report:
    n = rng.randrange(len(FRAMES))
    top, bottom = FRAMES[n]
    return Report("", f"federation-{n}", doc.title, f"{top}\n{doc.text}\n{bottom}")


def repost(doc: Report, rng: random.Random) -> Report:
    line = rng.choice(["This article was originally published by our partners.",
                       "Republished with permission of the author.",
                       "Источник: сайт профсоюза. Публикуется с разрешения."])
    return Report("", f"repost-{rng.randrange(3)}", doc.title, f"{line}\n{doc.text}")


EDITS = {"retitle": retitle, "teaser": teaser, "light": light, "wrap": wrap, "repost": repost}


def roundup(doc: Report, other: Report) -> Report:
    """The site republishes the post a year later among others (same source)."""
    text = (f"The year in review: the stories our readers followed most.\n{doc.text}\n"
            f"{other.text[:300].rsplit(' ', 1)[0]} …")
    return Report("", doc.source, f"Looking back: {doc.title}", text, "2025-01-01T00:00:00+00:00")


# ---------------------------------------------------------------- dev set


def _words(text: str) -> set[str]:
    return set(tokens(text))


def nearest(docs: list[Report]) -> dict[int, int]:
    """Most similar other document of the same group (site, corpus): the hard negatives."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        group = "news" if doc.source.startswith("news-") else doc.source
        groups[group].append(i)
    words = [_words(d.text) for d in docs]
    out = {}
    for members in groups.values():
        for i in members:
            best, score = None, -1.0
            for j in members:
                if i != j:
                    s = len(words[i] & words[j]) / (len(words[i] | words[j]) or 1)
                    if s > score:
                        best, score = j, s
            if best is not None:
                out[i] = best
    return out


def build_devset(per_corpus: int) -> tuple[list[Report], list[tuple[str, str, bool, str]]]:
    originals = load_originals(per_corpus)
    reports: list[Report] = []
    pairs: list[tuple[str, str, bool, str]] = []
    for i, doc in enumerate(originals):
        doc.key = doc.key or f"orig:{i}"
        reports.append(doc)
        for name, edit in EDITS.items():
            if name == "teaser" and len(doc.text) < 500:
                continue
            rng = random.Random(f"{doc.key}:{name}")
            variant = edit(doc, rng)
            variant.key = f"{doc.key}#{name}"
            reports.append(variant)
            pairs.append((doc.key, variant.key, True, name))
    near = nearest(originals)
    for i, j in near.items():
        a, b = originals[i], originals[j]
        pairs.append((a.key, b.key, False, "same-site/topic neighbour"))
        pairs.append((f"{a.key}#retitle", b.key, False, "neighbour of a copy"))
        top, bottom = FRAMES[0]
        for d in (a, b):
            reports.append(Report(f"{d.key}#template", "template-site", d.title,
                                  f"{top}\n{d.text}\n{bottom}"))
        pairs.append((f"{a.key}#template", f"{b.key}#template", False, "one site template"))
    for i, doc in enumerate(originals):
        if i in near and i % 5 == 0:
            up = roundup(doc, originals[near[i]])
            up.key = f"{doc.key}#roundup"
            reports.append(up)
            pairs.append((doc.key, up.key, True, "roundup a year later"))
    tash = seed_pair()
    if tash:
        reports.extend(tash)
        pairs.append((tash[0].key, tash[1].key, True, "seed repost (Tashkent)"))
    unique: dict[str, Report] = {}
    for report in reports:
        unique.setdefault(report.key, report)
    keys = set(unique)
    pairs = [p for p in pairs if p[0] in keys and p[1] in keys]
    return list(unique.values()), pairs


def _fast_db(path: Path) -> object:
    """The real schema, less the full-text and facet triggers (another stage's cost)."""
    db = open_db(path)
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items'"
    ).fetchall():
        db.execute(f"DROP TRIGGER [{name}]")
    for pragma in filter(None, os.environ.get("BENCH_PRAGMAS", "").split(";")):
        db.execute(f"PRAGMA {pragma}")  # e.g. BENCH_PRAGMAS="cache_size=-65536"
    return db


def insert(db: object, report: Report, n: int) -> int:
    url = f"https://{report.source}.example/{n}"
    row = {"source": report.source, "url": url, "canonical_url": canonical_url(url),
           "title": report.title, "text": report.text, "published": report.published,
           "fetched": report.published,
           "content_hash": content_hash(report.title, report.text)}
    cursor = db.execute(  # type: ignore[attr-defined]
        f"INSERT INTO items ({', '.join(row)}, times_seen, translation_urls) "
        f"VALUES ({', '.join('?' for _ in row)}, 1, '[]')", list(row.values()))
    record = ItemRecord.from_row({**row, "summary": "", "id": int(cursor.lastrowid)})
    return assign_story(db, record, THRESHOLDS)  # type: ignore[arg-type]


def quality(per_corpus: int, show_errors: int) -> tuple[float, float]:
    reports, pairs = build_devset(per_corpus)
    random.Random(6).shuffle(reports)  # a teaser may come before its article, a copy before...
    reports.sort(key=lambda r: r.key.endswith("#roundup"))  # ...but a roundup a year later
    with tempfile.TemporaryDirectory() as tmp:
        db = _fast_db(Path(tmp) / "dev.db")
        story: dict[str, int] = {}
        started = time.perf_counter()
        with db.conn:  # type: ignore[attr-defined]
            db.execute("BEGIN")  # type: ignore[attr-defined]
            for n, report in enumerate(reports):
                story[report.key] = insert(db, report, n)
        elapsed = time.perf_counter() - started
        db.close()  # type: ignore[attr-defined]
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fp = fn = tn = 0
    errors = []
    for a, b, same, kind in pairs:
        predicted = story[a] == story[b]
        by_kind[kind][0] += predicted == same
        by_kind[kind][1] += 1
        tp += same and predicted
        fn += same and not predicted
        fp += predicted and not same
        tn += not same and not predicted
        if predicted != same:
            errors.append((kind, a, b))
    precision = tp / ((tp + fp) or 1)
    recall = tp / ((tp + fn) or 1)
    print(f"dev set: {len(reports)} reports, {len(pairs)} labelled pairs "
          f"({tp + fn} same story, {fp + tn} different); {1000 * elapsed / len(reports):.2f} ms "
          "per report")
    for kind, (right, total) in sorted(by_kind.items()):
        print(f"  {kind:28s} {right:5d}/{total:<5d} right")
    print(f"pair precision {precision:.4f}  recall {recall:.4f}  (tp {tp}, fp {fp}, fn {fn})")
    errors.sort(key=lambda e: e[0])
    members: dict[int, list[str]] = defaultdict(list)
    for key, story_id in story.items():
        members[story_id].append(key)
    for kind, a, b in errors[:show_errors]:
        print(f"  wrong: {kind}: {a} / {b}")
        for key in (a, b):
            print(f"     story of {key}: {', '.join(sorted(members[story[key]])[:6])}")
    return precision, recall


# ---------------------------------------------------------------- scale


def _vocabulary(rng: random.Random, size: int = 20_000) -> tuple[list[str], list[float]]:
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "bo", "da", "fu", "gi",
                 "ha", "ju", "ke", "la", "mo", "ni", "pe", "qu", "ri", "su", "ta", "ul", "ve"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
                    for _ in range(size * 2)})[:size]
    rng.shuffle(words)
    total, cumulative = 0.0, []
    for rank in range(len(words)):
        total += 1.0 / (rank + 1)
        cumulative.append(total)
    return words, cumulative


class Synthetic:
    """A deterministic stream of synthetic reports with site templates and near-copies."""

    def __init__(self, seed: int = 6) -> None:
        self.rng = random.Random(seed)
        self.words, self.cumulative = _vocabulary(self.rng)
        self.frames = {s: self._sentences(2) if s % 3 == 0 else "" for s in range(300)}
        self.recent: list[Report] = []

    def _sentences(self, count: int) -> str:
        out = []
        for _ in range(count):
            n = self.rng.randint(8, 22)
            words = self.rng.choices(self.words, cum_weights=self.cumulative, k=n)
            out.append(" ".join(words).capitalize() + ".")
        return "\n".join(out)

    def next(self) -> Report:
        site = self.rng.randrange(300)
        if self.recent and self.rng.random() < 0.03:
            base = self.rng.choice(self.recent)
            body = light(base, self.rng).text
            title = base.title
        else:
            body = self._sentences(self.rng.randint(4, 12))
            title = self._sentences(1)[:80]
        frame = self.frames[site]
        report = Report("", f"site-{site}", title, f"{frame}\n{body}\n{frame}" if frame else body)
        self.recent.append(report)
        if len(self.recent) > 5000:
            self.recent = self.recent[-2500:]
        return report


def scale(sizes: list[int], window: int) -> dict[int, float]:
    stream = Synthetic()
    results: dict[int, float] = {}
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        path = Path(tmp) / "scale.db"
        db = _fast_db(path)
        n, batch, durations = 0, 50, []  # one source's poll is one transaction
        for size in sorted(sizes):
            while n < size:
                reports = [stream.next() for _ in range(batch)]
                started, cpu = time.perf_counter(), time.process_time()
                with db.conn:  # type: ignore[attr-defined]
                    db.execute("BEGIN")  # type: ignore[attr-defined]
                    for report in reports:
                        insert(db, report, n)
                        n += 1
                durations.append((n, (time.process_time() - cpu) / batch,
                                  (time.perf_counter() - started) / batch))
            last = [(c, w) for m, c, w in durations if m > size - window]
            cost = statistics.median(c for c, _ in last)
            wall = statistics.median(w for _, w in last)
            results[size] = cost
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{size:>9,d} items: {1000 * cost:.3f} ms CPU per item, {1000 * wall:.3f} ms "
                  f"wall (medians of {len(last)} batches of {batch}), "
                  f"db {path.stat().st_size / 2**20:,.0f} MiB, max RSS {rss:,.0f} MiB", flush=True)
            durations = [d for d in durations if d[0] > size]
        db.close()  # type: ignore[attr-defined]
    first, last_size = min(results), max(results)
    if first != last_size:
        print(f"cost at {last_size:,d} / cost at {first:,d}: "
              f"{results[last_size] / results[first]:.2f}x (limit 1.5x)")
    return results


THRESHOLDS = Thresholds()


def main() -> None:
    global THRESHOLDS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-corpus", type=int, default=120,
                        help="Originals taken from each jsonl corpus.")
    parser.add_argument("--sizes", default="10000,100000",
                        help="Database sizes for the scale run, comma-separated.")
    parser.add_argument("--window", type=int, default=10_000,
                        help="Items before each size whose batches give its cost.")
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--show-errors", type=int, default=0)
    parser.add_argument("--jaccard", type=float, default=THRESHOLDS.jaccard)
    parser.add_argument("--containment", type=float, default=THRESHOLDS.containment)
    args = parser.parse_args()
    THRESHOLDS = Thresholds(jaccard=args.jaccard, containment=args.containment)
    if not args.no_quality:
        if not CORPORA.is_dir():
            sys.exit(f"no corpora at {CORPORA} (set MONITOR_SHARED)")
        quality(args.per_corpus, args.show_errors)
    if not args.no_scale:
        scale([int(s) for s in args.sizes.split(",") if s], args.window)


if __name__ == "__main__":
    main()
