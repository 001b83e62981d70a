"""The telegram source type: t.me/s/ pages of the demo channel, parsed and polled for real."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from monitor.config import load_config
from monitor.errors import SourceError
from monitor.poll.run import poll

ROOT = Path(__file__).resolve().parent.parent
CHANNEL_DIR = ROOT / "data" / "demo" / "www" / "t.me" / "s" / "labour_hotline_kz"
EXPECTED = json.loads((ROOT / "data" / "demo" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def telegram(registry: Any) -> Any:
    """The plugin module as the registry loaded it from plugins/telegram.py."""
    return sys.modules[registry.source_types["telegram"].cls.__module__]


def page(name: str, base: str) -> str:
    return (CHANNEL_DIR / name).read_text(encoding="utf-8").replace("{{DEMO}}/t.me", base)


def test_parse_first_page(telegram):
    base = "https://t.me"
    parsed = telegram.parse_channel_page(page("index.html", base), f"{base}/s/labour_hotline_kz")
    assert parsed.channel_title == "Кәсіподақ желісі | Горячая линия профсоюзов"
    assert parsed.before == 96
    assert parsed.skipped == 1  # the photo-only post 98
    numbers = [p.number for p in parsed.posts]
    assert numbers == [96, 97, 99, 100, 101]
    post = parsed.posts[1]
    assert post.url == "https://t.me/labour_hotline_kz/97"
    assert post.published == dt.datetime(2025, 2, 20, 9, 20, tzinfo=dt.UTC)
    assert (post.views, post.views_raw) == (2900, "2.9K")
    assert post.links == ["https://www.fprk.kz/ru/news"]  # the hashtag search is not a link
    assert "23 отраслевых и 18 региональных профсоюзов" in post.text
    assert telegram.make_title(post.text) == "ФПРК и МОТ: безопасность труда на шахтах и карьерах"


def test_parse_older_page_has_forward_and_no_more_link(telegram):
    parsed = telegram.parse_channel_page(page("before-96.html", "https://t.me"),
                                         "https://t.me/s/labour_hotline_kz?before=96")
    assert parsed.before is None
    assert [p.number for p in parsed.posts] == [91, 93, 95]
    assert parsed.posts[2].forwarded_from == "UNODC Central Asia"


@pytest.mark.parametrize("raw, views", [
    ("903", 903), ("2.5K", 2500), ("1.2M", 1_200_000), ("12K", 12000), ("", None), ("n/a", None),
])
def test_views(telegram, raw, views):
    assert telegram.parse_views(raw) == views


def test_title_is_first_line_cut_at_a_word(telegram):
    assert telegram.make_title("\n  Strike at the mine \nMore") == "Strike at the mine"
    long = "word " * 60
    title = telegram.make_title(long)
    assert len(title) <= telegram.TITLE_CHARS + 1 and title.endswith("word…")


@pytest.mark.parametrize("url, preview", [
    ("https://t.me/labour_hotline_kz", "https://t.me/s/labour_hotline_kz"),
    ("https://t.me/s/labour_hotline_kz/", "https://t.me/s/labour_hotline_kz/"),
    ("https://t.me/labour_hotline_kz/97", "https://t.me/s/labour_hotline_kz"),
    ("http://127.0.0.1:8000/t.me/s/x/", "http://127.0.0.1:8000/t.me/s/x/"),
])
def test_preview_url(telegram, url, preview):
    assert telegram.preview_url(url) == preview


def test_landing_page_is_a_clear_error(telegram):
    landing = ('<html><head><title>Telegram: Contact @someone</title></head><body>'
               '<div class="tgme_page"><div class="tgme_page_title"><span dir="auto">Some One'
               '</span></div><a class="tgme_action_button_new" href="tg://resolve?domain=someone">'
               'Send Message</a></div></body></html>')
    with pytest.raises(SourceError, match="no public web preview here .*'Some One'"):
        telegram.parse_channel_page(landing, "https://t.me/s/someone")


def serve_channel(http_server: Any) -> None:
    http_server.add("/s/labour_hotline_kz", page("index.html", http_server.url),
                    content_type="text/html; charset=utf-8")
    http_server.add("/s/labour_hotline_kz?before=96", page("before-96.html", http_server.url),
                    content_type="text/html; charset=utf-8")


def pages_asked(http_server: Any) -> list[str]:
    return [path for path, _ in http_server.requests if path != "/robots.txt"]


def config_for(write_config: Any, registry: Any, url: str, options: str = "") -> Any:
    return load_config(write_config(
        f"sources:\n  - name: hotline\n    plugin: telegram\n    url: {url}\n"
        f"    language: ru\n{options}"
    ), registry)


def test_poll_two_pages_into_the_database(http_server, write_config, registry, db):
    serve_channel(http_server)
    config = config_for(write_config, registry, f"{http_server.url}/s/labour_hotline_kz",
                        "    max_pages: 3\n")
    report = poll(db, config, registry)
    (result,) = report.results
    assert result.status == "ok", result.error
    assert result.new_items == 8
    assert any("1 post(s) without text" in w for w in result.warnings)
    assert pages_asked(http_server) == ["/s/labour_hotline_kz", "/s/labour_hotline_kz?before=96"]
    rows = {r["guid"]: r for r in db.table("items").rows}
    row = rows["tg:labour_hotline_kz/97"]
    extra = json.loads(row["extra"])
    assert extra["views"] == 2900 and extra["channel"] == "labour_hotline_kz"
    assert row["url"] == f"{http_server.url}/labour_hotline_kz/97"
    assert rows["tg:labour_hotline_kz/95"]["published"].startswith("2021-06-18T06:40:00")
    # Polling again stores nothing new.
    again = poll(db, config, registry)
    assert again.results[0].new_items == 0 and again.results[0].seen_items == 8


def test_one_page_by_default_matches_the_golden_items(http_server, write_config, registry, db):
    serve_channel(http_server)
    config = config_for(write_config, registry, f"{http_server.url}/s/labour_hotline_kz")
    report = poll(db, config, registry)
    assert report.results[0].new_items == 5
    assert pages_asked(http_server) == ["/s/labour_hotline_kz"]
    rows = {r["url"]: r for r in db.table("items").rows}
    for expected in EXPECTED["sites"]["telegram"]:
        row = rows[expected["url"].replace("{{DEMO}}/t.me", http_server.url)]
        assert row["title"] == expected["title"]
        assert dt.datetime.fromisoformat(row["published"]) == dt.datetime.fromisoformat(
            expected["published"])
        for phrase in expected["must_contain"]:
            assert phrase in row["text"]


def test_private_channel_fails_its_source_with_a_message(http_server, write_config, registry, db):
    http_server.add("/s/closed", "<html><div class='tgme_page'><div class='tgme_page_title'>"
                    "Closed</div></div></html>", content_type="text/html")
    config = config_for(write_config, registry, f"{http_server.url}/s/closed")
    (result,) = poll(db, config, registry).results
    assert result.status == "error"
    assert "no public web preview" in result.error
