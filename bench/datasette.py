"""Datasette response times at scale: full-text search, the faceted items page, canned queries.

Usage:
  .venv/bin/python bench/datasette.py                  # 1,000,000 items in /tmp/bench-datasette
  .venv/bin/python bench/datasette.py --items 100000 --repeat 30 --db /tmp/b.db

The database is made with monitor.store.schema.open_db (our schema, FTS and facet triggers) and
filled with synthetic items by executemany in large transactions, then reused on later runs of
the same size. Each page is requested through Datasette configured as `monitor serve` runs it (our
metadata, plugin, templates and settings; in-process ASGI, so no network time), once to warm up,
then --repeat times; the median and 95th percentile are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named like the package it measures: keep bench/ off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from monitor.publish.datasette import datasette_instance  # noqa: E402
from monitor.store import facet_tables  # noqa: E402
from monitor.store.schema import open_db  # noqa: E402

LANGUAGES = ["en"] * 8 + ["ru"] * 4 + ["es", "fr", "fa", "tr", "uk", "kk", "my", "ur", "hy",
                                       "pt", "id", "bn"]
COUNTRIES = ["KZ", "KG", "UZ", "TJ", "RU", "UA", "IR", "TR", "MM", "BD", "IN", "PK", "ID", "PH",
             "ZA", "NG", "BR", "MX", "AR", "CO", "US", "GB", "FR", "DE", "CN", "KH", "VN", "AM",
             "GE", "MN"]
EVENTS = ["strike", "protest", "safety_incident", "wage_theft", "repression", "organizing",
          "forced_labour", "child_labour"]
SECTORS = ["mining", "oil_gas", "textile_garment", "agriculture", "construction",
           "manufacturing", "transport_logistics", "health", "education", "public_sector"]
TOPICAL = ("workers miners strike protest factory mine wages unpaid union police arrested "
           "fire explosion killed injured garment textile oil gas plant teachers nurses drivers "
           "port dockers rally march demand salary overtime contract safety collapse coal gold "
           "copper steel cement platform delivery riders farm plantation sugar cotton brick "
           "kiln").split()


def vocabulary(rng: random.Random, size: int = 20_000) -> tuple[list[str], list[float]]:
    """Zipf-distributed words, the labour words among the commoner ones, as in real news."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(size)]
    for rank, word in enumerate(TOPICAL):
        words[30 + rank * 7] = word  # "explosion" lands near rank 100: about 1% of items
    return words, list(itertools.accumulate(1 / (rank + 1) for rank in range(size)))


def build(path: Path, count: int, seed: int = 8) -> None:
    """Make (or reuse) a database of `count` synthetic items."""
    marker = path.with_suffix(".count")
    if path.exists() and marker.exists() and marker.read_text() == str(count):
        open_db(path).close()  # migrate a database made by an older version
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    db = open_db(path)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    sources = [f"source-{i:03d}" for i in range(200)]
    columns = ("source url canonical_url guid title summary published fetched language "
               "event_types countries sectors relevant killed tag_evidence story_id").split()
    sql = (f"INSERT INTO items ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    started = time.perf_counter()
    batch: list[tuple[object, ...]] = []
    conn = db.conn
    # Bulk load without the per-row triggers, then build the indexes they maintain in one pass.
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name = 'items'").fetchall()
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER [{name}]")
    for i in range(1, count + 1):
        when = (now - dt.timedelta(seconds=rng.randrange(3 * 365 * 86400))).isoformat()
        events = rng.sample(EVENTS, rng.choice([0, 1, 1, 1, 2]))
        title = " ".join(rng.choices(words, cum_weights=weights, k=8))
        source = rng.choice(sources)
        batch.append((
            source, f"https://{source}.example/{i}", f"https://{source}.example/{i}", str(i),
            title.capitalize(), " ".join(rng.choices(words, cum_weights=weights, k=16)), when, when,
            rng.choice(LANGUAGES), json.dumps(events),
            json.dumps(rng.sample(COUNTRIES, rng.choice([0, 1, 1, 2]))),
            json.dumps(rng.sample(SECTORS, rng.choice([0, 1, 1]))), 1 if events else 0,
            rng.choice([1, 2, 5]) if "safety_incident" in events and rng.random() < 0.3
            else None,
            json.dumps({e: ["word"] for e in events}), i // 2 + 1,
        ))
        if len(batch) == 50_000:
            conn.execute("BEGIN")
            conn.executemany(sql, batch)
            conn.execute("COMMIT")
            batch.clear()
            print(f"  {i:,} items, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if batch:
        conn.execute("BEGIN")
        conn.executemany(sql, batch)
        conn.execute("COMMIT")
    conn.execute("BEGIN")
    for fts in ("items_fts", "items_fts_trigram"):
        conn.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES('rebuild')")
    facet_tables.rebuild(conn)
    for _, trigger_sql in triggers:
        conn.execute(trigger_sql)
    conn.execute(
        "INSERT INTO stories (id, title, first_seen, last_seen, reports, sources, languages, "
        "countries, event_types) SELECT story_id, min(title), min(published), max(published), "
        "count(*), json_group_array(DISTINCT source), json_group_array(DISTINCT language), "
        "'[]', '[]' FROM items GROUP BY story_id")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    marker.write_text(str(count))
    print(f"built {count:,} items in {time.perf_counter() - started:.0f} s", file=sys.stderr)


PAGES = [
    ("search (HTML)", "/{db}/items?_search=explosion"),
    ("search (JSON)", "/{db}/items.json?_search=explosion&_nocount=1&_nofacet=1"),
    ("search with facets (JSON)", "/{db}/items.json?_search=explosion"),
    ("faceted items page (HTML)", "/{db}/items"),
    ("faceted items page (JSON)", "/{db}/items.json"),
    ("items page, this week (HTML)", "/{db}/items?_days=7"),
    ("items page, country + week (HTML)", "/{db}/items?_country=KZ&_days=7"),
    ("items page, country + event type (HTML)", "/{db}/items?_country=KZ&_event_type=strike"),
    ("items page, country + week (JSON)", "/{db}/items.json?_country=KZ&_days=7"),
    ("items page, country + event type (JSON)",
     "/{db}/items.json?_country=KZ&_event_type=strike"),
    ("search, commonest topical word (HTML)", "/{db}/items?_search=workers"),
    ("search by date (JSON)", "/{db}/items.json?_search=explosion&_sort_desc=published"),
    ("Atom feed, country + event type", "/{db}/items.atom?_country=KZ&_event_type=strike"),
    ("front page (HTML)", "/"),
    ("chart, items per week (HTML)", "/{db}/-/items-per-week"),
    ("search, a word and its forms (JSON)", "/{db}/items.json?_search=strike&_nofacet=1"),
    ("items CSV, 1,000 rows", "/{db}/items.csv?_size=1000"),
    ("review queue (HTML)", "/{db}/-/review-queue"),
    ("review queue, region + event (HTML)",
     "/{db}/-/review-queue?region=central_asia&event=strike"),
    ("review queue, one source (HTML)", "/{db}/-/review-queue?source=source-007"),
]


async def measure(path: Path, repeat: int, queries: list[str],
                  only: str = "") -> list[tuple[str, float, float]]:
    ds = datasette_instance(path)
    await ds.invoke_startup()
    db = path.stem
    pages = [(n, p.format(db=db)) for n, p in PAGES]
    pages += [(f"canned: {q} (JSON)", f"/{db}/{q}.json") for q in queries]
    out = []
    for name, url in [(n, u) for n, u in pages if only.lower() in n.lower()]:
        response = await ds.client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:300]}")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = await ds.client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        out.append((name, statistics.median(times), p95))
        print(f"{name:45} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms",
              flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench-datasette/monitor.db"))
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    args = parser.parse_args()
    build(args.db, args.items)
    from monitor.publish.datasette import build_metadata

    queries = list(build_metadata(args.db)["databases"][args.db.stem]["queries"])
    queries.remove("search_any_script")
    queries.append("search_any_script?q=explosion")
    print(f"{args.items:,} items, {args.repeat} requests each after one warm-up")
    asyncio.run(measure(args.db, args.repeat, queries, args.only))


if __name__ == "__main__":
    main()
