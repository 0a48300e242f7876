"""A site's template, learned from its pages: what recurs across a site is not news.

Each page yields a PageObservation (which text lines, link-teaser shapes and date slots it
has). A SiteTemplate counts them over a sliding window of the site's recent pages and
hands extraction a small frozen TemplateView: the lines to strip, the teaser shapes to turn
into related links, and the date slots and strings that are the site's, not the article's.
Something seen on a few pages only (a quote two articles share, a correction notice) is
never template: a line needs both a minimum number of pages and a share of them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from levantcrawl.extraction.lines import (
    LINE_TAGS,
    element_slot,
    line_key,
    normalise,
    teaser_shape,
)
from levantcrawl.extraction.names import title_suffix
from levantcrawl.extraction.profile import (
    NO_PROFILE,
    ArticleShape,
    ShapeCounts,
    SiteProfile,
    profile_of,
)

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_CHROME_TAGS = frozenset({"header", "nav", "footer", "aside"})
_MAX_LINE_CHARS = 600
_MAX_DATE_CHARS = 80
SCHEMA = 1
# Share of the pages read whole that must agree on the article's container before later
# pages are read through it alone: more than half, so two templates never take turns.
CONTENT_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class PageObservation:
    """What one page contributes to its site's model; small and picklable."""

    lines: frozenset[str] = frozenset()
    shapes: frozenset[str] = frozenset()
    date_slots: frozenset[str] = frozenset()
    date_texts: frozenset[str] = frozenset()
    chars: int = 0  # visible text on the page, to measure how much of it extraction keeps
    # The key of the element holding the article text (extraction/container.py): None when
    # the page was not read whole to find it, "" when it was and no element holds it all.
    content: str | None = None
    site_name: str | None = None  # the suffix of its <title> ("Headline - Levant News")
    shape: ArticleShape | None = None  # a marked article's shape (profile.py), else None


@dataclass(frozen=True, slots=True)
class TemplateView:
    """The decisions extraction needs, frozen for one batch of pages."""

    pages: int = 0
    lines: frozenset[str] = frozenset()
    shapes: frozenset[str] = frozenset()
    date_slots: frozenset[str] = frozenset()
    date_texts: frozenset[str] = frozenset()
    content: str | None = None  # the article container's key, once pages agree on one
    site_names: frozenset[str] = frozenset()  # what the site calls itself (title suffixes)
    profile: SiteProfile = NO_PROFILE  # what its marked articles look like

    @property
    def warm(self) -> bool:
        return self.pages > 0

    def is_template_line(self, text: str) -> bool:
        return bool(self.lines) and line_key(text) in self.lines

    def is_teaser(self, text: str, anchors: list[str]) -> bool:
        shape = teaser_shape(text, anchors)
        return shape is not None and shape in self.shapes


COLD = TemplateView()


def in_chrome(element: Any) -> bool:
    """Inside the site's header, nav, footer or sidebar; an <article>'s own <header> (title,
    byline, date) is the article's."""
    tags = {ancestor.tag for ancestor in element.iterancestors()}
    return "article" not in tags and bool(tags & _CHROME_TAGS)


def observe(tree: Any, is_date: Any) -> PageObservation:
    """Scan a parsed page once. `is_date(text)` returns the date string in a text, if any.

    Dates are counted only where site chrome sits (before the first <h1>, or inside a
    header, nav, footer or aside): a byline slot recurs on every article too, but its dates
    are the articles' own."""
    lines: set[str] = set()
    shapes: set[str] = set()
    slots: set[str] = set()
    dates: set[str] = set()
    before_title = True
    chars = 0
    # One pass over every element of the page: each attribute is read once (lxml builds a
    # new string or proxy per read), and a parent is looked up only for a tail with text.
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            continue
        own = element.text
        if own:
            chars += len(own.strip())
        chars += _tail_chars(element)
        if tag == "h1":
            before_title = False
        leaf = len(element) == 0
        is_line = tag in LINE_TAGS
        if is_line or leaf:
            text = "".join(element.itertext()) if is_line else (own or "")
            if text.strip() and len(text) <= _MAX_LINE_CHARS:
                lines.add(line_key(text))
                if is_line:
                    anchors = ["".join(a.itertext()) for a in element.iter("a")]
                    if (shape := teaser_shape(text, anchors)) is not None:
                        shapes.add(shape)
        short = leaf and own and len(own) < _MAX_DATE_CHARS
        if short and (date := is_date(own)) and (before_title or in_chrome(element)):
            slots.add(element_slot(element))
            dates.add(normalise(date))
    return PageObservation(
        frozenset(lines),
        frozenset(shapes),
        frozenset(slots),
        frozenset(dates),
        chars,
        site_name=title_suffix(tree.findtext(".//title")),
    )


def _tail_chars(element: Any) -> int:
    """Visible characters of the text after an element, unless its parent hides it."""
    tail = element.tail
    if not tail or not (size := len(tail.strip())):
        return 0
    parent = element.getparent()
    return size if parent is not None and parent.tag not in _SKIP_TAGS else 0


# Every text node whose element shows it: an element's own text, and the tail after a
# child, whose XPath parent is the element the tail sits in.
_SHOWN_TEXT = etree.XPath(
    "//text()[not(" + " or ".join(f"parent::{tag}" for tag in sorted(_SKIP_TAGS)) + ")]",
    smart_strings=False,
)


def visible_chars(tree: Any) -> int:
    """The `chars` observe() counts, alone: what kept_ratio needs when nothing is learned.
    The text nodes are gathered in C (a walk in Python made every element a proxy, a few
    milliseconds a page); observe() skips a hidden element's tail too, so those come off."""
    chars = sum(len(text.strip()) for text in _SHOWN_TEXT(tree))
    for element in tree.iter(*_SKIP_TAGS, etree.Comment, etree.ProcessingInstruction):
        chars -= _tail_chars(element)
    return chars


@dataclass
class _Generation:
    pages: int = 0
    lines: Counter[str] = field(default_factory=Counter)
    shapes: Counter[str] = field(default_factory=Counter)
    date_slots: Counter[str] = field(default_factory=Counter)
    date_texts: Counter[str] = field(default_factory=Counter)
    # Lines counted at least `often_at` times: the only ones that can be template (see
    # SiteTemplate.view), gathered as they get there so a view never reads the article
    # lines seen once, which are most of the counter. Not saved: recounted on loading.
    often: set[str] = field(default_factory=set)
    often_at: int = 1
    # Containers found on the pages read whole (not every learned page is), and how many
    # pages were read whole: the share a container needs is of those pages.
    contents: Counter[str] = field(default_factory=Counter)
    content_pages: int = 0
    site_names: Counter[str] = field(default_factory=Counter)
    articles: ShapeCounts = field(default_factory=ShapeCounts)  # the marked ones' shapes

    def add(self, page: PageObservation) -> None:
        self.pages += 1
        if page.site_name:
            self.site_names[page.site_name] += 1
        if page.shape is not None:
            self.articles.add(page.shape)
        if page.content is not None:
            self.content_pages += 1
            if page.content:
                self.contents[page.content] += 1
        self.lines.update(page.lines)
        self.shapes.update(page.shapes)
        self.date_slots.update(page.date_slots)
        self.date_texts.update(page.date_texts)
        counts, at = self.lines, self.often_at
        self.often.update(key for key in page.lines if counts[key] >= at)

    def to_json(self) -> dict[str, Any]:
        # Keys seen once are most of the counters and never decide anything: not kept.
        def kept(counter: Counter[str]) -> dict[str, int]:
            return {key: n for key, n in counter.items() if n > 1}

        return {
            "pages": self.pages,
            "lines": kept(self.lines),
            "shapes": kept(self.shapes),
            "date_slots": kept(self.date_slots),
            "date_texts": kept(self.date_texts),
            "contents": dict(self.contents),
            "content_pages": self.content_pages,
            "site_names": kept(self.site_names),
            "articles": self.articles.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], often_at: int = 1) -> _Generation:
        lines: Counter[str] = Counter(data.get("lines", {}))
        return cls(
            int(data.get("pages", 0)),
            lines,
            Counter(data.get("shapes", {})),
            Counter(data.get("date_slots", {})),
            Counter(data.get("date_texts", {})),
            often={key for key, n in lines.items() if n >= often_at},
            often_at=often_at,
            contents=Counter(data.get("contents", {})),
            content_pages=int(data.get("content_pages", 0)),
            site_names=Counter(data.get("site_names", {})),
            articles=ShapeCounts.from_json(data.get("articles")),
        )


@dataclass(frozen=True, slots=True)
class TemplatePolicy:
    """When something counts as template; every number is a LEVANTCRAWL_TEMPLATE_* setting."""

    min_pages: int = 8  # no decision before this many pages of the site
    min_support: int = 4  # a line must be on at least this many pages...
    share: float = 0.3  # ...and on this share of them
    window: int = 400  # pages per generation: the model remembers the last two


class SiteTemplate:
    """Counts over the site's recent pages (two generations: a sliding window, so a
    redesign is relearned); `view()` turns them into decisions."""

    def __init__(self, policy: TemplatePolicy | None = None) -> None:
        self.policy = policy or TemplatePolicy()
        # A line on `floor` pages (at least min_support) of the two generations is on at
        # least half as many in one of them: the lines below that in both never qualify.
        self._often_at = max(1, -(-self.policy.min_support // 2))
        self._previous = self._generation()
        self._current = self._generation()

    def _generation(self) -> _Generation:
        return _Generation(often_at=self._often_at)

    @property
    def pages(self) -> int:
        return self._previous.pages + self._current.pages

    def add(self, page: PageObservation) -> None:
        if self._current.pages >= self.policy.window:
            self._previous, self._current = self._current, self._generation()
        self._current.add(page)

    def reset(self) -> None:
        """Forget everything: the site changed its template and the old one would strip news."""
        self._previous, self._current = self._generation(), self._generation()

    def view(self) -> TemplateView:
        pages = self.pages
        if pages < self.policy.min_pages:
            return COLD
        floor = max(self.policy.min_support, self.policy.share * pages)
        older, newer = self._previous, self._current

        def recurring(name: str) -> frozenset[str]:
            # The two generations' counts summed key by key, without building the sum.
            old: Counter[str] = getattr(older, name)
            new: Counter[str] = getattr(newer, name)
            keys = {key for key, n in new.items() if n + old.get(key, 0) >= floor}
            keys.update(key for key, n in old.items() if n >= floor and key not in new)
            return frozenset(keys)

        lines = frozenset(
            key
            for key in older.often | newer.often
            if older.lines.get(key, 0) + newer.lines.get(key, 0) >= floor
        )
        return TemplateView(
            pages,
            lines,
            recurring("shapes"),
            recurring("date_slots"),
            recurring("date_texts"),
            self._content(),
            recurring("site_names"),
            profile_of(older.articles, newer.articles),
        )

    def _content(self) -> str | None:
        """The container most pages read whole agree on: on at least min_support of them and
        on more than CONTENT_SHARE of them. A site with two article templates gets the
        commoner one; the other's pages do not have it and are read whole."""
        older, newer = self._previous, self._current
        examined = older.content_pages + newer.content_pages
        counts = older.contents + newer.contents
        if not counts:
            return None
        key, count = counts.most_common(1)[0]
        agreed = count >= self.policy.min_support and count > CONTENT_SHARE * examined
        return key if agreed else None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "previous": self._previous.to_json(),
            "current": self._current.to_json(),
        }

    @classmethod
    def from_json(
        cls, data: dict[str, Any] | None, policy: TemplatePolicy | None = None
    ) -> SiteTemplate:
        model = cls(policy)
        if data and data.get("schema") == SCHEMA:
            often_at = model._often_at
            model._previous = _Generation.from_json(data.get("previous", {}), often_at)
            model._current = _Generation.from_json(data.get("current", {}), often_at)
        return model
