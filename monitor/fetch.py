"""The one shared HTTP client. Every plugin fetches through it, so limits apply everywhere."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from email.message import Message

import httpx

from monitor import __version__
from monitor.errors import FetchError

DEFAULT_USER_AGENT = (
    f"labour-monitor/{__version__} (+https://github.com/labour-monitor/labour-monitor)"
)


@dataclass(frozen=True)
class FetchSettings:
    """Polite-crawler defaults in one place."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    max_connections: int = 20
    max_per_host: int = 2


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
        from monitor.encoding import decode_body

        return decode_body(self.content, self.declared_charset)


def _human_duration(seconds: float) -> str:
    return f"{seconds:g} s" if seconds < 120 else f"{seconds / 60:g} min"


class Fetcher:
    """Async fetcher shared by all sources of one poll."""

    def __init__(self, settings: FetchSettings | None = None):
        self.settings = settings or FetchSettings()
        s = self.settings
        self._client = httpx.AsyncClient(
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            limits=httpx.Limits(max_connections=s.max_connections),
            follow_redirects=True,
            max_redirects=s.max_redirects,
        )
        self._host_limits: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    def _host_semaphore(self, url: str) -> asyncio.Semaphore:
        host = httpx.URL(url).host
        if host not in self._host_limits:
            self._host_limits[host] = asyncio.Semaphore(self.settings.max_per_host)
        return self._host_limits[host]

    async def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET a URL; raise FetchError with a message for people on any failure."""
        s = self.settings
        async with self._host_semaphore(url):
            try:
                return await asyncio.wait_for(self._get(url, headers or {}), s.total_timeout)
            except TimeoutError:
                raise FetchError(f"timed out after {_human_duration(s.total_timeout)}") from None
            except httpx.ConnectTimeout:
                raise FetchError(
                    f"could not connect within {_human_duration(s.connect_timeout)}"
                ) from None
            except httpx.ReadTimeout:
                raise FetchError(
                    f"timed out after {_human_duration(s.read_timeout)} waiting for data"
                ) from None
            except httpx.TooManyRedirects:
                raise FetchError(f"too many redirects (more than {s.max_redirects})") from None
            except httpx.ConnectError as exc:
                raise FetchError(f"could not connect: {exc or 'connection refused'}") from None
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                raise FetchError(f"connection broken: {exc or 'closed by server'}") from None
            except httpx.DecodingError as exc:
                raise FetchError(f"could not decode the response: {exc}") from None
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid URL: {exc}") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}") from None

    async def _get(self, url: str, headers: dict[str, str]) -> Response:
        loop = asyncio.get_running_loop()
        started = loop.time()
        async with self._client.stream("GET", url, headers=headers) as resp:
            if resp.status_code >= 400:
                raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
            chunks: list[bytes] = []
            size = 0
            # iter_bytes decompresses, so the cap also bounds decompressed size.
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > self.settings.max_bytes:
                    raise FetchError(
                        f"response larger than {self.settings.max_bytes // (1024 * 1024)} MB"
                    )
                chunks.append(chunk)
            return Response(
                url=url,
                final_url=str(resp.url),
                status=resp.status_code,
                headers={k.lower(): v for k, v in resp.headers.items()},
                content=b"".join(chunks),
                elapsed=loop.time() - started,
            )
