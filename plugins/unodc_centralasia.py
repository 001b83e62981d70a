"""Source type `unodc_centralasia`: news of the UNODC Regional Office for Central Asia.

The office publishes each story in English and Russian. The news list gives date, title and
teaser; the article page gives the text, opening with a dateline ("Ashgabat (Turkmenistan),
11 June 2021 –"), and links its other-language version inside the body ("Article in Russian
language", "Статья на английском языке"). That in-body link is why this is a plugin and not an
``html_list`` config: it is recorded on the item as ``translation_urls``, so the English and
Russian items of one story can be tied together. The media-contact box is left out of the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag
from pydantic import BaseModel, ConfigDict, Field

from monitor import (
    Item,
    MonitorError,
    SourceContext,
    SourceError,
    SourceType,
    hookimpl,
    html_to_text,
    parse_date,
)

# "Article in Russian language", "Russian version", "Статья на английском языке", "Версия на
# русском языке": the wording UNODC field offices use for the other-language version.
TRANSLATION_LINK = re.compile(
    r"(article|story|press release)\s+in\s+\w+(\s+language)?|\w+\s+version|"
    r"(стать[яи]|материал|пресс-релиз|верси[яи])\s+на\s+\w+\s+язык",
    re.IGNORECASE,
)
CONTACT = re.compile(r"contact|контакт", re.IGNORECASE)
ARTICLE_SELECTORS = ("#news-article", "#mainColumn", "main", "article", "body")


@dataclass
class ListEntry:
    url: str
    title: str
    date_text: str = ""
    teaser: str = ""


@dataclass
class Article:
    title: str = ""
    text: str = ""
    dateline: str = ""
    translation_urls: list[str] = field(default_factory=list)


def _text(node: Tag | None) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def parse_news_list(html: str, page_url: str) -> list[ListEntry]:
    """Entries of a news list page (div.news-item: p.news-date, h3 > a, teaser p)."""
    soup = BeautifulSoup(html, "lxml")
    entries = []
    for block in soup.select(".news-list .news-item, .news-item"):
        link = block.select_one("h3 a[href], h2 a[href], a[href]")
        if link is None:
            continue
        teaser = next(
            (_text(p) for p in block.select("p") if "news-date" not in (p.get("class") or [])
             and p.find("a") is None),
            "",
        )
        entries.append(ListEntry(
            url=urljoin(page_url, str(link["href"])),
            title=_text(link),
            date_text=_text(block.select_one(".news-date, .date, time")),
            teaser=teaser,
        ))
    unique: dict[str, ListEntry] = {}
    for entry in entries:
        unique.setdefault(entry.url, entry)
    return list(unique.values())


def parse_article(html: str, page_url: str) -> Article:
    """Title, text, dateline and other-language links of an article page (pure)."""
    soup = BeautifulSoup(html, "lxml")
    container = next(
        (node for node in (soup.select_one(s) for s in ARTICLE_SELECTORS) if node is not None),
        soup,
    )
    article = Article(title=_text(container.select_one("h1")) or _text(soup.title))
    own = page_url.split("#")[0]
    for anchor in container.select("a[href]"):
        if not TRANSLATION_LINK.search(_text(anchor)):
            continue
        href = urljoin(page_url, str(anchor["href"]))
        if href != own and href.startswith(("http://", "https://")) and (
            href not in article.translation_urls
        ):
            article.translation_urls.append(href)
        paragraph = anchor.find_parent("p")
        (paragraph or anchor).decompose()
    for link in soup.select('link[rel~="alternate"][hreflang][href]'):
        href = urljoin(page_url, str(link["href"]))
        if href != own and href not in article.translation_urls:
            article.translation_urls.append(href)
    for node in container.select("h1, script, style, .contact-box, hr"):
        node.decompose()
    for heading in container.find_all(["h2", "h3", "h4"]):
        if CONTACT.search(_text(heading)):  # a contact block without its class
            for sibling in list(heading.find_next_siblings()):
                sibling.decompose()
            heading.decompose()
    first = container.select_one("p > strong, p > b")
    if first is not None:
        article.dateline = _text(first)
    article.text = html_to_text(container.decode_contents())
    return article


def dateline_date(dateline: str) -> str:
    """'Ashgabat (Turkmenistan), 11 June 2021' -> '11 June 2021'; the place goes first."""
    return dateline.rsplit(",", 1)[-1].strip() if "," in dateline else dateline


class UnodcOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_items: int = Field(
        default=20, ge=1, le=200, description="newest list entries whose pages are read per poll"
    )


class UnodcCentralAsiaSource(SourceType):
    name = "unodc_centralasia"
    description = (
        "UNODC Central Asia news (English or Russian list page): article text and the link to "
        "its other-language version"
    )
    Options = UnodcOptions

    async def fetch(self, ctx: SourceContext) -> AsyncIterator[Item]:
        options = ctx.options
        assert isinstance(options, UnodcOptions)
        languages = [ctx.source.language] if ctx.source.language else ["en", "ru"]
        response = await ctx.http.get(ctx.source.url)
        entries = parse_news_list(response.text(), response.final_url)
        if not entries:
            raise SourceError(
                f"no news entries (div.news-item) on {response.final_url} (has the page changed?)"
            )
        now = dt.datetime.now(dt.UTC)
        for entry in entries[: options.max_items]:
            published = None
            if entry.date_text:
                result = parse_date(entry.date_text, languages, now=now, date_format="%d.%m.%Y")
                published = result.value
            try:
                page = await ctx.http.get(entry.url)
            except MonitorError as exc:  # the list entry is still news; keep it with its teaser
                ctx.warn(f"{entry.url}: {exc}; kept the list teaser only")
                yield Item(url=entry.url, title=entry.title, summary=entry.teaser,
                           published=published, language=ctx.source.language)
                continue
            article = parse_article(page.text(), page.final_url)
            if published is None and article.dateline:
                result = parse_date(dateline_date(article.dateline), languages, now=now)
                published = result.value
                if result.problem:
                    ctx.warn(f"{entry.url}: {result.problem}; date left empty")
            yield Item(
                url=entry.url,
                title=entry.title or article.title,
                summary=entry.teaser,
                text=article.text,
                published=published,
                language=ctx.source.language,
                translation_urls=article.translation_urls,
                extra=_evidence(ctx.snapshot(page)),  # proof of what the page said
            )


def _evidence(snapshot_id: int | None) -> dict[str, int]:
    return {"snapshot_id": snapshot_id} if snapshot_id else {}


@hookimpl
def register_source_types(register):  # type: ignore[no-untyped-def]
    register(UnodcCentralAsiaSource)
