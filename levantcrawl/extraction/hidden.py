"""Elements a browser does not show: the `hidden` attribute, `aria-hidden="true"` on a block,
an inline style with `display: none` or `visibility: hidden`. Their text is no part of
what a reader sees (duplicate mobile copies, collapsed teasers, tracking text)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CANDIDATES = etree.XPath(
    '//body//*[@hidden or @aria-hidden="true" or contains(@style, "none")'
    ' or contains(@style, "hidden")]'
)
# aria-hidden on these hides a decoration from screen readers, not text from the eye.
_DECORATIONS = frozenset({"i", "svg", "span", "img", "figure", "picture", "button", "a"})


def is_hidden(element: Any) -> bool:
    if element.get("hidden") is not None:
        return True
    if element.get("aria-hidden") == "true" and element.tag not in _DECORATIONS:
        return True
    style = element.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


def drop_hidden(tree: Any) -> int:
    """Remove hidden elements from the tree, keeping the text that follows each; returns
    how many went."""
    dropped = 0
    for element in _CANDIDATES(tree):
        if is_hidden(element) and element.getparent() is not None:
            element.drop_tree()  # drop_tree keeps the element's tail in its parent
            dropped += 1
    return dropped
