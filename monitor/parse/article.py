"""Article pages: trafilatura extracts the main text, we add the date, language and links.

Pure: a page's bytes in, an Article out. The poll fetches the pages (monitor/poll/fulltext.py).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from monitor.api import Item
from monitor.parse.dates import parse_date
from monitor.parse.encoding import decode_body
from monitor.values import language_code

MAX_HTML_CHARS = 3_000_000
FAVOR_PRECISION = True
"""Less furniture for a little less text: on the shared trafilatura evaluation pages 8 more
boilerplate snippets are kept out for 4 more article snippets lost (tests/test_fulltext.py)."""
# Page furniture trafilatura sometimes keeps: removed from the tree before extraction. Class
# names are matched as substrings ("social-share-buttons"), so only on small blocks: a page
# wrapper whose class happens to say "breadcrumb" or "contact" must not take the article with it.
_SMALL = "[not(self::html or self::body)][string-length(normalize-space(.)) < 600]"
PRUNE_XPATH = [
    "//figcaption",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')]",
    "//*[contains(@class, 'share') or contains(@class, 'social') or contains(@id, 'share')]"
    + _SMALL,
    "//*[contains(@class, 'language-switch') or contains(@class, 'lang-switch')"
    " or contains(@class, 'languages') or contains(@class, 'gtranslate')"
    " or contains(@id, 'google_translate')]" + _SMALL,
    "//select",
    "//form" + _SMALL,
    "//address",
    "//*[contains(@class, 'contact') or contains(@id, 'contact')]" + _SMALL,
    "//*[contains(@class, 'breadcrumb')]" + _SMALL,
    "//*[@role='navigation' or @aria-label='breadcrumb']" + _SMALL,
]
# Whole lines that are furniture, whatever the markup around them was.
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:(?:photo\s*)?credits?\s*:|фото\s*:|photo\s*:|select language\b|share\b|"
    r"поделиться\b|tweet\b|print\b|read more\b|читать также\b|related\b)",
    re.IGNORECASE,
)


@dataclass
class Article:
    """What a page says, once the furniture is gone."""

    title: str = ""
    text: str = ""
    published: dt.datetime | None = None
    language: str | None = None
    translation_urls: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Why a field is empty when it could have been filled (an unparseable date...)."""


def _decode(html: str | bytes) -> str:
    return decode_body(html) if isinstance(html, bytes) else html


def _normal_language(value: str | None) -> str | None:
    return language_code(value, strict=True)


def _markup_facts(tree: Any, url: str) -> tuple[str | None, list[str]]:
    """The page's declared language and its other-language versions (hreflang links)."""
    language = None
    for expr in (
        "/html/@lang", "/html/@xml:lang",
        "//meta[translate(@http-equiv,'CONTENTLANGUAGE','contentlanguage')"
        "='content-language']/@content",
        "//meta[@property='og:locale']/@content",
    ):
        try:
            values = tree.xpath(expr, namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
        except Exception:  # an odd document: no language rather than a failure
            values = []
        language = _normal_language(str(values[0])) if values else None
        if language:
            break
    own = {url.split("#")[0]}
    for canonical in tree.xpath("//link[@rel='canonical']/@href"):
        own.add(urljoin(url, str(canonical).strip()))
    translations: list[str] = []
    for link in tree.xpath("//link[@hreflang][@href]"):
        rel = (link.get("rel") or "").lower().split()
        hreflang = (link.get("hreflang") or "").lower()
        if "alternate" not in rel or hreflang == "x-default":
            continue
        if language and _normal_language(hreflang) == language:
            continue  # the page itself, in its own language
        href = urljoin(url, link.get("href").strip())
        if not href.startswith(("http://", "https://")) or href in own:
            continue
        if href not in translations:
            translations.append(href)
    return language, translations


def _clean_text(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    kept = [line for line in lines if line.strip() and not BOILERPLATE_LINE.match(line)]
    return "\n".join(kept).strip()


def _bare_extraction(trafilatura: Any, source: str, url: str) -> Any:
    return trafilatura.bare_extraction(
        source,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=FAVOR_PRECISION,
        include_images=False,
        prune_xpath=PRUNE_XPATH,
        date_extraction_params={
            "extensive_search": False, "original_date": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        },
    )


def extract_article(
    html: str | bytes, url: str, now: dt.datetime | None = None
) -> Article:
    """Main text, title, date and language of an article page (pure: no network)."""
    import lxml.html  # lazy: only full_text sources read article pages
    import trafilatura  # lazy: it takes half a second to import

    source = _decode(html)[:MAX_HTML_CHARS]
    article = Article()
    if not source.strip():
        article.problems.append("empty page")
        return article
    try:
        tree = lxml.html.fromstring(source)
    except Exception as exc:  # lxml gives up on some byte soup; trafilatura may still cope
        article.problems.append(f"could not parse the page: {type(exc).__name__}")
        tree = None
    if tree is not None:
        article.language, article.translation_urls = _markup_facts(tree, url)
    with warnings.catch_warnings():
        # htmldate hands dates like "10:00 MSK" to dateutil, which warns on every unknown zone
        # name; on a poll from cron that is mail every few minutes for nothing.
        # (dateutil's UnknownTimezoneWarning, a RuntimeWarning, matched by its message)
        warnings.filterwarnings("ignore", r"tzname .* identified but not understood",
                                RuntimeWarning)
        doc = _bare_extraction(trafilatura, source, url)
    if doc is None:
        article.problems.append("no main text found")
        return article
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    article.title = " ".join(str(data.get("title") or "").split())
    article.text = _clean_text(str(data.get("text") or ""))
    first, _, rest = article.text.partition("\n")
    if article.title and first.strip() == article.title:
        article.text = rest.strip()  # the headline is kept as the title, not twice
    if not article.text:
        article.problems.append("no main text found")
    if data.get("date"):
        result = parse_date(str(data["date"]), now=now)
        article.published = result.value
        if result.problem:
            article.problems.append(result.problem)
    if article.language is None and data.get("language"):
        article.language = _normal_language(str(data["language"]))
    return article


def merge_article(item: Item, article: Article) -> Item:
    """The item with what its page adds; the list page's own values win where they exist."""
    update: dict[str, Any] = {}
    if article.text and len(article.text) > len(item.text or ""):
        update["text"] = article.text
    if item.published is None and article.published is not None:
        update["published"] = article.published
    if not item.title and article.title:
        update["title"] = article.title
    if item.language is None and article.language:
        update["language"] = article.language
    if article.translation_urls and not item.translation_urls:
        update["translation_urls"] = article.translation_urls
    return item.model_copy(update=update) if update else item


