"""English date strings as the templates print them; names spelt out so the locale never matters."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

from levantcrawl.samplesite import _dates as _site

if TYPE_CHECKING:
    from datetime import datetime

MONTHS = (
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
# AP style: short months take a point, the rest stay whole.
_AP_MONTHS = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)


# The sample site prints dates the same ways; one definition of each.
header_date = _site.header_date  # "Friday, 15 November 2024"
long_date = _site.byline_date  # "5 August 2024"
us_date = _site.display_date  # "August 5, 2024"


def clock(moment: datetime) -> str:
    """ "2:20 p.m." in the moment's own zone."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'a.m.' if moment.hour < 12 else 'p.m.'}"


def ap_datetime(moment: datetime) -> str:
    """ "Aug. 5, 2024 2:20 p.m. EEST", with the zone's own abbreviation."""
    day = f"{_AP_MONTHS[moment.month - 1]} {moment.day}, {moment.year}"
    return f"{day} {clock(moment)} {moment.tzname()}"


def iso_local(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def iso_utc(moment: datetime) -> str:
    """UTC with a "Z", as many CMSs store it: the UTC day can differ from the site's day."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
