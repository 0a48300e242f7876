"""Bylines: who wrote an article, for which agency, and when it was published or updated.

A byline is read from the few short blocks between the article's <h1> and its body, each
flattened to one line whose parts are kept apart ("By Reem Ghanem | 30 Oct 2026, 05:38"),
in any order and with any separator. Dates and times are cut out with their labels
(stamps.py); what remains is names, split on "and", "&", "und", "et", "و" and commas. A name
is never an e-mail address, a URL or a domain, a date or time, a label ("Published", "5
Comments"), a job title or the site's own name; a news agency goes to `agencies`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from levantcrawl.extraction import selectors as sel
from levantcrawl.extraction.stamps import find_stamps, latin_digits, strip_stamps
from levantcrawl.extraction.template import element_slot, in_chrome, normalise

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from levantcrawl.extraction.stamps import Stamp
    from levantcrawl.extraction.template import TemplateView

_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
# What opens a list of authors; the Arabic forms are "wrote:", "by the pen of", "prepared by".
BY = re.compile(
    r"^(?:(?:(?:written|words|reporting|story|text|interview|reported|posted|published|"
    r"submitted)\s+by)|(?:(?:veröffentlicht|geschrieben|erstellt|gespeichert|verfasst)\s+von)"
    r"|(?:(?:publié|écrit|rédigé)\s+par)|(?:(?:publicado|escrito)\s+por)|by|von|par|por|door"
    r"|autor(?:in)?|author|text|كتبت?|بقلم|إعداد|اعداد|تقرير|تحرير|حوار)(?![\w])\s*:?\s*",
    re.IGNORECASE,
)
# "View all posts by X", "Zeige alle Beiträge von X", "More from X": X.
_ALL_POSTS = re.compile(
    r"^(?:(?:view|see|show|read|zeige|more|mehr|alle?s?|all|ein|an?|one)\s+)+"
    r"(?:(?:posts?|articles?|stor(?:y|ies)|beiträge|beitrag|artikel)\s+)?(?:by|of|from|von|de)\s+",
    re.IGNORECASE,
)
_SEGMENTS = re.compile(r"\s*(?:\||·|•|—|–|\s-\s|/|;|\n)\s*")
_NAMES = re.compile(r"\s*(?:,|،|&|/|\band\b|\bund\b|\bet\b|\by\b|\s+و\s+)\s*", re.IGNORECASE)
_CONJUNCTION = re.compile(r"and|und|et|y|&|و", re.IGNORECASE)
# "هالة خوري وسامر عيد": the Arabic "and" is written onto the next name.
_ATTACHED_WAW = re.compile(r"\s+و(?=[\u0621-\u064A])")
# "stern.de", "wien.ORF.at": a site, never a person ("J.Smith" is a person).
_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,6}")
_URL = re.compile(r"\S*(?:://|www\.)\S*|\S+@\S+", re.IGNORECASE)
_URL = re.compile(r"\S*(?:://|www\.)\S*|\S+@\S+", re.IGNORECASE)
_WORD = re.compile(r"[\w'’.-]+")
_NAME_CHARS = re.compile(r"[\w'’.\- ]+")
_TRIM = " .,:;-–—()[]'\"«»"
_PARTICLES = re.compile(
    r"von|van|der|den|de|del|della|di|da|du|dos|la|le|al|el|bin|ibn|abu|y|zu|ter|ten", re.I
)
_MAX_NAME_WORDS = 6
_MAX_NAME_CHARS = 80
_MAX_LINE_CHARS = 300
_MAX_ZONE_NODES = 80
_MAX_BLOCKS = 8
# A paragraph this long is the body: the byline comes before it.
_BODY_PARAGRAPH_WORDS = 25
_AUTHOR_HINT = re.compile(r"author|byline|writer|vcard|contributor|reporter|creator", re.I)
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "cite", "em", "font", "i", "mark", "q", "s", "small", "strong", "u"}
)
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "button", "form", "select"})
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
class Byline:
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601, naive unless the byline named a zone
    updated: str | None = None
    slot: str | None = None  # where the published date sat (template.element_slot)


NO_BYLINE = Byline()


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
    out: list[str] = []
    text = _URL.sub(",", text)  # a profile link is no name, and its slashes split nothing
    for part in _NAMES.split(BY.sub("", _SPACE.sub(" ", text).strip())):
        for piece in _split_waw(part):
            if agency_of(piece) is not None:
                out.append(piece.strip(_TRIM))
            elif (name := clean_name(piece, rules)) is not None:
                out.append(name)
    return out


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


def parse_line(
    line: str, rules: NameRules = NO_RULES, *, hinted: Iterable[str] = (), month_first: bool = False
) -> Byline:
    """One byline line: its names and its publication and update dates. A part is taken for
    names when it opens with "By" (or its equal), sits in an element the theme marks as the
    author's (`hinted` texts), or, on a dated line with neither, reads like a name."""
    stamps = find_stamps(line, month_first=month_first)
    rest = strip_stamps(line, stamps)
    parts = _parts(rest)
    marks = tuple(h for h in hinted if h)
    chosen = [p for p in parts if BY.match(p) or any(h in p for h in marks)]
    if not chosen and stamps:
        chosen = [p for p in parts if _looks_like_names(p)]
    people: list[str] = []
    agencies: list[str] = []
    for part in chosen:
        found, named = split_names(part, rules)
        people += found
        agencies += named
    return Byline(
        tuple(dict.fromkeys(people)),
        tuple(dict.fromkeys(agencies)),
        _pick(stamps, "published"),
        _pick(stamps, "updated"),
    )


def _parts(line: str) -> list[str]:
    return [part for p in _SEGMENTS.split(line) if (part := p.strip(" ,،:;-–—"))]


def _pick(stamps: list[Stamp], kind: str) -> str | None:
    """The first date labelled `kind`; unlabelled, the first date is the publication's."""
    for stamp in stamps:
        if stamp.kind == kind:
            return stamp.iso
    if kind == "published" and stamps and stamps[0].kind is None:
        return stamps[0].iso
    return None


def _looks_like_names(part: str) -> bool:
    words = [w for w in part.split() if not _CONJUNCTION.fullmatch(w)]
    return 2 <= len(words) <= _MAX_NAME_WORDS and all(_name_word(w) for w in words)


def is_byline_text(text: str) -> bool:
    """A paragraph that is only a byline (names and dates, nothing else): furniture. A
    sentence that opens with "By" ("By the end of 2024, prices rose") names no one."""
    if len(text) > _MAX_LINE_CHARS or not (_DIGIT.search(text) or BY.match(text)):
        return False
    stamps = find_stamps(text)
    parts = _parts(strip_stamps(text, stamps))
    if not stamps and not any(BY.match(p) for p in parts):
        return False
    return all(split_authors(p) for p in parts)


# -- on the page ----------------------------------------------------------------------------


def _following(element: Any) -> Iterator[Any]:
    """Elements after `element` in document order (not its own descendants)."""
    node = element
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def _is_author_element(element: Any) -> bool:
    attrs = " ".join(element.get(a) or "" for a in ("class", "id", "itemprop", "rel"))
    return bool(attrs) and bool(_AUTHOR_HINT.search(attrs))


def _pieces(element: Any, hinted: bool, out: list[tuple[str, bool] | None]) -> None:
    """The text of `element` in order, None where a block boundary falls."""
    tag = element.tag
    if not isinstance(tag, str) or tag in _SKIP:
        return
    hinted = hinted or _is_author_element(element)
    block = tag not in _INLINE
    if block:
        out.append(None)
    if element.text:
        out.append((element.text, hinted))
    for child in element:
        _pieces(child, hinted, out)
        if child.tail:
            out.append((child.tail, hinted))
    if block:
        out.append(None)


def block_line(element: Any) -> tuple[str, list[str]]:
    """A block as one line, its parts joined by " | ", and the parts the theme marks as
    the author's ("By <span class=author>…</span>", rel=author, itemprop=author)."""
    out: list[tuple[str, bool] | None] = []
    _pieces(element, False, out)
    chunks: list[tuple[str, bool]] = []
    text, hint = "", False
    for piece in [*out, None]:
        if piece is None:
            if cleaned := _SPACE.sub(" ", text).strip(" ,،|"):
                chunks.append((cleaned, hint))
            text, hint = "", False
        else:
            text += piece[0]
            hint = hint or piece[1]
    return " | ".join(c for c, _ in chunks), [c for c, h in chunks if h]


def _zone(tree: Any) -> Iterator[Any]:
    """Elements between the first <h1> and the body: no body paragraph, no teaser heading."""
    headings = tree.xpath(sel.TITLE_H1)
    if not headings:
        return
    for seen, element in enumerate(_following(headings[0])):
        tag = element.tag
        if seen > _MAX_ZONE_NODES or not isinstance(tag, str):
            return
        if tag == "p" and len(element.text_content().split()) > _BODY_PARAGRAPH_WORDS:
            return
        if tag in ("h1", "h2", "h3") and element.find(".//a") is not None:
            return  # a listing's next teaser: what follows belongs to another page
        if tag not in _SKIP and not in_chrome(element):
            yield element


def read_byline(
    tree: Any, view: TemplateView, rules: NameRules = NO_RULES, *, month_first: bool = False
) -> Byline:
    """The byline under the title: names from the first block that has some, dates from the
    first that has some, never a date in a slot the site model knows as site-wide."""
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    published = updated = slot = None
    taken: Any = None
    blocks = 0
    for element in _zone(tree):
        if taken is not None and any(a is taken for a in element.iterancestors()):
            continue
        if element.tag in _SKIP or len(text := element.text_content()) > _MAX_LINE_CHARS:
            continue
        if not text.strip():
            continue
        taken, blocks = element, blocks + 1
        line, hinted = block_line(element)
        found = parse_line(line, rules, hinted=hinted, month_first=month_first)
        if not authors and (found.authors or found.agencies):
            authors, agencies = found.authors, found.agencies
        dated = found.published or found.updated
        if dated and published is None and updated is None and not _site_wide(element, line, view):
            published, updated, slot = found.published, found.updated, element_slot(element)
        if ((authors or agencies) and (published or updated)) or blocks >= _MAX_BLOCKS:
            break
    return Byline(authors, agencies, published, updated, slot)


def _site_wide(element: Any, line: str, view: TemplateView) -> bool:
    """A date the site prints on every page (a header's "today"), as the model knows it."""
    if element_slot(element) in view.date_slots:
        return True
    flat = normalise(line)
    return any(date in flat for date in view.date_texts)
