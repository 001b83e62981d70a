"""Source type `rss`: RSS 0.9x/1.0/2.0, Atom and JSON Feed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from pydantic import BaseModel, ConfigDict, Field

from monitor import Item, SourceContext, SourceError, SourceType, hookimpl


class RssOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_items: int | None = Field(default=None, ge=1, description="keep only the newest N entries")


class RssSource(SourceType):
    name = "rss"
    description = "RSS 0.9x/1.0/2.0, Atom or JSON Feed"
    Options = RssOptions

    async def fetch(self, ctx: SourceContext) -> AsyncIterator[Item]:
        options = ctx.options
        assert isinstance(options, RssOptions)
        # Conditional GET: a 304, or the same body as last time, costs no parsing.
        response = await ctx.http.get(ctx.source.url, conditional=True)
        if response.not_modified:
            return
        # lazy: feedparser and BeautifulSoup cost 0.1 s to import; a re-poll of 304s needs neither
        from monitor.parse.feeds import parse_feed

        # Parsing is CPU work: off the event loop, so other sources' fetches keep flowing.
        try:
            feed = await asyncio.to_thread(
                parse_feed, response.content, response.final_url, response.content_type,
                response.declared_charset,
            )
        except SourceError as exc:
            if "got an HTML page" not in str(exc):
                raise
            from monitor.parse.discover import html_page_hint  # lazy: bs4, for this error only

            raise SourceError(html_page_hint(response.text(), response.final_url)) from None
        for warning in feed.warnings:
            ctx.warn(warning)
        entries = feed.entries[: options.max_items] if options.max_items else feed.entries
        for entry in entries:
            yield Item(
                url=entry.url,
                title=entry.title,
                guid=entry.guid,
                summary=entry.summary,
                text=entry.content,
                published=entry.published,
                author=entry.author,
                language=ctx.source.language or feed.language,
                extra={"categories": entry.categories} if entry.categories else {},
            )


@hookimpl
def register_source_types(register):  # type: ignore[no-untyped-def]
    register(RssSource)
