"""The links inside the article's text, found again in the page.

trafilatura is asked for text alone: asked for links too, it lost the text around some of
them in articles written as loose text ("für 5,99 Euro pro Monatan."), a fiftieth of the
snippets on its own evaluation corpus. Each kept block takes the page's anchors whose text
it holds, where the words beside the anchor are kept too (a tag list's "Beirut" is no link
of a sentence that names Beirut); an anchor in a paragraph wins over one in a menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urljoin

from lxml import etree

from levantcrawl.extraction.blocks import clean

if TYPE_CHECKING:
    from levantcrawl.extraction.blocks import Block

_PROSE_PARENTS = frozenset({"p", "li", "td", "blockquote", "dd", "em", "strong", "b", "i", "span"})
_MIN_ANCHOR_CHARS = 3
_LINKS = etree.XPath("//a[@href]")
_CONTEXT_WORDS = 3
_MIN_CONTEXT_CHARS = 4
_SKIPPED_SCHEMES = ("#", "javascript:", "mailto:", "tel:", "data:")


class _Anchor(NamedTuple):
    text: str
    href: str
    context: str  # the words around it that the kept text holds: which block it belongs to
    prose: bool


def _anchors_in(tree: Any, base: str, whole: str) -> list[_Anchor]:
    """The page's links whose text and sentence the kept text holds, in page order. Two links
    with the same words (a field report here, another there) are two links; for one text, an
    anchor in a paragraph wins over one in a menu."""
    found: list[_Anchor] = []
    for anchor in _LINKS(tree):
        text = anchor.text if len(anchor) == 0 else anchor.text_content()
        if not text:
            continue
        text = clean(text)  # as the blocks' text: whitespace collapsed, NFC
        if len(text) < _MIN_ANCHOR_CHARS or text not in whole:
            continue
        href = (anchor.get("href") or "").strip()
        if href.startswith(_SKIPPED_SCHEMES):
            continue
        context = _inline(anchor, text, whole)
        if context is None:
            continue
        try:
            absolute = urljoin(base, href)
        except ValueError:  # "http://[not-an-address]/": no link anyone can follow
            continue
        parent = anchor.getparent()
        prose = parent is not None and parent.tag in _PROSE_PARENTS
        found.append(_Anchor(text, absolute, context, prose))
    in_prose = {anchor.text for anchor in found if anchor.prose}
    return [anchor for anchor in found if anchor.prose or anchor.text not in in_prose]


def _inline(anchor: Any, text: str, whole: str) -> str | None:
    """The words around the anchor that the kept text holds (the words just before or after
    it, or its whole paragraph), or None: a tag list's or a menu's "Beirut" has no such
    words around it."""
    parent = anchor.getparent()
    if parent is None:
        return None
    before = anchor.getprevious()
    left = (before.tail if before is not None else parent.text) or ""
    left = clean(" ".join(left.split()[-_CONTEXT_WORDS:]))
    if len(left) >= _MIN_CONTEXT_CHARS and left in whole:
        return left
    right = clean(" ".join((anchor.tail or "").split()[:_CONTEXT_WORDS]))
    if len(right.strip(" .,;:")) >= _MIN_CONTEXT_CHARS and right in whole:
        return right
    if parent.tag not in _PROSE_PARENTS:  # a container's text is no sentence, and costly
        return None
    around = clean(parent.text_content())
    return around if len(around) > len(text) and around in whole else None


def with_links(blocks: list[Block], tree: Any, base: str) -> list[Block]:
    """Each block with the (href, anchor) of the page's anchors its text holds. The tree is
    the page as parsed (trafilatura reads a copy of it). An anchor goes to the block that
    holds its words and the words around it, else to the first that holds its words."""
    whole = "\n".join(text for text, _ in blocks)
    if not whole:
        return blocks
    present = _anchors_in(tree, base, whole)
    if not present:
        return blocks
    found: list[list[tuple[str, str]]] = [[] for _ in blocks]
    for anchor in present:
        holders = [i for i, (text, _) in enumerate(blocks) if anchor.text in text]
        if not holders:  # the anchor's words run across two blocks
            continue
        home = next((i for i in holders if anchor.context in blocks[i][0]), holders[0])
        link = (anchor.href, anchor.text)
        if link not in found[home]:
            found[home].append(link)
    return [(text, links or found[i]) for i, (text, links) in enumerate(blocks)]
