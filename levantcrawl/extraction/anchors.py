"""The links inside the article's text, found again in the page.

trafilatura is asked for text alone: asked for links too, it lost the text around some of
them in articles written as loose text ("für 5,99 Euro pro Monatan."), a fiftieth of the
snippets on its own evaluation corpus. Each kept block takes the page's anchors whose text
it holds, where the words beside the anchor are kept too (a tag list's "Beirut" is no link
of a sentence that names Beirut); an anchor in a paragraph wins over one in a menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
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


def _anchors_in(tree: Any, base: str, whole: str) -> dict[str, str]:
    """Anchor text -> absolute href, for the page's links whose text the kept text holds."""
    found: dict[str, str] = {}
    in_prose: set[str] = set()
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
        if not _inline(anchor, text, whole):
            continue
        parent = anchor.getparent()
        prose = parent is not None and parent.tag in _PROSE_PARENTS
        if text not in found or (prose and text not in in_prose):
            try:
                found[text] = urljoin(base, href)
            except ValueError:  # "http://[not-an-address]/": no link anyone can follow
                continue
            if prose:
                in_prose.add(text)
    return found


def _inline(anchor: Any, text: str, whole: str) -> bool:
    """The anchor sits in a sentence the kept text holds: the words just before or after it
    are there too, or its whole paragraph is. A tag list's or a menu's "Beirut" has no such
    words around it."""
    parent = anchor.getparent()
    if parent is None:
        return False
    before = anchor.getprevious()
    left = (before.tail if before is not None else parent.text) or ""
    left = clean(" ".join(left.split()[-_CONTEXT_WORDS:]))
    if len(left) >= _MIN_CONTEXT_CHARS and left in whole:
        return True
    right = clean(" ".join((anchor.tail or "").split()[:_CONTEXT_WORDS]))
    if len(right.strip(" .,;:")) >= _MIN_CONTEXT_CHARS and right in whole:
        return True
    if parent.tag not in _PROSE_PARENTS:  # a container's text is no sentence, and costly
        return False
    around = clean(parent.text_content())
    return len(around) > len(text) and around in whole


def with_links(blocks: list[Block], tree: Any, base: str) -> list[Block]:
    """Each block with the (href, anchor) of the page's anchors its text holds. The tree is
    the page as parsed (trafilatura reads a copy of it)."""
    whole = "\n".join(text for text, _ in blocks)
    if not whole:
        return blocks
    present = list(_anchors_in(tree, base, whole).items())
    if not present:
        return blocks
    return [
        (text, links or [(href, anchor) for anchor, href in present if anchor in text])
        for text, links in blocks
    ]
