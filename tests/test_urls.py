"""Canonical URLs: every way one page is linked becomes the same key."""

from __future__ import annotations

import pytest

from monitor.parse.urls import canonical_url

PAGE = "http://example.org/news/kapan-strike"


@pytest.mark.parametrize(
    "variant",
    [
        "http://example.org/news/kapan-strike",
        "HTTP://EXAMPLE.ORG/news/kapan-strike",  # scheme and host case
        "https://Example.Org/news/kapan-strike",  # https and http are one page
        "http://example.org:80/news/kapan-strike",  # default ports
        "https://example.org:443/news/kapan-strike",
        "http://example.org./news/kapan-strike",  # trailing dot of the host
        "http://example.org/news/kapan-strike/",  # trailing slash
        "http://example.org/news/kapan-strike#comments",  # fragment
        "http://example.org/news/kapan-strike?utm_source=tw&utm_medium=social&utm_campaign=x",
        "http://example.org/news/kapan-strike?fbclid=IwAR0abc",
        "http://example.org/news/kapan-strike?gclid=Cj0KCQ&msclkid=1&yclid=2&igshid=3",
        "http://example.org/news/kapan-strike?mc_cid=1&mc_eid=2&_ga=3&_gl=4",
        "https://m.example.org/news/kapan-strike",  # mobile variants
        "https://mobile.example.org/news/kapan-strike",
        "https://www.example.org/news/kapan-strike",
        "https://amp.example.org/news/kapan-strike",  # AMP variants
        "https://example.org/news/kapan-strike/amp/",
        "https://example.org/news/kapan-strike/amp",
        "https://example.org/amp/news/kapan-strike",
        "https://example.org/news/kapan-strike?amp=1",
        "https://example.org/news/kapan-strike?outputType=amp",
        "  https://www.example.org/news/kapan-strike/?utm_source=rss#top  ",
    ],
)
def test_variants_of_one_page_are_one_url(variant: str) -> None:
    assert canonical_url(variant) == PAGE


def test_meaningful_query_is_kept_and_sorted() -> None:
    assert canonical_url("https://example.org/?p=123&utm_medium=x") == "http://example.org/?p=123"
    assert canonical_url("https://example.org/a?b=2&a=1") == "http://example.org/a?a=1&b=2"
    assert canonical_url("https://example.org/?p=1") != canonical_url("https://example.org/?p=2")


def test_path_case_and_other_ports_matter() -> None:
    assert canonical_url("https://example.org/News") != canonical_url("https://example.org/news")
    assert canonical_url("http://example.org:8080/a") == "http://example.org:8080/a"


def test_short_hosts_are_not_stripped() -> None:
    # "m.co" is a site, not the mobile variant of "co"
    assert canonical_url("https://m.co/x") == "http://m.co/x"


def test_non_ascii_urls_are_percent_and_punycode_encoded() -> None:
    assert canonical_url("https://example.org/новости") == canonical_url(
        "https://example.org/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"
    )
    assert canonical_url("https://пример.рф/a") == "http://xn--e1afmkfd.xn--p1ai/a"


def test_ip_literals_and_bad_urls_never_raise() -> None:
    assert canonical_url("http://[::1]:8000/a") == "http://[::1]:8000/a"
    assert canonical_url("http://127.0.0.1:8000/a/") == "http://127.0.0.1:8000/a"
    assert canonical_url("http://example.org:99999/a")  # a bad port: returned, not raised
    assert canonical_url("not a url")
