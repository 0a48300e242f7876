"""Dates on the command line: each ISO form names its natural period, relative forms are
read against now, and a numeric date in another order is refused, never guessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from levantcrawl.cli._dates import DateError, Period, read_period

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 10, 15, 45, 30, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", utc(2024, 1, 1), utc(2025, 1, 1)),
        ("2024-08", utc(2024, 8, 1), utc(2024, 9, 1)),
        ("2024-12", utc(2024, 12, 1), utc(2025, 1, 1)),
        ("2024-02-29", utc(2024, 2, 29), utc(2024, 3, 1)),
        ("2024-08-05T14:30Z", utc(2024, 8, 5, 14, 30), utc(2024, 8, 5, 14, 30)),
        ("2024-08-05 14:30", utc(2024, 8, 5, 14, 30), utc(2024, 8, 5, 14, 30)),
        ("2024-08-05T17:30:00+03:00", utc(2024, 8, 5, 14, 30), utc(2024, 8, 5, 14, 30)),
        ("today", utc(2026, 3, 10), utc(2026, 3, 11)),
        ("Yesterday", utc(2026, 3, 9), utc(2026, 3, 10)),
        ("now", NOW, NOW),
        ("7d", NOW - timedelta(days=7), NOW - timedelta(days=7)),
        ("12h", NOW - timedelta(hours=12), NOW - timedelta(hours=12)),
        ("2w", NOW - timedelta(weeks=2), NOW - timedelta(weeks=2)),
    ],
)
def test_a_date_names_its_natural_period(text: str, start: datetime, end: datetime) -> None:
    assert read_period(text, NOW) == Period(start, end)


def test_a_month_is_not_read_as_a_day_of_this_month() -> None:
    # dateutil fills a missing day from today: 2024-08 became 2024-08-10 on 10 March.
    assert read_period("2024-08", NOW).start.day == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("01-08-2024", "ambiguous date '01-08-2024': 2024-01-08 or 2024-08-01?"),
        ("1/8/24", "ambiguous date '1/8/24': 2024-01-08 or 2024-08-01?"),
        ("25.08.2024", "write it as ISO 8601 (YYYY-MM-DD), e.g. 2024-08-25"),
        ("2024-13-45", "not a date: '2024-13-45' (month must be in 1..12)"),
        ("5 August 2024", "use ISO 8601"),
        ("last tuesday", "use ISO 8601"),
        ("", "use ISO 8601"),
    ],
)
def test_dates_that_could_be_misread_are_refused_naming_iso(text: str, message: str) -> None:
    with pytest.raises(DateError) as refused:
        read_period(text, NOW)
    assert message in str(refused.value)
    assert "ISO 8601" in str(refused.value)
    assert "\n" not in str(refused.value)
