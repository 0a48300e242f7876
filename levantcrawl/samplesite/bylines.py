"""The bylines of the unmarked sample site: author and date in one line, nine shapes that
take turns, English and Arabic, each with the time of day, some naming a news agency.

A byline is the only place such a page says who wrote it and when: the ground truth is what
each line shows (Arabic bylines name the authors in Arabic script)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from levantcrawl.samplesite._dates import BEIRUT, month_name
from levantcrawl.samplesite._layout import esc

if TYPE_CHECKING:
    from datetime import datetime

    from levantcrawl.samplesite.model import Post

UNMARKED_SITE_NAME = "Levant Daily"
SHAPES = 9
# Every author of the sample site, as the Arabic desk writes the name.
ARABIC_NAMES = {
    "Rania Khoury": "رانيا خوري",
    "Samir Haddad": "سمير حداد",
    "Maya Saab": "مايا صعب",
    "Tarek Fares": "طارق فارس",
    "Lina Jaber": "لينا جابر",
    "Omar Daher": "عمر ضاهر",
    "Hiba Nakhoul": "هبة نخول",
    "Karim Saab": "كريم صعب",
    "Nadia Orlova": "ناديا أورلوفا",
    "Ziad Hamdan": "زياد حمدان",
    "Yasmine Aziz": "ياسمين عزيز",
    "Fadi Karam": "فادي كرم",
    "Joumana Rizk": "جمانة رزق",
    "Georges Tannous": "جورج طنوس",
    "Dina Rahal": "دينا رحال",
    "Walid Azar": "وليد عازار",  # opens with و, the Arabic "and": a name all the same
    "Claire Ellison": "كلير إليسون",
    "Marwan Matar": "مروان مطر",
}
LEVANTINE_MONTHS = (
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True, slots=True)
class Byline:
    html: str  # the markup under the title
    authors: tuple[str, ...]  # as the line names them
    agencies: tuple[str, ...]  # as the archive names them (source_agency)


def shape_of(post: Post) -> int:
    return post.ordinal % SHAPES


def _local(moment: datetime) -> datetime:
    return moment.astimezone(BEIRUT)


def _day_month(moment: datetime, *, short: bool) -> str:
    name = month_name(moment)
    return f"{moment.day} {name[:3] if short else name} {moment.year}"


def _numeric(moment: datetime, sep: str = "/") -> str:
    return f"{moment.day:02d}{sep}{moment.month:02d}{sep}{moment.year}"


def _clock12(moment: datetime, am: str, pm: str) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {pm if moment.hour >= 12 else am}"


def _and(names: list[str], last: str = " and ") -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + last + names[-1]


def byline(post: Post) -> Byline:
    """The byline of `post`, by its shape (the post's ordinal, in turn)."""
    shape = shape_of(post)
    english = [a.name for a in post.authors]
    arabic = [ARABIC_NAMES[name] for name in english]
    at, edited = _local(post.published), _local(post.modified)
    hm = f"{at:%H:%M}"
    links = [
        f'<a class="writer" href="/writers/{a.slug}/">{esc(n)}</a>'
        for a, n in zip(post.authors, arabic if shape >= 6 else english, strict=True)
    ]
    if shape == 0:
        line = f"By {_and(links)}, Published {_day_month(at, short=True)}, {hm}"
        return Byline(f'<p class="story-meta">{line}</p>', tuple(english), ())
    if shape == 1:
        when = f"{_numeric(at)} {_clock12(at, 'AM', 'PM')}"
        names = f'<span class="writer-names">{_and(english)}</span>'
        return Byline(
            f'<div class="story-meta">{names} | <span>{when}</span></div>', (*english,), ()
        )
    if shape == 2:
        line = f"Published {_day_month(at, short=False)}, {hm} — By {_and(links)}"
        return Byline(f'<div class="story-meta">{line}</div>', tuple(english), ())
    if shape == 3:
        line = f"Posted {_numeric(at, '.')} {hm} · By {', '.join(links)} &amp; AFP"
        return Byline(f'<div class="story-meta">{line}</div>', tuple(english), ("AFP",))
    if shape == 4:
        updated = ""
        if edited != at:
            when = f"{_day_month(edited, short=True)}, {_clock12(edited, 'am', 'pm')}"
            updated = f" | Updated {when}"
        line = (
            f"By {_and(links)}, {UNMARKED_SITE_NAME}{updated} | "
            f"Published {_day_month(at, short=True)}, {hm}"
        )
        return Byline(f'<div class="story-meta">{line}</div>', tuple(english), ())
    if shape == 5:
        line = f"{', '.join(english)} and Reuters — {_numeric(at)} · {hm}"
        return Byline(f'<div class="story-meta">{line}</div>', tuple(english), ("Reuters",))
    if shape == 6:
        names = f"<span>كتب: {' و '.join(links)}</span>"
        when = f"<span>تاريخ النشر: {_numeric(at)} {hm}</span>"
        return Byline(f'<div class="story-meta">{names} · {when}</div>', tuple(arabic), ())
    if shape == 7:
        clock = _clock12(at, "ص", "م").translate(_INDIC)
        line = f"بقلم {' و'.join(arabic)} - {_numeric(at).translate(_INDIC)} {clock}"
        return Byline(f'<p class="story-meta">{line}</p>', tuple(arabic), ())
    line = (
        f"آخر تحديث: {_arabic_day(edited)} - {edited:%H:%M} | "
        f"تاريخ النشر: {_arabic_day(at)} {hm} | كتب: {' و '.join(links)} و وكالات"
    )
    return Byline(f'<div class="story-meta">{line}</div>', tuple(arabic), ("agencies",))


def _arabic_day(moment: datetime) -> str:
    return f"{moment.day} {LEVANTINE_MONTHS[moment.month - 1]} {moment.year}"
