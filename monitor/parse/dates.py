"""Dates as the sites print them -> UTC datetimes, or an explicit problem, never a silent guess.

dateparser does most of the work (many languages, relative dates, ISO). We add what it misses:
the Persian solar (Jalali) calendar used by Iranian sources ("۴ آذر ۱۴۰۴", "1404/09/04", through
jdatetime), the Kazakh "2025 жылғы 25 ақпан" form, and year-less "6.11." (which dateparser reads as
a time of day, 06:11). A date later than the fetch time is rejected, not stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

UTC = dt.timezone.utc
# A date printed without a zone is local time somewhere; it may run up to 14 h ahead of UTC.
NAIVE_ALLOWANCE = dt.timedelta(hours=14)
ZONED_ALLOWANCE = dt.timedelta(minutes=5)
MAX_CHARS = 200
# Tried when a source declares no language: the languages of the regions we watch. Narrower than
# dateparser's detection over all ~200 locales, which takes seconds to load. A source that does
# declare languages gets only those (and English): a miss is reported, naming what was tried.
FALLBACK_LANGUAGES = (
    "en", "ru", "uk", "kk", "ky", "uz", "az", "hy", "ka", "tr", "fa", "ar", "fr", "es", "de",
    "it", "pl", "pt", "ro", "be", "bg", "sr", "hi", "bn", "ur", "ne", "id", "ms", "zh", "ja",
    "ko", "vi", "th", "mn",
)
EARLIEST = dt.datetime(1990, 1, 1, tzinfo=UTC)

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
PERSIAN_MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5,
    "شهریور": 6, "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}
_ARABIC_FORMS = str.maketrans({"ي": "ی", "ك": "ک", "\u200c": " "})
_PERSIAN_NAMED = re.compile(
    r"(\d{1,2})\s*(" + "|".join(sorted(PERSIAN_MONTHS, key=len, reverse=True)) + r")\s*(?:ماه\s*)?"
    r"(\d{4})?"
)
_PERSIAN_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)")
# A numeric date whose year is 13xx/14xx can only be solar Hijri in a news context.
_SOLAR_NUMERIC = re.compile(r"(?<!\d)(1[34]\d\d)[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)")
_KAZAKH_YEAR = re.compile(r"(\d{4})\s*(?:жылғы|жылы|жыл)\b", re.IGNORECASE)
_DAY_MONTH_ONLY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s*$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# "Posted: 25.02.2025", "Опубликовано | 25.02.2025": a label before the date.
_LABEL = re.compile(r"^[^\W\d]+(?:\s+[^\W\d]+){0,2}\s*[:|]\s*")
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?)"
    r"(?:,?\s+\d{1,2}:\d{2})?(?!\d)"
)


@dataclass(frozen=True)
class DateResult:
    """A parsed date (UTC-aware) or, when there is none to trust, why not."""

    value: dt.datetime | None = None
    problem: str | None = None

    def __bool__(self) -> bool:
        return self.value is not None


def _now(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def _shorten(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _solar(text: str) -> tuple[dt.datetime, bool] | None:
    """A Persian solar-calendar date, through jdatetime; None when the text has none."""
    import jdatetime  # lazy: dateparser takes 0.3 s; only dated pages need it

    normal = text.translate(_DIGITS).translate(_ARABIC_FORMS)
    year = month = day = None
    named = _PERSIAN_NAMED.search(normal)
    if named and named.group(3):
        day, month, year = int(named.group(1)), PERSIAN_MONTHS[named.group(2)], int(named.group(3))
    else:
        numeric = _SOLAR_NUMERIC.search(normal)
        if numeric:
            year, month, day = (int(g) for g in numeric.groups())
    if year is None or month is None or day is None:
        return None
    hour = minute = second = 0
    clock = _PERSIAN_TIME.search(normal)
    has_time = clock is not None
    if clock:
        hour, minute, second = int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0)
    try:
        gregorian = jdatetime.datetime(year, month, day, hour, minute, second).togregorian()
    except ValueError:
        raise _Unparseable from None
    return gregorian.replace(tzinfo=None), has_time


class _Unparseable(Exception):
    pass


def _day_month(text: str, now: dt.datetime) -> dt.datetime | None:
    """'6.11.' (day.month., this year's or, if that is still to come, last year's)."""
    match = _DAY_MONTH_ONLY.match(text)
    if not match:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    for year in (now.year, now.year - 1):
        try:
            candidate = dt.datetime(year, month, day)
        except ValueError:
            raise _Unparseable from None
        if candidate.replace(tzinfo=UTC) <= now + NAIVE_ALLOWANCE:
            return candidate
    return None


def _settings(now: dt.datetime) -> dict[str, Any]:
    return {
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": now.astimezone(UTC).replace(tzinfo=None),
        "RETURN_TIME_AS_PERIOD": False,
    }


def _dateparser(
    text: str, languages: list[str] | None, formats: list[str] | None, now: dt.datetime
) -> dt.datetime | None:
    import dateparser  # lazy: dateparser takes 0.3 s; only dated pages need it

    text = _KAZAKH_YEAR.sub(r"\1 ж.", text)
    try:
        value: dt.datetime | None = dateparser.parse(
            text, languages=_tried(languages), date_formats=formats, settings=_settings(now)
        )
    except (ValueError, OverflowError):  # dateparser raises on some odd input
        value = None
    return value


def _embedded(text: str, languages: list[str] | None, now: dt.datetime) -> dt.datetime | None:
    """A date inside other words: after a label, or a numeric date anywhere in the text."""
    unlabelled = _LABEL.sub("", text, count=1)
    if unlabelled != text and unlabelled:
        value = _dateparser(unlabelled, languages, None, now)
        if value is not None:
            return value
    numeric = _NUMERIC_DATE.search(text)
    if numeric and numeric.group(0) != text:
        return _dateparser(numeric.group(0), languages, None, now)
    return None


def _tried(languages: list[str] | None) -> list[str]:
    return list(dict.fromkeys([*languages, "en"])) if languages else list(FALLBACK_LANGUAGES)


def _normalise_languages(languages: list[str] | None) -> list[str] | None:
    """'ru-RU', 'pt_BR' -> dateparser's codes; unknown ones are dropped."""
    if not languages:
        return None
    # lazy: dateparser takes 0.3 s; only dated pages need it
    from dateparser.languages.loader import default_loader

    known = set(default_loader.get_locale_map())
    out: list[str] = []
    for lang in languages:
        code = lang.replace("_", "-")
        for candidate in (code, code.split("-")[0].lower()):
            if candidate in known and candidate not in out:
                out.append(candidate)
                break
    return out or None


def parse_date(
    text: str,
    languages: list[str] | None = None,
    now: dt.datetime | None = None,
    date_format: str | None = None,
) -> DateResult:
    """Parse a date as printed on a page. ``now`` is the fetch time: later dates are rejected.

    ``languages`` (ISO 639-1) narrows dateparser's search and keeps it fast; ``date_format`` (a
    strptime format, month names in any of ``languages``) is tried first when given.
    """
    now = _now(now)
    raw = " ".join((text or "").split())
    if not raw:
        return DateResult(problem="empty date")
    if len(raw) > MAX_CHARS:
        return DateResult(problem=f"unparseable date '{_shorten(raw)}' (too long for a date)")
    langs = _normalise_languages(languages)
    try:
        value: dt.datetime | None = None
        solar = _solar(raw)
        if solar is not None:
            value = solar[0]
        if value is None:
            value = _day_month(raw.translate(_DIGITS), now)
        if value is None:
            formats = [date_format] if date_format else None
            western = raw.translate(_DIGITS)
            value = _dateparser(western, langs, formats, now)
            if value is None and formats:
                value = _dateparser(western, langs, None, now)
            if value is None:
                value = _embedded(western, langs, now)
    except _Unparseable:
        value = None
    if value is None:
        hint = ""
        if langs and _HAS_LETTER.search(raw):
            hint = f" (read as {', '.join(_tried(langs))}; set date_languages if it is another)"
        return DateResult(problem=f"unparseable date '{_shorten(raw)}'{hint}")
    zoned = value.tzinfo is not None
    value = value.astimezone(UTC) if zoned else value.replace(tzinfo=UTC)
    allowance = ZONED_ALLOWANCE if zoned else NAIVE_ALLOWANCE
    if value > now + allowance:
        return DateResult(
            problem=f"date in the future: '{_shorten(raw)}' = {value.isoformat()} "
            f"(fetched {now.replace(microsecond=0).isoformat()})"
        )
    if value < EARLIEST:
        return DateResult(problem=f"implausible date '{_shorten(raw)}' = {value.date()}")
    return DateResult(value=value)
