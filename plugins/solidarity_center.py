"""Source type `solidarity_center`: the Solidarity Center's WordPress feed, without its furniture.

The feed (seeds 000 and 001) carries each post's full text in ``content:encoded``, so reading it
is the ``rss`` type's job and this plugin reuses it. What ``rss`` alone stores is noisy: photo
captions ending in "Credit: Solidarity Center" at the top of almost every post, and the feed
footer "The post <title> appeared first on Solidarity Center." at the end. Both would reach the
tagger and the near-duplicate detector, so they are cut here. Use it with ``full_text: true`` to
keep each post page as evidence too.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import AsyncIterator

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

from monitor import Item, SourceContext, hookimpl
from monitor.default_plugins.rss import RssOptions, RssSource

APPEARED_FIRST = re.compile(r"^\s*The post .+ appeared first on .+\.?\s*$", re.DOTALL)
ELLIPSIS = re.compile(r"\s*\[(?:…|&#8230;|\.\.\.)\]\s*$")


def clean_wordpress_html(html: str) -> str:
    """Post HTML without figures and their credit captions, and without the feed footer."""
    if not html or "<" not in html:
        return ELLIPSIS.sub("", html or "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for node in soup.select("figure, figcaption, .wp-caption, .wp-caption-text"):
        node.decompose()
    for paragraph in soup.find_all("p"):
        text = paragraph.get_text(" ")
        if APPEARED_FIRST.match(text):
            paragraph.decompose()
        elif paragraph.string and ELLIPSIS.search(paragraph.string):
            paragraph.string.replace_with(ELLIPSIS.sub("", paragraph.string))
    return str(soup).strip()


class SolidarityCenterSource(RssSource):
    name = "solidarity_center"
    description = "the Solidarity Center's WordPress feed, full text without captions and footer"
    Options = RssOptions

    async def fetch(self, ctx: SourceContext) -> AsyncIterator[Item]:
        async for item in super().fetch(ctx):
            yield item.model_copy(update={
                "text": clean_wordpress_html(item.text),
                "summary": clean_wordpress_html(item.summary),
            })


@hookimpl
def register_source_types(register):  # type: ignore[no-untyped-def]
    register(SolidarityCenterSource)
