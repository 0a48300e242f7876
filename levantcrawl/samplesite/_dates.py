"""Date formats the site prints; English names are spelt out so the locale never matters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import format_datetime
from zoneinfo import ZoneInfo

BEIRUT = ZoneInfo("Asia/Beirut")

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def weekday_name(day: date) -> str:
    return _DAYS[day.weekday()]


def month_name(day: date) -> str:
    return _MONTHS[day.month - 1]


def header_date(today: date) -> str:
    """The header's "today" line, e.g. "Friday, 15 November 2024"."""
    return f"{weekday_name(today)}, {today.day} {month_name(today)} {today.year}"


def display_date(moment: date) -> str:
    """The visible date next to a machine-readable one, e.g. "August 5, 2024"."""
    return f"{month_name(moment)} {moment.day}, {moment.year}"


def byline_date(moment: date) -> str:
    """The only date byline-only articles carry, e.g. "5 August 2024"."""
    return f"{moment.day} {month_name(moment)} {moment.year}"


def iso(moment: datetime) -> str:
    """ISO 8601 with the Beirut offset, as WordPress writes article:published_time."""
    return moment.astimezone(BEIRUT).isoformat(timespec="seconds")


def rfc822(moment: datetime) -> str:
    """RSS pubDate, with the local offset kept (e.g. "+0300")."""
    return format_datetime(moment.astimezone(BEIRUT))


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def today_in_beirut() -> date:
    return datetime.now(tz=BEIRUT).date()
