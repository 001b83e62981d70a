"""The per-host transport of the shared client: small pools, bounded in number, reused."""

from __future__ import annotations

import asyncio
import http.server
import threading
from collections.abc import Iterator

import httpx
import pytest

from monitor.transport import PerHostTransport


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    peers: set[tuple[str, int]] = set()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Handler.peers.add(self.client_address)
        body = f"{self.server.server_address[0]} {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def servers() -> Iterator[list[str]]:
    running = []
    for host in ("127.0.0.2", "127.0.0.3", "127.0.0.4"):
        server = http.server.ThreadingHTTPServer((host, 0), _Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
    _Handler.peers = set()
    yield [f"http://{s.server_address[0]}:{s.server_address[1]}" for s in running]
    for server in running:
        server.shutdown()
        server.server_close()


def test_pools_are_reused_per_host_and_bounded(servers: list[str]) -> None:
    async def run() -> tuple[list[str], int]:
        transport = PerHostTransport(per_host=2, max_hosts=2)
        async with httpx.AsyncClient(transport=transport) as client:
            bodies = []
            for _round in range(3):
                for base in servers[:2]:  # two hosts fit: their connections are kept
                    bodies.append((await client.get(f"{base}/feed")).text)
            reused = len(_Handler.peers)
            for base in servers:  # a third host: the least recently used idle pool is closed
                bodies.append((await client.get(f"{base}/more")).text)
            assert transport.open_hosts <= 2
            return bodies, reused

    bodies, connections = asyncio.run(run())
    assert connections == 2  # six requests to two hosts over one connection each
    assert bodies[:2] == [f"{servers[0][7:].split(':')[0]} /feed",
                          f"{servers[1][7:].split(':')[0]} /feed"]
    assert bodies[-1] == f"{servers[2][7:].split(':')[0]} /more"


def test_concurrent_requests_to_one_host_stay_within_its_pool(servers: list[str]) -> None:
    async def run() -> list[int]:
        transport = PerHostTransport(per_host=2, max_hosts=8)
        async with httpx.AsyncClient(transport=transport) as client:
            responses = await asyncio.gather(*(client.get(f"{servers[0]}/{i}")
                                               for i in range(10)))
            return [r.status_code for r in responses]

    assert asyncio.run(run()) == [200] * 10
    assert len(_Handler.peers) <= 2



def test_pools_closed_by_two_requests_at_once_never_fail() -> None:
    """Two new hosts at once each close idle pools; while one awaits a close, the other closes
    the next pool in its list (10,000 feeds on 500 hosts once failed 4,234 sources with a
    KeyError here)."""
    closed: list[str] = []

    class _Idle:
        def __init__(self, name: str):
            self.name = name

        async def aclose(self) -> None:
            await asyncio.sleep(0)  # closing a socket lets other tasks run
            closed.append(self.name)

    async def run() -> None:
        transport = PerHostTransport(per_host=1, max_hosts=1)
        for name in ("a", "b", "c"):
            transport._pools[(b"http", name.encode(), 80)] = _Idle(name)  # type: ignore[assignment]
        await asyncio.gather(transport._evict(0), transport._evict(0))
        assert transport.open_hosts == 0

    asyncio.run(run())
    assert sorted(closed) == ["a", "b", "c"]
