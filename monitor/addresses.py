"""Which addresses a poll may reach, and connecting only to the address that was checked.

The SSRF rule (docs/security.md): a source may reach its own configured host and port, even on
a private address; anything else only on globally reachable addresses, unless the source sets
``allow_private: true``. "Private" here is wider than ``ipaddress.is_global``: IPv6 forms that
carry an IPv4 address inside (IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4
``2002::/16``, Teredo) are judged by that IPv4 address, and deprecated site-local ``fec0::/10``
is private. A name is resolved once, checked, and the connection goes to that same address
(``PinnedBackend``), so a DNS server that answers "public" to the check and "private" to the
connect (DNS rebinding) gains nothing.
"""

from __future__ import annotations

import ipaddress
import typing
from typing import Any

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
SITE_LOCAL = ipaddress.ip_network("fec0::/10")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4, Teredo)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    low = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(address in net for net in NAT64):
        return low
    if address in IPV4_COMPATIBLE and int(address) > 1:  # not :: or ::1 (judged as IPv6)
        return low
    return None


def is_private(address: IPAddress) -> bool:
    """True unless the address, and any IPv4 address inside it, is globally reachable."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in SITE_LOCAL:
            return True
        inner = embedded_ipv4(address)
        if inner is not None and not inner.is_global:
            return True
    return not address.is_global


def same_origin_key(scheme: str, host: str, port: int | None) -> tuple[str, int]:
    """(host, port) with the scheme's default port filled in: the own-host exemption's key."""
    return host.lower(), port or (443 if scheme == "https" else 80)


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting to the address the check resolved for a host."""

    def __init__(self, pins: dict[str, str]):
        # lazy: httpx's own backend, loaded with it
        from httpcore._backends.auto import AutoBackend

        self.pins = pins
        self._backend = AutoBackend()

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the pinned address for ``host`` (TLS still verifies ``host``)."""
        return await self._backend.connect_tcp(
            self.pins.get(host, host), port, timeout, local_address, socket_options
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None,
        socket_options: typing.Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._backend.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)
