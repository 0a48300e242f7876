"""trafilatura's kept content as blocks of text, each piece of text read exactly once.

A block holding other blocks (a table cell with paragraphs, a quote, a list item with a
nested list) yields its own loose text as one block and each inner block as another, never
the whole again: reading the cell whole and then paragraph by paragraph repeated the article.
Text comes out in Unicode NFC, the form a page's readers and search engines compare in, and
without the characters a browser never draws: soft hyphens ("Wehr\u00adan\u00adlage", a
typesetter's break points) and zero-width spaces and joiners would split a word for every
search and comparison."""

from __future__ import annotations

import unicodedata
from typing import Any

# trafilatura's block elements; everything else in its output (hi, ref, lb, del...) is inline.
BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "cell", "list", "table", "row", "code"})
# Containers that are no text of their own: their loose text, if any, is still read.
_LINE_BREAK = "lb"


# Soft hyphen, zero-width space, word joiner, byte-order mark: invisible, and no part of a word.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))

# A paragraph: its text and the (href, anchor) of each link in it.
Block = tuple[str, list[tuple[str, str]]]


def clean(text: str | None) -> str:
    """Whitespace collapsed, invisible characters gone, NFC (ASCII text has none of them and
    is NFC already: the check is cheaper)."""
    text = text or ""
    if text.isascii():
        return " ".join(text.split())
    return unicodedata.normalize("NFC", " ".join(text.translate(_INVISIBLE).split()))


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._refs: list[tuple[str, str]] = []

    def flush(self) -> None:
        text = clean("".join(self._parts))
        if text:
            self.blocks.append((text, [(h, a) for h, a in self._refs if h]))
        self._parts, self._refs = [], []

    def block(self, element: Any) -> None:
        """Read a block: its inline content into one paragraph, inner blocks apart."""
        self.flush()
        self._parts.append(element.text or "")
        for child in element:
            self.child(child)
            self._parts.append(child.tail or "")
        self.flush()

    def child(self, element: Any) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # a comment or processing instruction: no text
            return
        if tag in BLOCK_TAGS:
            self.block(element)
        elif tag == _LINE_BREAK:
            self._parts.append(" ")
        else:
            self.inline(element)

    def inline(self, element: Any) -> None:
        if element.tag == "ref":
            anchor = clean("".join(element.itertext()))
            self._refs.append((element.get("target") or "", anchor))
        self._parts.append(element.text or "")
        for child in element:
            self.child(child)
            self._parts.append(child.tail or "")


def body_blocks(body: Any) -> list[Block]:
    """The blocks of trafilatura's <body> (or <main>) element, in document order."""
    reader = _Reader()
    reader.block(body)
    return reader.blocks
