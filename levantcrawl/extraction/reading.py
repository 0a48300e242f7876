"""A second reading of a page, by text density: where readability looks, not where trafilatura
does. The element that holds the most prose (long paragraphs, commas, few links) and the
siblings that share its prose are the article; its paragraphs, read once each, are the text.

It reads the page's tree, once hidden.py has dropped what a browser does not show, and
never changes it. choice.py decides between this reading and trafilatura's."""

from __future__ import annotations

import re
from typing import Any

from levantcrawl.extraction.blocks import clean

# Paragraph-like elements whose text is scored; loose text is scored through its parent.
_SCORED = ("p", "pre", "td")
_MIN_PARAGRAPH_CHARS = 25
_LOOSE_HOLDERS = ("div", "section", "article", "font", "center")
_INLINE_TAGS = frozenset(
    {"a", "b", "i", "em", "strong", "span", "font", "small", "sup", "sub", "u", "abbr"}
    | {"cite", "q", "mark", "time", "code", "br", "wbr", "s", "del", "ins", "big", "var"}
)
# Elements whose text is a block of its own in the reading.
_BLOCK_TAGS = frozenset(
    {"p", "pre", "blockquote", "li", "td", "th", "dd", "dt", "figcaption", "caption", "div"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "ul", "ol", "table"}
    | {"tr", "tbody", "thead", "dl", "header", "figure", "center", "form", "address"}
)
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "aside", "footer", "button"}
    | {"select", "option", "iframe", "object", "embed", "input", "textarea", "label"}
)
# Theme names of what sits beside an article (shares, related stories, comments, ads), as
# parts of a class or id; plain substring tests, many times quicker than one regex.
_UNLIKELY_PARTS = (
    "comment",
    "communit",
    "disqus",
    "foot",
    "menu",
    "remark",
    "shoutbox",
    "sidebar",
    "sponsor",
    "ad-break",
    "agegate",
    "pagination",
    "popup",
    "tweet",
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "outbrain",
    "taboola",
    "cookie",
    "consent",
    "breadcrumb",
    "recommend",
    "trending",
    "popular",
    "promo",
    "subscribe",
)
_UNLIKELY_WORDS = frozenset({"advert", "advertisement", "ads", "pager"})
_LIKELY_PARTS = ("article", "body", "content", "main", "story", "column", "shadow")
# Their classes list the page's or the story's kinds ("tag-sports", "comments-open").
_NEVER_UNLIKELY = frozenset({"html", "body", "article", "main"})
_NAME_SPLIT = re.compile(r"[\s_-]+")
_SIBLING_SHARE = 0.2
_MIN_SIBLING_SCORE = 10.0
_MAX_BLOCK_LINK_DENSITY = 0.5
_TOP_CANDIDATES = 5
_PLACE_LEVELS = 6
_RIVAL_SHARE = 0.75
_MIN_RIVALS = 2


def _unlikely(element: Any) -> bool:
    if element.tag in _NEVER_UNLIKELY:  # their classes name the page's kinds, not a place
        return False
    kind, name = element.get("class"), element.get("id")
    if not kind and not name:
        return False
    names = f"{kind or ''} {name or ''}".lower()
    if len(names) < 3:
        return False
    if not any(part in names for part in _UNLIKELY_PARTS) and not (
        _UNLIKELY_WORDS.intersection(_NAME_SPLIT.split(names))
    ):
        return False
    return not any(part in names for part in _LIKELY_PARTS)


def _text_length(element: Any) -> int:
    return _length(element.text_content())


def _length(text: str) -> int:
    """Characters without whitespace: what a reader reads."""
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")


def _link_density(element: Any, length: int) -> float:
    if not length:
        return 1.0
    linked = sum(_length(a.text_content()) for a in element.iter("a"))
    return min(1.0, linked / length)


class _Places:
    """Whether a paragraph lies in page chrome or in a theme's unlikely container, within
    a few levels above it: higher up, a wrapper's class names the page's layout
    ("container penci_sidebar"), not the paragraph's place. Each element judged once."""

    def __init__(self) -> None:
        self._unlikely: dict[Any, bool] = {}

    def outside(self, element: Any) -> bool:
        for level, node in enumerate((element, *element.iterancestors())):
            if level > _PLACE_LEVELS or node.tag in ("body", "html"):
                return False
            known = self._unlikely.get(node)
            if known is None:
                tag = node.tag
                known = (isinstance(tag, str) and tag in _SKIP_TAGS) or _unlikely(node)
                self._unlikely[node] = known
            if known:
                return True
        return False


def _scores(body: Any, places: _Places) -> dict[Any, float]:
    """readability's content scores: each paragraph gives its parent a point, one per comma
    and one per hundred characters (three at most), and half of that to the grandparent."""
    scores: dict[Any, float] = {}
    for element in body.iter(*_SCORED):
        text = element.text_content()
        if len(text) < _MIN_PARAGRAPH_CHARS:
            continue
        if not places.outside(element):
            _credit(scores, element, text)
    # Loose text: a <div> whose own words (beside its inline elements) make a paragraph is
    # one, as readability turns such divs into <p>s; its parent is scored, as for a <p>.
    for element in body.iter(*_LOOSE_HOLDERS):
        text = _own_text(element)
        if _length(text) < _MIN_PARAGRAPH_CHARS or places.outside(element):
            continue
        _credit(scores, element, text)
    return scores


def _credit(scores: dict[Any, float], paragraph: Any, text: str) -> None:
    """A paragraph's points to its parent, and half of them to its grandparent, as
    readability scores them: one, one per comma, one per hundred characters up to three."""
    parent = paragraph.getparent()
    if parent is None:
        return
    points = 1.0 + text.count(",") + text.count("،") + min(len(text) // 100, 3)
    scores[parent] = scores.get(parent, 0.0) + points
    grandparent = parent.getparent()
    if grandparent is not None:
        scores[grandparent] = scores.get(grandparent, 0.0) + points / 2


def _own_text(element: Any) -> str:
    """The element's text outside its block children: its loose text and its inline
    elements'."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def _best(scores: dict[Any, float]) -> tuple[Any, float] | None:
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:_TOP_CANDIDATES]
    best: tuple[Any, float] | None = None
    for element, score in ranked:
        adjusted = score * (1 - _link_density(element, _text_length(element)))
        if best is None or adjusted > best[1]:
            best = (element, adjusted)
    return best


def _common_ancestor(best: tuple[Any, float], scores: dict[Any, float]) -> tuple[Any, float]:
    """A story split into several columns or sections scores each apart: when two more of
    the best-scored elements lie under one ancestor of the best, that ancestor is the
    article (readability.js's rule)."""
    top, top_score = best
    rivals = [
        element
        for element, score in scores.items()
        if element is not top and score >= _RIVAL_SHARE * scores.get(top, top_score)
    ]
    if len(rivals) < _MIN_RIVALS:
        return best
    for ancestor in top.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        held = sum(1 for rival in rivals if ancestor in set(rival.iterancestors()))
        if held >= _MIN_RIVALS:
            return ancestor, max(top_score, scores.get(ancestor, 0.0))
    return best


def _members(top: Any, top_score: float, scores: dict[Any, float]) -> list[Any]:
    """The top candidate and the siblings that belong with it."""
    parent = top.getparent()
    if parent is None:
        return [top]
    threshold = max(_MIN_SIBLING_SCORE, top_score * _SIBLING_SHARE)
    members = []
    for sibling in parent:
        if sibling is top:
            members.append(sibling)
        elif not isinstance(sibling.tag, str) or sibling.tag in _SKIP_TAGS or _unlikely(sibling):
            continue
        elif scores.get(sibling, 0.0) >= threshold:
            members.append(sibling)
        elif sibling.tag == "p":
            length = _text_length(sibling)
            density = _link_density(sibling, length)
            text = sibling.text_content()
            if (length > 80 and density < 0.25) or (
                0 < length <= 80 and density == 0 and re.search(r"\.\s*$", text)
            ):
                members.append(sibling)
    return members


class _Reader:
    """Text of block elements, each piece once; chrome and link lists left out."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self._parts: list[str] = []
        self._linked = 0

    def flush(self) -> None:
        text = clean("".join(self._parts))
        if text and self._linked / _length(text) <= _MAX_BLOCK_LINK_DENSITY:
            self.blocks.append(text)
        self._parts, self._linked = [], 0

    def read(self, element: Any, *, in_link: bool = False, chosen: bool = False) -> None:
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS or (not chosen and _unlikely(element)):
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        link = in_link or tag == "a"
        self._add(element.text, link)
        for child in element:
            self.read(child, in_link=link)
            self._add(child.tail, in_link)
        if tag == "br":
            self._parts.append(" ")
        if block:
            self.flush()

    def _add(self, text: str | None, linked: bool) -> None:
        if text:
            self._parts.append(text)
            if linked:
                self._linked += _length(text)


def density_reading(tree: Any) -> list[str]:
    """The article's paragraphs by text density; empty when no element holds prose."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    scores = _scores(body, _Places())
    best = _best(scores) if scores else None
    if best is None:
        return []
    best = _common_ancestor(best, scores)
    reader = _Reader()
    for member in _members(best[0], best[1], scores):
        reader.read(member, chosen=True)
        reader.flush()
    return reader.blocks
