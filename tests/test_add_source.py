"""`monitor add URL`: discovery and proposals against real local servers, in each CMS's markup.

The WordPress, Joomla and Telegram pages are the demo corpus's copies of the real sites
(data/demo/www, served by the demo's replay server); the other pages are built in the markup of
the CMS they stand for. Every written sources.yaml is checked to keep what was in it, byte for
byte, and to load.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from monitor.config import load_config
from monitor.kit.demo import PLACEHOLDER

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
HTML = "text/html; charset=utf-8"
EXISTING = """# Our sources. Comments, order and quoting must survive `monitor add`.
sources:
  # ------------------------------------------------ a first group
  - name: kloop
    plugin: rss
    url: https://kloop.kg/feed/
    language: ru
    tags: [general-news]   # flow style kept
    note: >-
      a folded note that
      spans two lines.
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{title}</title><link>{{{{BASE}}}}/</link>
<item><title>{first}</title><link>{{{{BASE}}}}/news/1</link>
<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate><description>{first}.</description></item>
<item><title>{second}</title><link>{{{{BASE}}}}/news/2</link>
<pubDate>Mon, 03 Mar 2025 10:00:00 +0000</pubDate><description>{second}.</description></item>
</channel></rss>"""


def _config(tmp_path: Path, text: str = EXISTING) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _added(path: Path, registry: Any, before: str = EXISTING) -> dict[str, Any]:
    """The entry `monitor add` appended, after checking the rest of the file is untouched."""
    import yaml

    text = path.read_text(encoding="utf-8")
    assert text.startswith(before), "what was in sources.yaml changed"
    load_config(path, registry)  # the file still validates
    return yaml.safe_load(text)["sources"][-1]


def test_wordpress_page_is_added_through_the_feed_it_links(cli_run, demo_site, tmp_path,
                                                             registry):
    config = _config(tmp_path)
    result = cli_run("add", f"{demo_site}/www.solidaritycenter.org/news/", "--yes",
                     "--name", "solidarity", config=config)
    assert result.exit_code == 0, result.output
    assert "<link rel=alternate> (RSS)" in result.output
    assert "would store 11 item(s)" in result.output
    entry = _added(config, registry)
    assert entry["name"] == "solidarity" and entry["plugin"] == "rss"
    assert entry["url"] == f"{demo_site}/www.solidaritycenter.org/feed/"
    assert entry["language"] == "en"
    assert "11 item(s) when checked" in entry["note"]


def test_joomla_blog_list_gets_an_html_list_that_reads_what_the_handwritten_one_reads(
        cli_run, demo_site, tmp_path, registry):
    """No feed answers (the replay server has none), so the proposal is made from the blog
    layout; it must find the same articles as the demo's hand-written configuration."""
    from monitor.kit.plugin_kit import check_source

    config = _config(tmp_path)
    url = f"{demo_site}/minersnews.example/en/"
    result = cli_run("add", url, "--yes", "--name", "miners-en", config=config)
    assert result.exit_code == 0, result.output
    assert "Joomla feed of this list (?format=feed&type=rss)" in result.output
    entry = _added(config, registry)
    assert entry["plugin"] == "html_list" and entry["url"] == url
    assert entry["item_selector"] == 'div[itemprop="blogPost"]'
    assert entry["date_selector"] and entry["next_page_selector"]

    demo = load_config(DEMO / "sources.yaml", registry, {PLACEHOLDER: demo_site})
    added = load_config(config, registry)

    def stored(config: Any, name: str) -> list[tuple[str, str, str]]:
        source = config.source(name).model_copy(update={"full_text": False})
        found = asyncio.run(check_source(source, config.plugin_options[name], registry))
        assert found.status == "ok", found.error
        return sorted((r["url"], r["title"], str(r["published"])) for r in found.records)

    assert stored(added, "miners-en") == stored(demo, "minersnews-en")


def test_telegram_channel_page_becomes_a_telegram_source(cli_run, demo_site, tmp_path, registry):
    config = _config(tmp_path)
    result = cli_run("add", f"{demo_site}/t.me/s/labour_hotline_kz/", "--yes", config=config)
    assert result.exit_code == 0, result.output
    entry = _added(config, registry)
    assert entry["plugin"] == "telegram"
    assert entry["language"] == "ru"  # three of the five posts are Russian, two Kazakh


def _fprk_page(demo_site: str, blocks: int) -> str:
    """The FPRK news list (a site with no feed) with `blocks` items in its real markup."""
    page = (DEMO / "www" / "www.fprk.kz" / "kz" / "news" / "index.html").read_text("utf-8")
    page = page.replace("{{DEMO}}/www.fprk.kz", "{{BASE}}")
    start = page.index('<div class="news-item">')
    end = page.index('<ul class="pagination">')
    block = page[start:end].rsplit("</div>", 1)[0]
    items = []
    for number in range(blocks):
        items.append(block.replace("krkf-pen-heu", f"item-{number}-krkf-pen-heu")
                     .replace("20.02.2025", f"{10 + number}.02.2025")
                     .replace("ҚРКФ пен ХЕҰ", f"ҚРКФ пен ХЕҰ ({number + 1})"))
    return page[:start] + "".join(items) + "</div>\n" + page[end:]


def test_page_without_a_feed_gets_an_html_list_with_its_dates(cli_run, http_server, demo_site,
                                                              tmp_path, registry):
    http_server.add("/kz/news/", _fprk_page(demo_site, 4), content_type=HTML)
    config = _config(tmp_path)
    result = cli_run("add", f"{http_server.url}/kz/news/", "--yes", "--country", "KZ",
                     config=config)
    assert result.exit_code == 0, result.output
    tried = re.findall(r"^\[\d+\] (\w+)", result.output, re.M)
    assert tried[:-1] == ["FAIL"] * (len(tried) - 1) and tried[-1] == "ok"  # 5 usual paths, 404
    entry = _added(config, registry)
    assert entry["plugin"] == "html_list"
    assert entry["item_selector"] == "div.news-item"
    assert entry["title_selector"] == "h3.news-item__title a"
    assert entry["date_selector"] == "span.news-item__date"
    assert entry["date_format"] == "%d.%m.%Y"
    assert entry["teaser_selector"] == "p.news-item__lead"
    assert entry["language"] == "kk" and entry["country"] == "KZ"
    assert "would store 4 item(s), 4 dated" in result.output
    assert "add it with `monitor add https://t.me/s/fprk_kz`" in result.output


def test_joomla_page_with_its_feed_link(cli_run, http_server, tmp_path, registry):
    page = (DEMO / "www" / "minersnews.example" / "en" / "index.html").read_text("utf-8")
    page = page.replace("{{DEMO}}/minersnews.example", "{{BASE}}").replace(
        '<link href="{{BASE}}/en/" rel="canonical" />',
        '<link href="{{BASE}}/en/" rel="canonical" />\n\t<link href="/en/?format=feed&amp;'
        'type=rss" rel="alternate" type="application/rss+xml" title="RSS 2.0" />\n\t<link href='
        '"/en/?format=feed&amp;type=atom" rel="alternate" type="application/atom+xml" '
        'title="Atom 1.0" />')
    http_server.add("/en/", page, content_type=HTML)
    http_server.add("/en/?format=feed&type=rss", RSS.format(
        title="Miners News", first="Iran: miners widen their strikes",
        second="Armenia: strikes at two mining companies"))
    config = _config(tmp_path)
    result = cli_run("add", f"{http_server.url}/en/", "--yes", config=config)
    assert result.exit_code == 0, result.output
    assert "RSS 2.0" in result.output
    entry = _added(config, registry)
    assert entry["plugin"] == "rss"
    assert entry["url"] == f"{http_server.url}/en/?format=feed&type=rss"
    assert entry["name"] == "127-0-0-1"


def test_drupal_site_feed_found_at_its_usual_address(cli_run, http_server, tmp_path, registry):
    http_server.add("/news", """<!DOCTYPE html><html lang="en" dir="ltr"><head>
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<title>News | Transport Workers</title></head>
<body><div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div class="views-row"><a href="/news/dockers-strike">Dockers strike</a></div></div>
</body></html>""",
                    content_type=HTML)
    http_server.add("/rss.xml", RSS.format(title="Transport Workers", first="Dockers strike",
                                           second="Bus drivers walk out"))
    config = _config(tmp_path, "sources: []\n")
    result = cli_run("add", f"{http_server.url}/news", "--yes", "--dry-run", config=config)
    assert result.exit_code == 0, result.output
    assert "Drupal site feed (/rss.xml)" in result.output
    assert f"url: {http_server.url}/rss.xml" in result.output
    assert config.read_text(encoding="utf-8") == "sources: []\n"  # --dry-run writes nothing
    tried = [path for path, _headers in http_server.requests if path != "/robots.txt"]
    assert tried[:2] == ["/news", "/rss.xml"]  # the CMS is known: no WordPress or Blogger paths


def test_a_page_cannot_point_us_at_a_private_address(cli_run, http_server, tmp_path):
    http_server.add("/", '<html><head><link rel="alternate" type="application/rss+xml" '
                    'href="http://10.255.255.1/feed/"></head><body>Hi</body></html>',
                    content_type=HTML)
    config = _config(tmp_path, "sources: []\n")
    result = cli_run("add", f"{http_server.url}/", "--yes", config=config)
    assert result.exit_code == 1
    assert "refused: 10.255.255.1 is a private address" in result.output
    assert "nothing on" in result.output


def test_already_configured_and_unreachable(cli_run, http_server, tmp_path):
    config = _config(tmp_path)
    result = cli_run("add", "https://kloop.kg/feed", "--yes", config=config)
    assert result.exit_code == 0 and "already configured as 'kloop'" in result.output
    result = cli_run("add", f"{http_server.url}/missing", "--yes", config=config)
    assert result.exit_code == 2 and "HTTP 404" in result.output
    assert config.read_text(encoding="utf-8") == EXISTING


def test_the_poll_hints_at_the_feeds_a_page_links(cli_run, demo_site, tmp_path):
    config = _config(tmp_path, f"""sources:
  - name: wrong-address
    plugin: rss
    url: {demo_site}/www.solidaritycenter.org/news/
""")
    result = cli_run("check-source", "wrong-address", config=config)
    assert result.exit_code == 1
    assert ("not a feed: got an HTML page; this page links 1 feed "
            f"({demo_site}/www.solidaritycenter.org/feed/): run `monitor add "
            f"{demo_site}/www.solidaritycenter.org/news/`") in result.output


def test_check_source_all_prints_one_row_per_enabled_source(cli_run, http_server, tmp_path):
    http_server.add("/feed/", RSS.format(title="Union", first="Miners strike in Kapan",
                                         second="Nurses protest unpaid wages"))
    config = _config(tmp_path, f"""sources:
  - name: good
    plugin: rss
    url: {http_server.url}/feed/
  - name: gone
    plugin: rss
    url: {http_server.url}/gone.xml
  - name: paused
    plugin: rss
    url: {http_server.url}/off.xml
    enabled: false
""")
    result = cli_run("check-source", "--all", config=config)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    lines = lines[next(i for i, line in enumerate(lines) if line.startswith("name")):]
    assert lines[0].split() == ["name", "plugin", "result", "items", "dated", "relevant",
                                "languages", "newest"]
    rows = {line.split()[0]: line.split() for line in lines[1:3]}
    assert rows["good"][:5] == ["good", "rss", "ok", "2", "2"]
    assert rows["good"][-1] == "2025-03-04"
    assert rows["gone"][:4] == ["gone", "rss", "FAIL", "0"]
    assert "gone: HTTP 404" in result.output and "paused" not in rows
    as_json = cli_run("check-source", "--all", "--json", config=config)
    import json

    by_name = {row["name"]: row for row in map(json.loads, as_json.output.splitlines()[1:3])}
    assert by_name["good"]["status"] == "ok" and by_name["good"]["items"] == 2
    assert by_name["gone"]["status"] != "ok" and "HTTP 404" in by_name["gone"]["error"]
    assert cli_run("check-source", config=config).exit_code == 2
    assert cli_run("check-source", "good", "--all", config=config).exit_code == 2


@pytest.mark.parametrize("url, expected", [
    ("https://t.me/fprk_kz", "https://t.me/s/fprk_kz"),
    ("https://t.me/s/fprk_kz?before=90", "https://t.me/s/fprk_kz"),
    ("https://t.me/fprk_kz/123", "https://t.me/s/fprk_kz"),
    ("https://t.me/joinchat/AAAAAE", None),
    ("https://t.me/+AbCdEf", None),
    ("https://example.org/fprk_kz", None),
])
def test_telegram_addresses(url, expected):
    from monitor.parse.discover import telegram_preview

    assert telegram_preview(url) == expected


def test_the_person_chooses_and_confirms_without_yes(cli_run, http_server, tmp_path, registry):
    http_server.add("/", """<!DOCTYPE html><html lang="en-US"><head>
<meta name="generator" content="WordPress 6.4.3" />
<link rel="alternate" type="application/rss+xml" title="Union &raquo; Feed" href="/feed/" />
<link rel="alternate" type="application/rss+xml" title="Union &raquo; Strikes Category Feed"
      href="/category/strikes/feed/" />
</head><body></body></html>""", content_type=HTML)
    http_server.add("/feed/", RSS.format(title="Union", first="Miners strike in Kapan",
                                         second="Nurses protest unpaid wages"))
    http_server.add("/category/strikes/feed/", RSS.format(
        title="Union: strikes", first="Miners strike in Kapan", second="Dockers walk out"))
    config = _config(tmp_path)
    result = cli_run("add", f"{http_server.url}/", "--name", "union-strikes", "--tag", "union",
                     input="2\nkk\nEN\n-\n", config=config)
    assert result.exit_code == 0, result.output
    assert "add which one (1, 2) [1]:" in result.output
    assert "language (- for none) [en]:" in result.output
    assert "country, an ISO code (- for none) [AM]:" in result.output  # Kapan is in Armenia
    assert "'EN' is not an ISO 3166-1 alpha-2 country code" in result.output  # asked again
    entry = _added(config, registry)
    assert entry["url"] == f"{http_server.url}/category/strikes/feed/"
    assert entry["language"] == "kk" and "country" not in entry  # as the person answered
    assert entry["tags"] == ["union"]


def test_a_feed_address_is_added_as_it_is(cli_run, http_server, tmp_path, registry):
    http_server.add("/rss", RSS.format(title="Union", first="Miners strike in Kapan",
                                       second="Nurses protest unpaid wages"))
    config = _config(tmp_path)
    result = cli_run("add", f"{http_server.url}/rss", "--yes", "--disabled", config=config)
    assert result.exit_code == 0, result.output
    assert "found as: the address is a feed" in result.output
    entry = _added(config, registry)
    assert entry["url"] == f"{http_server.url}/rss" and entry["enabled"] is False
    assert [path for path, _ in http_server.requests if path != "/robots.txt"] == ["/rss", "/rss"]


def test_a_page_listing_many_feeds_gets_only_a_few_requests(cli_run, http_server, tmp_path):
    links = "".join(f'<li><a href="/feeds/{n}.rss">RSS</a></li>' for n in range(20))
    http_server.add("/", f"<html><body><ul>{links}</ul></body></html>", content_type=HTML)
    config = _config(tmp_path, "sources: []\n")
    result = cli_run("add", f"{http_server.url}/", "--yes", config=config)
    assert result.exit_code == 1
    assert "16 more address(es) were not tried (at most 8 per page)" in result.output
    fetched = [path for path, _ in http_server.requests if path.startswith("/feeds/")]
    assert fetched == [f"/feeds/{n}.rss" for n in range(8)]

