"""The one shared HTTP client. Every plugin fetches through it, so limits apply everywhere.

What it guarantees, whatever a server does: a global and a per-host concurrency limit, a delay
between requests to one host, robots.txt, connect/read/total timeouts, a size cap that also bounds
the decompressed size (compression bombs), a redirect cap with loop detection, retries with
backoff for transient errors only (Retry-After honoured), and no request to a private address that
was not configured (SSRF). Every failure is a ``FetchError`` whose message is for people.
"""

from __future__ import annotations

import asyncio
import copy
import email.utils
import hashlib
import ipaddress
import logging
import socket
import time
import zlib
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urljoin

import httpx

from monitor import __version__
from monitor.addresses import PinnedBackend, is_private, same_origin_key
from monitor.errors import FetchError
from monitor.parse.encoding import decode_body
from monitor.source_http import all_hosts_headers, own_host_headers
from monitor.transport import PerHostTransport

log = logging.getLogger("monitor.fetch")

PROJECT_URL = "https://github.com/labour-monitor/labour-monitor"
ROBOTS_TOKEN = "labour-monitor"


def make_user_agent(contact: str | None = None) -> str:
    """Our User-Agent: the project, its version and a URL where site owners can reach us."""
    return f"{ROBOTS_TOKEN}/{__version__} (+{contact or PROJECT_URL})"


DEFAULT_USER_AGENT = make_user_agent()
TRANSIENT_STATUSES = {429, 502, 503, 504}
MAX_CRAWL_DELAY = 30.0
"""robots.txt Crawl-delay is honoured between two requests to a host, up to this many seconds
(a larger one would leave the host's sources waiting past their own timeout)."""


@dataclass(frozen=True)
class FetchSettings:
    """Polite-crawler defaults in one place."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    """Per response, after decompression. Memory for bodies is at most max_connections x this."""
    max_redirects: int = 5
    max_connections: int = 64
    max_per_host: int = 2
    host_delay: float = 0.0
    """Seconds between the starts of two requests to one host."""
    retries: int = 2
    """Extra attempts after a transient failure (connection refused or reset, 429, 502-504)."""
    retry_backoff: float = 1.0
    max_retry_wait: float = 10.0
    """A Retry-After longer than this ends the fetch; the poll schedules the source for later."""
    respect_robots: bool = True
    robots_max_bytes: int = 512 * 1024


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, status: int, reason: str = "", retry_after: float | None = None):
        self.status = status
        self.retry_after = retry_after
        message = f"HTTP {status} {reason}".strip()
        if retry_after is not None:
            message += f", retry after {human_duration(retry_after)}"
        super().__init__(message)


class NetworkError(FetchError):
    """The transport failed (refused, reset, timed out, name not resolved): maybe our network."""

    def __init__(self, message: str, transient: bool = True):
        self.transient = transient
        super().__init__(message)


class BlockedError(FetchError):
    """We refused to fetch: robots.txt, a private address, a scheme we do not speak."""


@dataclass
class Response:
    """A fetched body, fully read and size-capped."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    elapsed: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)
    not_modified: bool = False
    """True on a 304, or when a conditional fetch got the same body as last time."""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def declared_charset(self) -> str | None:
        msg = Message()
        msg["content-type"] = self.headers.get("content-type", "")
        charset = msg.get_param("charset")
        return str(charset) if isinstance(charset, str) else None

    def text(self) -> str:
        """Decode the body: declared charset if it decodes cleanly, else a detector's guess."""
        # lazy: only for hosts that have a robots.txt

        return decode_body(self.content, self.declared_charset)


def human_duration(seconds: float) -> str:
    """'30 s', '5 min', '2 h', '3 days': durations as people read them."""
    if seconds < 120:
        return f"{seconds:.3g} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.2g} h"
    return f"{seconds / 86400:.0f} days"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def body_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass
class _Redirect:
    location: str
    status: int


@dataclass
class _Shared:
    """What every view of one Fetcher shares: the client, the limits, the robots cache."""

    client: httpx.AsyncClient
    global_limit: asyncio.Semaphore
    host_limits: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    last_start: dict[str, float] = field(default_factory=dict)
    robots: dict[str, Any] = field(default_factory=dict)
    robots_locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    robots_known: dict[str, str] = field(default_factory=dict)
    robots_fetched: dict[str, str] = field(default_factory=dict)
    pins: dict[str, str] = field(default_factory=dict)
    """Host name -> the address its SSRF check resolved (the connection goes there)."""
    proxy_clients: dict[str, httpx.AsyncClient] = field(default_factory=dict)


def _make_client(s: FetchSettings, pins: dict[str, str] | None = None,
                 proxy: str | None = None) -> httpx.AsyncClient:
    """The shared client (or one for a source's proxy), with our timeouts and headers.

    Without a proxy, a small pool per host (httpcore's one pool for all hosts walks every
    connection on every request: monitor/transport.py) whose connections go to the address the
    SSRF check resolved, not to a second DNS answer (``pins``). Through a proxy, httpx's own
    pool: the proxy resolves."""
    return httpx.AsyncClient(
        headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout, pool=None),
        transport=None if proxy else PerHostTransport(
            per_host=s.max_per_host + 1, max_hosts=4 * s.max_connections,
            network_backend=PinnedBackend(pins if pins is not None else {})),
        proxy=proxy,
        limits=httpx.Limits(max_connections=s.max_connections + 8,
                            max_keepalive_connections=s.max_connections),
        follow_redirects=False,
    )


class Fetcher:
    """Async fetcher shared by all sources of one poll.

    ``for_source`` gives a view bound to one source: it may reach that source's own host even on
    a private address, anything else only on public addresses (unless the source allows private
    ones), and it does conditional GETs of the source's URL with the validators stored last time.
    """

    def __init__(
        self, settings: FetchSettings | None = None, robots: dict[str, str] | None = None
    ):
        """``robots``: robots.txt texts still fresh from earlier polls, by ``scheme://host``
        ("" when the host has none), so a cron run every few minutes does not fetch them again.
        """
        self.settings = settings or FetchSettings()
        s = self.settings
        pins: dict[str, str] = {}
        self._shared = _Shared(_make_client(s, pins), asyncio.Semaphore(s.max_connections),
                               pins=pins)
        self._shared.robots_known.update(robots or {})
        self.http_options: Any = None
        self.source_url: str | None = None
        self.own_hosts: frozenset[tuple[str, int]] = frozenset()
        self.allow_private = True
        self.state: dict[str, Any] = {}
        self.new_state: dict[str, Any] | None = None
        self.unchanged = False

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._shared.client.aclose()
        for client in self._shared.proxy_clients.values():
            await client.aclose()

    def for_source(
        self, url: str, allow_private: bool = False, state: dict[str, Any] | None = None,
        http: Any = None,
    ) -> Fetcher:
        """A view of this fetcher for one source (same client and limits, its own rules).

        ``http``: the source's HttpOptions (monitor.config): headers, cookies and basic auth
        for its own host, user agent and proxy for all of its requests.
        """
        view = copy.copy(self)
        view.http_options = http
        view.source_url = url
        own = httpx.URL(url)
        view.own_hosts = frozenset({same_origin_key(own.scheme, own.host, own.port)})
        view.allow_private = allow_private
        view.state = dict(state or {})
        view.new_state = None
        view.unchanged = False
        return view

    async def get(
        self, url: str, headers: dict[str, str] | None = None, *, conditional: bool = False
    ) -> Response:
        """GET a URL; raise FetchError with a message for people on any failure.

        With ``conditional=True`` on the source's own URL, send the stored ETag/Last-Modified;
        ``Response.not_modified`` then says the feed is unchanged (304 or the same body).
        """
        headers = dict(headers or {})
        conditional = conditional and url == self.source_url
        if conditional:
            if self.state.get("etag"):
                headers["If-None-Match"] = self.state["etag"]
            if self.state.get("last_modified"):
                headers["If-Modified-Since"] = self.state["last_modified"]
        s = self.settings
        attempt = 0
        while True:
            try:
                response = await self._follow(url, headers)
                break
            except (HTTPStatusError, NetworkError) as exc:
                transient = (
                    exc.status in TRANSIENT_STATUSES if isinstance(exc, HTTPStatusError)
                    else exc.transient
                )
                retry_after = getattr(exc, "retry_after", None)
                wait = retry_after if retry_after is not None else s.retry_backoff * 2**attempt
                if not transient or attempt >= s.retries or wait > s.max_retry_wait:
                    raise
                attempt += 1
                await asyncio.sleep(wait)
        if conditional:
            self._remember(response)
        return response

    def _remember(self, response: Response) -> None:
        """Validators for next time; the poll stores them only once the items are stored."""
        if response.status == 304:
            self.unchanged = True
            self.new_state = {k: self.state.get(k) for k in ("etag", "last_modified", "body_hash")}
            return
        digest = body_hash(response.content)
        if digest == self.state.get("body_hash"):
            response.not_modified = True
            self.unchanged = True
        self.new_state = {
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
            "body_hash": digest,
        }

    async def _follow(self, url: str, headers: dict[str, str]) -> Response:
        s = self.settings
        chain = [url]
        started = time.monotonic()
        for _ in range(s.max_redirects + 1):
            result = await self._fetch_one(url, headers)
            if isinstance(result, Response):
                result.url = chain[0]
                result.elapsed = time.monotonic() - started
                if len(chain) > 1:
                    result.extra["redirects"] = chain
                return result
            url = urljoin(url, result.location)
            if url in chain:
                loop = " -> ".join([*chain[chain.index(url):], url])
                raise FetchError(f"redirect loop: {_shorten(loop)}")
            chain.append(url)
        raise FetchError(f"too many redirects (more than {s.max_redirects})")

    async def _check_url(self, url: httpx.URL) -> None:
        """The SSRF rule (monitor.addresses); a checked name is pinned to its checked address."""
        if url.scheme not in ("http", "https"):
            raise BlockedError(f"refused: not an http(s) URL ({url.scheme}:)")
        if self.allow_private or same_origin_key(url.scheme, url.host, url.port) in self.own_hosts:
            return
        host = url.raw_host.decode("ascii", "replace")
        try:
            addresses = [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, url.port or 80, type=socket.SOCK_STREAM
                )
            except OSError:
                raise NetworkError(f"could not resolve host {host}") from None
            addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
            if addresses:
                self._shared.pins[host] = str(addresses[0])
        for address in addresses:
            if is_private(address):
                self._shared.pins.pop(host, None)
                raise BlockedError(
                    f"refused: {url.host} is a private address ({address}); only the source's "
                    "own host and port may be private (set allow_private: true on the source "
                    "to allow it)"
                )

    def _host_limit(self, host: str) -> asyncio.Semaphore:
        limits = self._shared.host_limits
        if host not in limits:
            limits[host] = asyncio.Semaphore(self.settings.max_per_host)
        return limits[host]

    async def _fetch_one(
        self, url_text: str, headers: dict[str, str], robots: bool = True
    ) -> Response | _Redirect:
        s = self.settings
        try:
            url = httpx.URL(url_text)
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}") from None
        await self._check_url(url)
        if robots and s.respect_robots:
            await self._check_robots(url)
        host = url.host
        delay = max(s.host_delay, self._crawl_delay(url)) if robots else s.host_delay
        async with self._host_limit(host), self._shared.global_limit:
            if delay:  # reserve the next slot before sleeping, so waiters queue up
                now = time.monotonic()
                last = self._shared.last_start.get(host)
                slot = now if last is None else max(now, last + delay)
                self._shared.last_start[host] = slot
                if slot > now:
                    await asyncio.sleep(slot - now)
            max_bytes = s.max_bytes if robots else s.robots_max_bytes
            if self.http_options is not None:
                headers = self._source_headers(url, headers)
            try:
                return await asyncio.wait_for(self._request(url, headers, max_bytes),
                                              s.total_timeout)
            except TimeoutError:
                raise NetworkError(
                    f"timed out after {human_duration(s.total_timeout)}", transient=False
                ) from None
            except httpx.ConnectTimeout:
                raise NetworkError(
                    f"could not connect within {human_duration(s.connect_timeout)}",
                    transient=False,
                ) from None
            except httpx.ReadTimeout:
                raise NetworkError(
                    f"timed out after {human_duration(s.read_timeout)} waiting for data",
                    transient=False,
                ) from None
            except httpx.ConnectError as exc:
                raise NetworkError(_connect_message(str(exc), host)) from None
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                raise NetworkError(f"connection broken: {exc or 'closed by server'}") from None
            except httpx.UnsupportedProtocol as exc:
                raise BlockedError(f"refused: {exc}") from None
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid URL: {exc}") from None
            except httpx.HTTPError as exc:
                raise NetworkError(f"{type(exc).__name__}: {exc}", transient=False) from None

    def _source_headers(self, url: httpx.URL, headers: dict[str, str]) -> dict[str, str]:
        """The source's own headers on top of the request's; secrets only to its own host."""
        extra = all_hosts_headers(self.http_options)
        if same_origin_key(url.scheme, url.host, url.port) in self.own_hosts:
            extra.update(own_host_headers(self.http_options))
        return {**extra, **headers}

    def _client(self) -> httpx.AsyncClient:
        proxy = getattr(self.http_options, "proxy", None)
        if not proxy:
            return self._shared.client
        clients = self._shared.proxy_clients
        if proxy not in clients:
            try:
                clients[proxy] = _make_client(self.settings, proxy=proxy)
            except ImportError as exc:  # socks5 needs httpx[socks]
                raise FetchError(f"proxy {proxy}: {exc}") from None
        return clients[proxy]

    async def _request(
        self, url: httpx.URL, headers: dict[str, str], max_bytes: int
    ) -> Response | _Redirect:
        async with self._client().stream("GET", url, headers=headers) as resp:
            status = resp.status_code
            if status in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                return _Redirect(resp.headers["location"], status)
            if status >= 400:
                raise HTTPStatusError(
                    status, resp.reason_phrase, parse_retry_after(resp.headers.get("retry-after"))
                    if status in (429, 503) else None,
                )
            log.debug("GET %s: %d", url, status)
            response_headers = {k.lower(): v for k, v in resp.headers.items()}
            content = b"" if status == 304 else await _read_capped(resp, max_bytes)
            return Response(
                url=str(url), final_url=str(resp.url), status=status,
                headers=response_headers, content=content, not_modified=status == 304,
            )

    async def _check_robots(self, url: httpx.URL) -> None:
        key = f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"
        shared = self._shared
        if key not in shared.robots:
            lock = shared.robots_locks.setdefault(key, asyncio.Lock())
            async with lock:
                if key not in shared.robots:
                    known = shared.robots_known.get(key)
                    shared.robots[key] = (
                        _parse_robots(known) if known is not None
                        else await self._load_robots(key)
                    )
        parser = shared.robots[key]
        if parser is not None and not parser.can_fetch(str(url), ROBOTS_TOKEN):
            raise BlockedError(f"refused: robots.txt of {url.host} disallows {url.path}")

    def _crawl_delay(self, url: httpx.URL) -> float:
        """The host's robots.txt Crawl-delay for us (or for *), at most MAX_CRAWL_DELAY."""
        if not self.settings.respect_robots:
            return 0.0
        parser = self._shared.robots.get(f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}")
        if parser is None:
            return 0.0
        try:
            wanted = parser.crawl_delay(ROBOTS_TOKEN)
        except Exception:  # noqa: BLE001 - a robots.txt quirk must not fail the fetch
            return 0.0
        return min(float(wanted or 0.0), MAX_CRAWL_DELAY)

    @property
    def robots_fetched(self) -> dict[str, str]:
        """robots.txt texts fetched by this poll ("" for none), for the next polls to reuse."""
        return dict(self._shared.robots_fetched)

    async def _load_robots(self, base: str) -> Any:
        """The host's robots.txt parsed, or None (allow all) when it has none or fails.

        A robots.txt that cannot be fetched (5xx, network) allows all and is tried again next
        poll: being stricter would turn every outage into "disallowed by robots.txt" and hide
        the real error. A 4xx means the host has none (RFC 9309).
        """
        url = base + "/robots.txt"
        text = None
        try:
            for _ in range(self.settings.max_redirects + 1):
                result = await self._fetch_one(url, {}, robots=False)
                if isinstance(result, Response):
                    text = result.content.decode("utf-8", errors="replace")
                    break
                url = urljoin(url, result.location)
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                text = ""
        except FetchError:
            return None
        if text is None:
            return None
        self._shared.robots_fetched[base] = text
        return _parse_robots(text)


def _parse_robots(text: str) -> Any:
    if not text.strip():
        return None
    from protego import Protego  # lazy: only for hosts that have a robots.txt

    return Protego.parse(text)


def _connect_message(detail: str, host: str) -> str:
    """httpx's connect errors in words: refused, unresolvable, unreachable."""
    lowered = detail.lower()
    if "name or service not known" in lowered or "nodename nor servname" in lowered \
            or "temporary failure in name resolution" in lowered:
        return f"could not resolve host {host}"
    if not detail or "all connection attempts failed" in lowered or "refused" in lowered:
        return f"could not connect to {host} (connection refused or unreachable)"
    return f"could not connect to {host}: {detail}"


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _read_capped(resp: httpx.Response, max_bytes: int) -> bytes:
    """Read and decompress the body, never holding more than ``max_bytes`` of output."""
    encoding = resp.headers.get("content-encoding", "identity").strip().lower()
    limit_text = f"{max_bytes / (1024 * 1024):g} MB"
    declared = resp.headers.get("content-length", "")
    if encoding in ("", "identity") and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response larger than {limit_text} ({int(declared):,} bytes announced)")
    if encoding in ("gzip", "x-gzip", "deflate"):
        decoder: Any = zlib.decompressobj(47)  # gzip or zlib header; raw deflate tried below
    elif encoding in ("", "identity"):
        decoder = None
    else:
        raise FetchError(f"unsupported Content-Encoding: {encoding}")
    chunks: list[bytes] = []
    size = 0
    first = True
    async for raw in resp.aiter_raw():
        if decoder is None:
            data = raw
        else:
            try:
                data = decoder.decompress(raw, max_bytes - size + 1)
            except zlib.error as exc:
                if not (first and encoding == "deflate"):
                    raise FetchError(f"could not decompress the response: {exc}") from None
                decoder = zlib.decompressobj(-15)  # raw deflate, as some servers send it
                try:
                    data = decoder.decompress(raw, max_bytes - size + 1)
                except zlib.error:
                    raise FetchError(f"could not decompress the response: {exc}") from None
            if decoder.unconsumed_tail:
                raise FetchError(f"response larger than {limit_text} once decompressed")
        first = False
        size += len(data)
        if size > max_bytes:
            raise FetchError(
                f"response larger than {limit_text}"
                + (" once decompressed" if decoder is not None else "")
            )
        chunks.append(data)
    return b"".join(chunks)
