"""Bylines: who wrote an article, for which agency, and when it was published or updated.

A byline is read from the few short blocks between the article's <h1> and its body, each
flattened to one line whose parts are kept apart ("By Reem Ghanem | 30 Oct 2026, 05:38"),
in any order and with any separator. Dates and times are cut out with their labels
(stamps.py); what remains is names (names.py): people, and agencies apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from levantcrawl.extraction import selectors as sel
from levantcrawl.extraction.lines import element_slot, normalise
from levantcrawl.extraction.names import (
    BY,
    NO_RULES,
    NameRules,
    looks_like_names,
    read_names,
    split_authors,
    split_names,
)
from levantcrawl.extraction.stamps import find_stamps, strip_stamps
from levantcrawl.extraction.template import in_chrome

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from levantcrawl.extraction.stamps import Stamp
    from levantcrawl.extraction.template import TemplateView

_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
# What opens a list of authors; the Arabic forms are "wrote:", "by the pen of", "prepared by".
_SEGMENTS = re.compile(r"\s*(?:\||·|•|—|–|\s-\s|/|;|\n)\s*")
_MAX_LINE_CHARS = 300
_MAX_UNNAMED_WORDS = 3  # "Senior Staff Writer" beside the names of a byline's part
_MAX_AUTHOR_LINE = 120  # longer, an author element holds a biography, not a byline
_MAX_ZONE_NODES = 80
_MAX_BLOCKS = 8
# A paragraph this long is the body: the byline comes before it.
_BODY_PARAGRAPH_WORDS = 25
_AUTHOR_HINT = re.compile(r"author|byline|writer|vcard|contributor|reporter|creator", re.I)
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "cite", "em", "font", "i", "mark", "q", "s", "small", "strong", "u"}
)
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "button", "form", "select"})


@dataclass(frozen=True, slots=True)
class Byline:
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601, naive unless the byline named a zone
    updated: str | None = None
    slot: str | None = None  # where the published date sat (template.element_slot)


NO_BYLINE = Byline()


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
        chosen = [p for p in parts if looks_like_names(p)]
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


def is_byline_text(text: str) -> bool:
    """A paragraph that is only a byline (names and dates, nothing else): furniture. A
    sentence that opens with "By" ("By the end of 2024, prices rose") names no one, nor does
    one that holds a name or two among its words ("... auf Windows PCs, Mac, Xbox One"):
    beside its names, a byline's part has a job title at most."""
    if len(text) > _MAX_LINE_CHARS or not (_DIGIT.search(text) or BY.match(text)):
        return False
    stamps = find_stamps(text)
    parts = _parts(strip_stamps(text, stamps))
    if not stamps and not any(BY.match(p) for p in parts):
        return False
    return all(_only_names(p, text) for p in parts)


def _only_names(part: str, text: str) -> bool:
    """Names and a job title at most; one word followed by a colon is a label
    ("Einsendeschluss: 03.11.2019"), not a name."""
    names, unnamed = read_names(part)
    if not names or unnamed > _MAX_UNNAMED_WORDS:
        return False
    return len(part.split()) > 1 or f"{part}:" not in text.replace(" :", ":")


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


def theme_authors(tree: Any, container: Any | None, rules: NameRules) -> list[str]:
    """Names in the theme's author elements ("span.author a", rel=author): the article's
    first, else the page's outside its header, menus, sidebars and comments (a commenter's
    name uses the same classes further down)."""
    scopes = [(container, sel.BYLINE_AUTHOR)] if container is not None else []
    for scope, xpaths in [*scopes, (tree, sel.AUTHOR_MARKED)]:
        for xpath in xpaths:
            nodes = [n for n in scope.xpath(xpath) if not _in_comments(n) and not in_chrome(n)]
            if names := _first_block_names(nodes, rules):
                return names
    return []


def _first_block_names(nodes: list[Any], rules: NameRules) -> list[str]:
    """The names of the first of `nodes` that has some, with those in the same block."""
    for first in nodes:
        block = first.getparent()
        while block is not None and block.tag in ("a", "span", "b", "strong", "em", "i"):
            block = block.getparent()
        mine = [n for n in nodes if n is first or any(a is block for a in n.iterancestors())]
        lines = [block_line(n)[0].replace(" | ", ", ") for n in mine]
        names = [
            name
            for line in lines
            if len(line) <= _MAX_AUTHOR_LINE
            for name in split_authors(line, rules)
        ]
        if names:
            return list(dict.fromkeys(names))
    return []


def _in_comments(node: Any) -> bool:
    return any(
        "comment" in (a.get("class") or "") or "comment" in (a.get("id") or "")
        for a in node.iterancestors()
    )
