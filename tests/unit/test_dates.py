from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil import parser as dateutil_parser
from hypothesis import given
from hypothesis import strategies as st

from levantcrawl.normalize.dates import DateCandidate, choose_date, iso_utc, parse_date, to_utc

pytestmark = pytest.mark.unit
BEIRUT = ZoneInfo("Asia/Beirut")
NOW = datetime(2024, 11, 15, 12, 0, tzinfo=UTC)
NAIVE_FIRST = datetime(1000, 1, 1, tzinfo=UTC).replace(tzinfo=None)  # four-digit years
NAIVE_LAST = datetime(9999, 12, 31, tzinfo=UTC).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-08-05T14:20:00+03:00", "2024-08-05T11:20:00Z"),
        ("2024-08-05T14:20:00", "2024-08-05T11:20:00Z"),  # naive: the site's zone (EEST, +3)
        ("2024-01-05T14:20:00", "2024-01-05T12:20:00Z"),  # winter: EET, +2
        ("Mon, 05 Aug 2024 14:20:00 +0300", "2024-08-05T11:20:00Z"),  # RSS (RFC 822)
        ("Aug. 5, 2024 2:20 p.m. EDT", "2024-08-05T18:20:00Z"),
        ("Posted on 5 August 2024", "2024-08-05T00:00:00Z"),  # a bare day stays that day
        ("5 آب 2024", "2024-08-05T00:00:00Z"),  # Levantine month name
        ("٥ أغسطس ٢٠٢٤", "2024-08-05T00:00:00Z"),  # Egyptian month, Arabic-Indic digits
        ("نشر في 24 آب (أغسطس) 2024", "2024-08-24T00:00:00Z"),  # both month names
        ("2 hours ago", "2024-11-15T10:00:00Z"),
    ],
)
def test_reads_what_news_sites_print(raw: str, expected: str) -> None:
    parsed = to_utc(raw, site_tz=BEIRUT, now=NOW)
    assert parsed is not None
    assert iso_utc(parsed[0]) == expected


def test_bare_day_is_marked_without_time() -> None:
    parsed = parse_date("Posted on 5 August 2024")
    assert parsed is not None
    assert not parsed.has_time


@pytest.mark.parametrize(
    "raw", ["", "Monday", "last week", "31 February 2024", "1871-03-18", "2031-01-01T00:00:00Z"]
)
def test_rejects_unreadable_impossible_and_future_dates(raw: str) -> None:
    assert to_utc(raw, site_tz=BEIRUT, now=NOW) is None


def test_choose_date_follows_trust_order_and_flags_what_it_passes_over() -> None:
    candidates = (
        DateCandidate("not a date", "json-ld"),
        DateCandidate("2031-01-01T00:00:00Z", "meta"),
        DateCandidate("Posted on 5 August 2024", "byline"),
        DateCandidate("2024-08-06", "url"),
    )
    warnings: list[str] = []
    chosen = choose_date(candidates, tz=BEIRUT, now=NOW, warnings=warnings)
    assert chosen is not None
    assert (iso_utc(chosen.value), chosen.source, chosen.has_time) == (
        "2024-08-05T00:00:00Z",
        "byline",
        False,
    )
    assert warnings == [
        "unreadable or impossible json-ld date 'not a date'",
        "meta date '2031-01-01T00:00:00Z' is in the future",
    ]


def test_a_future_date_alone_is_stored_as_missing() -> None:
    warnings: list[str] = []
    candidates = [DateCandidate("2031-01-01", "byline")]
    assert choose_date(candidates, tz=BEIRUT, now=NOW, warnings=warnings) is None
    assert warnings == ["byline date '2031-01-01' is in the future"]


@pytest.mark.parametrize(
    "raw", ["31 February 2024", "2024-08-05T25:10:00", "0000-01-01", "30/02/2024"]
)
def test_impossible_dates_are_missing_with_a_warning(raw: str) -> None:
    warnings: list[str] = []
    assert choose_date([DateCandidate(raw, "meta")], tz=BEIRUT, now=NOW, warnings=warnings) is None
    assert warnings == [f"unreadable or impossible meta date {raw!r}"]


@given(
    # Naive bounds, as hypothesis wants them; the zone suffix is drawn on its own.
    moment=st.datetimes(min_value=NAIVE_FIRST, max_value=NAIVE_LAST),
    form=st.sampled_from(["day", "minutes", "seconds", "micro", "milli"]),
    zone=st.sampled_from(["", "Z", "+03:00", "-05:30", "+00:00"]),
)
def test_iso_dates_read_by_the_standard_library_as_dateutil_reads_them(
    moment: datetime, form: str, zone: str
) -> None:
    """The fast path for ISO 8601 (most metadata dates) must agree with dateutil, the reader
    of everything else: the same instant, offset and time-of-day flag."""
    raw = {
        "day": moment.strftime("%Y-%m-%d"),
        "minutes": moment.strftime("%Y-%m-%dT%H:%M") + zone,
        "seconds": moment.strftime("%Y-%m-%dT%H:%M:%S") + zone,
        "micro": moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + zone,
        "milli": moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + zone,
    }[form]
    fast = parse_date(raw)
    slow = dateutil_parser.parse(raw)
    assert fast is not None
    assert fast.value == slow
    assert fast.value.utcoffset() == slow.utcoffset()
    assert fast.has_time == (form != "day")


def test_an_impossible_iso_date_is_unreadable() -> None:
    assert parse_date("2024-02-30T10:00:00Z") is None
    assert parse_date("2024-13-01") is None
