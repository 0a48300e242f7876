"""Is this page an article? Every page gets a Verdict with its reason.

- **Marked**: JSON-LD NewsArticle (and kin), og:type=article or article:published_time say
  so. Taken: on real pages, the marked ones that looked like listings were articles under
  long lists of related headlines.
- **Like the site's articles**: once the site model has seen enough marked articles, an
  unmarked page whose URL has a shape they share, that sits in their container or byline
  slot and is as long and as little linked as they are (profile.py).
- **Generic**, for a site that marks nothing: a block of text of LONG_BLOCK_WORDS words or
  more, few links, not a listing, and evidence adding up to TAKE_POINTS: a date in the byline
  or a <time> in the article (2), else a date htmldate finds on the page (1); a numeric id or
  a dated path in the URL (2), else a slug URL (1); a byline naming someone (1); the site's
  learned article container (1); a long text (LONG_TEXT_WORDS words, a paragraph of
  LONG_BLOCK_WORDS * 2, at most LONG_TEXT_LINKS linked: 2). A home or listing URL (-3, -2),
  headline links (-1) and a short title the site repeats on its pages as a menu or footer
  link ("About us", "Privacy Policy": -2) count against.

A listing is a page whose text sits mostly under headline links (h2-h5 whose text is a link
to another page): a category, tag or author archive, however long its excerpts or its
biography."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from levantcrawl.extraction.profile import ArticleShape
from levantcrawl.extraction.template import in_chrome
from levantcrawl.normalize.urls import url_kind, url_pattern

if TYPE_CHECKING:
    from collections.abc import Sequence

    from levantcrawl.extraction.byline import Byline
    from levantcrawl.extraction.metadata import PageMetadata
    from levantcrawl.extraction.profile import SiteProfile
    from levantcrawl.extraction.template import TemplateView

# Fewer words than this and a page is no article (LEVANTCRAWL_EXTRACT_MIN_WORDS's default).
MIN_WORDS = 40
LISTING_TEASERS = 2
LISTING_SHARE = 0.5
MENU_TITLE_WORDS = 4
MAX_LINK_DENSITY = 0.5
LONG_BLOCK_WORDS = 20
LONG_TEXT_WORDS = 250
LONG_TEXT_LINKS = 0.1
TAKE_POINTS = 2
_HEADINGS = ("h2", "h3", "h4", "h5")
_TEASER_WORDS = 3
_URL_POINTS = {"id": 2, "date": 2, "slug": 1, "other": 0, "listing": -2, "home": -3}
_URL_WORDS = {
    "id": "a numeric id in the URL",
    "date": "a dated URL",
    "slug": "a slug URL",
    "listing": "a listing's URL",
    "home": "the home page's URL",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    article: bool
    basis: str  # marked | site | generic | none
    code: str  # a short stable name, counted per crawl: levantcrawl/detect/<key>
    reason: str  # for people: why

    @property
    def key(self) -> str:
        return f"{'taken' if self.article else 'refused'}/{self.code}"


UNREADABLE = Verdict(False, "none", "unreadable", "the page could not be parsed")


@dataclass(frozen=True, slots=True)
class Structure:
    """How a page's text sits among headline links, read from the whole page."""

    teasers: int = 0  # headings whose text is a link to another page
    words: int = 0  # words in paragraphs outside the site's chrome
    under_teasers: int = 0  # of which under a headline link

    def share(self, text_words: int) -> float:
        """The share of the page's text under headline links: of its paragraphs' words, or
        of the article text extracted, whichever is more (a body in <div>s is no <p>)."""
        words = max(self.words, text_words)
        return self.under_teasers / words if words else 0.0

    def is_listing(self, text_words: int) -> bool:
        return self.teasers >= LISTING_TEASERS and self.share(text_words) >= LISTING_SHARE


NO_STRUCTURE = Structure()


def read_structure(tree: Any, url: str) -> Structure:
    """One pass over the page's headings and paragraphs, in document order."""
    teasers = words = under = 0
    under_teaser = False
    for element in tree.iter("h1", *_HEADINGS, "p"):
        if in_chrome(element):
            continue
        if element.tag == "p":
            count = len(element.text_content().split())
            words += count
            under += count if under_teaser else 0
            continue
        under_teaser = element.tag != "h1" and _is_teaser(element, url)
        teasers += under_teaser
    return Structure(teasers, words, under)


def _is_teaser(heading: Any, url: str) -> bool:
    text = " ".join(heading.text_content().split())
    for anchor in heading.iter("a"):
        href = (anchor.get("href") or "").strip()
        linked = " ".join(anchor.text_content().split())
        if not href or href.startswith(("#", "javascript:")) or href == url:
            continue
        if len(linked.split()) >= _TEASER_WORDS and len(linked) * 2 >= len(text):
            return True
    return False


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What the decision reads: the page's marks, URL, text and byline."""

    marks: tuple[str, ...]
    listing_marks: tuple[str, ...]
    url: str
    structure: Structure
    words: int
    longest: int  # words of the longest paragraph
    link_density: float  # linked share of the text's characters
    byline: Byline
    in_container: bool  # read through the site's learned article container
    date_sources: frozenset[str] = frozenset()  # where its publication dates were found
    menu_title: bool = False  # a short title that is one of the site's template lines

    @classmethod
    def of(
        cls,
        *,
        marks: tuple[str, ...],
        listing_marks: tuple[str, ...],
        url: str,
        structure: Structure,
        paragraphs: Sequence[str],
        linked_chars: int,
        byline: Byline,
        in_container: bool,
        date_sources: frozenset[str] = frozenset(),
        menu_title: bool = False,
    ) -> PageSignals:
        chars = sum(len(p) for p in paragraphs)
        return cls(
            marks,
            listing_marks,
            url,
            structure,
            sum(len(p.split()) for p in paragraphs),
            max((len(p.split()) for p in paragraphs), default=0),
            round(min(1.0, linked_chars / chars), 4) if chars else 0.0,
            byline,
            in_container,
            date_sources,
            menu_title,
        )


def decide(signals: PageSignals, profile: SiteProfile) -> Verdict:
    """Taken or refused, and why (see the module's docstring)."""
    if signals.marks:
        return _marked(signals.marks)
    if signals.listing_marks:
        return Verdict(False, "none", "listing", f"{_listing(signals)}")
    if signals.words < MIN_WORDS:
        return Verdict(False, "none", "short", f"{signals.words} words of text")
    if signals.structure.is_listing(signals.words):
        return Verdict(False, "none", "listing", _listing(signals))
    if signals.link_density > MAX_LINK_DENSITY:
        return Verdict(False, "none", "links", f"{signals.link_density:.0%} of its text is links")
    likeness = profile.likeness(
        url_pattern=url_pattern(signals.url),
        byline_slot=signals.byline.slot,
        words=signals.words,
        link_density=signals.link_density,
        in_container=signals.in_container,
    )
    if likeness is not None:
        return Verdict(True, "site", "site", likeness)
    points, evidence = _evidence(signals)
    long_block = signals.longest >= LONG_BLOCK_WORDS
    if points >= TAKE_POINTS and long_block:
        return Verdict(True, "generic", "generic", "unmarked article: " + ", ".join(evidence))
    why = evidence or ["no dated byline, no author, no article URL"]
    if not long_block:
        why.append(f"no paragraph of {LONG_BLOCK_WORDS} words")
    return Verdict(False, "generic", "unlike", "no sign of an article: " + ", ".join(why))


def _marked(marks: tuple[str, ...]) -> Verdict:
    return Verdict(True, "marked", "marked", f"marked as an article: {', '.join(marks)}")


def _listing(signals: PageSignals) -> str:
    if signals.listing_marks:
        return f"a listing by its markup ({', '.join(signals.listing_marks)})"
    structure = signals.structure
    return (
        f"a listing: {structure.teasers} headline links, "
        f"{structure.share(signals.words):.0%} of its text under them"
    )


def _evidence(signals: PageSignals) -> tuple[int, list[str]]:
    """(points, what earned or cost them)."""
    byline = signals.byline
    kind = url_kind(signals.url)
    points = _URL_POINTS[kind]
    evidence = [_URL_WORDS[kind]] if kind in _URL_WORDS else []
    if byline.published:
        points += 2
        evidence.insert(0, f"a dated byline ({byline.published})")
    elif "time" in signals.date_sources:
        points += 2
        evidence.insert(0, "a <time> in the article")
    elif "htmldate" in signals.date_sources:
        points += 1
        evidence.insert(0, "a date on the page")
    if byline.authors or byline.agencies:
        points += 1
        evidence.append(f"by {', '.join((*byline.authors, *byline.agencies))}")
    if signals.in_container:
        points += 1
        evidence.append("the site's article container")
    long_text = signals.words >= LONG_TEXT_WORDS and signals.longest >= 2 * LONG_BLOCK_WORDS
    if long_text and signals.link_density <= LONG_TEXT_LINKS:
        points += 2
        evidence.append("a long text")
    if signals.menu_title:
        points -= 2
        evidence.append("a title the site repeats as a link on its pages")
    if signals.structure.teasers >= LISTING_TEASERS:
        points -= 1
        evidence.append(f"{signals.structure.teasers} headline links")
    evidence.append(f"{signals.words} words, {signals.link_density:.0%} linked")
    return points, evidence


def judge(
    meta: PageMetadata,
    structure: Structure,
    paragraphs: Sequence[str],
    linked_chars: int,
    url: str,
    view: TemplateView,
    *,
    in_container: bool,
    learn: bool,
) -> tuple[Verdict, ArticleShape | None]:
    """The page's verdict, and the shape a marked article teaches the site model (when it
    learns from this page). A marked page not learned from costs nothing more."""
    if meta.marks and not learn:
        return _marked(meta.marks), None
    title = meta.title or ""
    signals = PageSignals.of(
        marks=meta.marks,
        listing_marks=meta.listing_marks,
        url=url,
        structure=structure,
        paragraphs=paragraphs,
        linked_chars=linked_chars,
        byline=meta.byline,
        in_container=in_container,
        date_sources=frozenset(c.source for c in meta.published),
        menu_title=0 < len(title.split()) <= MENU_TITLE_WORDS and view.is_template_line(title),
    )
    verdict = decide(signals, view.profile)
    if not (learn and verdict.article and verdict.basis == "marked"):
        return verdict, None
    shape = ArticleShape(url_pattern(url), meta.byline.slot, signals.words, signals.link_density)
    return verdict, shape
