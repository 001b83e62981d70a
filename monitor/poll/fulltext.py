"""Full text for sources with ``full_text: true``: each new item's page, fetched once.

Each page is kept as evidence through the source's ``ctx.snapshot`` (stored with the source's
items, in the same transaction) and its text, date and language merged into the item
(monitor/parse/article.py does the reading).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Sequence

from monitor.api import Item, SourceContext
from monitor.errors import MonitorError
from monitor.parse.article import extract_article, merge_article

CONCURRENCY = 4
MAX_PAGES_PER_POLL = 200
"""New items' pages fetched per source and poll; the rest wait for the next poll."""

StoredCheck = Callable[[list[Item]], Awaitable[list[bool]]]
"""Which of these items the database already holds (asked through the poll's writer)."""


async def fetch_article(ctx: SourceContext, item: Item) -> Item:
    """Fetch one item's page, keep it as evidence, and merge what it says into the item."""
    fetched = dt.datetime.now(dt.UTC)
    try:
        response = await ctx.http.get(item.url)
    except MonitorError as exc:
        ctx.warn(f"full text of {item.url}: {exc}")
        return item
    extra = dict(item.extra)
    key = ctx.snapshot(response)
    if key is not None:
        extra["snapshot_id"] = key
    if "html" not in response.content_type and response.content_type not in ("", "text/plain"):
        ctx.warn(f"full text of {item.url}: not a web page ({response.content_type})")
        return item.model_copy(update={"extra": extra})
    try:
        article = await asyncio.to_thread(
            extract_article, response.content, response.final_url, fetched
        )
    except Exception as exc:  # an extractor bug on one odd page must not fail the source
        ctx.warn(f"full text of {item.url}: extraction failed: {type(exc).__name__}: {exc}")
        return item.model_copy(update={"extra": extra})
    for problem in article.problems:
        ctx.warn(f"full text of {item.url}: {problem}")
    return merge_article(item, article).model_copy(update={"extra": extra})


async def add_full_text(
    ctx: SourceContext,
    items: Sequence[Item],
    stored: StoredCheck | None = None,
    max_pages: int = MAX_PAGES_PER_POLL,
    concurrency: int = CONCURRENCY,
) -> list[Item]:
    """Fill items' text from their own pages, skipping the items already stored."""
    known = await stored(list(items)) if stored is not None else [False] * len(items)
    todo = [i for i, seen in enumerate(known) if not seen]
    if len(todo) > max_pages:
        ctx.warn(f"full text fetched for {max_pages} of {len(todo)} new items")
        todo = todo[:max_pages]
    limit = asyncio.Semaphore(max(1, concurrency))

    async def one(item: Item) -> Item:
        async with limit:
            return await fetch_article(ctx, item)

    done = await asyncio.gather(*(one(items[i]) for i in todo))
    out = list(items)
    for index, item in zip(todo, done, strict=True):
        out[index] = item
    return out
