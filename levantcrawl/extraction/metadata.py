"""What a page says about itself: JSON-LD, meta tags, <time>, breadcrumbs and the byline."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree
from lxml import html as lxml_html

from levantcrawl.extraction import selectors as sel
from levantcrawl.extraction.template import (
    COLD,
    TemplateView,
    element_slot,
    in_chrome,
    normalise,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

_SPACE = re.compile(r"\s+")
# Every form _VISIBLE_DATE knows has a digit (\d is Unicode: Arabic-Indic digits too), and
# most visible text has none: this cheap search spares the costly one on most lines.
_DIGIT = re.compile(r"\d")
_EN_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_VISIBLE_DATE = re.compile(
    rf"(\d{{1,2}}\s+(?:{_EN_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_EN_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}(?:\s+\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?)?"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
    # Arabic: "5 آب 2024", and "5 آب (أغسطس) 2024" with both month names
    r"|[\d٠-٩]{1,2}\s+[\u0600-\u06FF ]{2,14}(?:\s*\([\u0600-\u06FF ]{2,14}\))?\s+[\d٠-٩]{4})",
    re.IGNORECASE,
)
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|words|reporting|story|text)\s+)?by\b\s*:?\s*|^\s*(?:بقلم|كتب|كتبت)\s*:?\s*",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|&|·|\|| and | و)\s*", re.IGNORECASE)
# Words of a job title, not of a name: "A, Staff Writer", "B, Economics Editor".
_ROLE_WORDS = frozenset(
    {
        "writer",
        "staff",
        "correspondent",
        "reporter",
        "editor",
        "agencies",
        "agency",
        "contributor",
        "columnist",
        "analyst",
        "producer",
        "chief",
        "senior",
        "bureau",
        "desk",
        "photographer",
        "مراسل",
        "محرر",
    }
)
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,60}$")
_MAX_RUBRIC_WORDS = 4
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
_MAX_BYLINE_NODES = 60
# A paragraph this long is the body: a byline date comes before it or not at all.
_BODY_PARAGRAPH_WORDS = 25


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A date string and where on the page it came from, in the order it should be trusted."""

    raw: str
    source: str  # json-ld | meta | time | byline | url


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None
    description: str | None
    image: str | None
    canonical: str | None
    amphtml: str | None
    language: str | None
    site_name: str | None
    is_article: bool
    authors: tuple[str, ...]
    agencies: tuple[str, ...]
    tags: tuple[str, ...]
    breadcrumbs: tuple[str, ...]
    section_labels: tuple[str, ...]  # article:section / JSON-LD articleSection
    published: tuple[DateCandidate, ...]
    modified: tuple[DateCandidate, ...]


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _meta_index(tree: Any) -> dict[str, list[str]]:
    """Every <meta> content by its property, name or itemprop: one pass over the page."""
    index: dict[str, list[str]] = {}
    for node in tree.iter("meta"):
        content = _clean(node.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            if key := node.get(attr):
                index.setdefault(key, []).append(content)
    return index


def _meta(index: dict[str, list[str]], names: tuple[str, ...]) -> list[str]:
    return [value for name in names for value in index.get(name, ())]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    for block in tree.xpath(sel.JSON_LD):
        try:
            data = json.loads(block)
        except ValueError:
            continue  # broken JSON-LD is common; the meta tags still speak
        stack: list[Any] = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                stack.extend(node.get("@graph", []))
                yield node


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    return {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _image_url(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _image_url(value.get("url"))
    if isinstance(value, list) and value:
        return _image_url(value[0])
    return None


def split_authors(text: str) -> list[str]:
    """ "By A and B", "A, Staff Writer" -> ["A", "B"], ["A"]."""
    text = _BYLINE_PREFIX.sub("", _clean(text))
    parts = [p.strip(" .") for p in _AUTHOR_SPLIT.split(text)]
    return [p for p in parts if p and len(p) <= 80 and not _is_role(p)]


def agency_of(name: str) -> str | None:
    """ "Reuters", "(AFP)", "رويترز" -> the agency's usual name; None for a person."""
    return sel.AGENCIES.get(name.strip(" ()[]").casefold())


def _is_role(part: str) -> bool:
    return bool(set(part.casefold().split()) & _ROLE_WORDS)


def _article_container(tree: Any) -> Any | None:
    for xpath in sel.ARTICLE_CONTAINERS:
        for node in tree.xpath(xpath):
            if node.xpath(".//h1"):
                return node
    headings = tree.xpath(sel.TITLE_H1)
    return headings[0].getparent() if headings else None


def visible_date(text: str) -> str | None:
    """The first date-looking string in a piece of visible text."""
    if not _DIGIT.search(text):
        return None
    match = _VISIBLE_DATE.search(text)
    return match.group(0) if match else None


def _following(element: Any) -> Iterator[Any]:
    """Elements after `element` in document order (not its own descendants)."""
    node = element
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def _direct_text(element: Any) -> str:
    """An element's own words: its text and its children's tails ("<i></i> Posted on …")."""
    parts = [element.text or ""] + [child.tail or "" for child in element]
    return _clean(" ".join(parts))


def _is_body_paragraph(element: Any) -> bool:
    return element.tag == "p" and len(element.text_content().split()) > _BODY_PARAGRAPH_WORDS


def _byline_dates(tree: Any, view: TemplateView) -> list[DateCandidate]:
    """The first date printed after the article's <h1> and before its body text: never the
    site header's (it comes before the title), never one the site model knows as site-wide."""
    headings = tree.xpath(sel.TITLE_H1)
    if not headings:
        return []
    for seen, element in enumerate(_following(headings[0])):
        if seen > _MAX_BYLINE_NODES or not isinstance(element.tag, str):
            break
        if element.tag in ("script", "style") or in_chrome(element):
            continue
        if _is_body_paragraph(element):
            break
        text = _direct_text(element)
        if not text or (date := visible_date(text)) is None:
            continue
        if element_slot(element) in view.date_slots or normalise(date) in view.date_texts:
            continue
        return [DateCandidate(date, "byline")]
    return []


def _byline_authors(tree: Any, container: Any | None) -> list[str]:
    """Authors from the byline: a "By …" / "بقلم …" line after the title, else the theme's
    author elements."""
    headings = tree.xpath(sel.TITLE_H1)
    for seen, element in enumerate(_following(headings[0]) if headings else ()):
        if seen > _MAX_BYLINE_NODES or _is_body_paragraph(element):
            break
        is_byline = isinstance(element.tag, str) and _BYLINE_PREFIX.match(_direct_text(element))
        if is_byline and (names := split_authors(element.text_content())):
            return names
    if container is None:
        return []
    for xpath in sel.BYLINE_AUTHOR:
        names = [
            name for node in container.xpath(xpath) for name in split_authors(node.text_content())
        ]
        if names:
            return names
    return []


def _title(tree: Any, metas: dict[str, list[str]], site_name: str | None) -> str | None:
    """The visible <h1> first; og:title or <title> carry the site's name ("X | Site")."""
    h1 = tree.xpath(sel.TITLE_H1)
    visible = _clean(h1[0].text_content()) if h1 else ""
    if visible and visible != site_name and len(visible.split()) > 1:
        return visible
    for candidate in (*_meta(metas, sel.META_TITLE), *tree.xpath("//title/text()")):
        text = _TITLE_SUFFIX.sub("", _clean(candidate))
        if text and text != site_name:
            return text
    return visible or None


def _rubric(tree: Any) -> list[str]:
    """A section label printed next to the title ("kicker"): a short link or label in the
    title's own block whose class names a section or category."""
    headings = tree.xpath(sel.TITLE_H1)
    if not headings or (block := headings[0].getparent()) is None:
        return []
    labels = []
    for node in block.xpath(sel.RUBRIC):
        text = _clean(node.text_content())
        if text and len(text.split()) <= _MAX_RUBRIC_WORDS:
            labels.append(text)
    return labels[:1]


def _breadcrumbs(tree: Any, json_ld: list[dict[str, Any]]) -> list[str]:
    for obj in json_ld:
        if "BreadcrumbList" in _types(obj):
            items = sorted(
                (i for i in obj.get("itemListElement", []) if isinstance(i, dict)),
                key=lambda i: int(i.get("position", 0) or 0),
            )
            names = [_clean(" ".join(_names(i.get("name") or i.get("item")))) for i in items]
            if names:
                return [n for n in names if n]
    for xpath in sel.BREADCRUMBS:
        crumbs = [_clean(node.text_content()) for node in tree.xpath(xpath)]
        if crumbs := [c for c in crumbs if c]:
            return crumbs
    return []


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def read_metadata(tree: Any, url: str, view: TemplateView = COLD) -> PageMetadata:
    """Collect every machine-readable and visible hint; choosing between them is for later."""
    json_ld = list(_json_ld_objects(tree))
    metas = _meta_index(tree)
    articles = [o for o in json_ld if _types(o) & sel.ARTICLE_TYPES]
    main = articles[0] if articles else {}
    container = _article_container(tree)

    published = [
        DateCandidate(str(o["datePublished"]), "json-ld")
        for o in articles
        if o.get("datePublished")
    ]
    published += [DateCandidate(v, "meta") for v in _meta(metas, sel.META_PUBLISHED)]
    modified = [
        DateCandidate(str(o["dateModified"]), "json-ld") for o in articles if o.get("dateModified")
    ]
    modified += [DateCandidate(v, "meta") for v in _meta(metas, sel.META_MODIFIED)]
    # A listing has <time> elements too; only the page's own metadata says "article".
    declares_date = bool(published)
    if container is not None:
        published += [
            DateCandidate(t.get("datetime"), "time")
            for t in container.xpath(sel.TIME_ELEMENTS)
            if "updated" not in (t.get("class") or "")
        ]
        published += _byline_dates(tree, view)
    if match := _URL_DATE.search(url):
        published.append(DateCandidate("-".join(match.groups()), "url"))

    authors = [n for o in articles for n in _names(o.get("author"))]
    if not authors:
        authors = [n for v in _meta(metas, sel.META_AUTHOR) for n in split_authors(v)]
    if not authors:
        authors = _byline_authors(tree, container)

    people = [a for a in authors if agency_of(a) is None]
    agencies = [agency for a in authors if (agency := agency_of(a)) is not None]
    tags = _meta(metas, sel.META_TAGS)
    keywords = main.get("keywords") or _first(_meta(metas, sel.META_KEYWORDS)) or []
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    tags += [_clean(k) for k in keywords if isinstance(k, str)]

    declared = _names(main.get("articleSection")) + _meta(metas, sel.META_SECTION)
    # "News" first in a list of sections says nothing; the visible rubric comes last.
    sections = [s for s in declared if s.casefold() not in sel.GENERIC_SECTIONS] + _rubric(tree)
    og_type = _first(_meta(metas, sel.META_TYPE))
    lang = (
        _first(tree.xpath(sel.HTML_LANG))
        or main.get("inLanguage")
        or _first(_meta(metas, sel.META_LOCALE))
    )
    site_name = _first(_meta(metas, sel.META_SITE_NAME))
    title = _clean(main.get("headline")) or _title(tree, metas, site_name)
    return PageMetadata(
        title=title or None,
        description=_clean(main.get("description")) or _first(_meta(metas, sel.META_DESCRIPTION)),
        image=_image_url(main.get("image")) or _first(_meta(metas, sel.META_IMAGE)),
        canonical=_first([_clean(h) for h in tree.xpath(sel.CANONICAL)]),
        amphtml=_first([_clean(h) for h in tree.xpath(sel.AMPHTML)]),
        language=str(lang).replace("_", "-").split("-")[0].lower() if lang else None,
        site_name=site_name,
        is_article=bool(articles) or og_type == "article" or declares_date,
        authors=_unique([_clean(a) for a in people]),
        agencies=_unique(agencies),
        tags=_unique(tags),
        breadcrumbs=tuple(_breadcrumbs(tree, json_ld)),
        section_labels=_unique([_clean(s) for s in sections]),
        published=tuple(published),
        modified=tuple(modified),
    )


def _html_parser() -> etree.HTMLParser:
    """lxml.html's parser, with one change: every element is a plain HtmlElement, chosen in
    C. lxml.html's own class lookup calls a Python method for each element a walk touches,
    to give forms and inputs classes of their own that extraction never uses; on a news
    page that was a third of the site model's observation."""
    parser = etree.HTMLParser()
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement,
            comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction,
            entity=lxml_html.HtmlEntity,
        )
    )
    return parser


_PARSER = _html_parser()


def parse_html(page: str | bytes) -> Any:
    """One lxml tree per page. Extraction reads it first; trafilatura then prunes it."""
    return lxml_html.fromstring(page, parser=_PARSER)
