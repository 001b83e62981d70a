"""Plain-language names for the codes we store: countries, regions, languages, event types,
sectors.

Names come from pycountry (ISO 3166 and ISO 639, maintained with Debian's iso-codes) and
country centroids from countryinfo, so nobody keeps a list of countries by hand here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import pycountry

from monitor.values import json_list  # noqa: F401 (the newsroom's name for it)


@functools.lru_cache(maxsize=4096)
def country_name(code: str | None) -> str:
    """'KZ' -> 'Kazakhstan'; unknown codes come back as they are."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None and len(code) == 3:
        country = pycountry.countries.get(alpha_3=code.upper())
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@functools.lru_cache(maxsize=4096)
def language_name(code: str | None) -> str:
    """'fa' -> 'Persian'; 'und' and unknown codes come back as they are."""
    if not code:
        return ""
    base = code.split("-")[0].lower()
    language = None
    if len(base) == 2:
        language = pycountry.languages.get(alpha_2=base)
    elif len(base) == 3:
        language = pycountry.languages.get(alpha_3=base)
    if language is None:
        return code
    return str(language.name).split(" (")[0]


# Columns holding our ISO 8601 UTC timestamps; shown as "24 Nov 2026, 19:29 UTC".
TIME_COLUMNS = frozenset({
    "published", "fetched", "first_seen", "last_seen", "last_polled", "last_ok", "next_due",
    "failing_since", "attention_since", "started", "finished", "created", "sent", "updated",
    "reviewed_at",
})


@functools.lru_cache(maxsize=4096)
def readable_time(value: str | None) -> str:
    """'2026-11-24T19:29:58+00:00' -> '24 Nov 2026, 19:29 UTC'; anything else as it is."""
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if len(value) <= 10:  # a date alone says nothing about the hour
        return f"{moment.day} {moment:%b %Y}"
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M}" + (" UTC" if moment.tzinfo else "")


# items.review_status / stories.review_status (issue 17) as staff and feed readers read them
REVIEW_LABELS = {"confirmed": "Reviewed: confirmed", "corrected": "Reviewed: corrected",
                 "rejected": "Reviewed: rejected (not labour news)"}


def review_label(status: str | None) -> str:
    """'corrected' -> 'Reviewed: corrected'; no status -> '' (not reviewed yet)."""
    return REVIEW_LABELS.get(status or "", status or "")


def tag_label(code: str | None) -> str:
    """'safety_incident' -> 'safety incident'."""
    return (code or "").replace("_", " ")


@functools.lru_cache(maxsize=1)
def _centroids() -> dict[str, tuple[float, float]]:
    from countryinfo import all_countries  # lazy: only the map needs centroids

    out: dict[str, tuple[float, float]] = {}
    for country in all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng")
        if code and latlng and len(latlng) == 2:
            out[code.upper()] = (float(latlng[0]), float(latlng[1]))
    return out


def country_centroid(code: str | None) -> tuple[float, float] | None:
    """Latitude and longitude of the middle of a country, for maps."""
    return _centroids().get((code or "").upper())


def region_name(code: str | None) -> str:
    """'KZ-35' -> 'Karaganda Region'; a GeoNames code ISO has no match for -> 'region of Durban'
    (monitor.enrich.regions, the tagger's region data)."""
    # lazy: the region tables are read once, when a region is first shown
    from monitor.enrich.regions import region_display_name

    return region_display_name(code) if code else ""


LABELLERS: dict[str, Callable[[str], str]] = {
    "country": country_name, "countries": country_name, "region": region_name,
    "language": language_name,
    "event_type": tag_label, "event_types": tag_label,
    "sector": tag_label, "sectors": tag_label,
}


@functools.lru_cache(maxsize=8192)
def label(kind: str, code: str | None) -> str:
    """The plain-language label of a code of this kind, with the code when it differs."""
    labeller = LABELLERS.get(kind)
    if labeller is None or code is None:
        return code or ""
    name = labeller(code)
    if kind in ("country", "countries", "language", "region") and name and name != code:
        return f"{name} ({code})"
    return name
