"""Source type `html_list`: a news list page scraped with CSS selectors set in sources.yaml.

For sites without a feed. Everything is configuration: the item block, and inside it the title,
link, date and teaser; a next-page link followed up to ``max_pages``. A page whose markup changed
(the item selector matches nothing) fails the source, so a broken scraper is never a quiet one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urljoin

from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor import Item, SourceContext, SourceType, hookimpl
from monitor.errors import SourceError
from monitor.parse.dates import parse_date

HARD_MAX_PAGES = 50
DATE_ATTRIBUTES = ("datetime", "content", "data-date", "title")


def _check_selector(value: str | None) -> str | None:
    if value is None:
        return None
    import soupsieve  # lazy: 60 ms to import, for html_list sources only

    try:
        soupsieve.compile(value)
    except Exception as exc:  # soupsieve raises its own SelectorSyntaxError and others
        message = str(exc).splitlines()[0]
        raise ValueError(f"not a valid CSS selector {value!r}: {message}") from None
    return value


class HtmlListOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_selector: str = Field(description="CSS selector of one item block on the list page")
    title_selector: str | None = Field(
        default=None, description="inside the item; default: the link's text"
    )
    link_selector: str | None = Field(
        default=None, description="inside the item; default: the first a[href] (or the item)"
    )
    date_selector: str | None = Field(default=None, description="inside the item")
    date_attribute: str | None = Field(
        default=None, description="read the date from this attribute (default: datetime/content "
        "if present, else the text)"
    )
    teaser_selector: str | None = Field(default=None, description="inside the item")
    date_format: str | None = Field(
        default=None, description="strptime format tried first, e.g. '%d.%m.%Y'"
    )
    date_languages: list[str] | None = Field(
        default=None, description="languages of month names; default: the source's language"
    )
    next_page_selector: str | None = Field(
        default=None, description="the link to the next (older) page of the list"
    )
    max_pages: int = Field(default=5, ge=1, le=HARD_MAX_PAGES)

    @field_validator(
        "item_selector", "title_selector", "link_selector", "date_selector",
        "teaser_selector", "next_page_selector",
    )
    @classmethod
    def _selectors(cls, value: str | None) -> str | None:
        return _check_selector(value)


def _text(node: Any) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node is not None else ""


def _select_one(block: Any, selector: str | None) -> Any:
    if not selector:
        return None
    return block.select_one(selector)


def _link(block: Any, selector: str | None) -> Any:
    if selector:
        found = block.select_one(selector)
        if found is not None and not found.get("href"):
            inner = found.select_one("a[href]")
            found = inner if inner is not None else found
        return found
    if block.name == "a" and block.get("href"):
        return block
    return block.select_one("a[href]")


def parse_list_page(
    html: str, page_url: str, options: HtmlListOptions, languages: list[str] | None,
    now: dt.datetime, warn: Any,
) -> tuple[list[Item], str | None, int]:
    """Items of one list page, the next page's URL, and how many blocks matched (pure)."""
    from bs4 import BeautifulSoup  # lazy: see _check_selector

    soup = BeautifulSoup(html, "lxml")
    base = page_url
    base_tag = soup.select_one("base[href]")
    if base_tag is not None:
        base = urljoin(page_url, str(base_tag["href"]))
    blocks = soup.select(options.item_selector)
    items: list[Item] = []
    no_title = no_date = 0
    for number, block in enumerate(blocks, start=1):
        link = _link(block, options.link_selector)
        href = str(link.get("href") or "").strip() if link is not None else ""
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            warn(f"item {number} on {page_url}: no link found; skipped")
            continue
        url = urljoin(base, href)
        if not url.startswith(("http://", "https://")):
            warn(f"item {number} on {page_url}: link {href[:80]!r} is not a web address; skipped")
            continue
        title_node = _select_one(block, options.title_selector) if options.title_selector else link
        title = _text(title_node)
        no_title += options.title_selector is not None and title_node is None
        published = None
        if options.date_selector:
            date_node = _select_one(block, options.date_selector)
            raw = ""
            if date_node is not None:
                attrs = [options.date_attribute] if options.date_attribute else DATE_ATTRIBUTES
                raw = next((str(date_node[a]) for a in attrs if date_node.get(a)), "")
                if not raw and not options.date_attribute:
                    raw = _text(date_node)
            if raw:
                result = parse_date(raw, languages, now=now, date_format=options.date_format)
                published = result.value
                if result.problem:
                    warn(f"{url}: {result.problem}; date left empty")
            else:
                no_date += 1
        teaser = _text(_select_one(block, options.teaser_selector))
        items.append(Item(url=url, title=title, summary=teaser, published=published))
    if no_title:
        warn(f"{page_url}: title selector {options.title_selector!r} matched nothing in "
             f"{no_title} of {len(blocks)} items")
    if no_date:
        warn(f"{page_url}: date selector {options.date_selector!r} matched nothing in "
             f"{no_date} of {len(blocks)} items; dates left empty")
    next_url = None
    if options.next_page_selector:
        node = soup.select_one(options.next_page_selector)
        if node is not None and node.name != "a":
            node = node.select_one("a[href]") or node
        href = str(node.get("href") or "").strip() if node is not None else ""
        if href and not href.startswith(("#", "javascript:")):
            next_url = urljoin(base, href)
    return items, next_url, len(blocks)


class HtmlListSource(SourceType):
    name = "html_list"
    description = "a news list page read with CSS selectors (no code), with pagination"
    Options = HtmlListOptions

    async def fetch(self, ctx: SourceContext) -> AsyncIterator[Item]:
        options = ctx.options
        assert isinstance(options, HtmlListOptions)
        languages = options.date_languages or (
            [ctx.source.language] if ctx.source.language else None
        )
        url: str | None = ctx.source.url
        visited: set[str] = set()
        seen_items: set[str] = set()
        page = 0
        while url is not None:
            if page >= options.max_pages:
                ctx.warn(f"stopped after max_pages={options.max_pages}; more pages exist")
                break
            if url in visited:
                ctx.warn(f"next-page link loops back to {url}; stopped")
                break
            visited.add(url)
            page += 1
            now = dt.datetime.now(dt.timezone.utc)
            try:
                response = await ctx.http.get(url)
            except SourceError:
                raise
            except Exception as exc:
                if page == 1:
                    raise
                ctx.warn(f"page {page} ({url}): {exc}; stopped")
                break
            items, next_url, matched = parse_list_page(
                response.text(), response.final_url, options, languages, now, ctx.warn
            )
            if matched == 0 or not items:
                message = (
                    f"item selector {options.item_selector!r} matched 0 elements" if matched == 0
                    else f"no link found in any of the {matched} items "
                    f"(link selector {options.link_selector or 'a[href]'!r})"
                )
                if page == 1:
                    raise SourceError(f"{message} on {response.final_url} (has the page changed?)")
                ctx.warn(f"{message} on page {page} ({response.final_url}); stopped")
                break
            for item in items:
                if item.url in seen_items:
                    continue
                seen_items.add(item.url)
                if ctx.source.language and item.language is None:
                    item = item.model_copy(update={"language": ctx.source.language})
                yield item
            url = next_url


@hookimpl
def register_source_types(register):  # type: ignore[no-untyped-def]
    register(HtmlListSource)
