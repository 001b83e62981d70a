"""Full text of article pages: trafilatura extracts the main text, we add language and links.

Used by the poll for sources with ``full_text: true``: each new item's page is fetched once,
snapshotted as evidence (monitor/snapshots.py), and its text, date and language kept on the item.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from monitor.dates import parse_date
from monitor.errors import MonitorError

if TYPE_CHECKING:
    import sqlite_utils

    from monitor.fetch import Fetcher
    from monitor.sources import Item, SourceContext

MAX_HTML_CHARS = 3_000_000
CONCURRENCY = 4
FAVOR_PRECISION = True
"""Less furniture for a little less text: on the shared trafilatura evaluation pages 8 more
boilerplate snippets are kept out for 4 more article snippets lost (tests/test_fulltext.py)."""
MAX_PAGES_PER_POLL = 200
"""New items' pages fetched per source and poll; the rest wait for the next poll."""
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
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


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
    if isinstance(html, bytes):
        from monitor.encoding import decode_body

        return decode_body(html)
    return html


def _normal_language(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().split(",")[0].strip()
    if not _LANG.match(value):
        return None
    return value.replace("_", "-").split("-")[0].lower()


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
    import lxml.html
    import trafilatura

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


def _already_stored(db: sqlite_utils.Database | None, source: str, item: Item) -> bool:
    if db is None:
        return False
    from monitor.pipeline import stored_duplicate

    return stored_duplicate(db, source, item) is not None


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


async def fetch_article(
    http: Fetcher,
    item: Item,
    db: sqlite_utils.Database | None = None,
    warn: Callable[[str], None] = lambda message: None,
) -> Item:
    """Fetch one item's page, snapshot it (when a db is given) and merge what it says."""
    from monitor.snapshots import save_snapshot

    fetched = dt.datetime.now(dt.timezone.utc)
    try:
        response = await http.get(item.url)
    except MonitorError as exc:
        warn(f"full text of {item.url}: {exc}")
        return item
    extra = dict(item.extra)
    if db is not None:
        try:
            extra["snapshot_id"] = save_snapshot(db, response, fetched=fetched)
        except Exception as exc:  # evidence is wanted, but never at the cost of the item
            warn(f"snapshot of {item.url} not saved: {type(exc).__name__}: {exc}")
    if "html" not in response.content_type and response.content_type not in ("", "text/plain"):
        warn(f"full text of {item.url}: not a web page ({response.content_type})")
        return item.model_copy(update={"extra": extra})
    try:
        article = await asyncio.to_thread(
            extract_article, response.content, response.final_url, fetched
        )
    except Exception as exc:  # an extractor bug on one odd page must not fail the source
        warn(f"full text of {item.url}: extraction failed: {type(exc).__name__}: {exc}")
        return item.model_copy(update={"extra": extra})
    for problem in article.problems:
        warn(f"full text of {item.url}: {problem}")
    return merge_article(item, article).model_copy(update={"extra": extra})


async def add_full_text(
    ctx: SourceContext | Fetcher,
    items: Sequence[Item],
    db: sqlite_utils.Database | None = None,
    source: str | None = None,
    concurrency: int = CONCURRENCY,
) -> list[Item]:
    """Fill items' text from their own pages, skipping items already in ``db``.

    ``ctx`` is the source's SourceContext (problems become its warnings) or a bare Fetcher.
    With ``db`` every fetched page is kept as a snapshot referenced by ``extra['snapshot_id']``.
    """
    from monitor.sources import SourceContext

    if isinstance(ctx, SourceContext):
        http, warn = ctx.http, ctx.warn
        source = source or ctx.source.name
    else:
        http, warn = ctx, (lambda message: None)
    limit = asyncio.Semaphore(max(1, concurrency))
    todo = [i for i, item in enumerate(items) if not _already_stored(db, source or "", item)]
    if len(todo) > MAX_PAGES_PER_POLL:
        warn(f"full text fetched for {MAX_PAGES_PER_POLL} of {len(todo)} new items")
        todo = todo[:MAX_PAGES_PER_POLL]

    async def one(item: Item) -> Item:
        async with limit:
            return await fetch_article(http, item, db, warn)

    done = await asyncio.gather(*(one(items[i]) for i in todo))
    out = list(items)
    for index, item in zip(todo, done, strict=True):
        out[index] = item
    return out
