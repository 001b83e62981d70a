"""Site plugins and site configs against the demo corpus (data/demo/www, the one place for site
fixtures): pure parsing of the saved pages, then real polls through the demo replay server."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.config import load_config
from monitor.kit.demo import PLACEHOLDER
from monitor.poll.run import poll

ROOT = Path(__file__).resolve().parent.parent
WWW = ROOT / "data" / "demo" / "www"
UNODC = WWW / "www.unodc.org" / "centralasia"
EN_ARTICLE = "unodc-and-usaid-webinar-in-turkmenistan-puts-human-rights-in-business-in-focus.html"
RU_ARTICLE = "vebinar-unp-oon-i-usaid-v-turkmenistane-prava-cheloveka-v-biznese.html"
DEMO_SOURCES = yaml.safe_load((ROOT / "data" / "demo" / "sources.yaml").read_text("utf-8"))


def demo_entry(name: str) -> dict[str, Any]:
    return next(s for s in DEMO_SOURCES["sources"] if s["name"] == name)


@pytest.fixture
def unodc(registry: Any) -> Any:
    return sys.modules[registry.source_types["unodc_centralasia"].cls.__module__]


def read(path: Path, base: str = "https://x.test") -> str:
    return path.read_text(encoding="utf-8").replace(PLACEHOLDER, base)


def test_unodc_list_page(unodc):
    entries = unodc.parse_news_list(read(UNODC / "en" / "news" / "index.html"),
                                    "https://x.test/www.unodc.org/centralasia/en/news/index.html")
    (entry,) = entries
    assert entry.url.endswith("/centralasia/en/news/" + EN_ARTICLE)
    assert entry.date_text == "11.06.2021"
    assert entry.title.startswith("UNODC and USAID webinar in Turkmenistan")
    assert "More than 30 officials" in entry.teaser


@pytest.mark.parametrize("lang, page, other", [("en", EN_ARTICLE, RU_ARTICLE),
                                                ("ru", RU_ARTICLE, EN_ARTICLE)])
def test_unodc_article_links_its_other_language(unodc, lang, page, other):
    url = f"https://x.test/www.unodc.org/centralasia/{lang}/news/{page}"
    article = unodc.parse_article(read(UNODC / lang / "news" / page), url)
    other_lang = "ru" if lang == "en" else "en"
    assert article.translation_urls[0] == (
        f"https://x.test/www.unodc.org/centralasia/{other_lang}/news/{other}")
    assert "Article in Russian language" not in article.text
    assert "Статья на английском языке" not in article.text
    assert "vasilina.brazhko" not in article.text  # the media-contact box is not news
    assert article.dateline.startswith(("Ashgabat (Turkmenistan)", "Ашхабад (Туркменистан)"))


def test_unodc_in_body_link_alone_is_enough(unodc):
    """Real UNODC pages carry no hreflang links: the in-body link is the only clue."""
    html = ("<html><body><div id='mainColumn'><div id='news-article'><h1>Title</h1>"
            "<p><strong>Bishkek (Kyrgyzstan), 3 March 2022</strong> - Text of the story.</p>"
            "<p><a href='/centralasia/ru/news/x.html'>Article in Russian language</a></p>"
            "<div class='contact-box'><p>For more information contact</p></div>"
            "</div></div></body></html>")
    article = unodc.parse_article(html, "https://www.unodc.org/centralasia/en/news/x.html")
    assert article.translation_urls == ["https://www.unodc.org/centralasia/ru/news/x.html"]
    assert article.text.startswith("Bishkek (Kyrgyzstan), 3 March 2022")
    assert "For more information" not in article.text
    assert unodc.dateline_date(article.dateline) == "3 March 2022"


def config_of(write_config: Any, registry: Any, entries: list[dict[str, Any]], base: str) -> Any:
    text = yaml.safe_dump({"sources": entries}, allow_unicode=True).replace(PLACEHOLDER, base)
    return load_config(write_config(text), registry)


def test_unodc_poll_through_the_demo_server(demo_site, write_config, registry, db):
    config = config_of(write_config, registry, [demo_entry("unodc-centralasia-en"),
                                               demo_entry("unodc-centralasia-ru")], demo_site)
    report = poll(db, config, registry)
    assert not report.failed, [r.error for r in report.failed]
    rows = {r["language"]: r for r in db.table("items").rows}
    assert set(rows) == {"en", "ru"}
    en, ru = rows["en"], rows["ru"]
    assert json.loads(en["translation_urls"])[0] == ru["url"]
    assert json.loads(ru["translation_urls"])[0] == en["url"]
    assert en["published"].startswith("2021-06-11")
    assert "Yazdursun Gurbannazarova" in en["text"]
    # each article page is kept as evidence, once however often it is polled
    from monitor.store.snapshots import load_snapshot

    snapshot = load_snapshot(db, en["snapshot_id"])
    assert snapshot.url == en["url"] and b"Yazdursun Gurbannazarova" in snapshot.body
    poll(db, config, registry)
    assert db["snapshots"].count == 2


def test_unodc_changed_list_page_fails_the_source(http_server, write_config, registry, db):
    http_server.add("/news", "<html><body><p>Maintenance</p></body></html>",
                    content_type="text/html")
    config = config_of(write_config, registry, [{
        "name": "unodc", "plugin": "unodc_centralasia", "url": f"{http_server.url}/news",
        "language": "en"}], http_server.url)
    (result,) = poll(db, config, registry).results
    assert result.status == "error" and "no news entries" in result.error


def test_unodc_missing_article_keeps_the_teaser(http_server, write_config, registry, db):
    http_server.add("/news", read(UNODC / "en" / "news" / "index.html", http_server.url),
                    content_type="text/html; charset=utf-8")
    config = config_of(write_config, registry, [{
        "name": "unodc", "plugin": "unodc_centralasia", "url": f"{http_server.url}/news",
        "language": "en"}], http_server.url)
    (result,) = poll(db, config, registry).results
    assert result.status == "ok" and result.new_items == 1
    assert any("kept the list teaser only" in w for w in result.warnings)
    (row,) = db.table("items").rows
    assert "More than 30 officials" in row["text"]


@pytest.mark.parametrize("name", ["minersnews-en", "minersnews-ru", "fprk-kz", "fprk-ru",
                                  "fprk-en"])
def test_config_only_sites_list_pages(name, demo_site, write_config, registry, db):
    """Miners News (Joomla blog) and FPRK need no code: html_list selectors do it."""
    entry = {k: v for k, v in demo_entry(name).items() if k != "full_text"}
    config = config_of(write_config, registry, [entry], demo_site)
    (result,) = poll(db, config, registry).results
    assert result.status == "ok", result.error
    assert not result.warnings, result.warnings
    rows = list(db.table("items").rows)
    assert rows and all(r["published"] and r["title"] and r["summary"] for r in rows)
    if name == "minersnews-en":  # two list pages, followed through "Next"
        assert len(rows) == 10


def test_solidarity_center_cleaning(registry):
    module = sys.modules[registry.source_types["solidarity_center"].cls.__module__]
    html = ('<figure class="post-thumbnail"><img src="a.jpg"/><figcaption class="wp-caption-text">'
            'Riders in Cebu. Credit: Solidarity Center</figcaption></figure>'
            "<p>Riders won back pay.</p>\n<p>The post <a href='x'>Riders win</a> appeared first on "
            "<a href='y'>Solidarity Center</a>.</p>")
    assert module.clean_wordpress_html(html) == "<p>Riders won back pay.</p>"
    assert module.clean_wordpress_html("Riders organise [&#8230;]") == "Riders organise"


def test_solidarity_center_feed_without_furniture(demo_site, write_config, registry, db):
    entry = {k: v for k, v in demo_entry("solidarity-center").items() if k != "full_text"}
    config = config_of(write_config, registry, [entry], demo_site)
    (result,) = poll(db, config, registry).results
    assert result.status == "ok" and result.new_items == 10  # 11 posts, one exact repeat
    for row in db.table("items").rows:
        assert "appeared first on" not in row["text"] and "Credit:" not in row["text"]
        assert "appeared first on" not in row["summary"]
    texts = " ".join(r["text"] for r in db.table("items").rows)
    assert "7.2 million PHP" in texts and "Reflejos de Lucha" in texts
