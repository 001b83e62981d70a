"""Source type html_list: list pages read with selectors from sources.yaml, via a real server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.poll.run import poll

HTML = "text/html; charset=utf-8"

# Markup in the style of a union site's news list (Bitrix-like blocks, Russian dates).
PAGE_1 = """<!DOCTYPE html><html lang="ru"><head><title>Новости</title></head><body>
<nav><a href="/">Главная</a></nav>
<div class="news-list">
  <div class="news-item">
    <a class="title" href="/news/101/">Забастовка шахтёров в Караганде</a>
    <span class="date">25 февраля 2025</span>
    <div class="preview">Горняки требуют повышения зарплаты.</div>
  </div>
  <div class="news-item">
    <a class="title" href="{{BASE}}/news/102/">Митинг медиков</a>
    <span class="date">вчера в полночь по-старому</span>
    <div class="preview">Медики вышли к акимату.</div>
  </div>
  <div class="news-item"><span class="date">01.02.2025</span></div>
</div>
<div class="pager"><a class="next" href="/news/?PAGEN_1=2">Следующая</a></div>
</body></html>"""

PAGE_2 = """<html><body><div class="news-list">
  <div class="news-item">
    <a class="title" href="/news/99/">Протест водителей автобусов</a>
    <span class="date">6.11.</span>
  </div>
  <div class="news-item">
    <a class="title" href="/news/101/">Забастовка шахтёров в Караганде</a>
    <span class="date">25.02.2025</span>
  </div>
</div></body></html>"""

CONFIG = """
sources:
  - name: union-news
    plugin: html_list
    url: {url}
    language: ru
    item_selector: div.news-item
    title_selector: a.title
    link_selector: a.title
    date_selector: span.date
    teaser_selector: div.preview
    next_page_selector: div.pager a.next
    max_pages: {max_pages}
"""


def _config(write_config: Any, registry: Any, url: str, max_pages: int = 5, extra: str = "") -> Any:
    text = CONFIG.format(url=url, max_pages=max_pages) + extra
    return load_config(write_config(text), registry)


def _items(db: Any) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM items ORDER BY url"))


def test_list_pages_are_read_with_pagination_dates_and_teasers(
    http_server: Any, write_config: Any, registry: Any, db: Any
) -> None:
    http_server.add("/news/", PAGE_1, content_type=HTML)
    http_server.add("/news/?PAGEN_1=2", PAGE_2, content_type=HTML)
    config = _config(write_config, registry, http_server.url + "/news/")
    report = poll(db, config, registry)
    result = report.results[0]
    assert result.status == "ok", result.error
    rows = _items(db)
    assert [r["title"] for r in rows] == [
        "Забастовка шахтёров в Караганде", "Митинг медиков", "Протест водителей автобусов",
    ]
    by_title = {r["title"]: r for r in rows}
    strike = by_title["Забастовка шахтёров в Караганде"]
    assert strike["url"] == http_server.url + "/news/101/"
    assert strike["published"] == "2025-02-25T00:00:00+00:00"
    assert strike["summary"] == "Горняки требуют повышения зарплаты."
    # A year-less "6.11." is the latest 6 November not after the fetch.
    bus = by_title["Протест водителей автобусов"]
    today = dt.datetime.now(dt.UTC)
    year = today.year if (today.month, today.day) >= (11, 6) else today.year - 1
    assert bus["published"] == f"{year}-11-06T00:00:00+00:00"
    # An unparseable date is stored empty and reported.
    assert by_title["Митинг медиков"]["published"] is None
    assert any("unparseable date" in w and "/news/102/" in w for w in result.warnings)
    assert any("no link found" in w for w in result.warnings)


def test_markup_change_is_a_source_error_not_an_empty_success(
    http_server: Any, write_config: Any, registry: Any, db: Any
) -> None:
    http_server.add("/news/", "<html><body><ul class='redesigned'></ul></body></html>",
                    content_type=HTML)
    config = _config(write_config, registry, http_server.url + "/news/")
    report = poll(db, config, registry)
    result = report.results[0]
    assert result.status == "error"
    assert "item selector 'div.news-item' matched 0 elements" in result.error
    assert report.exit_code == 1
    health = db.execute("SELECT last_error, consecutive_failures FROM sources").fetchone()
    assert "matched 0 elements" in health[0] and health[1] == 1


def test_endless_pagination_stops_at_max_pages(
    http_server: Any, write_config: Any, registry: Any, db: Any
) -> None:
    def endless(handler: Any) -> None:
        page = int(handler.path.split("PAGEN_1=")[-1]) if "PAGEN_1=" in handler.path else 1
        body = (
            f'<div class="news-item"><a class="title" href="/n/{page}">Item {page}</a></div>'
            f'<div class="pager"><a class="next" href="/news/?PAGEN_1={page + 1}">next</a></div>'
        ).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", HTML)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    http_server.add("/news/", endless)
    config = _config(write_config, registry, http_server.url + "/news/", max_pages=7)
    report = poll(db, config, registry)
    result = report.results[0]
    assert result.status == "ok"
    assert len(_items(db)) == 7
    assert len([r for r in http_server.requests if r[0] != "/robots.txt"]) == 7
    assert any("max_pages=7" in w for w in result.warnings)


def test_a_next_link_back_to_a_seen_page_stops(
    http_server: Any, write_config: Any, registry: Any, db: Any
) -> None:
    loop = PAGE_2.replace("</body>", '<div class="pager"><a class="next" href="/news/">1</a>'
                          "</div></body>")
    http_server.add("/news/", PAGE_1, content_type=HTML)
    http_server.add("/news/?PAGEN_1=2", loop, content_type=HTML)
    result = poll(db, _config(write_config, registry, http_server.url + "/news/"), registry)
    assert result.results[0].status == "ok"
    assert any("loops back" in w for w in result.results[0].warnings)
    assert len([r for r in http_server.requests if r[0] != "/robots.txt"]) == 2


def test_pagination_is_capped_hard(write_config: Any, registry: Any) -> None:
    with pytest.raises(ConfigError) as err:
        _config(write_config, registry, "http://127.0.0.1:9/news/", max_pages=100000)
    assert "max_pages" in str(err.value)


def test_bad_selectors_and_unknown_keys_are_config_errors(
    write_config: Any, registry: Any
) -> None:
    text = CONFIG.format(url="http://127.0.0.1:9/", max_pages=2).replace(
        "div.news-item", "div[class=", 1
    ) + "    date_selectr: time\n"
    with pytest.raises(ConfigError) as err:
        load_config(write_config(text), registry)
    message = str(err.value)
    assert "item_selector: not a valid CSS selector 'div[class='" in message
    assert "date_selectr: unknown key for plugin 'html_list' (did you mean 'date_selector'?)" in (
        message
    )


def test_dates_from_attributes_and_formats(
    http_server: Any, write_config: Any, registry: Any, db: Any
) -> None:
    page = """<ul>
      <li><a href="/a">Strike</a><time datetime="2025-07-21T08:00:00Z">Jul 21</time></li>
      <li><a href="/b">Walkout</a><time>07/22/2025</time></li>
      <li><a href="/c">Lockout</a><time>2999-01-01</time></li>
    </ul>"""
    http_server.add("/list", page, content_type=HTML)
    text = f"""
sources:
  - name: en-list
    plugin: html_list
    url: {http_server.url}/list
    item_selector: li
    date_selector: time
    date_format: "%m/%d/%Y"
"""
    report = poll(db, load_config(write_config(text), registry), registry)
    assert report.results[0].status == "ok"
    rows = {r["title"]: r["published"] for r in _items(db)}
    assert rows == {
        "Strike": "2025-07-21T08:00:00+00:00",
        "Walkout": "2025-07-22T00:00:00+00:00",
        "Lockout": None,
    }
    assert any("date in the future" in w for w in report.results[0].warnings)


def test_a_failing_second_page_keeps_the_first(
    http_server: Any, write_config: Any, registry: Any, db: Any
) -> None:
    http_server.add("/news/", PAGE_1, content_type=HTML)
    http_server.add("/news/?PAGEN_1=2", "oops", status=500, content_type=HTML)
    report = poll(db, _config(write_config, registry, http_server.url + "/news/"), registry)
    result = report.results[0]
    assert result.status == "ok"
    assert len(_items(db)) == 2
    assert any("page 2" in w for w in result.warnings)


def test_demo_config_html_list_sources_validate(registry: Any) -> None:
    demo = Path(__file__).resolve().parent.parent / "data" / "demo" / "sources.yaml"
    if not demo.exists():
        pytest.skip("no demo sources yet")
    config = load_config(demo, registry, {"{{DEMO}}": "http://127.0.0.1:1"})
    assert config.sources


def test_blocks_without_any_link_fail_the_source_and_missing_titles_warn_once(
    http_server: Any, write_config: Any, registry: Any, db: Any
) -> None:
    http_server.add("/nolinks/", "<div class='news-item'><span>x</span></div>" * 3,
                    content_type=HTML)
    http_server.add("/notitles/", "<div class='news-item'><a href='/a'>x</a></div>"
                    "<div class='news-item'><a href='/b'>y</a></div>", content_type=HTML)
    text = f"""
sources:
  - name: nolinks
    plugin: html_list
    url: {http_server.url}/nolinks/
    item_selector: div.news-item
  - name: notitles
    plugin: html_list
    url: {http_server.url}/notitles/
    item_selector: div.news-item
    title_selector: h3
    date_selector: time
"""
    report = poll(db, load_config(write_config(text), registry), registry)
    results = {r.name: r for r in report.results}
    assert results["nolinks"].status == "error"
    assert "no link found in any of the 3 items" in results["nolinks"].error
    notitles = results["notitles"]
    assert notitles.status == "ok"
    assert [w for w in notitles.warnings if "title selector" in w] == [
        f"{http_server.url}/notitles/: title selector 'h3' matched nothing in 2 of 2 items"
    ]
    assert any("date selector 'time' matched nothing in 2 of 2 items" in w
               for w in notitles.warnings)
