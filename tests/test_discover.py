"""monitor.parse.discover: HTML in, feed candidates and html_list proposals out (no network).

Pages are the demo corpus's copies of real sites (data/demo/www) or markup in the style each CMS
writes; a proposal is judged by what it reads, against the site's own feed or hand-written config.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor.default_plugins.html_list import HtmlListOptions, parse_list_page
from monitor.parse.discover import (
    cms_of,
    discover_feeds,
    feed_links,
    guess_country,
    html_page_hint,
    propose_html_list,
    slug_for,
    usual_feeds,
)
from monitor.parse.feeds import parse_feed

WWW = Path(__file__).resolve().parent.parent / "data" / "demo" / "www"
BASE = "http://127.0.0.1:9"


def demo_page(path: str) -> str:
    return (WWW / path).read_text(encoding="utf-8").replace("{{DEMO}}", BASE)


def test_declared_feeds_come_first_and_comment_feeds_last():
    html = """<html><head>
<link rel="alternate" type="application/rss+xml" title="Union &raquo; Comments Feed"
      href="https://union.example/comments/feed/" />
<link rel="alternate" type="application/rss+xml" title="Union &raquo; Feed"
      href="https://union.example/feed/" />
<link rel="alternate" type="application/atom+xml" href="/atom.xml" />
<link rel="alternate" hreflang="ru" href="https://union.example/ru/" />
</head><body><a href="/news/rss/">RSS</a> <a href="/about/">About</a>
<a href="https://union.example/feed">again</a></body></html>"""
    found = feed_links(html, "https://union.example/news/")
    assert [c.url for c in found] == [
        "https://union.example/feed/", "https://union.example/atom.xml",
        "https://union.example/news/rss/", "https://union.example/comments/feed/",
    ]
    assert found[0].title == "Union » Feed" and found[1].how == "<link rel=alternate> (Atom)"


@pytest.mark.parametrize("html, cms", [
    ('<meta name="generator" content="WordPress 6.4.3" />', "wordpress"),
    ('<link rel="stylesheet" href="/wp-content/themes/x/style.css">', "wordpress"),
    ('<meta name="generator" content="Joomla! - Open Source Content Management" />', "joomla"),
    ('<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />', "drupal"),
    ("<meta content='blogger' name='generator'/>", "blogger"),
    ("<html><body>hand-written</body></html>", None),
])
def test_cms_of(html, cms):
    assert cms_of(html) == cms


def test_usual_feed_addresses_per_cms():
    page = "https://union.example/news/strikes/?start=10"
    assert [c.url for c in usual_feeds(page, "wordpress")] == [
        "https://union.example/news/strikes/feed/", "https://union.example/feed/"]
    assert [c.url for c in usual_feeds(page, "joomla")] == [
        "https://union.example/news/strikes/?format=feed&type=rss"]
    assert [c.url for c in usual_feeds(page, "drupal")] == ["https://union.example/rss.xml"]
    assert [c.url for c in usual_feeds(page, "blogger")] == [
        "https://union.example/feeds/posts/default"]
    assert len(usual_feeds(page, None)) == 5


def test_wordpress_page_proposal_reads_what_its_feed_lists():
    """The Solidarity Center news page (WordPress): its html_list proposal finds the same
    articles, with the same dates, as the site's own feed."""
    page = demo_page("www.solidaritycenter.org/news/index.html")
    proposal = propose_html_list(page, f"{BASE}/www.solidaritycenter.org/news/")
    assert proposal is not None
    options = HtmlListOptions.model_validate(proposal.options)
    items, _next, matched = parse_list_page(
        page, f"{BASE}/www.solidaritycenter.org/news/", options, ["en"],
        dt.datetime.now(dt.UTC), lambda message: None)
    feed = parse_feed((WWW / "www.solidaritycenter.org" / "feed" / "index.xml").read_bytes()
                      .replace(b"{{DEMO}}", BASE.encode()), BASE)
    assert matched == len(feed.entries)
    assert [(i.url, i.published.date()) for i in items] == [
        (e.url, e.published.date()) for e in feed.entries]
    assert all(i.summary for i in items)


def test_joomla_proposal_matches_the_handwritten_demo_config():
    page = demo_page("minersnews.example/en/index.html")
    proposal = propose_html_list(page, f"{BASE}/minersnews.example/en/")
    assert proposal is not None
    handwritten = HtmlListOptions(
        item_selector='div[itemprop="blogPost"]', title_selector='h2[itemprop="name"] a',
        link_selector='h2[itemprop="name"] a', date_selector='time[itemprop="datePublished"]',
        teaser_selector="p:not(.readmore)",
        next_page_selector='ul.pagination-list a[title="Next"]')
    now = dt.datetime.now(dt.UTC)

    def read(options: HtmlListOptions) -> tuple:
        items, following, _ = parse_list_page(page, f"{BASE}/minersnews.example/en/", options,
                                              ["en"], now, lambda message: None)
        return [(i.url, i.title, i.published, i.summary) for i in items], following

    assert read(HtmlListOptions.model_validate(proposal.options)) == read(handwritten)


def test_no_proposal_for_a_page_without_a_repeated_list():
    page = demo_page("www.unodc.org/centralasia/en/news/index.html")  # one news item only
    assert propose_html_list(page, f"{BASE}/www.unodc.org/centralasia/en/news/") is None


def test_menus_and_footers_are_not_items():
    links = "".join(f'<li class="menu-item"><a href="/section-{n}/">Section number {n}</a></li>'
                    for n in range(8))
    html = f"""<html><body><nav><ul class="menu">{links}</ul></nav>
<div class="posts">
  <div class="card"><h3><a href="/a/1">Dockers strike at the port</a></h3><p>12.03.2025</p></div>
  <div class="card"><h3><a href="/a/2">Nurses protest unpaid wages</a></h3><p>11.03.2025</p></div>
  <div class="card"><h3><a href="/a/3">Miners refuse to come up</a></h3><p>10.03.2025</p></div>
</div><footer><ul class="links">{links}</ul></footer></body></html>"""
    proposal = propose_html_list(html, "https://union.example/")
    assert proposal is not None
    assert proposal.options["item_selector"] == "div.card"
    assert proposal.options["title_selector"] == "h3 a"
    assert proposal.options["date_selector"] == "p"
    assert proposal.options["date_format"] == "%d.%m.%Y"
    assert proposal.items == 3


def test_telegram_pages_and_the_hint():
    page = demo_page("t.me/s/labour_hotline_kz/index.html")
    [candidate] = discover_feeds(page, f"{BASE}/t.me/s/labour_hotline_kz/")
    assert candidate.plugin == "telegram"
    assert "it is a Telegram channel" in html_page_hint(page, f"{BASE}/t.me/s/labour_hotline_kz/")
    wordpress = demo_page("www.solidaritycenter.org/news/index.html")
    assert html_page_hint(wordpress, f"{BASE}/news/") == (
        f"not a feed: got an HTML page; this page links 1 feed ({BASE}/www.solidaritycenter.org/"
        f"feed/): run `monitor add {BASE}/news/`")
    assert html_page_hint("<html><body>no feeds</body></html>", BASE) == \
        "not a feed: got an HTML page"


@pytest.mark.parametrize("host, country", [
    ("hamk.am", "AM"), ("www.piler.org.pk", "PK"), ("kloop.kg", "KG"), ("bbc.co.uk", "GB"),
    ("peoplesdispatch.org", None), ("union.tv", None), ("t.me", None),
])
def test_guess_country(host, country):
    assert guess_country(host) == country


def test_slug_for():
    assert slug_for("https://www.hamk.am/en/", set()) == "hamk-am"
    assert slug_for("https://www.hamk.am/en/", {"hamk-am"}) == "hamk-am-2"
    assert slug_for("https://t.me/s/fprk_kz", set()) == "fprk_kz-tg"
