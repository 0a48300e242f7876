"""One HTML page in, one clean article out: trafilatura for the body, metadata for the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from lxml import etree

from levantcrawl.extraction import selectors as sel
from levantcrawl.extraction.anchors import with_links
from levantcrawl.extraction.blocks import Block, body_blocks
from levantcrawl.extraction.byline import is_byline_text
from levantcrawl.extraction.choice import choose
from levantcrawl.extraction.container import (
    container_of,
    find_container,
    keep_only,
    text_places,
)
from levantcrawl.extraction.detection import (
    NO_STRUCTURE,
    UNREADABLE,
    Verdict,
    judge,
    read_structure,
)
from levantcrawl.extraction.hidden import drop_hidden
from levantcrawl.extraction.jsonbody import state_scripts
from levantcrawl.extraction.metadata import (
    agency_of,
    parse_html,
    read_metadata,
    visible_date,
)
from levantcrawl.extraction.reading import density_reading
from levantcrawl.extraction.standfirst import standfirst
from levantcrawl.extraction.template import (
    COLD,
    PageObservation,
    TemplateView,
    observe,
    visible_chars,
)

if TYPE_CHECKING:
    from levantcrawl.normalize.dates import DateCandidate

_SPACE = re.compile(r"\s+")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
# A paragraph that is only a date or a byline is page furniture, not prose.
_FURNITURE = re.compile(
    r"^(by\s+[\w .,'-]{2,80}|posted on .{4,40}|published .{4,40}|updated .{4,40}|\d+ comments?)$",
    re.IGNORECASE,
)
_TEASER_MAX_LABEL_WORDS = 4
_DATELINE = re.compile(r"^[^\s()]{2,}(?: [^\s()]+){0,3},? \(([^)]{2,40})\)\s*[-–—]")
_LEARNING_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
# Fewer words than this from the site's article container, and the page is read whole: it is
# another template's page (a gallery, a live blog) whose text sits elsewhere. The figure is
# LEVANTCRAWL_EXTRACT_MIN_WORDS's default, below which a page is no article anyway.
_CONTAINER_MIN_WORDS = 40
_BREADCRUMB_LINKS = etree.XPath(sel.BREADCRUMBS[0])


@dataclass(frozen=True, slots=True)
class ExtractedLink:
    url: str
    anchor: str
    kind: str  # body | related | nav


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """Everything a page yields, before normalisation; picklable for the process pool."""

    url: str
    is_article: bool
    title: str | None
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...] = ()
    published: tuple[DateCandidate, ...] = ()
    modified: tuple[DateCandidate, ...] = ()
    breadcrumbs: tuple[str, ...] = ()
    section_labels: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None
    lead_image: str | None = None
    description: str | None = None
    canonical: str | None = None
    amphtml: str | None = None
    site_name: str | None = None
    links: tuple[ExtractedLink, ...] = field(default=())
    observation: PageObservation = field(default_factory=PageObservation)
    template_pages: int = 0  # pages behind the site model used; 0 = extracted cold
    template_lines_stripped: int = 0
    agencies: tuple[str, ...] = ()  # news agencies the byline or dateline names
    content_only: bool = False  # trafilatura read the site's article container, not the page
    verdict: Verdict | None = None  # why the page is, or is not, an article (detection.py)
    reading: str = "trafilatura"  # which reading gave the text (choice.py)
    # Counted once from the paragraphs: the crawl asks for it at every step of an article.
    word_count: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_count", sum(len(p.split()) for p in self.paragraphs))

    @property
    def kept_ratio(self) -> float | None:
        """Share of the page's visible text that is article text."""
        chars = self.observation.chars
        return round(min(1.0, len(self.text) / chars), 4) if chars else None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _is_teaser(text: str, anchors: list[str]) -> bool:
    """ "Read More : <headline>" where the headline is the paragraph's one link."""
    if len(anchors) != 1 or not anchors[0]:
        return False
    label = _clean(text.replace(anchors[0], "", 1)).rstrip(" :-–—|»").lower()
    if not label or len(label.split()) > _TEASER_MAX_LABEL_WORDS:
        return False
    return any(label.startswith(known.rstrip(":")) for known in sel.TEASER_LABELS)


def _fused_headline(text: str, title: str) -> bool:
    """The headline glued before the first paragraph: "Talks resume Negotiators met...". A
    sentence that opens with the title's words and goes on ("Emden ist vor allem...", on
    the page titled "Emden") is no headline."""
    if not title or not text.startswith(f"{title} "):
        return False
    rest = text[len(title) :].lstrip(" :-–—|")
    return bool(rest) and not rest[0].islower()


def _comes_first(tree: Any, one: str, other: str) -> bool:
    """Whether the page's text holds `one` before `other` (by their first words)."""
    text = _clean(tree.text_content())
    at, other_at = text.find(_clean(one)[:40]), text.find(_clean(other)[:40])
    return 0 <= at < other_at or (at >= 0 > other_at)


def observe_page(html: str) -> PageObservation:
    """Only what the site model learns from a page: the cheap half of extraction (a plain
    lxml tree is enough here, and quicker to build than lxml.html's)."""
    try:
        tree = etree.fromstring(html.encode("utf-8"), _LEARNING_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return PageObservation()
    return observe(tree, visible_date) if tree is not None else PageObservation()


def _agencies(from_byline: tuple[str, ...], paragraphs: list[str]) -> tuple[str, ...]:
    """Byline agencies, then a dateline's: "BEIRUT (Reuters) - ..." opening the body."""
    found = list(from_byline)
    if paragraphs and (match := _DATELINE.match(paragraphs[0])):
        agency = agency_of(match.group(1))
        if agency and agency not in found:
            found.append(agency)
    return tuple(found)


def _guess_language(text: str) -> str | None:
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    if arabic + latin < 40:
        return None
    return "ar" if arabic > latin else None


def _nav_links(tree: Any, url: str) -> list[ExtractedLink]:
    links: list[ExtractedLink] = []
    for anchor in _BREADCRUMB_LINKS(tree):
        href = anchor.get("href")
        if href and not href.startswith(("#", "javascript:")):
            links.append(ExtractedLink(_absolute(href, url), _clean(anchor.text_content()), "nav"))
    return links


def _absolute(href: str, base: str) -> str:
    return urljoin(base, href.strip())


def _trafilatura_blocks(tree: Any, url: str, fast: bool) -> list[Block]:
    """The blocks trafilatura keeps as the page's main content, as text without links
    (with_links finds them again). trafilatura reads a copy of `tree` and leaves it as it
    was, so the page's anchors are still there to be found. `fast` skips its backup extractors
    (readability, jusText): with a site model, the model strips what they would
    second-guess, and the labelled corpus scores the same without them
    (benchmarks/quality.py) at about a third less time per page; on a page read alone, our
    own second reading and choice (reading.py, choice.py) come on top of them. (Imported
    here, where it is used: commands that never extract need not load it.)"""
    import trafilatura

    document = trafilatura.bare_extraction(
        tree,
        url=url,
        include_links=False,  # anchors.py finds them again: asked for, they cost text
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        with_metadata=False,
        fast=fast,
    )
    body = getattr(document, "body", None)
    return body_blocks(body) if body is not None else []


def _main_blocks(
    html: str, tree: Any, url: str, view: TemplateView, *, shown: bool
) -> tuple[list[Block], bool]:
    """The main content's blocks, read through the site's article container when the view
    knows one and the page has it once; the whole page otherwise, or when the container
    yields too little. True when the container was enough. Hidden elements go first,
    unless `shown` says they are gone already: only the container's, when it is read."""
    container = find_container(tree, view.content) if view.content else None
    if container is not None and keep_only(tree, container):
        if not shown:
            drop_hidden(tree)
        blocks = _trafilatura_blocks(tree, url, fast=view.warm)
        if sum(len(text.split()) for text, _ in blocks) >= _CONTAINER_MIN_WORDS:
            return blocks, True
        tree, shown = parse_html(html), False  # the reduced tree is spent
    if not shown:
        drop_hidden(tree)
    return _trafilatura_blocks(tree, url, fast=view.warm), False


def extract_article(
    html: str,
    url: str,
    view: TemplateView = COLD,
    *,
    learn: bool = True,
    count_chars: bool = False,
    find_content: bool = False,
) -> ExtractedArticle:
    """Extract one page, stripping what the site's template view knows as template; with
    `learn`, also observe the page for the site model. Without it, `count_chars` still
    counts the page's visible text, all kept_ratio needs (re-extraction learns nothing).
    With `find_content`, the page is read whole and the observation names the element
    holding its article text; otherwise a view that knows the site's container has
    trafilatura read that element alone. Never raises on odd HTML: an empty result has no
    paragraphs."""
    try:
        tree = parse_html(html)
    except (etree.ParserError, ValueError):
        return unreadable(url)
    return extract_tree(
        tree, html, url, view, learn=learn, count_chars=count_chars, find_content=find_content
    )


def unreadable(url: str) -> ExtractedArticle:
    """What a page lxml cannot parse yields: no article, and the verdict that says why."""
    return ExtractedArticle(
        url=url, is_article=False, title=None, paragraphs=(), verdict=UNREADABLE
    )


def extract_tree(
    tree: Any,
    html: str,
    url: str,
    view: TemplateView = COLD,
    *,
    learn: bool = True,
    count_chars: bool = False,
    find_content: bool = False,
) -> ExtractedArticle:
    """extract_article on the page already parsed (parse_html) from `html`; the tree is
    pruned as it is read, so whatever else is read from it is read before."""
    meta = read_metadata(tree, url, view)
    # Read from the whole page, before hidden elements and all but a container go; a
    # marked page is taken without it.
    structure = read_structure(tree, url) if not meta.marks else NO_STRUCTURE
    if learn:
        observation = observe(tree, visible_date)
    elif count_chars:
        observation = PageObservation(chars=visible_chars(tree))
    else:
        observation = PageObservation()
    nav = _nav_links(tree, url)
    # A page read alone gets a second reading; with a site model, the model's container
    # and template lines already do that work, and only the container's hidden elements
    # need to go (_main_blocks).
    second = not view.warm and not find_content
    if second or find_content:
        drop_hidden(tree)
    density = density_reading(tree) if second else []
    states = state_scripts(tree) if second else []
    if find_content:
        places = text_places(tree)
        blocks, content_only = _trafilatura_blocks(tree, url, fast=view.warm), False
    else:
        blocks, content_only = _main_blocks(html, tree, url, view, shown=second)
    reading = "trafilatura"
    if second:
        read = "\n".join([*density, *(text for text, _ in blocks)])  # what either reading holds
        blocks, reading = choose(
            blocks, density, meta.article_body, states, lambda a, b: _comes_first(tree, a, b)
        )
        if lead := standfirst(tree, meta.description, "\n".join(t for t, _ in blocks), read):
            blocks = [(lead, []), *blocks]
    blocks = with_links(blocks, tree, url)
    paragraphs: list[str] = []
    links: list[ExtractedLink] = []
    stripped = 0
    title = _clean(meta.title)
    # A rubric printed inside the article ("Economy", "اقتصاد") is a label, not prose.
    labels = {_clean(label).casefold() for label in (*meta.breadcrumbs, *meta.section_labels)}
    for text, refs in blocks:
        anchors = [anchor for _, anchor in refs]
        if _is_teaser(text, anchors) or view.is_teaser(text, anchors):
            href, anchor = refs[0]
            links.append(ExtractedLink(href, anchor, "related"))
            continue
        if text == title or _FURNITURE.match(text) or text.casefold() in labels:
            continue
        if not paragraphs and _fused_headline(text, title):
            text = text[len(title) :].lstrip(" :-–—|")
        if is_byline_text(text):  # "By A | Published 30 Oct 2026, 05:38" kept as a paragraph
            continue
        if view.is_template_line(text):
            stripped += 1
            continue
        paragraphs.append(text)
        links += [ExtractedLink(href, anchor, "body") for href, anchor in refs]
    if find_content:
        observation = replace(observation, content=container_of(paragraphs, places))
    linked = sum(len(link.anchor) for link in links if link.kind == "body")
    verdict, shape = judge(
        meta, structure, paragraphs, linked, url, view, in_container=content_only, learn=learn
    )
    if shape is not None:
        observation = replace(observation, shape=shape)
    text = "\n".join(paragraphs)
    return ExtractedArticle(
        url=url,
        is_article=verdict.article,
        title=title or None,
        paragraphs=tuple(paragraphs),
        authors=meta.authors,
        agencies=_agencies(meta.agencies, paragraphs),
        published=meta.published,
        modified=meta.modified,
        breadcrumbs=meta.breadcrumbs,
        section_labels=meta.section_labels,
        tags=meta.tags,
        language=meta.language or _guess_language(text),
        lead_image=_absolute(meta.image, url) if meta.image else None,
        description=meta.description,
        canonical=_absolute(meta.canonical, url) if meta.canonical else None,
        amphtml=_absolute(meta.amphtml, url) if meta.amphtml else None,
        site_name=meta.site_name,
        links=(*links, *nav),
        observation=observation,
        template_pages=view.pages,
        template_lines_stripped=stripped,
        content_only=content_only,
        verdict=verdict,
        reading=reading,
    )
