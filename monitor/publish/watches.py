"""Watches: filters over new stories or events that staff subscribe to, validated like
sources.yaml."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor.api import Slug
from monitor.config import read_yaml
from monitor.enrich.tagging.lexicon import EVENT_TYPES, SECTORS
from monitor.errors import ConfigError, validation_problems
from monitor.values import json_list

REGIONS_FILE = Path(__file__).resolve().parents[1] / "data" / "regions.yaml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=1)
def regions() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    return {name: frozenset(codes) for name, codes in data.items()}


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, frozenset[str]]:
    import pycountry  # lazy: the vocabulary is read once, on a watches file

    return {
        "event_types": frozenset(EVENT_TYPES),
        "sectors": frozenset(SECTORS),
        "countries": frozenset(c.alpha_2 for c in pycountry.countries),
        "regions": frozenset(regions()),
    }


class WatchFilter(BaseModel):
    """What a story must have to match. Empty lists match anything; lists are OR'ed inside,
    AND'ed with each other."""

    model_config = ConfigDict(extra="forbid")

    event_types: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    min_killed: int | None = Field(default=None, ge=0)
    relevant_only: bool = True
    reviewed: bool = False
    """Only items staff confirmed or corrected (themselves or as a story): for digests that
    go outside the organisation. Such a watch is sent when the review happens."""

    def country_set(self) -> frozenset[str]:
        codes = set(self.countries)
        for region in self.regions:
            codes |= regions().get(region, frozenset())
        return frozenset(codes)


class Watch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Slug
    filter: WatchFilter = Field(default_factory=WatchFilter)
    notify: list[str] = Field(min_length=1)
    per: Literal["story", "event"] = "story"
    """One alert per story (reports sharing text), or per event: one strike reported by five
    sites in three languages over a week is one alert, linking the event page."""
    schedule: Literal["instant", "daily", "weekly"] = "instant"
    at: str = "08:00"
    weekday: str = "monday"
    timezone: str = "UTC"
    enabled: bool = True

    @field_validator("at")
    @classmethod
    def _time(cls, value: str) -> str:
        if not re.match(r"^([01]?\d|2[0-3]):[0-5]\d$", value):
            raise ValueError(f"not a time of day: {value!r} (use HH:MM)")
        return value

    @field_validator("weekday")
    @classmethod
    def _weekday(cls, value: str) -> str:
        if value.lower() not in WEEKDAYS:
            raise ValueError(f"not a weekday: {value!r}")
        return value.lower()

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r} (e.g. Asia/Almaty)") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class WatchesConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    datasette_url: str = "http://127.0.0.1:8001"
    watches: list[Watch] = Field(default_factory=list)

    def watch(self, name: str) -> Watch:
        for watch in self.watches:
            if watch.name == name:
                return watch
        raise KeyError(name)


def _check_vocabulary(index: int, label: str, watch: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    flt = watch.get("filter") or {}
    if not isinstance(flt, dict):
        return problems
    vocab = _vocabulary()
    for key in ("event_types", "sectors", "countries", "regions"):
        values = flt.get(key) or []
        if not isinstance(values, list):
            continue
        for value in values:
            if value not in vocab[key]:
                close = difflib.get_close_matches(str(value), sorted(vocab[key]), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                what = {"event_types": "event type", "sectors": "sector",
                        "countries": "country code", "regions": "region"}[key]
                problems.append(f"{label}.filter.{key}: unknown {what} {value!r}{hint}")
    return problems


def load_watches(path: Path) -> WatchesConfig:
    """Read and validate watches.yaml; every problem reported together, with its line."""
    doc = read_yaml(path)
    data = doc.data or {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), ["the top level must be a mapping with a 'watches:' list"])
    problems: list[str] = []
    entries = data.get("watches") or []
    if isinstance(entries, list):
        seen: set[Any] = set()
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            label = f"watches[{index}]" + (f" ({entry['name']})" if "name" in entry else "")
            where = doc.at("watches", index, "filter")
            problems += [where + p for p in _check_vocabulary(index, label, entry)]
            if entry.get("name") in seen:
                problems.append(f"{doc.at('watches', index, 'name')}{label}.name: "
                                f"duplicate name {entry['name']!r}")
            seen.add(entry.get("name"))
    config = None
    try:
        config = WatchesConfig.model_validate(data)
    except ValidationError as exc:
        for loc, _kind, message in validation_problems(exc):
            parts = list(loc)
            where = doc.at(str(parts[0]), -1) if parts else ""
            if len(parts) >= 2 and parts[0] == "watches" and isinstance(parts[1], int):
                entry = entries[parts[1]] if isinstance(entries, list) else {}
                name = entry.get("name") if isinstance(entry, dict) else None
                where = doc.at("watches", parts[1], str(parts[2]) if len(parts) > 2 else None)
                parts = [f"watches[{parts[1]}]" + (f" ({name})" if name else ""), *parts[2:]]
            problems.append(f"{where}{'.'.join(str(p) for p in parts)}: {message}")
    if problems or config is None:
        raise ConfigError(str(path), problems)
    return config


REVIEWED = ("confirmed", "corrected")


def review_status(item: dict[str, Any]) -> str | None:
    """The item's own review status, else its story's (`story_review_status`), else None."""
    status = item.get("review_status") or item.get("story_review_status")
    return str(status) if status else None


def match_reasons(flt: WatchFilter, item: dict[str, Any]) -> list[str] | None:
    """Why an item matches the filter, or None when it does not."""
    reasons: list[str] = []
    if flt.relevant_only and not item.get("relevant"):
        return None
    if flt.reviewed:
        status = review_status(item)
        if status not in REVIEWED:
            return None
        reasons.append(f"reviewed: {status}")
    if flt.event_types:
        hit = sorted(set(flt.event_types) & set(json_list(item.get("event_types"))))
        if not hit:
            return None
        reasons.append("event: " + ", ".join(hit))
    wanted = flt.country_set()
    if wanted:
        hit = sorted(wanted & set(json_list(item.get("countries"))))
        if not hit:
            return None
        reasons.append("country: " + ", ".join(hit))
    if flt.sectors:
        hit = sorted(set(flt.sectors) & set(json_list(item.get("sectors"))))
        if not hit:
            return None
        reasons.append("sector: " + ", ".join(hit))
    if flt.languages:
        if item.get("language") not in flt.languages:
            return None
        reasons.append(f"language: {item.get('language')}")
    if flt.sources:
        if item.get("source") not in flt.sources:
            return None
        reasons.append(f"source: {item.get('source')}")
    if flt.keywords:
        haystack = f"{item.get('title') or ''}\n{item.get('text') or ''}".casefold()
        hit = [k for k in flt.keywords if k.casefold() in haystack]
        if not hit:
            return None
        reasons.append("keyword: " + ", ".join(hit))
    if flt.min_killed is not None:
        killed = item.get("killed")
        if killed is None or killed < flt.min_killed:
            return None
        reasons.append(f"killed: {killed}")
    return reasons or ["all new items"]


def digest_due(watch: Watch, now: dt.datetime, last_key: str | None) -> str | None:
    """The digest key (local date) when a digest is due now, else None."""
    local = now.astimezone(watch.zone)
    hour, minute = (int(x) for x in watch.at.split(":"))
    if (local.hour, local.minute) < (hour, minute):
        return None
    if watch.schedule == "weekly" and WEEKDAYS[local.weekday()] != watch.weekday:
        return None
    key = local.date().isoformat()
    return None if last_key is not None and last_key >= key else key
