"""One small connection pool per host, for the shared HTTP client (monitor.fetch).

httpcore's pool walks every connection it holds on every request and again on every response
(expiry checks, each a system call): with 64 connections to 250 hosts that was a quarter of a
re-poll's CPU. Here each host has its own pool of `per_host` connections (the fetcher never has
more in flight to one host), so a request looks at two connections, not seventy. Pools of hosts
that are done are closed, least recently used first, once more than `max_hosts` are open, so the
number of sockets stays bounded however many hosts a poll visits.

Everything else is httpx's own transport (timeouts, TLS, HTTP/1.1 parsing); the fetcher's
guarantees (caps, SSRF guard, redirects, charset) sit above it and do not change.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx

HostKey = tuple[bytes, bytes, int | None]


class _CountedStream(httpx.AsyncByteStream):
    """A response body that tells its pool when it is closed (the request is then done)."""

    def __init__(self, inner: Any, done: Callable[[], None]):
        self._inner = inner
        self._done: Callable[[], None] | None = done

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            self._release()

    def _release(self) -> None:
        if self._done is not None:
            done, self._done = self._done, None
            done()


class PerHostTransport(httpx.AsyncBaseTransport):
    """An httpx transport made of one AsyncHTTPTransport per (scheme, host, port)."""

    def __init__(self, per_host: int = 2, max_hosts: int = 64, network_backend: Any = None,
                 **options: Any):
        """``network_backend``: httpcore's, for every pool (the SSRF pinning of
        monitor.addresses connects to the address that was checked)."""
        self.per_host = per_host
        self._network_backend = network_backend
        self.max_hosts = max_hosts
        # one TLS context for all pools, made when the first pool needs it: building one reads
        # the CA bundle (tens of ms)
        self._verify: Any = options.pop("verify", None)
        self._plain: Any = None
        """The context of the http:// pools, never used to speak TLS (their origin is plain
        http); httpx builds one per pool otherwise (250 hosts: 1.5 % of a re-poll's CPU)."""
        self._options = options
        self._pools: OrderedDict[HostKey, httpx.AsyncHTTPTransport] = OrderedDict()
        self._busy: dict[HostKey, int] = {}

    def _pool(self, key: HostKey) -> httpx.AsyncHTTPTransport:
        pool = self._pools.get(key)
        if pool is None:
            if key[0] == b"https" and self._verify is None:
                self._verify = httpx.create_ssl_context()
            elif key[0] != b"https" and self._plain is None:
                # not the shared context: that would make the first plain poll read the CA bundle
                self._plain = httpx.create_ssl_context(verify=False)
            pool = httpx.AsyncHTTPTransport(
                verify=self._verify if key[0] == b"https" else self._plain,
                limits=httpx.Limits(max_connections=self.per_host,
                                    max_keepalive_connections=self.per_host),
                **self._options,
            )
            if self._network_backend is not None:
                pool._pool._network_backend = self._network_backend
            self._pools[key] = pool
        else:
            self._pools.move_to_end(key)
        return pool

    async def _evict(self, keep: int) -> None:
        """Close the least recently used idle pools until `keep` are left (or all are busy)."""
        if len(self._pools) <= keep:
            return
        for key in list(self._pools):
            if len(self._pools) <= keep:
                break
            # another request may have closed this pool while we awaited a close below: with
            # more hosts than max_hosts, that was a KeyError for the source (10,000 feeds on
            # 500 hosts failed 4,234 of them)
            if not self._busy.get(key) and key in self._pools:
                pool = self._pools.pop(key)
                self._busy.pop(key, None)
                await pool.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key: HostKey = (url.raw_scheme, url.raw_host, url.port)
        if key not in self._pools:
            await self._evict(self.max_hosts - 1)
        pool = self._pool(key)
        self._busy[key] = self._busy.get(key, 0) + 1

        def done() -> None:
            self._busy[key] = self._busy.get(key, 1) - 1

        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            done()
            raise
        response.stream = _CountedStream(response.stream, done)
        return response

    @property
    def open_hosts(self) -> int:
        """Hosts with a pool open now (bounded by max_hosts once their requests are done)."""
        return len(self._pools)

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:
            await pool.aclose()
