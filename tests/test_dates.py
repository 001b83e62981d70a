"""Dates as the monitored sites print them; none guessed silently, none from the future."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.parse.dates import parse_date

UTC = dt.UTC
NOW = dt.datetime(2025, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("25.02.2025", None, dt.datetime(2025, 2, 25, tzinfo=UTC)),
        ("25.02.2025 14:30", ["ru"], dt.datetime(2025, 2, 25, 14, 30, tzinfo=UTC)),
        ("Jul 21, 2025", ["en"], dt.datetime(2025, 7, 21, tzinfo=UTC)),
        ("Jul 21, 2025", None, dt.datetime(2025, 7, 21, tzinfo=UTC)),
        ("25 февраля 2025", ["ru"], dt.datetime(2025, 2, 25, tzinfo=UTC)),
        ("25 лютого 2025", ["uk"], dt.datetime(2025, 2, 25, tzinfo=UTC)),
        ("2025 жылғы 25 ақпан", ["kk"], dt.datetime(2025, 2, 25, tzinfo=UTC)),
        ("2025 жылы 3 қазан", ["kk"], dt.datetime(2025, 10, 3, tzinfo=UTC)),
        ("25 ақпан 2025", ["kk"], dt.datetime(2025, 2, 25, tzinfo=UTC)),
        # Persian solar (Jalali) calendar: 4 Azar 1404 is 25 November 2025.
        ("۴ آذر ۱۴۰۴", ["fa"], dt.datetime(2025, 11, 25, tzinfo=UTC)),
        ("۴ آذر ۱۴۰۴", None, dt.datetime(2025, 11, 25, tzinfo=UTC)),
        ("سه‌شنبه ۴ آذر ۱۴۰۴ - ۱۲:۳۰", ["fa"], dt.datetime(2025, 11, 25, 12, 30, tzinfo=UTC)),
        ("1404/09/04", None, dt.datetime(2025, 11, 25, tzinfo=UTC)),
        ("۱ فروردین ۱۴۰۴", ["fa"], dt.datetime(2025, 3, 21, tzinfo=UTC)),
        ("2025-02-25T10:00:00+03:00", None, dt.datetime(2025, 2, 25, 7, 0, tzinfo=UTC)),
        ("Tue, 25 Feb 2025 10:00:00 GMT", None, dt.datetime(2025, 2, 25, 10, tzinfo=UTC)),
        ("yesterday", ["en"], dt.datetime(2025, 11, 30, 12, tzinfo=UTC)),
        ("вчера", ["ru"], dt.datetime(2025, 11, 30, 12, tzinfo=UTC)),
        ("3 hours ago", ["en"], dt.datetime(2025, 12, 1, 9, tzinfo=UTC)),
        ("  Posted:\n 25.02.2025 ", ["en"], dt.datetime(2025, 2, 25, tzinfo=UTC)),
    ],
)
def test_formats_of_the_monitored_sites(
    text: str, languages: list[str] | None, expected: dt.datetime
) -> None:
    result = parse_date(text, languages, now=NOW)
    assert result.problem is None
    assert result.value == expected
    assert result.value is not None and result.value.tzinfo is not None


def test_day_and_month_without_year_is_the_latest_such_day_not_after_now() -> None:
    # dateparser alone reads "6.11." as the time 06:11 today.
    assert parse_date("6.11.", now=NOW).value == dt.datetime(2025, 11, 6, tzinfo=UTC)
    assert parse_date("24.12.", now=NOW).value == dt.datetime(2024, 12, 24, tzinfo=UTC)
    assert parse_date("6.11", now=NOW).value == dt.datetime(2025, 11, 6, tzinfo=UTC)


@pytest.mark.parametrize("text", ["garbage", "32.13.", "31.02.2025", "30 اسفند ۱۴۰۴", "x" * 300])
def test_unparseable_dates_are_reported_not_guessed(text: str) -> None:
    result = parse_date(text, ["en"], now=NOW)
    assert result.value is None
    assert result.problem is not None and result.problem.startswith(
        ("unparseable date", "implausible")
    )
    assert not result


def test_empty_date_is_a_problem() -> None:
    assert parse_date("   ", now=NOW).problem == "empty date"


def test_future_dates_are_rejected() -> None:
    result = parse_date("31.12.2025", now=NOW)
    assert result.value is None
    assert result.problem is not None and result.problem.startswith("date in the future")
    zoned = parse_date("2025-12-01T13:00:00Z", now=NOW)
    assert zoned.value is None and zoned.problem and "future" in zoned.problem


def test_a_zoneless_time_later_today_may_be_local_time_east_of_utc() -> None:
    # 20:00 with no zone may be 20:00 in Almaty (UTC+5), already past at 12:00 UTC... or not;
    # it cannot be shown to be in the future until it is more than 14 h ahead.
    assert parse_date("01.12.2025 20:00", now=NOW).value is not None
    assert parse_date("02.12.2025 06:00", now=NOW).problem is not None


def test_date_format_is_tried_first_with_month_names_of_the_languages() -> None:
    result = parse_date("02/03/2025", now=NOW, date_format="%m/%d/%Y")
    assert result.value == dt.datetime(2025, 2, 3, tzinfo=UTC)
    ru = parse_date("3 марта 2025 г.", ["ru"], now=NOW, date_format="%d %B %Y г.")
    assert ru.value == dt.datetime(2025, 3, 3, tzinfo=UTC)


def test_regional_language_codes_are_accepted() -> None:
    assert parse_date("25 фев 2025", ["ru-RU"], now=NOW).value == dt.datetime(
        2025, 2, 25, tzinfo=UTC
    )
    assert parse_date("Jul 21, 2025", ["xx", "en_GB"], now=NOW).value is not None
