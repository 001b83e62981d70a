"""The shared Fetcher against real local servers: limits, politeness, messages for people."""

from __future__ import annotations

import asyncio
import gzip
import time
from typing import Any

import pytest

from monitor.errors import FetchError
from monitor.fetch import (
    BlockedError,
    Fetcher,
    FetchSettings,
    HTTPStatusError,
    human_duration,
    make_user_agent,
    parse_retry_after,
)
from monitor.parse.encoding import xml_to_utf8

FAST = FetchSettings(connect_timeout=1, read_timeout=1, total_timeout=2, retries=1,
                     retry_backoff=0.01, max_bytes=100_000)


def fetch(target_url: str, settings: FetchSettings = FAST, **view: Any) -> Any:
    async def go() -> Any:
        async with Fetcher(settings) as fetcher:
            target = fetcher.for_source(**view) if view else fetcher
            return await target.get(target_url)

    return asyncio.run(go())


def test_user_agent_names_the_project_and_a_contact(http_server):
    http_server.add("/feed", "<rss/>")
    fetch(http_server.url + "/feed")
    agent = http_server.requests[-1][1]["User-Agent"]
    assert agent.startswith("labour-monitor/") and "+https://" in agent
    assert "mailto:ops@example.org" in make_user_agent("mailto:ops@example.org")


def test_robots_txt_is_respected_and_fetched_once_per_host(http_server):
    http_server.add("/robots.txt", "User-agent: labour-monitor\nDisallow: /private/\n",
                    content_type="text/plain")
    http_server.add("/private/feed", "<rss/>")
    http_server.add("/public/feed", "<rss/>")

    async def go() -> list[Any]:
        async with Fetcher(FAST) as fetcher:
            return await asyncio.gather(
                fetcher.get(http_server.url + "/private/feed"),
                fetcher.get(http_server.url + "/public/feed"),
                fetcher.get(http_server.url + "/public/feed"),
                return_exceptions=True,
            )

    blocked, ok, ok2 = asyncio.run(go())
    assert isinstance(blocked, BlockedError) and "robots.txt" in str(blocked)
    assert ok.status == 200 and ok2.status == 200
    assert [p for p, _ in http_server.requests].count("/robots.txt") == 1


def test_status_errors_read_like_sentences(http_server):
    http_server.add("/gone", "", status=410)
    http_server.add("/busy", "", status=503, headers={"Retry-After": "3600"})
    with pytest.raises(HTTPStatusError, match="^HTTP 410 Gone$"):
        fetch(http_server.url + "/gone")
    with pytest.raises(HTTPStatusError, match=r"^HTTP 503 Service Unavailable, retry after 1 h$"):
        fetch(http_server.url + "/busy")


def test_transient_errors_are_retried_then_succeed(http_server):
    calls = {"n": 0}

    def flaky(handler: Any) -> None:
        calls["n"] += 1
        status, body = (503, b"") if calls["n"] == 1 else (200, b"<rss/>")
        handler.send_response(status)
        handler.send_header("Retry-After", "0")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    http_server.add("/flaky", flaky)
    assert fetch(http_server.url + "/flaky").content == b"<rss/>"
    assert calls["n"] == 2


def test_a_404_is_not_retried(http_server):
    fetch_url = http_server.url + "/missing"
    with pytest.raises(HTTPStatusError, match="404"):
        fetch(fetch_url)
    assert [p for p, _ in http_server.requests].count("/missing") == 1


def test_size_cap_also_bounds_decompressed_size(http_server):
    bomb = gzip.compress(b"\0" * 5_000_000)
    http_server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    http_server.add("/big", b"x" * 200_000)
    http_server.add("/small.gz", gzip.compress(b"<rss>ok</rss>"),
                    headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="once decompressed"):
        fetch(http_server.url + "/bomb")
    with pytest.raises(FetchError, match="larger than"):
        fetch(http_server.url + "/big")
    assert fetch(http_server.url + "/small.gz").content == b"<rss>ok</rss>"


def test_redirect_loops_and_caps(http_server):
    http_server.add("/a", "", status=302, headers={"Location": "/b"})
    http_server.add("/b", "", status=302, headers={"Location": "/a"})
    for i in range(10):
        http_server.add(f"/hop{i}", "", status=301, headers={"Location": f"/hop{i + 1}"})
    with pytest.raises(FetchError, match="redirect loop: .*/a -> .*/b -> .*/a"):
        fetch(http_server.url + "/a")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(http_server.url + "/hop0")


def test_redirects_to_private_addresses_are_refused_for_a_source(http_server):
    http_server.add("/feed", "", status=302, headers={"Location": "http://127.0.0.2:9/secret"})
    http_server.add("/same-host", "", status=302, headers={"Location": "/feed2"})
    http_server.add("/feed2", "<rss/>")
    source = {"url": http_server.url + "/feed"}
    with pytest.raises(BlockedError, match="private address"):
        fetch(http_server.url + "/feed", **source)
    # the source's own host may be private (the demo and tests live on 127.0.0.1)
    assert fetch(http_server.url + "/same-host", **source).content == b"<rss/>"
    with pytest.raises(FetchError) as caught:  # allowed, so it is tried (and nothing listens)
        fetch(http_server.url + "/feed", allow_private=True, **source)
    assert not isinstance(caught.value, BlockedError)


def test_conditional_get_uses_stored_validators(http_server):
    def conditional(handler: Any) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("ETag", '"v1"')
        handler.send_header("Content-Length", "6")
        handler.end_headers()
        handler.wfile.write(b"<rss/>")

    http_server.add("/feed", conditional)
    url = http_server.url + "/feed"

    async def go(state: dict[str, Any] | None) -> Any:
        async with Fetcher(FAST) as fetcher:
            view = fetcher.for_source(url, state=state)
            response = await view.get(url, conditional=True)
            return response, view

    first, view = asyncio.run(go(None))
    assert first.status == 200 and not first.not_modified
    assert view.new_state["etag"] == '"v1"'
    second, view2 = asyncio.run(go(view.new_state))
    assert second.status == 304 and second.not_modified and view2.unchanged
    # a server that ignores validators: the same body is recognised by its hash
    third, view3 = asyncio.run(go({"body_hash": view.new_state["body_hash"]}))
    assert third.status == 200 and third.not_modified and view3.unchanged


def test_per_host_delay_spaces_requests(http_server):
    http_server.add("/f", "<rss/>")
    settings = FetchSettings(host_delay=0.2, respect_robots=False)

    async def go() -> float:
        async with Fetcher(settings) as fetcher:
            start = time.monotonic()
            await asyncio.gather(*(fetcher.get(http_server.url + "/f") for _ in range(3)))
            return time.monotonic() - start

    assert asyncio.run(go()) >= 0.4


def test_robots_crawl_delay_spaces_requests_to_that_host(http_server):
    http_server.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain")
    http_server.add("/f", "<rss/>")

    async def go() -> list[float]:
        async with Fetcher(FAST) as fetcher:
            await fetcher.get(http_server.url + "/f")  # reads robots.txt
            starts = []

            async def one() -> None:
                await fetcher.get(http_server.url + "/f")
                starts.append(time.monotonic())

            await asyncio.gather(*(one() for _ in range(3)))
            return starts

    starts = sorted(asyncio.run(go()))
    assert starts[-1] - starts[0] >= 0.55  # three requests, 0.3 s apart at least


def test_retry_after_and_durations_for_people():
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == 60
    assert parse_retry_after("soon") is None
    assert human_duration(30) == "30 s" and human_duration(3600) == "1 h"
    assert human_duration(7200) == "2 h" and human_duration(40 * 86400) == "40 days"


def test_mislabelled_windows_1251_is_read_as_cyrillic():
    text = "Шахтёры Караганды объявили забастовку из-за невыплаты заработной платы"
    body = f'<?xml version="1.0" encoding="utf-8"?><rss><title>{text}</title></rss>'
    fixed, note = xml_to_utf8(body.encode("cp1251"), "utf-8")
    assert text in fixed.decode("utf-8")
    assert note and "wrong" in note
    clean = body.encode("utf-8")
    assert xml_to_utf8(clean, "utf-8") == (clean, None)
