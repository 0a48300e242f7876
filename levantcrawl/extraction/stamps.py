"""Dates and times as bylines print them, found inside a line of text.

"Published 30 Oct 2026, 05:38", "تاريخ النشر: 16/06/2025 11:20 م" (in Arabic-Indic digits
too), "19.10.2019 um 17.38 Uhr",
"October 30, 2026 at 5:38 p.m. (GMT+3)": each date, with the time of day printed next to
it and the label before it ("Published", "Updated", "آخر تحديث"), becomes a Stamp whose
`iso` is a plain ISO 8601 string ("2026-10-30T05:38", "2025-06-16T23:20", "2026-10-30"),
naive unless the byline named a zone. The spans let a caller cut the dates out of the line
and read the names that remain. Pure functions, no HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from levantcrawl.normalize.dates import ARABIC_MONTHS, TZ_ABBREVIATIONS

# Arabic-Indic and Extended Arabic-Indic digits: one character each, so spans stay valid.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MONTH_LISTS = (
    # English, German, French: the languages of the bylines the project has seen most.
    "january february march april may june july august september october november december",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
)
_ABBREVIATIONS = "jan feb mar apr may jun jul aug sep oct nov dec"
MONTHS: dict[str, int] = {
    **{name: n for names in _MONTH_LISTS for n, name in enumerate(names.split(), start=1)},
    **{name: n for n, name in enumerate(_ABBREVIATIONS.split(), start=1)},
    "sept": 9,
    "mär": 3,
    "mrz": 3,
    "okt": 10,
    "dez": 12,
    "jänner": 1,
    "fév": 2,
    "févr": 2,
    "avr": 4,
    "juil": 7,
    "déc": 12,
    **ARABIC_MONTHS,
}
_MONTH = (
    r"(?P<mon>"
    + "|".join(map(re.escape, sorted(MONTHS, key=len, reverse=True)))
    + r")(?![\w])\.?(?:\s*\([^()\d]{2,20}\))?"  # "آب (أغسطس)": the other month name, in brackets
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_DATES = (
    re.compile(rf"(?<![\w.]){_DAY}\s*(?:de\s+)?{_MONTH},?\s*(?:de\s+)?{_YEAR}", re.IGNORECASE),
    re.compile(rf"(?<![\w.]){_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
    # Numeric: day first unless the numbers say otherwise (see _numeric).
    re.compile(r"(?<![\w.:/-])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[0-3]?\d)(?P=sep)" + _YEAR),
    re.compile(r"(?<![\w.:/-])" + _YEAR + r"(?P<sep>[./-])(?P<b>[01]?\d)(?P=sep)(?P<a>[0-3]?\d)"),
)
_ARABIC_LETTER = r"\u0600-\u06FF"
_TIME = re.compile(
    r"(?<![\d:.])(?P<h>[0-2]?\d)"
    r"(?:[:h](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?|\.(?P<mi_dot>[0-5]\d)(?=\s*(?:uhr|h)\b))"
    r"(?!\d)"
    r"(?:\s*(?P<ap>[ap]\.?\s?m\b\.?|صباح(?:اً|ا)?|مساء(?:ً|ا)?|ص(?![" + _ARABIC_LETTER + r"])"
    r"|م(?![" + _ARABIC_LETTER + r"])))?"
    r"(?:\s*uhr\b)?"
    r"(?:\s*\(?\s*(?:(?:gmt|utc)\s*(?P<off>[+-]\s*\d{1,2}(?::?\d\d)?)?"
    r"|(?P<abbr>" + "|".join(sorted(TZ_ABBREVIATIONS, key=len, reverse=True)) + r")\b)\s*\)?)?",
    re.IGNORECASE,
)
_BARE_HOUR = re.compile(r"(?<![\d:.])(?P<h>1[0-2]|0?\d)\s*(?P<ap>[ap]\.?m\b\.?)", re.IGNORECASE)
# What may stand between a date and its time: "30 Oct 2026, 05:38", "16/06/2025 - 11:20",
# "19.10.2019 um 17:38", "5 August 2024 at 5 pm", "١٦ حزيران ٢٠٢٥ الساعة ١١:٢٠".
_JOINER = re.compile(
    r"^[\s,،|/·•–—-]*(?:at|à|um|a las|alle|الساعة|في تمام الساعة|t)?[\s,،|/·•–—-]*$",
    re.IGNORECASE,
)
_MAX_JOINER = 24
PUBLISHED_LABEL = re.compile(
    r"(?:first\s+)?(?:published|posted|pubblicato|publié|publicado|veröffentlicht|erschienen"
    r"|date|datum|نشر(?:\s+في)?|نُشر(?:\s+في)?|تاريخ\s+النشر|بتاريخ)(?:\s+(?:on|am|le|el))?"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
UPDATED_LABEL = re.compile(
    r"(?:last\s+)?(?:updated|modified|edited|aktualisiert|geändert|mis\s+à\s+jour|actualizado"
    r"|آخر\s+تحديث|تم\s+التحديث|تحديث|محدث|عدّل|عدل)(?:\s+(?:on|am|le|el))?\s*:?\s*$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_LABEL_REACH = 40  # a label is the few words just before its date


@dataclass(frozen=True, slots=True)
class Stamp:
    """A date (with its time, when printed) in a line; `start` includes its label."""

    start: int
    end: int
    iso: str
    kind: str | None  # "published" | "updated" | None when unlabelled
    has_time: bool


def latin_digits(text: str) -> str:
    return text.translate(_DIGITS)


def _numeric(first: int, second: int, month_first: bool) -> tuple[int, int] | None:
    """(day, month) of a numeric date: the reading the numbers allow, else the site's habit
    (`month_first`), day first by default as most of the world writes it."""
    if first > 12 and second <= 12:
        return first, second
    if second > 12 and first <= 12:
        return second, first
    if first > 12 or second > 12:
        return None
    return (second, first) if month_first else (first, second)


def _day_of(match: re.Match[str], month_first: bool) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("mon"):
        month = MONTHS.get(groups["mon"].casefold().rstrip("."))
        day = int(groups["day"])
    elif groups.get("a") and match.re is _DATES[3]:
        day, month = int(groups["a"]), int(groups["b"])
    else:
        read = _numeric(int(groups["a"]), int(groups["b"]), month_first)
        if read is None:
            return None
        day, month = read
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dates(text: str, month_first: bool) -> list[tuple[int, int, date]]:
    found: list[tuple[int, int, date]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            day = _day_of(match, month_first)
            span = match.span()
            if day is not None and not any(s < span[1] and span[0] < e for s, e, _ in found):
                found.append((*span, day))
    return sorted(found, key=lambda item: item[0])


def _clock(match: re.Match[str]) -> tuple[str, str] | None:
    """("HH:MM", "+03:00" or "") of a time match; None when it is no time of day."""
    hour = int(match["h"])
    minute = int(match.groupdict().get("mi") or match.groupdict().get("mi_dot") or 0)
    marker = (match["ap"] or "").casefold().replace(".", "").replace(" ", "")
    if marker:
        if not 1 <= hour <= 12:
            return None
        evening = marker.startswith(("p", "م"))
        hour = (hour % 12) + (12 if evening else 0)
    elif hour > 23:
        return None
    zone = ""
    groups = match.groupdict()
    if offset := groups.get("off"):
        sign, digits = offset[0], offset[1:].replace(":", "").replace(" ", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
        zone = f"{sign}{int(hours):02d}:{minutes}"
    elif abbr := groups.get("abbr"):
        seconds = TZ_ABBREVIATIONS[abbr.upper()]
        sign = "-" if seconds < 0 else "+"
        zone = f"{sign}{abs(seconds) // 3600:02d}:{abs(seconds) % 3600 // 60:02d}"
    elif match.group(0).rstrip(") ").casefold().endswith(("gmt", "utc")):
        zone = "+00:00"
    return f"{hour:02d}:{minute:02d}", zone


def _times(text: str) -> list[tuple[int, int, tuple[str, str] | None]]:
    """Every time of day in `text`; None for one no clock shows ("25:10")."""
    found: list[tuple[int, int, tuple[str, str] | None]] = []
    for pattern in (_TIME, _BARE_HOUR):
        for match in pattern.finditer(text):
            span = match.span()
            if not any(s < span[1] and span[0] < e for s, e, _ in found):
                found.append((*span, _clock(match)))
    return found


def _label(text: str, start: int, floor: int) -> tuple[int, str | None]:
    """Where the label before position `start` begins, and which kind it is."""
    window = text[max(floor, start - _LABEL_REACH) : start]
    for kind, pattern in (("updated", UPDATED_LABEL), ("published", PUBLISHED_LABEL)):
        if (match := pattern.search(window)) is not None:
            return start - len(window) + match.start(), kind
    return start, None


def find_stamps(text: str, *, month_first: bool = False) -> list[Stamp]:
    """Every date in `text` with its time and label, in order. Dates and times overlap
    nowhere: "16.06.2025" is one date, not a time "16.06" and a year."""
    latin = latin_digits(text)
    if not _DIGIT.search(latin):
        return []  # every date printed has a digit; most text has none
    dates = _dates(latin, month_first)
    times = [t for t in _times(latin) if not any(s < t[1] and t[0] < e for s, e, _ in dates)]
    stamps: list[Stamp] = []
    floor = 0
    for start, end, day in dates:
        clock: tuple[str, str] | None = None
        impossible = False
        for t_start, t_end, value in times:
            after = 0 <= t_start - end <= _MAX_JOINER and _JOINER.match(latin[end:t_start])
            before = 0 <= start - t_end <= _MAX_JOINER and _JOINER.match(latin[t_end:start])
            if after or before:
                clock, impossible = value, value is None
                start, end = min(start, t_start), max(end, t_end)
                break
        if impossible:
            continue  # "2024-08-05 25:10": no such moment, and no date is better than a guess
        label_start, kind = _label(latin, start, floor)
        iso = day.isoformat() + (f"T{clock[0]}{clock[1]}" if clock else "")
        stamps.append(Stamp(label_start, end, iso, kind, clock is not None))
        floor = end
    return stamps


def strip_stamps(text: str, stamps: list[Stamp], separator: str = " | ") -> str:
    """The line with its dates, times and their labels cut out (each cut a separator)."""
    out, last = [], 0
    for stamp in stamps:
        out.append(text[last : stamp.start])
        out.append(separator)
        last = stamp.end
    out.append(text[last:])
    return "".join(out)
