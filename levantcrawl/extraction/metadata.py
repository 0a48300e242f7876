"""What a page says about itself: JSON-LD, meta tags, <time>, breadcrumbs and the byline."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from levantcrawl.extraction import selectors as sel
from levantcrawl.extraction.byline import NO_BYLINE, Byline, read_byline, theme_authors
from levantcrawl.extraction.names import NameRules, agency_of, split_authors, title_suffix
from levantcrawl.extraction.template import COLD, TemplateView
from levantcrawl.extraction.title import choose_title, clean_text, heading_text, site_keys
from levantcrawl.normalize.dates import DateCandidate

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["DateCandidate", "PageMetadata", "agency_of", "read_metadata", "split_authors"]

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
_MAX_RUBRIC_WORDS = 4
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")


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
    marks: tuple[str, ...] = ()  # what says "article": "JSON-LD NewsArticle", "og:type=article"
    listing_marks: tuple[str, ...] = ()  # what says "listing": "JSON-LD CollectionPage"
    byline: Byline = NO_BYLINE
    article_body: str | None = None  # JSON-LD articleBody: the publisher's own text


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


def _listing_marks(json_ld: list[dict[str, Any]], og_type: str | None) -> tuple[str, ...]:
    kinds = sorted({kind for obj in json_ld for kind in _types(obj) & sel.LISTING_TYPES})
    return tuple(f"JSON-LD {kind}" for kind in kinds) + (
        ("og:type=profile",) if og_type == "profile" else ()
    )


def _site_names(
    tree: Any,
    json_ld: list[dict[str, Any]],
    metas: dict[str, list[str]],
    url: str,
    view: TemplateView,
) -> list[str]:
    """What the site calls itself: og:site_name, the publisher, its host and the title
    suffix its pages share (the site model's)."""
    names = _meta(metas, (*sel.META_SITE_NAME, "application-name"))
    for obj in json_ld:
        if _types(obj) & {"WebSite", "Organization", "NewsMediaOrganization"}:
            names += _names(obj.get("name"))
        names += _names(obj.get("publisher"))
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return [*names, host, host.rsplit(".", 1)[0], *view.site_names]


def _page_date(tree: Any, url: str) -> str | None:
    """The last resort for a page that dates itself nowhere we look: htmldate's quick
    search (its own markup, the elements themes date with, the URL), a day at most.
    (Imported here: the crawl process, which never reads a page's text, need not load it.)"""
    from htmldate import find_date

    try:
        found = find_date(
            tree, url=url, extensive_search=False, original_date=True, deferred_url_extractor=True
        )
    except (ValueError, TypeError):  # a page htmldate cannot read has no date for us either
        return None
    return str(found) if found else None


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
    sections = _names(main.get("articleSection")) + _meta(metas, sel.META_SECTION)
    crumbs = _breadcrumbs(tree, json_ld)
    site_names = _site_names(tree, json_ld, metas, url, view)
    # This page's own title suffix is a name of the site to a byline, not to its title.
    suffix = title_suffix(tree.findtext(".//title"))
    rules = NameRules.of([*site_names, *([suffix] if suffix else [])], [*sections, *crumbs])
    byline = read_byline(tree, view, rules)
    if container is not None:
        published += [
            DateCandidate(t.get("datetime"), "time")
            for t in container.xpath(sel.TIME_ELEMENTS)
            if "updated" not in (t.get("class") or "")
        ]
    if byline.published:
        published.append(DateCandidate(byline.published, "byline"))
    if byline.updated:
        modified.append(DateCandidate(byline.updated, "byline"))
    if match := _URL_DATE.search(url):
        published.append(DateCandidate("-".join(match.groups()), "url"))
    if not published and (day := _page_date(tree, url)):
        published.append(DateCandidate(day, "htmldate"))

    # Machine-readable names first, then the byline's, then the theme's author elements;
    # every one through the same rules (no address, no date, not the site itself).
    authors = [
        n for o in articles for a in _names(o.get("author")) for n in split_authors(a, rules)
    ]
    if not authors:
        authors = [n for v in _meta(metas, sel.META_AUTHOR) for n in split_authors(v, rules)]
    if not authors:
        authors = [*byline.authors, *byline.agencies]
    if not authors:
        authors = theme_authors(tree, container, rules)

    people = [a for a in authors if agency_of(a) is None]
    agencies = [agency for a in authors if (agency := agency_of(a)) is not None]
    agencies += byline.agencies
    tags = _meta(metas, sel.META_TAGS)
    keywords = main.get("keywords") or _first(_meta(metas, sel.META_KEYWORDS)) or []
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    tags += [_clean(k) for k in keywords if isinstance(k, str)]

    # "News" first in a list of sections says nothing; the visible rubric comes last.
    sections = [s for s in sections if s.casefold() not in sel.GENERIC_SECTIONS] + _rubric(tree)
    og_type = _first(_meta(metas, sel.META_TYPE))
    lang = (
        _first(tree.xpath(sel.HTML_LANG))
        or main.get("inLanguage")
        or _first(_meta(metas, sel.META_LOCALE))
    )
    site_name = _first(_meta(metas, sel.META_SITE_NAME))
    title = choose_title(
        headings=[heading_text(h) for h in tree.xpath(sel.TITLE_H1)],
        headline=clean_text(_first(_names(main.get("headline")))),
        declared=[
            clean_text(t)
            for t in (
                *_names(main.get("headline")),
                *_meta(metas, sel.META_TITLE),
                *tree.xpath("//title/text()"),
            )
        ],
        keys=site_keys(site_names, urlsplit(url).hostname or ""),
    )
    kinds = sorted({kind for o in articles for kind in _types(o) & sel.ARTICLE_TYPES})
    marks = tuple(f"JSON-LD {kind}" for kind in kinds)
    marks += ("og:type=article",) if og_type == "article" else ()
    marks += tuple(sorted({n for n in sel.META_PUBLISHED if n in metas}))
    return PageMetadata(
        title=title or None,
        description=_clean(main.get("description")) or _first(_meta(metas, sel.META_DESCRIPTION)),
        image=_image_url(main.get("image")) or _first(_meta(metas, sel.META_IMAGE)),
        canonical=_first([_clean(h) for h in tree.xpath(sel.CANONICAL)]),
        amphtml=_first([_clean(h) for h in tree.xpath(sel.AMPHTML)]),
        language=str(lang).replace("_", "-").split("-")[0].lower() if lang else None,
        site_name=site_name,
        is_article=bool(marks),
        authors=_unique([_clean(a) for a in people]),
        agencies=_unique(agencies),
        tags=_unique(tags),
        breadcrumbs=tuple(crumbs),
        section_labels=_unique([_clean(s) for s in sections]),
        published=tuple(published),
        modified=tuple(modified),
        marks=marks,
        listing_marks=_listing_marks(json_ld, og_type),
        byline=byline,
        article_body=_first(_names(main.get("articleBody"))),
    )


def _html_parser() -> etree.HTMLParser:
    """lxml.html's parser, with one change: every element is a plain HtmlElement, chosen in
    C. lxml.html's own class lookup calls a Python method for each element a walk touches,
    to give forms and inputs classes of their own that extraction never uses; on a news
    page that was a third of the site model's observation. Comments and processing
    instructions are dropped while parsing, their tails kept: handed a tree with them,
    trafilatura dropped each comment with the text after it ("the man had suffered")."""
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True)
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
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(page: str | bytes) -> Any:
    """One lxml tree per page. Extraction reads it whole first, then cuts hidden elements
    (and, with a site model, all but the article's container) from it. An XHTML page's XML
    declaration names the encoding of bytes already decoded: lxml refuses a str with one,
    so it goes."""
    if isinstance(page, str) and page.lstrip().startswith("<?xml"):
        page = _XML_DECLARATION.sub("", page, count=1)
    return lxml_html.fromstring(page, parser=_PARSER)


def last_parse_cut() -> bool:
    """The last parse_html in this process stopped at one of libxml2's limits (a page nested
    deeper than 256 elements): its tree holds only part of the page."""
    return bool(_PARSER.error_log.filter_from_fatals())
