"""Dates typed on the command line. A date names a period: `2024` a year, `2024-08` a month,
`2024-08-05` a day, `2024-08-05T14:30Z` an instant; `--since` takes its start and `--until`
its end, so `--since 2024-08 --until 2024-08` is August. Relative forms are read against
now: `7d`, `12h`, `2w` (an instant that long ago), `today`, `yesterday`. Everything is UTC.
A numeric date in another order (01-08-2024: the 1st of August or the 8th of January?) is
refused, never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EXAMPLES = "2024, 2024-08, 2024-08-05, 2024-08-05T14:30Z, 7d, yesterday"
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_AGO = re.compile(r"(\d+)\s*(h|d|w)")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
# Day, month and year in some order other than ISO's: 01-08-2024, 1/8/24, 01.08.2024.
_OTHER_ORDER = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")


class DateError(ValueError):
    """Text that names no date; the message says what to write instead."""


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end): an instant has start == end."""

    start: datetime
    end: datetime


def read_period(text: str, now: datetime) -> Period:
    """The period `text` names, in UTC; DateError when it names none or could name two."""
    value = text.strip().lower()
    if value in ("now", "today", "yesterday"):
        midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        if value == "now":
            return Period(now, now)
        day = midnight if value == "today" else midnight - timedelta(days=1)
        return Period(day, day + timedelta(days=1))
    if match := _AGO.fullmatch(value):
        count, unit = match.groups()
        instant = now - int(count) * _UNITS[unit]
        return Period(instant, instant)
    try:
        return _iso_period(text.strip())
    except ValueError as exc:
        raise DateError(_why_not(text, exc)) from None


def _iso_period(text: str) -> Period:
    if match := _YEAR.fullmatch(text):
        start = datetime(int(match[1]), 1, 1, tzinfo=UTC)
        return Period(start, start.replace(year=start.year + 1))
    if match := _MONTH.fullmatch(text):
        start = datetime(int(match[1]), int(match[2]), 1, tzinfo=UTC)
        following = datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=UTC)
        return Period(start, following)
    if match := _DAY.fullmatch(text):
        start = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
        return Period(start, start + timedelta(days=1))
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):
        raise ValueError("not ISO 8601")
    instant = datetime.fromisoformat(text)
    instant = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    instant = instant.astimezone(UTC)
    return Period(instant, instant)


def _why_not(text: str, exc: ValueError) -> str:
    if match := _OTHER_ORDER.fullmatch(text.strip()):
        first, second, year = match.groups()
        year = year if len(year) == 4 else f"20{year}"
        readings = sorted(
            {
                f"{year}-{month.zfill(2)}-{day.zfill(2)}"
                for day, month in ((first, second), (second, first))
                if 1 <= int(month) <= 12 and 1 <= int(day) <= 31
            }
        )
        if len(readings) == 2:
            return (
                f"ambiguous date {text!r}: {readings[0]} or {readings[1]}? "
                f"Write it as ISO 8601 (YYYY-MM-DD)"
            )
        example = readings[0] if readings else "2024-08-05"
        return f"not a date: {text!r}; write it as ISO 8601 (YYYY-MM-DD), e.g. {example}"
    reason = "" if str(exc) == "not ISO 8601" else f" ({exc})"
    return f"not a date: {text!r}{reason}; use ISO 8601 or a relative form: {EXAMPLES}"
