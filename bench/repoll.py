"""Re-poll of unchanged feeds and `monitor poll` with nothing due, side by side (issue 16).

Usage:
  .venv/bin/python bench/repoll.py                      # 1,000 feeds, 10,000 idle sources
  .venv/bin/python bench/repoll.py --before /tmp/base   # also an older checkout, alternating

The full first poll is bench/poll_peers.py's job; this one times only what a cron poll of a
quiet feed list costs, so it can be re-run in a minute while working on it:

* re-poll: `monitor poll --all --json` on a database whose first poll (not timed) stored every
  feed, so every feed answers 304; against lemon24/reader's `update_feeds(workers=64,
  scheduled=False)` on its own database, first update not timed either (bench/.venv-peers, as
  in poll_peers.py). CPU per feed is the process's CPU over the feeds, start-up included.
* nothing due: `monitor poll --json` over a sources.yaml of --idle sources whose next_due is
  in the future (the database synced by a first run, then every next_due set ahead).
* --before ROOT: the same commands with an older checkout first on PYTHONPATH (`git archive
  <commit> | tar -x -C ROOT`), measured in the same rounds: before / after from one run.

Rounds alternate (ours, before, reader, ours, ...); medians are printed with the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import poll_peers as peers  # noqa: E402 (the bench's server, contenders and measuring)

SYNC = """
import sys
from pathlib import Path
from monitor.config import load_config
from monitor.plugins import load_plugins
from monitor.store.schema import open_db
from monitor.store.sources import sync_sources
config = load_config(Path(sys.argv[1]), load_plugins(Path(sys.argv[3])))
sync_sources(open_db(Path(sys.argv[2])), config.sources)
"""


def _env(root: Path, cache: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(root), "MONITOR_CACHE_DIR": str(cache)}


def _write_sources(path: Path, urls: list[str]) -> None:
    lines = ["sources:"] + [f"  - {{name: s{i}, plugin: rss, url: '{u}', language: en}}"
                            for i, u in enumerate(urls)]
    path.write_text("\n".join(lines) + "\n")


def _monitor(work: Path, *args: str) -> list[str]:
    return [str(peers.MONITOR), "--config", str(work / "sources.yaml"), "--db",
            str(work / "m.db"), "--plugins-dir", str(work / "plugins"), "poll", *args]


def _checked(run: dict, what: str) -> dict:  # type: ignore[type-arg]
    if run["rc"] not in (0, 1):
        sys.exit(f"{what} failed: rc {run['rc']}\n{str(run['err'])[-2000:]}")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=250)
    parser.add_argument("--idle", type=int, default=10000, help="sources, nothing due")
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=64, help="reader's workers")
    parser.add_argument("--before", type=Path, help="an older checkout, measured alongside")
    args = parser.parse_args()
    if not peers.PEERS.exists():
        sys.exit(f"{peers.PEERS} is missing: see bench/poll_peers.py")
    print(peers.machine())
    tmp = Path(tempfile.mkdtemp(prefix="bench-repoll-"))
    roots = {"ours": peers.ROOT}
    if args.before:
        roots["before"] = args.before.resolve()
    port = peers.free_port()
    server = subprocess.Popen(
        [sys.executable, peers.__file__, "--serve", str(port), "--serve-hosts", str(args.hosts),
         "--latency", str(args.latency)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        urls = peers.feed_urls(port, args.feeds, args.hosts)
        idle_urls = peers.feed_urls(port, args.idle, args.hosts)
        for name, root in roots.items():
            env = _env(root, tmp / name / "cache")
            for kind, feeds in (("repoll", urls), ("idle", idle_urls)):
                work = tmp / name / kind
                work.mkdir(parents=True)
                _write_sources(work / "sources.yaml", feeds)
            subprocess.run([str(peers.MONITOR), "tag"], input=b"warm-up\n", env={
                **os.environ, **env}, capture_output=True, check=True)
            _checked(peers.run_measured(_monitor(tmp / name / "repoll", "--all", "--json"),
                                        env), f"{name} first poll")
            # the idle sources are synced into the database as a poll does, then none is due
            idle_dir = tmp / name / "idle"
            subprocess.run([sys.executable, "-c", SYNC, str(idle_dir / "sources.yaml"),
                            str(idle_dir / "m.db"), str(idle_dir / "plugins")],
                           env={**os.environ, **env}, check=True)
            with sqlite3.connect(idle_dir / "m.db") as db:
                db.execute("UPDATE sources SET next_due = '2999-01-01T00:00:00+00:00'")
        reader_db = str(tmp / "reader.sqlite")
        (tmp / "urls.txt").write_text("\n".join(urls))
        subprocess.run([str(peers.PEERS), "-c", peers.READER_ADD, reader_db,
                        str(tmp / "urls.txt")], check=True)
        reader_cmd = [str(peers.PEERS), "-c", peers.READER_UPDATE, reader_db, str(args.workers)]
        _checked(peers.run_measured(reader_cmd), "reader first update")

        repoll: dict[str, list[dict]] = {n: [] for n in [*roots, "reader"]}  # type: ignore[type-arg]
        idle: dict[str, list[dict]] = {n: [] for n in roots}  # type: ignore[type-arg]
        for _ in range(args.runs):
            for name, root in roots.items():
                env = _env(root, tmp / name / "cache")
                run = _checked(peers.run_measured(
                    _monitor(tmp / name / "repoll", "--all", "--json"), env), f"{name} re-poll")
                if '"failed": []' not in str(run["out"]):
                    sys.exit(f"{name} re-poll had failures:\n{str(run['out'])[-2000:]}")
                repoll[name].append(run)
                idle[name].append(_checked(peers.run_measured(
                    _monitor(tmp / name / "idle", "--json"), env), f"{name} nothing due"))
            repoll["reader"].append(_checked(peers.run_measured(reader_cmd), "reader re-poll"))
    finally:
        server.terminate()
        server.wait(10)

    def med(runs: list[dict], key: str) -> float:  # type: ignore[type-arg]
        return statistics.median(float(r[key]) for r in runs)

    print(f"\nre-poll of {args.feeds:,} unchanged feeds (304) on {args.hosts} loopback hosts, "
          f"{args.latency * 1000:.0f} ms per response; median of {args.runs} alternating runs")
    print("| run | wall | CPU | CPU per feed | peak RSS | CPU vs reader |")
    print("| --- | --- | --- | --- | --- | --- |")
    reader_cpu = med(repoll["reader"], "cpu")
    for name, runs in repoll.items():
        cpu = med(runs, "cpu")
        print(f"| {name} | {med(runs, 'wall'):.2f} s | {cpu:.2f} s | "
              f"{cpu / args.feeds * 1e3:.2f} ms | {max(r['rss'] for r in runs):.0f} MiB | "
              f"{cpu / reader_cpu:.2f}x |")
    print(f"\n`monitor poll` with nothing due at {args.idle:,} sources; median of {args.runs}")
    print("| run | wall | CPU | peak RSS | wall vs before |")
    print("| --- | --- | --- | --- | --- |")
    base = med(idle["before"], "wall") if "before" in idle else None
    for name, runs in idle.items():
        wall = med(runs, "wall")
        ratio = f"{wall / base:.2f}x" if base else "-"
        print(f"| {name} | {wall:.2f} s | {med(runs, 'cpu'):.2f} s | "
              f"{max(r['rss'] for r in runs):.0f} MiB | {ratio} |")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
