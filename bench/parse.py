"""Parse time per feed over the real-world feed corpus: feedparser alone against our parser.

Usage:
  .venv/bin/python bench/parse.py                 # ../shared/corpora/feeds_real_world
  .venv/bin/python bench/parse.py --repeat 20 --corpus PATH

"feedparser" is feedparser.parse on the bytes; "ours" is monitor.parse.feeds.parse_feed (charset
repair, the lxml fast path, feedparser for what the fast path leaves). Each feed is parsed --repeat
times and its median kept; the table gives the median and 90th percentile of those per-feed times,
and how many feeds took the fast path.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402

from monitor.errors import SourceError  # noqa: E402
from monitor.parse.encoding import xml_to_utf8  # noqa: E402
from monitor.parse.fastfeed import parse_fast  # noqa: E402
from monitor.parse.feeds import parse_feed  # noqa: E402


def feeds(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".xml", ".json")
                  and "expected" not in p.parts)


def per_feed(fn, data: bytes, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            fn(data)
        except SourceError:
            pass
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path,
                        default=ROOT.parent / "shared" / "corpora" / "feeds_real_world")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    paths = feeds(args.corpus)
    if not paths:
        sys.exit(f"no feeds under {args.corpus}")
    blobs = [p.read_bytes() for p in paths]
    base = "http://example.org/feed"
    runs = {
        "feedparser": lambda b: feedparser.parse(b),
        "ours": lambda b: parse_feed(b, base),
    }
    for fn in runs.values():  # warm-up: imports and first-call caches
        for blob in blobs[:3]:
            per_feed(fn, blob, 1)
    results = {name: [per_feed(fn, b, args.repeat) for b in blobs] for name, fn in runs.items()}
    fast = 0
    fallback: list[int] = []
    for index, blob in enumerate(blobs):
        try:
            took = parse_fast(xml_to_utf8(blob)[0]) is not None
        except Exception:  # noqa: BLE001 - counting only
            took = False
        fast += took
        if not took and not paths[index].suffix == ".json":
            fallback.append(index)
    json_feeds = sum(1 for p in paths if p.suffix == ".json")
    print(f"{len(paths)} feeds from {args.corpus} ({sum(map(len, blobs)) / 1e6:.1f} MB), "
          f"median of {args.repeat} runs per feed")
    print(f"fast path: {fast} XML feeds, JSON Feed: {json_feeds}, "
          f"feedparser fallback: {len(paths) - fast - json_feeds}")
    print(f"{'parser':<12} {'median ms':>10} {'p90 ms':>8} {'total ms':>9}")
    for name, times in results.items():
        print(f"{name:<12} {statistics.median(times) * 1e3:>10.2f} {p90(times) * 1e3:>8.2f} "
              f"{sum(times) * 1e3:>9.1f}")
    print(f"the {len(fallback)} feeds the fast path leaves to feedparser:")
    for name, times in results.items():
        some = [times[i] for i in fallback]
        print(f"{name:<12} {statistics.median(some) * 1e3:>10.2f} {p90(some) * 1e3:>8.2f} "
              f"{sum(some) * 1e3:>9.1f}")


if __name__ == "__main__":
    main()
