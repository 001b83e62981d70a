"""SSRF (issue 19, item 6): which addresses a poll may reach, on every fetch path.

A source may reach its own host *and port*, even on a private address; anything else only on
globally reachable addresses, IPv6 forms of private IPv4 addresses included; entity-declaring
XML is refused however it is encoded or wherever its DOCTYPE sits; the connection goes to the
address that was checked.
"""

from __future__ import annotations

import asyncio
import ipaddress
from pathlib import Path

import httpx
import pytest
from conftest import LocalServer

from monitor.addresses import PinnedBackend, is_private
from monitor.config import load_config
from monitor.fetch import BlockedError, Fetcher, FetchSettings
from monitor.poll.run import poll

ROOT = Path(__file__).resolve().parent.parent
FAST = FetchSettings(connect_timeout=1, read_timeout=2, total_timeout=3, retries=0,
                     respect_robots=False)


@pytest.mark.parametrize("address", [
    "::127.0.0.2",            # IPv4-compatible loopback
    "::10.0.0.1",
    "64:ff9b::7f00:1",        # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",     # NAT64 of 169.254.169.254 (cloud metadata)
    "2002:7f00:1::",          # 6to4 of 127.0.0.1
    "2002:c0a8:101::1",       # 6to4 of 192.168.1.1
    "fec0::1",                # site-local
    "::ffff:10.1.2.3",        # IPv4-mapped
    "127.0.0.2", "10.0.0.1", "169.254.169.254", "::1", "fc00::1", "fe80::1",
])
def test_private_addresses_in_every_form_are_private(address):
    assert is_private(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [
    "93.184.216.34", "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1",
])
def test_public_addresses_stay_public(address):
    assert not is_private(ipaddress.ip_address(address))


def test_a_private_ipv6_literal_in_a_link_is_refused():
    async def go() -> None:
        async with Fetcher(FAST) as fetcher:
            view = fetcher.for_source("https://example.org/feed")
            await view.get("http://[::127.0.0.1]:9/secret")

    with pytest.raises(BlockedError, match=r"private address \(::7f00:1\)"):
        asyncio.run(go())


@pytest.fixture
def other_server():
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


ARTICLE = ("<html><body><article><p>" + "Secret internal text of the intranet. " * 20
           + "</p></article></body></html>")


def _feed_linking_to(url: str) -> str:
    return (f'<rss version="2.0"><channel><title>t</title><item><title>Dock strike</title>'
            f"<link>{url}</link></item></channel></rss>")


def test_the_own_host_exemption_includes_the_port(http_server, other_server, tmp_path, db,
                                                  registry):
    secret = other_server.add("/secret", ARTICLE, content_type="text/html")
    url = http_server.add("/feed", _feed_linking_to(secret))
    (tmp_path / "s.yaml").write_text(
        f"sources:\n  - {{name: f, plugin: rss, url: '{url}', full_text: true}}\n")
    report = poll(db, load_config(tmp_path / "s.yaml", registry), registry, settings=FAST)
    (result,) = report.results
    assert result.status == "ok" and result.new_items == 1
    assert any("refused: 127.0.0.1 is a private address" in w for w in result.warnings)
    assert other_server.requests == []
    assert "Secret" not in db.execute("SELECT text FROM items").fetchone()[0]


def test_check_source_and_run_source_apply_the_same_rule(http_server, other_server, tmp_path,
                                                         cli_run):
    from monitor.testing import run_source

    secret = other_server.add("/secret", ARTICLE, content_type="text/html")
    url = http_server.add("/feed", _feed_linking_to(secret))
    config = tmp_path / "sources.yaml"
    config.write_text(f"sources:\n  - {{name: f, plugin: rss, url: '{url}', full_text: true}}\n")
    checked = cli_run("check-source", "f", config=config)
    assert "refused: 127.0.0.1 is a private address" in checked.output
    assert "Secret" not in checked.output
    run = run_source("rss", url=url, full_text=True)
    assert any("private address" in w for w in run.warnings)
    assert other_server.requests == []


BOMB = ('<?xml version="1.0" encoding="{enc}"?>{prefix}<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><title>&b;'
        "</title><item><title>&b;</title><link>http://example.org/x</link></item></channel></rss>")


@pytest.mark.parametrize("name,body", [
    ("utf16", b"\xff\xfe" + BOMB.format(enc="UTF-16", prefix="").encode("utf-16-le")),
    ("utf16be", b"\xfe\xff" + BOMB.format(enc="UTF-16", prefix="").encode("utf-16-be")),
    ("prefix", BOMB.format(enc="utf-8", prefix="<!-- padding -->\n" * 8000).encode()),
    ("blank", BOMB.format(enc="utf-8", prefix=" " * 100_000).encode()),
])
def test_entity_declarations_are_a_recorded_failure_however_hidden(name, body, http_server,
                                                                   tmp_path, db, registry):
    url = http_server.add(f"/{name}", body, content_type="application/rss+xml")
    (tmp_path / "s.yaml").write_text(f"sources:\n  - {{name: {name}, plugin: rss, url: '{url}'}}\n")
    report = poll(db, load_config(tmp_path / "s.yaml", registry), registry, settings=FAST)
    (result,) = report.results
    assert result.status == "error"
    assert result.error.startswith("refused: the feed declares XML entities")
    assert db["sources"].get(name)["last_error"] == result.error


def test_the_connection_goes_to_the_checked_address(http_server):
    """DNS rebinding: the check pins a name to the address it checked; connecting uses it.

    `rebind.invalid` resolves nowhere (RFC 6761), so only the pin can reach the server.
    """
    url = http_server.add("/page", "pinned", content_type="text/plain")
    port = int(url.rsplit(":", 1)[1].split("/")[0])

    async def go() -> str:
        transport = httpx.AsyncHTTPTransport()
        transport._pool._network_backend = PinnedBackend({"rebind.invalid": "127.0.0.1"})
        async with httpx.AsyncClient(transport=transport) as client:
            response = await client.get(f"http://rebind.invalid:{port}/page")
            return response.text

    assert asyncio.run(go()) == "pinned"
