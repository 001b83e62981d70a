"""How values look wherever they are stored or shown: one helper for each.

UTC timestamps are ISO 8601 to the second ("2026-11-24T19:29:58+00:00"), list columns are JSON
arrays of strings, and language codes are ISO 639-1 where one exists (else 639-3), lower-case,
without a region. Every stage uses these, so a value written by one is read alike by the others.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

UTC = dt.UTC


def utc_now() -> str:
    """Now, as we store it."""
    return iso(dt.datetime.now(UTC)) or ""


def iso(value: dt.datetime | None) -> str | None:
    """A datetime as we store it: UTC, to the second; naive values are taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_iso(value: str | None) -> dt.datetime | None:
    """A stored timestamp back as an aware datetime; None when empty or not ISO 8601."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def json_list(value: Any) -> list[str]:
    """A stored JSON array (or a list) as a list of strings; anything else as an empty list."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if not isinstance(value, str) or not value.lstrip().startswith("["):
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list) else []


def dump_json(value: Any) -> str:
    """JSON as we store it: compact enough, and readable in every script."""
    return json.dumps(value, ensure_ascii=False)


# Codes that sites, detectors and corpora use for a language we know by another code.
LANGUAGE_ALIASES = {
    "iw": "he", "jw": "jv", "in": "id", "fil": "tl", "sh": "sr", "prs": "fa", "pes": "fa",
    "zsm": "ms", "tgk": "tg", "uzb": "uz", "kaz": "kk", "kir": "ky", "azj": "az", "khk": "mn",
    "swh": "sw", "npi": "ne", "cmn": "zh", "zho": "zh", "un": "und", "xxx": "und",
}
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def language_code(value: str | None, strict: bool = False) -> str | None:
    """'ru-RU', 'pt_BR', 'IN', 'zh-Hant' -> 'ru', 'pt', 'id', 'zh'; None when empty.

    ``strict``: None unless the value looks like a language tag (for what pages declare)."""
    if not value:
        return None
    value = value.strip()
    if strict:
        value = value.split(",")[0].strip()
        if not _LANGUAGE_TAG.match(value):
            return None
    code = re.split(r"[-_]", value)[0].lower()
    return LANGUAGE_ALIASES.get(code, code) or None
