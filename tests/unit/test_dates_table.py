"""What news sites print, and the UTC instant the archive stores (site zone Asia/Beirut,
fetched 2024-11-15 12:00 UTC). A bare day is kept as that day at 00:00 UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from levantcrawl.normalize.dates import iso_utc, read_instant

pytestmark = pytest.mark.unit
BEIRUT = ZoneInfo("Asia/Beirut")
NOW = datetime(2024, 11, 15, 12, 0, tzinfo=UTC)

CASES: list[tuple[str, str | None]] = [
    # ISO 8601 and its cousins
    ("2024-08-05T14:20:00+03:00", "2024-08-05T11:20:00Z"),
    ("2024-08-05T14:20:00Z", "2024-08-05T14:20:00Z"),
    ("2024-08-05T14:20:00.123+03:00", "2024-08-05T11:20:00.123000Z"),
    ("2024-08-05T14:20+0300", "2024-08-05T11:20:00Z"),
    ("2024-08-05 14:20:00", "2024-08-05T11:20:00Z"),
    ("2024-01-05 14:20:00", "2024-01-05T12:20:00Z"),
    ("2024-08-05T14:20:00-04:00", "2024-08-05T18:20:00Z"),
    ("2024-08-05", "2024-08-05T00:00:00Z"),
    ("20240805T142000Z", "2024-08-05T14:20:00Z"),
    # RFC 822 (feeds)
    ("Mon, 05 Aug 2024 14:20:00 +0300", "2024-08-05T11:20:00Z"),
    ("Mon, 05 Aug 2024 14:20:00 GMT", "2024-08-05T14:20:00Z"),
    ("Mon, 5 Aug 2024 14:20:00 -0400", "2024-08-05T18:20:00Z"),
    ("Tue, 14 Nov 2023 09:05:00 +0200", "2023-11-14T07:05:00Z"),
    # English as printed
    ("5 August 2024", "2024-08-05T00:00:00Z"),
    ("August 5, 2024", "2024-08-05T00:00:00Z"),
    ("Aug 5, 2024", "2024-08-05T00:00:00Z"),
    ("Aug. 5, 2024", "2024-08-05T00:00:00Z"),
    ("Monday, August 5, 2024", "2024-08-05T00:00:00Z"),
    ("Monday 5 August 2024", "2024-08-05T00:00:00Z"),
    ("Posted on 5 August 2024", "2024-08-05T00:00:00Z"),
    ("Published: 5 August 2024", "2024-08-05T00:00:00Z"),
    ("Updated 5 August 2024", "2024-08-05T00:00:00Z"),
    ("Aug. 5, 2024 2:20 p.m. EDT", "2024-08-05T18:20:00Z"),
    ("Aug. 5, 2024 2:20 a.m. EDT", "2024-08-05T06:20:00Z"),
    ("August 5, 2024 14:20", "2024-08-05T11:20:00Z"),
    ("August 5, 2024 at 2:20 pm", "2024-08-05T11:20:00Z"),
    ("5 Aug 2024 14:20 GMT", "2024-08-05T14:20:00Z"),
    ("Sept. 30, 2024", "2024-09-30T00:00:00Z"),
    ("Dec 31, 2023 11:59 pm EST", "2024-01-01T04:59:00Z"),
    ("31 December 2023", "2023-12-31T00:00:00Z"),
    ("February 29, 2024", "2024-02-29T00:00:00Z"),
    # relative, against the fetch time
    ("2 hours ago", "2024-11-15T10:00:00Z"),
    ("an hour ago", "2024-11-15T11:00:00Z"),
    ("45 minutes ago", "2024-11-15T11:15:00Z"),
    ("3 days ago", "2024-11-12T12:00:00Z"),
    ("1 week ago", "2024-11-08T12:00:00Z"),
    ("yesterday", "2024-11-14T00:00:00Z"),
    ("today", "2024-11-15T00:00:00Z"),
    # Arabic: Levantine month names
    ("5 آب 2024", "2024-08-05T00:00:00Z"),
    ("٥ آب ٢٠٢٤", "2024-08-05T00:00:00Z"),
    ("نشر في 5 آب 2024", "2024-08-05T00:00:00Z"),
    ("15 كانون الثاني 2024", "2024-01-15T00:00:00Z"),
    ("3 كانون الأول 2023", "2023-12-03T00:00:00Z"),
    ("1 تشرين الأول 2024", "2024-10-01T00:00:00Z"),
    ("١٢ تشرين الثاني ٢٠٢٤", "2024-11-12T00:00:00Z"),
    ("20 شباط 2024", "2024-02-20T00:00:00Z"),
    ("7 أيار 2024", "2024-05-07T00:00:00Z"),
    ("9 حزيران 2024", "2024-06-09T00:00:00Z"),
    ("24 آب (أغسطس) 2024", "2024-08-24T00:00:00Z"),
    # Arabic: Egyptian month names
    ("5 أغسطس 2024", "2024-08-05T00:00:00Z"),
    ("٥ أغسطس ٢٠٢٤", "2024-08-05T00:00:00Z"),
    ("10 يناير 2024", "2024-01-10T00:00:00Z"),
    ("28 فبراير 2024", "2024-02-28T00:00:00Z"),
    ("1 مارس 2024", "2024-03-01T00:00:00Z"),
    ("30 ابريل 2024", "2024-04-30T00:00:00Z"),
    ("11 سبتمبر 2024", "2024-09-11T00:00:00Z"),
    ("2 نوفمبر 2024", "2024-11-02T00:00:00Z"),
    ("الجمعة، 8 نوفمبر 2024", "2024-11-08T00:00:00Z"),
    ("تاريخ النشر: 19 يونيو 2024", "2024-06-19T00:00:00Z"),
    # unreadable, impossible or too vague: stored as missing, never guessed
    ("", None),
    ("Monday", None),
    ("last week", None),
    ("5 August", None),
    ("31 February 2024", None),
    ("2024-13-01", None),
    ("1871-03-18", None),
    ("32 آب 2024", None),
    ("soon", None),
]


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_date_strings_become_utc(raw: str, expected: str | None) -> None:
    instant = read_instant(raw, site_tz=BEIRUT, now=NOW)
    assert (iso_utc(instant.value) if instant else None) == expected


def test_the_table_is_broad() -> None:
    assert len(CASES) >= 60
    assert sum(any("\u0600" <= ch <= "\u06ff" for ch in raw) for raw, _ in CASES) >= 20


@pytest.mark.parametrize(
    ("raw", "offset"),
    [
        ("2024-08-05T14:20:00+03:00", 180),
        ("Mon, 5 Aug 2024 14:20:00 -0400", -240),
        ("2024-08-05T14:20:00Z", 0),
        ("2024-08-05 14:20:00", None),
        ("5 August 2024", None),
    ],
)
def test_the_sources_own_offset_is_kept(raw: str, offset: int | None) -> None:
    instant = read_instant(raw, site_tz=BEIRUT, now=NOW)
    assert instant is not None
    assert instant.offset_minutes == offset
