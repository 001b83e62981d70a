"""A poll of 1,000 sources on many loopback hosts that each answer after 100 ms.

Usage:
  .venv/bin/python bench/poll.py                     # 1000 sources on 250 hosts 127.0.0.x
  .venv/bin/python bench/poll.py --sources 300 --hosts 100 --latency 0.1

A server process listens on 127.0.0.2 ... 127.0.0.(hosts+1) (loopback only) and answers every
request, robots.txt included, after --latency seconds, with an ETag and 304 to a matching
If-None-Match. Every source serves the same small feed, so the figures are those of fetching and
bookkeeping, not of tagging (which is done once). Printed: the wall time of the first poll against
the latency-bound minimum (every request costs the latency; at most --limit in flight at once),
the peak memory of the polling process, then a second poll of the unchanged sources: the share
answered by 304 and its wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

FEED = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>'
        + b"".join(
            b"<item><title>Dock workers strike over pay, day %d</title>"
            b"<link>http://news.example/strike-%d</link><guid>strike-%d</guid>"
            b"<pubDate>Mon, 0%d Sep 2025 10:00:00 +0000</pubDate>"
            b"<description>Port workers stopped work.</description></item>" % (i, i, i, i + 1)
            for i in range(3))
        + b"</channel></rss>")
ETAG = b'"bench-1"'


async def serve(port: int, hosts: int, latency: float) -> None:
    stats = {"200": 0, "304": 0, "robots": 0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1]
                await asyncio.sleep(latency)
                if path == b"/__stats":
                    body, status, extra = json.dumps(stats).encode(), b"200 OK", b""
                elif path == b"/robots.txt":
                    stats["robots"] += 1
                    body, status, extra = b"", b"404 Not Found", b""
                elif b"if-none-match: " + ETAG in head.lower():
                    stats["304"] += 1
                    body, status, extra = b"", b"304 Not Modified", b"ETag: " + ETAG + b"\r\n"
                else:
                    stats["200"] += 1
                    body, status = FEED, b"200 OK"
                    extra = b"ETag: " + ETAG + b"\r\nContent-Type: application/rss+xml\r\n"
                writer.write(b"HTTP/1.1 " + status + b"\r\n" + extra
                             + b"Content-Length: %d\r\n\r\n" % len(body) + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    servers = [await asyncio.start_server(handle, f"127.0.0.{2 + i}", port, backlog=512)
               for i in range(hosts)]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


def server_stats(port: int) -> dict[str, int]:
    import httpx

    return dict(httpx.get(f"http://127.0.0.2:{port}/__stats", timeout=10).json())


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=250)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--limit", type=int, default=64, help="global concurrency limit")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve, args.hosts, args.latency))
        return

    from monitor.config import load_config
    from monitor.enrich import tag_fields
    from monitor.fetch import FetchSettings
    from monitor.plugins import load_plugins
    from monitor.poll.run import poll
    from monitor.store.schema import open_db

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--hosts", str(args.hosts),
         "--latency", str(args.latency)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        tmp = Path(tempfile.mkdtemp(prefix="bench-poll-"))
        lines = ["sources:"] + [
            f"  - {{name: s{i}, plugin: rss, url: 'http://127.0.0.{2 + i % args.hosts}:{port}"
            f"/feed/{i}', language: en}}" for i in range(args.sources)
        ]
        (tmp / "sources.yaml").write_text("\n".join(lines) + "\n")
        registry = load_plugins(tmp / "plugins", entry_points=False)
        config = load_config(tmp / "sources.yaml", registry)
        db = open_db(tmp / "bench.db")
        tag_fields("warm-up", "taggers load their data once per process", "en")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        settings = FetchSettings(max_connections=args.limit)

        started = time.perf_counter()
        first = poll(db, config, registry, settings=settings)
        wall = time.perf_counter() - started
        rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        after_first = server_stats(port)

        started = time.perf_counter()
        second = poll(db, config, registry, settings=settings)
        wall2 = time.perf_counter() - started
        after_second = server_stats(port)
    finally:
        server.terminate()
        server.wait(10)

    requests = args.sources + min(args.hosts, args.sources)  # feeds + one robots.txt per host
    minimum = math.ceil(requests / args.limit) * args.latency
    failed = len(first.failed) + len(second.failed)
    not_modified = after_second["304"] - after_first["304"]
    unchanged = sum(1 for r in second.results if r.unchanged)
    print(f"{args.sources} sources on {args.hosts} loopback hosts, {args.latency * 1000:.0f} ms "
          f"per response, global limit {args.limit}, per-host limit {settings.max_per_host}")
    print(f"first poll:  {wall:6.2f} s wall for {requests} requests; latency-bound minimum "
          f"{minimum:.2f} s; ratio {wall / minimum:.2f}; failed {failed}")
    print(f"peak memory: {rss_peak:.0f} MB RSS (before the poll {rss_before:.0f} MB, "
          f"tagging models included)")
    print(f"second poll: {wall2:6.2f} s wall; answered 304: {not_modified}/{args.sources} "
          f"({100 * not_modified / args.sources:.0f}%); unchanged sources {unchanged}; "
          f"robots.txt fetched again {after_second['robots'] - after_first['robots']}")


if __name__ == "__main__":
    main()
