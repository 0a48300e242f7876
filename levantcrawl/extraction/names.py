"""Names in a byline: who is a person, who an agency, and what is neither.

A name is never an e-mail address, a URL or a domain ("stern.de"), a date or time, a label
("Published", "5 Comments"), a job title ("Staff Writer"), the site's own name or one of the
page's section labels; "View all posts by X" is X. A news agency (AFP, Reuters, وكالات) is
told apart from the people. Lists split on "and", "&", "und", "et", "y", "و" and commas,
and on the Arabic "and" written onto the next name when both sides are names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from levantcrawl.extraction import selectors as sel
from levantcrawl.extraction.stamps import find_stamps, latin_digits

if TYPE_CHECKING:
    from collections.abc import Iterable

_SPACE = re.compile(r"\s+")
BY = re.compile(
    r"^(?:(?:(?:written|words|reporting|story|text|interview|reported|posted|published|"
    r"submitted)\s+by)|(?:(?:veröffentlicht|geschrieben|erstellt|gespeichert|verfasst)\s+von)"
    r"|(?:(?:publié|écrit|rédigé)\s+par)|(?:(?:publicado|escrito)\s+por)|by|von|par|por|door"
    r"|autor(?:in)?|author|text|كتبت?|بقلم|إعداد|اعداد|تقرير|تحرير|حوار)(?![\w])\s*:?\s*",
    re.IGNORECASE,
)
# "Additional reporting by X", "Editing by X", "Fotos von X": a credit's label before a name.
_CREDIT = re.compile(r"^(?:[^\W\d]+\s+){1,3}(?:by|von|par|por|door)\s+", re.IGNORECASE)
# "View all posts by X", "Zeige alle Beiträge von X", "More from X": X.
_ALL_POSTS = re.compile(
    r"^(?:(?:view|see|show|read|zeige|more|mehr|alle?s?|all|ein|an?|one)\s+)+"
    r"(?:(?:posts?|articles?|stor(?:y|ies)|beiträge|beitrag|artikel)\s+)?(?:by|of|from|von|de)\s+",
    re.IGNORECASE,
)
_NAMES = re.compile(r"\s*(?:,|،|&|/|\band\b|\bund\b|\bet\b|\by\b|\s+و\s+)\s*", re.IGNORECASE)
_CONJUNCTION = re.compile(r"and|und|et|y|&|و", re.IGNORECASE)
# "هالة خوري وسامر عيد": the Arabic "and" is written onto the next name.
_ATTACHED_WAW = re.compile(r"\s+و(?=[\u0621-\u064A])")
# "stern.de", "wien.ORF.at": a site, never a person ("J.Smith" is a person).
_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,6}")
_URL = re.compile(r"\S*(?:://|www\.)\S*|\S+@\S+", re.IGNORECASE)
_WORD = re.compile(r"[\w'’.-]+")
_NAME_CHARS = re.compile(r"[\w'’.\- ]+")
_TRIM = " .,:;-–—()[]'\"«»"
_PARTICLES = re.compile(
    r"von|van|der|den|de|del|della|di|da|du|dos|la|le|al|el|bin|ibn|abu|y|zu|ter|ten", re.I
)
_MAX_NAME_WORDS = 6
_MAX_NAME_CHARS = 80
# Words of a job title, credential or page furniture, never of a name.
_NOT_NAME_WORD = re.compile(
    r"writer|staff|correspondents?|reporter|editors?|contributor|columnist|analyst|producer"
    r"|chief|senior|bureau|desk|photographer|photos?|phd|md|mba|msc"
    r"|comments?|repl(?:y|ies)|antworten|kommentare|share|follow|print|e-?mail|min|read"
    r"|minutes?|views|likes|updated|published|posted|edit|mehr|more|kontakt|contact|profile?"
    r"|مراسلة?|محرر|تعليقات?",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset({"no author", "unknown author", "anonymous", "admin", "by", "and"})
_WEEKDAY = re.compile(
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|montag|dienstag|mittwoch"
    r"|donnerstag|freitag|samstag|sonntag|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NameRules:
    """What a name may not be on this page: the site's own names, its section labels."""

    site_names: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()

    @classmethod
    def of(cls, site_names: Iterable[str], labels: Iterable[str] = ()) -> NameRules:
        return cls(
            frozenset(key for name in site_names if (key := _key(name))),
            frozenset(key for label in labels if (key := _key(label))),
        )


NO_RULES = NameRules()


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold())).strip(".")


def agency_of(name: str) -> str | None:
    """ "Reuters", "(AFP)", "رويترز" -> the agency's usual name; None for a person."""
    return sel.AGENCIES.get(_SPACE.sub(" ", name).strip(" ()[].").casefold())


def clean_name(raw: str, rules: NameRules = NO_RULES) -> str | None:
    """The name in a piece of byline, or None when the piece is no person's name."""
    name = _ALL_POSTS.sub("", BY.sub("", _SPACE.sub(" ", raw).strip(_TRIM))).strip(_TRIM)
    if not name or len(name) > _MAX_NAME_CHARS or not _NAME_CHARS.fullmatch(name):
        return None
    words = name.split()
    if len(words) > _MAX_NAME_WORDS or name.casefold().startswith("www."):
        return None
    if _DOMAIN.fullmatch(name) or find_stamps(name):
        return None
    if any(w.isdigit() for w in latin_digits(name).split()):
        return None  # "11", "5 Comments"
    folded = [w.casefold().strip(".") for w in words]
    if any(_NOT_NAME_WORD.fullmatch(w) for w in folded) or name.casefold() in _NOT_NAMES:
        return None
    if all(_WEEKDAY.fullmatch(w) for w in folded):
        return None
    if len(words) > 1 and not all(_name_word(w) for w in words):
        return None  # "prices rose by 5%": prose, not a name
    key = _key(name)
    if key in rules.site_names or key in rules.labels:
        return None
    return name


def _name_word(word: str) -> bool:
    first = word.lstrip("'’(")[:1]
    return (
        first.isupper()
        or (first.isalpha() and not first.islower())
        or _PARTICLES.fullmatch(word) is not None
    )


def split_authors(text: str, rules: NameRules = NO_RULES) -> list[str]:
    """ "By A and B, Reuters" -> ["A", "B", "Reuters"]: every name, agencies included, as
    written; job titles, dates, addresses and the site's own name left out."""
    return read_names(text, rules)[0]


def read_names(text: str, rules: NameRules = NO_RULES) -> tuple[list[str], int]:
    """split_authors's names, and how many words of the text are in no name (the "and"s
    and commas between names aside, and a credit's "Editing by X"): a job title's, or a
    sentence's."""
    out: list[str] = []
    unnamed = 0
    text = _URL.sub(",", text)  # a profile link is no name, and its slashes split nothing
    for part in _NAMES.split(BY.sub("", _SPACE.sub(" ", text).strip())):
        for piece in _split_waw(part):
            if agency_of(piece) is not None:
                out.append(piece.strip(_TRIM))
            elif (name := clean_name(piece, rules)) is not None:
                out.append(name)
            elif clean_name(_CREDIT.sub("", piece), rules) is None:  # a credit names no author
                unnamed += len(piece.split())
    return out, unnamed


def split_names(text: str, rules: NameRules = NO_RULES) -> tuple[list[str], list[str]]:
    """People and agencies (by their usual names) in one byline part."""
    people: list[str] = []
    agencies: list[str] = []
    for name in split_authors(text, rules):
        if (agency := agency_of(name)) is not None:
            agencies.append(agency)
        else:
            people.append(name)
    return people, agencies


def _split_waw(part: str) -> list[str]:
    """ "هالة خوري وسامر عيد" is two names; "سامر وليد" is one (a name may begin with و)."""
    pieces = _ATTACHED_WAW.split(part)
    if len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces):
        return pieces
    return [part]


def looks_like_names(part: str) -> bool:
    words = [w for w in part.split() if not _CONJUNCTION.fullmatch(w)]
    return 2 <= len(words) <= _MAX_NAME_WORDS and all(_name_word(w) for w in words)


_TITLE_SUFFIX = re.compile(r"\s[|\-–—:·]\s([^|\-–—:·]{2,40})$")


def title_suffix(title: str | None) -> str | None:
    """ "Talks resume | The Ledger" -> "The Ledger": what a site appends to its titles."""
    if not title or not (match := _TITLE_SUFFIX.search(" ".join(title.split()))):
        return None
    return match.group(1)
