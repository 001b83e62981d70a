"""The source-plugin API: what a plugin subclasses, what it gets, and what it yields."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

if TYPE_CHECKING:
    from monitor.config import SourceConfig
    from monitor.fetch import Fetcher, Response


MAX_CHARS = {"title": 2_000, "summary": 100_000, "text": 1_000_000}
"""Longer values are cut at validation: a title is a line, a page's text is under a megabyte;
beyond that one item would cost gigabytes in parsing and tagging (a 50 MB text once took 929 MB).
"""


class Item(BaseModel):
    """One news item as a plugin yields it. The core validates it before anything is stored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: str
    title: str = ""
    guid: str | None = None
    summary: str = ""
    text: str = ""
    published: dt.datetime | None = None
    language: str | None = None
    author: str | None = None
    translation_urls: list[str] = Field(default_factory=list)
    """Links to the same article in other languages (the site's own translations)."""
    extra: dict[str, Any] = Field(default_factory=dict)
    """Anything else worth keeping (views, categories...); stored as JSON."""

    @field_validator("title", "summary", "text", mode="before")
    @classmethod
    def _capped(cls, value: Any, info: ValidationInfo) -> Any:
        """A 50 MB field is cut before anything copies or parses it (see MAX_CHARS)."""
        limit = MAX_CHARS[str(info.field_name)]
        if isinstance(value, str) and len(value) > limit:
            return value[:limit]
        return value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {value[:80]!r}")
        return value

    @field_validator("extra")
    @classmethod
    def _json_extra(cls, value: dict[str, Any]) -> dict[str, Any]:
        """Stored as JSON: a value JSON cannot hold fails this item, not its whole source."""
        try:
            json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"not JSON-serialisable ({exc})") from None
        return value

    @field_validator("published")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


class NoOptions(BaseModel):
    """Options model for a source type that takes none: any extra key is an error."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class SourceContext:
    """What the core hands a source plugin for one poll of one source."""

    source: SourceConfig
    options: BaseModel
    http: Fetcher
    warnings: list[str] = field(default_factory=list)
    """Non-fatal problems (an unparseable date, a skipped entry); shown in the poll record."""
    db: Any = None
    """The database, for evidence snapshots only; None in `check-source` dry runs."""

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def snapshot(self, response: Response) -> int | None:
        """Keep a fetched article page as evidence; put the id in ``Item.extra['snapshot_id']``.

        Plugins that fetch article pages themselves call this; ``full_text: true`` does it for
        them. Returns None when there is no database (a dry run) or the page cannot be kept.
        """
        if self.db is None:
            return None
        from monitor.snapshots import save_snapshot

        try:
            return save_snapshot(self.db, response)
        except Exception as exc:  # evidence is a bonus; never lose the item over it
            self.warn(f"snapshot of {response.url} not saved: {type(exc).__name__}: {exc}")
            return None


class SourceType:
    """Base class of every source type (``rss``, ``html_list``, site scrapers...).

    Subclasses set ``name``, ``description`` and optionally ``Options`` (a pydantic model with
    ``extra="forbid"``), and implement ``fetch`` as an async generator of ``Item``.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    Options: ClassVar[type[BaseModel]] = NoOptions

    async def fetch(self, ctx: SourceContext) -> AsyncIterator[Item]:
        raise NotImplementedError
        yield  # pragma: no cover
