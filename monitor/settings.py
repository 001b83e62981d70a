"""The `settings:` block of sources.yaml: crawler limits, politeness, poll caps, dedup thresholds.

Every command that fetches or stores (`poll`, `check-source`, `record-source`, `demo`,
`restory`) reads the same block; a key left out keeps the default documented here and in
docs/polling.md. Unknown keys are errors, like everywhere else in the file.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor.api import parse_duration
from monitor.enrich.dedup import Thresholds
from monitor.fetch import FetchSettings, make_user_agent

_HTTP = FetchSettings()


class HttpSettings(BaseModel):
    """How the shared HTTP client treats every site (monitor/fetch.py)."""

    model_config = ConfigDict(extra="forbid")

    contact: str | None = Field(
        default=None, description="URL or mailto: in our User-Agent, so site owners can reach "
        "you (the --contact option and $MONITOR_CONTACT override it)")
    connect_timeout: float = Field(default=_HTTP.connect_timeout, gt=0)
    read_timeout: float = Field(default=_HTTP.read_timeout, gt=0)
    total_timeout: float = Field(default=_HTTP.total_timeout, gt=0)
    max_bytes: int = Field(default=_HTTP.max_bytes, ge=1024)
    max_redirects: int = Field(default=_HTTP.max_redirects, ge=0)
    max_connections: int = Field(default=_HTTP.max_connections, ge=1)
    max_per_host: int = Field(default=_HTTP.max_per_host, ge=1)
    host_delay: float = Field(default=_HTTP.host_delay, ge=0)
    retries: int = Field(default=_HTTP.retries, ge=0)
    respect_robots: bool = _HTTP.respect_robots

    @field_validator("contact")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and any(c in value for c in "\r\n"):
            raise ValueError("must be one line")
        return value

    def fetch_settings(self, contact: str | None = None,
                       host_delay: float | None = None) -> FetchSettings:
        """FetchSettings for this block, with a command's own --contact / --host-delay."""
        return FetchSettings(
            user_agent=make_user_agent(contact or self.contact),
            connect_timeout=self.connect_timeout, read_timeout=self.read_timeout,
            total_timeout=self.total_timeout, max_bytes=self.max_bytes,
            max_redirects=self.max_redirects, max_connections=self.max_connections,
            max_per_host=self.max_per_host,
            host_delay=self.host_delay if host_delay is None else host_delay,
            retries=self.retries, respect_robots=self.respect_robots,
        )


class PollSettings(BaseModel):
    """What one poll of one source may cost."""

    model_config = ConfigDict(extra="forbid")

    max_items_per_source: int = Field(default=100_000, ge=1, description="a safety cap far "
                                      "above real feeds; more items are counted and dropped")
    source_timeout: float | None = Field(
        default=None, description="seconds before a source is stopped; default 4 x the HTTP "
        "total timeout, at least 60 s")
    full_text_pages: int = Field(default=200, ge=0,
                                 description="new items' pages fetched per source and poll")
    snapshot_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024,
                                    description="bytes kept of each evidence page")

    @field_validator("source_timeout", mode="before")
    @classmethod
    def _duration(cls, value: object) -> float | None:
        return None if value is None else parse_duration(value)  # type: ignore[arg-type]

    def timeout(self, http: FetchSettings) -> float:
        return self.source_timeout or max(4 * http.total_timeout, 60.0)


class DedupSettings(BaseModel):
    """What makes two reports one story (docs/dedup.md); run `monitor restory` after a change."""

    model_config = ConfigDict(extra="forbid")

    jaccard: float = Field(default=Thresholds.jaccard, ge=0, le=1)
    containment: float = Field(default=Thresholds.containment, ge=0, le=1)
    min_shared_shingles: int = Field(default=Thresholds.min_shared_shingles, ge=1)
    numbers_agree: float = Field(default=Thresholds.numbers_agree, ge=0, le=1)

    def thresholds(self) -> Thresholds:
        return Thresholds(**self.model_dump())


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    http: HttpSettings = Field(default_factory=HttpSettings)
    poll: PollSettings = Field(default_factory=PollSettings)
    dedup: DedupSettings = Field(default_factory=DedupSettings)
