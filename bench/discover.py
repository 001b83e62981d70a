"""Feed discovery over real pages: trafilatura's feed finder beside ours, in the same run.

Usage:
  .venv/bin/python bench/discover.py              # ../shared/corpora/html_trafilatura_eval
  .venv/bin/python bench/discover.py --repeat 5 --corpus PATH

"trafilatura" is trafilatura.feeds.determine_feed (the <link rel=alternate> feeds, or the page's
feed-looking links when there are none); "ours" is monitor.parse.discover.feed_links (both, the
declared ones first, comment feeds last). For each page the table counts the pages where each
found a feed, where they agree on the first feed, and the median and 90th percentile time per
page. `propose_html_list` (the html_list proposal) is timed on the same pages, with how many got
a proposal. Pages are read in place; each page's own address (evaldata.json) is its base URL.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from trafilatura.feeds import FeedParameters, determine_feed  # noqa: E402

from monitor.parse.discover import feed_links, propose_html_list  # noqa: E402

SHARED = Path(os.environ.get("MONITOR_SHARED", ROOT.parent / "shared"))
EXCLUDED = SHARED / "excluded-pages.sha256"


def pages(corpus: Path) -> list[tuple[str, str]]:
    """(address, html) of every page whose address is known and not excluded."""
    excluded = set(EXCLUDED.read_text().split()) if EXCLUDED.exists() else set()
    meta = json.loads((corpus / "evaldata.json").read_text(encoding="utf-8"))
    found = []
    for url, entry in meta.items():
        if not url.startswith(("http://", "https://")):
            continue  # a few entries are named by file, not address
        if hashlib.sha256(url.strip().encode()).hexdigest() in excluded:
            continue
        path = corpus / entry["file"]
        if path.exists():
            raw = path.read_bytes()
            found.append((url, raw.decode("utf-8", errors="replace")))
    return found


def timed(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path,
                        default=SHARED / "corpora" / "html_trafilatura_eval")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.corpus / "evaldata.json").exists():
        sys.exit(f"no corpus at {args.corpus}")
    rows = pages(args.corpus)
    theirs_t, ours_t, proposal_t = [], [], []
    theirs_n = ours_n = agree = proposals = 0
    for url, html in rows:
        host = url.split("/")[2]
        params = FeedParameters(url, host, url)
        t1, theirs = timed(lambda h=html, p=params: determine_feed(h, p), args.repeat)
        t2, ours = timed(lambda h=html, u=url: feed_links(h, u), args.repeat)
        t3, proposal = timed(lambda h=html, u=url: propose_html_list(h, u), args.repeat)
        theirs_t.append(t1)
        ours_t.append(t2)
        proposal_t.append(t3)
        theirs_list = [u.rstrip("/") for u in theirs or []]  # type: ignore[union-attr]
        ours_list = [c.url.rstrip("/") for c in ours]  # type: ignore[union-attr]
        theirs_n += bool(theirs_list)
        ours_n += bool(ours_list)
        agree += bool(theirs_list) and bool(ours_list) and theirs_list[0] == ours_list[0]
        proposals += proposal is not None

    def q(values: list[float], share: float) -> float:
        return sorted(values)[min(len(values) - 1, int(share * len(values)))] * 1000

    print(f"{len(rows)} pages from {args.corpus}")
    print(f"{'':28}{'pages with a feed':>18}{'median ms':>11}{'p90 ms':>9}")
    print(f"{'trafilatura determine_feed':28}{theirs_n:>18}{q(theirs_t, .5):>11.1f}"
          f"{q(theirs_t, .9):>9.1f}")
    print(f"{'ours feed_links':28}{ours_n:>18}{q(ours_t, .5):>11.1f}{q(ours_t, .9):>9.1f}")
    print(f"same first feed on {agree} of the {min(theirs_n, ours_n)} pages where both found one")
    print(f"{'ours propose_html_list':28}{proposals:>18}{q(proposal_t, .5):>11.1f}"
          f"{q(proposal_t, .9):>9.1f}   (pages with a proposal)")


if __name__ == "__main__":
    main()
