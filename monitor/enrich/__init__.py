"""Enrichment: language, event types, places, sectors and figures. Pure functions of text.

`tag_item` is the one entry point the poll, `monitor import`, `monitor tag`, `check-source` and
`monitor retag` share, so an item gets the same tags whichever way it came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from monitor.values import language_code

MAX_TAG_CHARS = 20_000  # the work per item is capped; tags come from the opening anyway


@dataclass
class ItemTags:
    """Language and tags of one item, as stored in the items table."""

    language: str
    language_confidence: float
    language_detector: str
    event_types: list[str]
    relevant: bool
    countries: list[str]
    sectors: list[str]
    place: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str | None
    workers_involved: int | None
    killed: int | None
    injured: int | None
    tag_evidence: dict[str, list[str]]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def tag_item(title: str, text: str, declared_language: str | None = None,
             declared_country: str | None = None) -> ItemTags:
    """Language and tags for a title and plain text.

    `declared_country` is the source's `country`: it stands in when the text names no place."""
    from monitor.enrich.langid import detect_language  # lazy: detectors load their models
    from monitor.enrich.tagging import tag_text  # lazy: lexicons compile or load from cache
    from monitor.enrich.zawgyi import to_unicode  # lazy: the Zawgyi detector loads its model

    sample = f"{title}\n{text}".strip()[:MAX_TAG_CHARS]
    # Zawgyi Burmese is identified as Unicode Burmese (tag_text converts it too, and says so)
    guess = detect_language(to_unicode(sample).text, declared=language_code(declared_language))
    tags = tag_text(title, text[:MAX_TAG_CHARS], guess.language, country=declared_country)
    return ItemTags(
        language=guess.language, language_confidence=round(guess.confidence, 3),
        language_detector=guess.detector, event_types=tags.event_types, relevant=tags.relevant,
        countries=tags.countries, sectors=tags.sectors, place=tags.place,
        latitude=tags.latitude, longitude=tags.longitude, geo_precision=tags.geo_precision,
        workers_involved=tags.workers_involved, killed=tags.killed, injured=tags.injured,
        tag_evidence=tags.evidence,
    )


def tag_fields(title: str, text: str, declared_language: str | None = None,
               declared_country: str | None = None) -> dict[str, Any]:
    """`tag_item` as a plain dict: what `monitor tag` prints."""
    return tag_item(title, text, declared_language, declared_country).to_dict()
