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
_INLINE_LEVELS = 3
# What an anchor may be wrapped in and still sit in its sentence. A list item or a cell that
# holds only a link is a tag list's or a menu's entry: the words beside it are other entries.
_INLINE_WRAPPERS = frozenset({"em", "strong", "b", "i", "span", "u", "mark", "small"})
_MIN_CONTEXT_CHARS = 4
_SKIPPED_SCHEMES = ("#", "javascript:", "mailto:", "tel:", "data:")


def _anchors_in(tree: Any, base: str, whole: str) -> list[tuple[str, str, str]]:
    """(anchor text, absolute href, words beside it) for the page's links that sit in a
    sentence the kept text holds: the same link in a teaser and in a paragraph is two."""
    found: dict[tuple[str, str, str], None] = {}
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
        context = _context(anchor, text, whole)
        if context is None:
            continue
        try:
            found[(text, urljoin(base, href), context)] = None
        except ValueError:  # "http://[not-an-address]/": no link anyone can follow
            continue
    return list(found)


def _context(anchor: Any, text: str, whole: str) -> str | None:
    """The words beside the anchor that the kept text holds too (the words just before or
    after it, or its whole paragraph); None when it sits in no kept sentence. A tag list's
    or a menu's "Beirut" has no such words around it. An anchor wrapped in <strong> or <em>
    is read where the wrapper sits."""
    element = anchor
    for _ in range(_INLINE_LEVELS):
        parent = element.getparent()
        if parent is None:
            return None
        left = clean(" ".join(_text_before(element, parent).split()[-_CONTEXT_WORDS:]))
        if len(left) >= _MIN_CONTEXT_CHARS and left in whole:
            return left
        right = clean(" ".join(_text_after(element).split()[:_CONTEXT_WORDS]))
        if len(right.strip(" .,;:")) >= _MIN_CONTEXT_CHARS and right in whole:
            return right
        if parent.tag not in _PROSE_PARENTS:  # a container's text is no sentence, and costly
            return None
        around = clean(parent.text_content())
        if len(around) > len(text):
            return around if around in whole else None
        if parent.tag not in _INLINE_WRAPPERS:
            return None
        element = parent  # the anchor is all its wrapper holds: look beside the wrapper
    return None


def _text_before(element: Any, parent: Any) -> str:
    """The parent's text before the element, its earlier siblings' included."""
    parts = [parent.text or ""]
    for sibling in parent:
        if sibling is element:
            break
        parts += [_plain_text(sibling), sibling.tail or ""]
    return "".join(parts)


def _text_after(element: Any) -> str:
    parts = [element.tail or ""]
    for sibling in element.itersiblings():
        parts += [_plain_text(sibling), sibling.tail or ""]
        if len(parts) > _CONTEXT_WORDS * 2:
            break
    return "".join(parts)


def _plain_text(sibling: Any) -> str:
    """A sibling's text as words beside an anchor: another link's text is none. In a tag
    list ("Diplomacy Red Sea Oman") each tag's neighbours are tags, and a body that says
    "Omani" would otherwise hold the words beside "Red Sea"."""
    if not isinstance(sibling.tag, str) or sibling.tag == "a":
        return ""
    return str(sibling.text_content())


def with_links(blocks: list[Block], tree: Any, base: str) -> list[Block]:
    """Each block with the (href, anchor) of the page's anchors that sit in its sentences:
    the anchor's text and the words beside it are both in the block. The tree is the page
    as parsed (trafilatura reads a copy of it)."""
    whole = "\n".join(text for text, _ in blocks)
    if not whole:
        return blocks
    present = _anchors_in(tree, base, whole)
    if not present:
        return blocks
    return [
        (
            text,
            links
            or [
                (href, anchor)
                for anchor, href, context in present
                if anchor in text and context in text
            ],
        )
        for text, links in blocks
    ]
