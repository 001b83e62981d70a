"""Source type `telegram`: a public Telegram channel read through its web preview (t.me/s/NAME).

Workers' hotlines and union channels publish on Telegram first. The web preview needs no API
key: each page lists about 20 posts, oldest first, with text, date, link and view count, and
links to the page before it with ``?before=<post number>``.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from pydantic import BaseModel, ConfigDict, Field

from monitor import Item, SourceContext, SourceError, SourceType, hookimpl, html_to_text

TELEGRAM_HOSTS = {"t.me", "telegram.me", "www.t.me", "telegram.dog"}
TITLE_CHARS = 140
VIEWS = re.compile(r"^\s*([\d.,]+)\s*([KkMm]?)\s*$")


@dataclass
class TelegramPost:
    """One post of a channel page, as the preview shows it."""

    post: str  # "channel/123", the data-post attribute
    url: str
    text: str
    published: dt.datetime | None
    views: int | None = None
    views_raw: str | None = None
    author: str | None = None
    forwarded_from: str | None = None
    media: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    edited: bool = False

    @property
    def number(self) -> int | None:
        tail = self.post.rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else None


@dataclass
class ChannelPage:
    channel_title: str = ""
    posts: list[TelegramPost] = field(default_factory=list)
    before: int | None = None
    """Post number for the next (older) page, when the page links one."""
    skipped: int = 0
    """Posts without text (a photo or a sticker alone), which make no news item."""


def parse_views(raw: str | None) -> int | None:
    """'2.5K' -> 2500, '1.2M' -> 1200000, '903' -> 903; None when unreadable."""
    if not raw:
        return None
    match = VIEWS.match(raw)
    if not match:
        return None
    number, unit = match.groups()
    try:
        if unit:
            value = float(number.replace(",", ".")) * (1000 if unit.lower() == "k" else 1_000_000)
        else:
            value = float(number.replace(",", "").replace(".", ""))
    except ValueError:
        return None
    return int(round(value))


def make_title(text: str) -> str:
    """The first line of a post, cut at a word boundary: channels put their headline there."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= TITLE_CHARS:
        return first
    cut = first[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"


def _datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _text(node: Tag | None) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def _media(message: Tag) -> list[str]:
    kinds = {
        "photo": ".tgme_widget_message_photo_wrap",
        "video": ".tgme_widget_message_video_player, .tgme_widget_message_video",
        "document": ".tgme_widget_message_document",
        "voice": ".tgme_widget_message_voice",
        "poll": ".tgme_widget_message_poll",
    }
    return [kind for kind, selector in kinds.items() if message.select_one(selector) is not None]


def _post(message: Tag, page_url: str) -> TelegramPost | None:
    post_id = str(message.get("data-post") or "")
    if not post_id or "service_message" in (message.get("class") or []):
        return None
    date_link = message.select_one("a.tgme_widget_message_date")
    href = date_link.get("href") if date_link is not None else None
    url = urljoin(page_url, str(href)) if href else _post_url(page_url, post_id)
    time = message.select_one("a.tgme_widget_message_date time[datetime]") or message.select_one(
        "time[datetime]"
    )
    text_node = message.select_one(".tgme_widget_message_text")
    # A forwarded post with a link preview has a second text block inside the preview: the
    # post's own text is the first one that is not inside the preview.
    for candidate in message.select(".tgme_widget_message_text"):
        if candidate.find_parent(class_="tgme_widget_message_link_preview") is None:
            text_node = candidate
            break
    links: list[str] = []
    if text_node is not None:
        for anchor in text_node.select("a[href]"):
            link = urljoin(page_url, str(anchor["href"]))
            if "?q=%23" in link or link in links:  # hashtag searches are not links out
                continue
            links.append(link)
    views_raw = _text(message.select_one(".tgme_widget_message_views")) or None
    forwarded = message.select_one(".tgme_widget_message_forwarded_from_name")
    meta = _text(message.select_one(".tgme_widget_message_meta"))
    return TelegramPost(
        post=post_id,
        url=url,
        text=html_to_text(text_node.decode_contents()) if text_node is not None else "",
        published=_datetime(str(time["datetime"])) if time is not None else None,
        views=parse_views(views_raw),
        views_raw=views_raw,
        author=_text(message.select_one(".tgme_widget_message_from_author")) or None,
        forwarded_from=_text(forwarded) or None,
        media=_media(message),
        links=links,
        edited="edited" in meta.lower(),
    )


def _post_url(page_url: str, post_id: str) -> str:
    """https://t.me/<channel>/<n> for a page at .../s/<channel>, on whatever host served it."""
    parts = urlsplit(page_url)
    prefix = parts.path.split("/s/", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, f"{prefix}/{post_id}", "", ""))


def parse_channel_page(html: str, page_url: str) -> ChannelPage:
    """A t.me/s/ page -> its posts (oldest first, as shown) and the link to older posts.

    Raises SourceError when the page is not a channel preview at all (a private channel, a
    group, a user, or a channel that turned its preview off: t.me then shows a landing page).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    history = soup.select_one(".tgme_channel_history")
    messages = soup.select(".tgme_widget_message[data-post]")
    if history is None and not messages:
        title = _text(soup.select_one(".tgme_page_title")) or _text(soup.title)
        raise SourceError(
            "no public web preview here"
            + (f" ({title!r})" if title else "")
            + ": the channel may be private, a group or a person, or have its preview turned off"
        )
    page = ChannelPage(channel_title=_text(soup.select_one(".tgme_channel_info_header_title")))
    for message in messages:
        post = _post(message, page_url)
        if post is None:
            continue
        if not post.text:
            page.skipped += 1
            continue
        page.posts.append(post)
    more = soup.select_one("a.tme_messages_more[data-before]")
    if more is not None and str(more["data-before"]).isdigit():
        page.before = int(str(more["data-before"]))
    else:
        prev = soup.select_one('link[rel="prev"][href]')
        match = re.search(r"[?&]before=(\d+)", str(prev["href"])) if prev is not None else None
        if match:
            page.before = int(match.group(1))
    return page


def preview_url(url: str) -> str:
    """https://t.me/NAME (or @-less variants) -> https://t.me/s/NAME, the readable preview."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if parts.netloc.lower() in TELEGRAM_HOSTS and segments and segments[0] != "s":
        return urlunsplit((parts.scheme, parts.netloc, f"/s/{segments[0]}", "", ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def page_url(url: str, before: int | None) -> str:
    if before is None:
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, f"before={before}", ""))


class TelegramOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_pages: int = Field(
        default=1, ge=1, le=50,
        description="pages of about 20 posts to read per poll, newest first (via ?before=)",
    )


class TelegramSource(SourceType):
    name = "telegram"
    description = "a public Telegram channel through its web preview t.me/s/NAME (no API key)"
    Options = TelegramOptions

    async def fetch(self, ctx: SourceContext) -> AsyncIterator[Item]:
        options = ctx.options
        assert isinstance(options, TelegramOptions)
        base = preview_url(ctx.source.url)
        before: int | None = None
        seen: set[str] = set()
        skipped = 0
        for _ in range(options.max_pages):
            response = await ctx.http.get(page_url(base, before))
            page = parse_channel_page(response.text(), response.final_url)
            skipped += page.skipped
            fresh = [p for p in page.posts if p.post not in seen]
            for post in reversed(fresh):
                seen.add(post.post)
                yield self.item(post, ctx, page.channel_title)
            # No "more" link: this is the channel's first page. A link back to the same page
            # or a page of posts already seen means the preview is going round in circles.
            if not fresh or page.before is None or page.before == before:
                break
            before = page.before
        if skipped:
            ctx.warn(f"{skipped} post(s) without text skipped (media only)")

    @staticmethod
    def item(post: TelegramPost, ctx: SourceContext, channel_title: str = "") -> Item:
        extra: dict[str, Any] = {"channel": post.post.split("/")[0], "post": post.number}
        if channel_title:
            extra["channel_title"] = channel_title
        if post.views is not None:
            extra["views"] = post.views
            extra["views_raw"] = post.views_raw
        for key in ("forwarded_from", "media", "links", "edited"):
            value = getattr(post, key)
            if value:
                extra[key] = value
        return Item(
            url=post.url,
            guid=f"tg:{post.post}",
            title=make_title(post.text),
            text=post.text,
            published=post.published,
            author=post.author,
            language=ctx.source.language,
            extra=extra,
        )


@hookimpl
def register_source_types(register):  # type: ignore[no-untyped-def]
    register(TelegramSource)
