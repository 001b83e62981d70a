"""The source-plugin API: what a plugin subclasses, what it gets, and what it yields.

Everything here is re-exported by ``monitor`` itself; a plugin imports ``monitor`` only.
This module imports nothing of the poll, the store or the newsroom: a plugin's evidence
snapshot is handed to a callback that the poll routes through its single database writer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import pluggy
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

if TYPE_CHECKING:
    from monitor.fetch import Fetcher, Response

hookimpl = pluggy.HookimplMarker("monitor")
"""Marks a plugin's hook implementations (see monitor.hookspecs for the hooks)."""

SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
SLUG_RULE = "must be a slug: lower-case letters, digits, '-', '_' or '.'"


def check_slug(value: str) -> str:
    """Names of sources and watches end up in URLs, file names and commands."""
    if not SLUG.match(value):
        raise ValueError(SLUG_RULE)
    return value


Slug = Annotated[str, AfterValidator(check_slug)]
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)?\s*$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, None: 1}
DEFAULT_INTERVAL = 3600


def parse_duration(value: str | float) -> float:
    """'30m', '2h', '1d', or a number of seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = DURATION.match(str(value))
    if not match:
        raise ValueError(f"not a duration: {value!r} (use e.g. 30m, 2h, 1d)")
    return float(match.group(1)) * UNITS[match.group(2)]


ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie"}
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _env_name(value: str) -> str:
    if not ENV_NAME.match(value):
        raise ValueError(f"not an environment variable name: {value!r} (e.g. UNION_SITE_PASSWORD)")
    return value


EnvName = Annotated[str, AfterValidator(_env_name)]


class BasicAuth(BaseModel):
    """HTTP basic auth, read from the environment when the source is polled: sources.yaml is
    shared and committed, so it names the variables and never holds the secret."""

    model_config = ConfigDict(extra="forbid")

    username_env: EnvName
    password_env: EnvName


class HttpOptions(BaseModel):
    """Per-source HTTP options, applied by the shared client for every plugin (monitor.fetch).

    Headers, cookies and auth go only to the source's own host, never to a redirect or a link
    on another host; the user agent and the proxy apply to all of the source's requests.
    """

    model_config = ConfigDict(extra="forbid")

    headers: dict[str, str] = Field(default_factory=dict)
    cookies: dict[str, str] = Field(default_factory=dict)
    user_agent: str | None = None
    proxy: str | None = None
    basic_auth: BasicAuth | None = None

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not HEADER_NAME.match(name):
                raise ValueError(f"not a header name: {name!r}")
            if name.lower() in SECRET_HEADERS:
                raise ValueError(
                    f"header {name!r} would put a secret in sources.yaml: use http.basic_auth "
                    "(names of environment variables) or http.cookies")
            if "\r" in text or "\n" in text:
                raise ValueError(f"header {name!r}: a value must be one line")
        return value

    @field_validator("cookies")
    @classmethod
    def _cookies(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not HEADER_NAME.match(name) or any(c in text for c in ";\r\n"):
                raise ValueError(f"not a cookie: {name}={text!r}")
        return value

    @field_validator("user_agent")
    @classmethod
    def _agent(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or "\n" in value or "\r" in value):
            raise ValueError("user_agent must be one non-empty line")
        return value

    @field_validator("proxy")
    @classmethod
    def _proxy(cls, value: str | None) -> str | None:
        if value is None:
            return None
        match = re.match(r"^(https?|socks5h?)://([^/\s]+)/?$", value)
        if not match:
            raise ValueError(f"not a proxy URL: {value!r} (e.g. http://proxy.example:3128)")
        if "@" in match.group(2):
            raise ValueError("a proxy URL must not hold credentials in sources.yaml")
        return value


class SourceConfig(BaseModel):
    """The keys every source has; the rest of an entry is its plugin's options."""

    model_config = ConfigDict(extra="forbid")

    name: Slug
    plugin: str
    url: str
    language: str | None = None
    country: str | None = None
    region: str | None = None
    """A free label for grouping sources (stored in the sources table, faceted there)."""
    tags: list[str] = Field(default_factory=list)
    """Free labels for the source (stored in the sources table, faceted there)."""
    interval: float = DEFAULT_INTERVAL
    enabled: bool = True
    allow_private: bool = False
    """Let links and redirects found in this source's content reach private addresses."""
    full_text: bool = False
    """Fetch each new item's own page for its main text (and keep a snapshot of it)."""
    note: str | None = None
    """For people (why the source is there, what to check); stored in the sources table."""
    http: HttpOptions | None = None
    """Headers, cookies, user agent, proxy and basic auth (from the environment) for this source."""
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"not a URL: {value!r}")
        return value

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> float:
        return parse_duration(value)

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[A-Z]{2}$", value):
            raise ValueError(f"not an ISO 3166-1 alpha-2 code: {value!r} (e.g. KZ)")
        return value


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


KeepSnapshot = Callable[["Response"], "int | None"]
"""Takes a fetched page to keep as evidence; returns the key to put in extra['snapshot_id']."""


@dataclass
class SourceContext:
    """What the core hands a source plugin for one poll of one source."""

    source: SourceConfig
    options: BaseModel
    http: Fetcher
    warnings: list[str] = field(default_factory=list)
    """Non-fatal problems (an unparseable date, a skipped entry); shown in the poll record."""
    keep_snapshot: KeepSnapshot | None = None
    """Set by the poll; None in `check-source` dry runs, where nothing is kept."""

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def snapshot(self, response: Response) -> int | None:
        """Keep a fetched article page as evidence; put the key in ``Item.extra['snapshot_id']``.

        Plugins that fetch article pages themselves call this; ``full_text: true`` does it for
        them. The page is stored with the source's items, in the same transaction, and the key
        becomes the stored snapshot's id. Returns None in a dry run.
        """
        if self.keep_snapshot is None:
            return None
        return self.keep_snapshot(response)


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
