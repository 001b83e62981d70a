"""`monitor poll --all` side by side with lemon24/reader and a serial feedparser + httpx loop.

Usage:
  bench/.venv-peers/bin/pip install reader feedparser httpx sgmllib3k  # once: the peers' venv
  .venv/bin/python bench/poll_peers.py                           # 300 and 1,000 feeds, 3 runs
  .venv/bin/python bench/poll_peers.py --sizes 300 --runs 1 --no-serial
  .venv/bin/python bench/poll_peers.py --sizes 10000 --hosts 500 --runs 1 --no-serial  # scale

A server process listens on loopback hosts 127.0.0.2 ... (one per --hosts-per feeds) and answers
every request after --latency seconds (robots.txt: 404), each feed with 5 items of its own (so
every item is new on a first poll), an ETag, and 304 to a matching If-None-Match. Each contender
runs as its own process, measured with wait4: wall time, CPU (user + system) and peak RSS.

* ours: `monitor poll --all --json` as users run it (the installed console script, bytecode
  cached, the tagging cache warm), on a fresh database; then the same command again (re-poll of
  unchanged feeds); then `monitor poll` with nothing due (start-up) and `monitor tag` on one line.
* reader: lemon24/reader, installed in bench/.venv-peers (never a dependency of ours),
  `update_feeds(workers=64, scheduled=False)` (every feed, due or not, like `poll --all`) on a
  database where the feeds were added beforehand (not timed).
* serial: one feedparser.parse per feed after an httpx GET, one feed after the other.

The runs alternate (ours, reader, serial, ours, ...) and the medians are printed. The latency
bound is the time a poll must take however fast its code: feeds x latency / 64 in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "bench" / ".venv-peers" / "bin" / "python"
MONITOR = next((p for p in (ROOT / ".venv" / "bin" / "monitor",
                             Path(sys.executable).parent / "monitor") if p.exists()),
               ROOT / ".venv" / "bin" / "monitor")
"""The installed console script; PYTHONPATH puts this checkout first (a worktree sharing another
checkout's venv measures its own code)."""
ITEMS = 5
ETAG = b'"bench-1"'
WORDS = (
    "workers union strike pay wages port dock factory miners nurses teachers drivers protest "
    "safety accident injured killed management talks agreement overtime contract minister city "
    "hall march rally picket line shift hours pension layoffs plant warehouse delivery riders "
    "garment textile construction site collapse fire inspection police arrested demand court "
    "ruling company owner federation members vote ballot dispute bonus holiday heat water"
).split()


def feed_body(n: int) -> bytes:
    """Feed n: 5 items with text of their own (deterministic), so stories do not collapse."""
    rng = random.Random(n)
    items = []
    for i in range(ITEMS):
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        text = ". ".join(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize()
                         for _ in range(4)) + "."
        items.append(
            f"<item><title>{title} {n}-{i}</title>"
            f"<link>http://news{n % 97}.example/{n}/story-{i}</link><guid>feed{n}-item{i}</guid>"
            f"<pubDate>Mon, 0{i + 1} Sep 2025 10:00:00 +0000</pubDate>"
            f"<category>labour</category><description>{text}</description></item>"
        )
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>bench feed {n}</title><link>http://news.example/</link>"
            f"<description>bench</description>{''.join(items)}</channel></rss>").encode()


async def serve(port: int, hosts: int, latency: float) -> None:
    cache: dict[int, bytes] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1]
                await asyncio.sleep(latency)
                if path.startswith(b"/feed/"):
                    if b"if-none-match: " + ETAG in head.lower():
                        body, status = b"", b"304 Not Modified"
                        extra = b"ETag: " + ETAG + b"\r\n"
                    else:
                        n = int(path[6:])
                        if n not in cache:
                            cache[n] = feed_body(n)
                        body, status = cache[n], b"200 OK"
                        extra = b"ETag: " + ETAG + b"\r\nContent-Type: application/rss+xml\r\n"
                else:
                    body, status, extra = b"", b"404 Not Found", b""
                writer.write(b"HTTP/1.1 " + status + b"\r\n" + extra
                             + b"Content-Length: %d\r\n\r\n" % len(body) + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    servers = [await asyncio.start_server(handle, host(i), port, backlog=1024)
               for i in range(hosts)]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


def host(i: int) -> str:
    """The i-th loopback host: 127.0.0.2 ... 127.0.0.251, then 127.0.1.2 ..."""
    return f"127.0.{i // 250}.{2 + i % 250}"


def feed_urls(port: int, feeds: int, hosts: int) -> list[str]:
    return [f"http://{host(i % hosts)}:{port}/feed/{i}" for i in range(feeds)]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))
        return int(sock.getsockname()[1])


def run_measured(cmd: list[str], env: dict[str, str] | None = None,
                 stdin: bytes | None = None) -> dict[str, float | str]:
    """Like measure, with CPU and peak RSS of exactly this child (os.wait4)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    out_file, err_file = tempfile.TemporaryFile(), tempfile.TemporaryFile()

    async def pump() -> None:
        loop = asyncio.get_running_loop()

        def reader(stream, sink) -> None:  # type: ignore[no-untyped-def]
            shutil.copyfileobj(stream, sink)

        tasks = [loop.run_in_executor(None, reader, proc.stdout, out_file),
                 loop.run_in_executor(None, reader, proc.stderr, err_file)]
        if stdin is not None and proc.stdin is not None:
            proc.stdin.write(stdin)
            proc.stdin.close()
        await asyncio.gather(*tasks)

    asyncio.run(pump())
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_file.seek(0)
    err_file.seek(0)
    return {
        "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
        "out": out_file.read().decode(errors="replace"),
        "err": err_file.read().decode(errors="replace"), "rc": proc.returncode,
    }


READER_ADD = """
import sys
from reader import make_reader
r = make_reader(sys.argv[1])
for url in open(sys.argv[2]).read().split():
    r.add_feed(url)
r.close()
"""
READER_UPDATE = """
import sys
from reader import make_reader
r = make_reader(sys.argv[1])
r.update_feeds(workers=int(sys.argv[2]), scheduled=False)  # every feed, as `poll --all`
counts = r.get_entry_counts()
errors = sum(1 for f in r.get_feeds() if f.last_exception)
print(counts.total, errors)
r.close()
"""
SERIAL = """
import sys, feedparser, httpx
items = 0
with httpx.Client(timeout=30) as client:
    for url in open(sys.argv[1]).read().split():
        response = client.get(url)
        items += len(feedparser.parse(response.content).entries)
print(items, 0)
"""


def ours(work: Path, urls: list[str]) -> tuple[dict, dict]:  # type: ignore[type-arg]
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    lines = ["sources:"] + [f"  - {{name: s{i}, plugin: rss, url: '{u}', language: en}}"
                            for i, u in enumerate(urls)]
    (work / "sources.yaml").write_text("\n".join(lines) + "\n")
    cmd = [str(MONITOR), "--config", str(work / "sources.yaml"), "--db", str(work / "m.db"),
           "--plugins-dir", str(work / "plugins"), "poll", "--all", "--json"]
    first = run_measured(cmd)
    second = run_measured(cmd)
    for run in (first, second):
        try:
            report = json.loads(str(run["out"]))
        except ValueError:
            sys.exit(f"monitor poll failed: rc {run['rc']}\n{str(run['err'])[-2000:]}")
        run["items"] = report["new_items"]
        run["errors"] = len(report["failed"])
    return first, second


def peer(work: Path, urls: list[str], workers: int) -> tuple[dict, dict]:  # type: ignore[type-arg]
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / "urls.txt").write_text("\n".join(urls))
    db = str(work / "reader.sqlite")
    subprocess.run([str(PEERS), "-c", READER_ADD, db, str(work / "urls.txt")], check=True)
    cmd = [str(PEERS), "-c", READER_UPDATE, db, str(workers)]
    first = run_measured(cmd)
    total_before = int(str(first["out"]).split()[0]) if first["rc"] == 0 else 0
    second = run_measured(cmd)
    for run in (first, second):
        if run["rc"] != 0:
            sys.exit(f"reader failed: {str(run['err'])[-2000:]}")
        run["errors"] = int(str(run["out"]).split()[1])
    first["items"] = total_before
    second["items"] = int(str(second["out"]).split()[0]) - total_before
    return first, second


def serial(work: Path, urls: list[str]) -> dict:  # type: ignore[type-arg]
    work.mkdir(parents=True, exist_ok=True)
    (work / "urls.txt").write_text("\n".join(urls))
    run = run_measured([str(PEERS), "-c", SERIAL, str(work / "urls.txt")])
    if run["rc"] != 0:
        sys.exit(f"serial loop failed: {str(run['err'])[-2000:]}")
    run["items"] = int(str(run["out"]).split()[0])
    run["errors"] = 0
    return run


def median(runs: list[dict], key: str) -> float:  # type: ignore[type-arg]
    return statistics.median(float(r[key]) for r in runs)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}), "
            f"Python {platform.python_version()}, load average {load[0]:.1f} at the start")


def row(name: str, runs: list[dict], bound: float, peer_wall: float | None) -> str:  # type: ignore[type-arg]
    wall, cpu, rss = median(runs, "wall"), median(runs, "cpu"), max(r["rss"] for r in runs)
    items = median(runs, "items")
    per_item = f"{cpu / items * 1e3:.2f} ms" if items else "-"
    ratio = f"{wall / peer_wall:.2f}x" if peer_wall else "-"
    errors = max(r["errors"] for r in runs)
    return (f"| {name} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MiB | {items:.0f} | {per_item} "
            f"| {ratio} | {wall / bound:.1f}x | {errors} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--hosts-per", type=int, default=4, help="feeds per loopback host")
    parser.add_argument("--hosts", type=int,
                        help="loopback hosts for every size (instead of --hosts-per)")
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=64, help="reader's workers")
    parser.add_argument("--no-serial", action="store_true", help="skip the serial loop")
    parser.add_argument("--serial-runs", type=int, default=1,
                        help="runs of the serial loop (it takes feeds x latency)")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve-hosts", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve, args.serve_hosts, args.latency))
        return
    if not PEERS.exists():
        sys.exit(f"{PEERS} is missing: python3 -m venv bench/.venv-peers && "
                 "bench/.venv-peers/bin/pip install reader feedparser httpx sgmllib3k "
                 "(reader's vendored feedparser imports sgmllib)")
    print(machine())
    tmp = Path(tempfile.mkdtemp(prefix="bench-peers-"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    # the tagging cache of this checkout alone (other installs on the machine may rewrite a
    # shared one), warmed, as is the bytecode
    os.environ["MONITOR_CACHE_DIR"] = str(tmp / "cache")
    subprocess.run([str(MONITOR), "tag"], input=b"warm-up\n", capture_output=True, check=True)
    try:
        for size in args.sizes:
            hosts = args.hosts or max(1, -(-size // args.hosts_per))
            port = free_port()
            server = subprocess.Popen(
                [sys.executable, __file__, "--serve", str(port), "--serve-hosts", str(hosts),
                 "--latency", str(args.latency)], stdout=subprocess.PIPE, text=True)
            try:
                assert server.stdout is not None and server.stdout.readline().strip() == "ready"
                urls = feed_urls(port, size, hosts)
                results: dict[str, list[dict]] = {  # type: ignore[type-arg]
                    "ours": [], "ours re-poll": [], "reader": [], "reader re-poll": [],
                    "serial": []}
                for run in range(args.runs):
                    first, second = ours(tmp / "ours", urls)
                    results["ours"].append(first)
                    results["ours re-poll"].append(second)
                    first, second = peer(tmp / "reader", urls, args.workers)
                    results["reader"].append(first)
                    results["reader re-poll"].append(second)
                    if not args.no_serial and run < args.serial_runs:
                        results["serial"].append(serial(tmp / "serial", urls))
                # start-up with nothing due, and one line through `monitor tag`
                work = tmp / "ours"
                idle = [run_measured([str(MONITOR), "--config", str(work / "sources.yaml"),
                                      "--db", str(work / "m.db"), "--plugins-dir",
                                      str(work / "plugins"), "poll", "--json"])
                        for _ in range(3)]
            finally:
                server.terminate()
                server.wait(10)
            bound = size * args.latency / 64
            print(f"\n{size:,} feeds on {hosts} loopback hosts, {args.latency * 1000:.0f} ms per "
                  f"response, {ITEMS} items a feed; median of {args.runs} runs "
                  f"(serial: {len(results['serial'])}); latency bound {bound:.2f} s")
            print("| run | wall | CPU | peak RSS | new items | CPU per new item | wall vs reader "
                  "| wall vs bound | failed |")
            print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
            peer_wall = median(results["reader"], "wall")
            peer_rewall = median(results["reader re-poll"], "wall")
            print(row("ours", results["ours"], bound, peer_wall))
            print(row("reader (64 workers)", results["reader"], bound, peer_wall))
            if results["serial"]:
                print(row("serial feedparser + httpx", results["serial"], bound, peer_wall))
            print(row("ours, re-poll (304)", results["ours re-poll"], bound, peer_rewall))
            print(row("reader, re-poll (304)", results["reader re-poll"], bound, peer_rewall))
            re_cpu = median(results["ours re-poll"], "cpu")
            print(f"ours re-poll: {re_cpu / size * 1e3:.2f} ms CPU per feed; reader "
                  f"{median(results['reader re-poll'], 'cpu') / size * 1e3:.2f} ms")
            print(f"`monitor poll`, nothing due: {median(idle, 'wall'):.2f} s wall, "
                  f"{median(idle, 'cpu'):.2f} s CPU, {max(r['rss'] for r in idle):.0f} MiB")
        tags = [run_measured([str(MONITOR), "tag"],
                             stdin=b"Dock workers strike over pay in Hamburg\n")
                for _ in range(5)]
        print(f"`monitor tag` on one line: {median(tags, 'wall'):.2f} s wall, "
              f"{median(tags, 'cpu'):.2f} s CPU, {max(r['rss'] for r in tags):.0f} MiB")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
