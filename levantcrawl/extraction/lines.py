"""Text lines of a page as the site model counts them: a stable key per line, the shape of a
one-link teaser, the slot an element sits in. Pure functions on strings and lxml elements."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any

DIGITS = re.compile(r"\d+|[٠-٩]+")  # Latin and Arabic-Indic
# Elements whose text is one line of the page.
LINE_TAGS = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "figcaption",
        "td",
        "th",
        "dt",
        "dd",
        "button",
        "label",
        "summary",
        "caption",
    }
)
_MAX_LABEL_CHARS = 40
_MAX_LABEL_WORDS = 5
_MIN_HEADLINE_CHARS = 8
LINK = "⟨link⟩"
# Lines keyed recently: a site's template lines recur on every page, so most of a page's
# keys were computed for the page before. Bounded: an article's own lines come and go.
_KEY_CACHE = 8192


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=_KEY_CACHE)
def line_key(text: str) -> str:
    """A short stable key for a text line; the model stores keys, not text."""
    return hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=8).hexdigest()


def teaser_shape(text: str, anchors: list[str]) -> str | None:
    """ "Read More : Headline" with one link covering the headline -> "read more :⟨link⟩".

    A short label (at most five words) and one link of headline length: that is a teaser,
    whatever the headline, on any site and in any language."""
    if len(anchors) != 1:
        return None
    return _one_link_shape(text, anchors[0])


@lru_cache(maxsize=_KEY_CACHE)  # menus and sidebars ask the same question on every page
def _one_link_shape(text: str, anchor_text: str) -> str | None:
    anchor = normalise(anchor_text)
    whole = normalise(text)
    if len(anchor) < _MIN_HEADLINE_CHARS or anchor not in whole:
        return None
    label = whole.replace(anchor, "", 1).strip()
    if not label or len(label) > _MAX_LABEL_CHARS or len(label.split()) > _MAX_LABEL_WORDS:
        return None
    return DIGITS.sub("0", label) + LINK


def element_slot(element: Any) -> str:
    """Where an element sits: tag and classes of it and three ancestors, digits removed."""
    parts: list[str] = []
    node = element
    while node is not None and len(parts) < 4 and isinstance(node.tag, str):
        classes = ".".join(sorted(DIGITS.sub("", c) for c in (node.get("class") or "").split()))
        parts.append(f"{node.tag}.{classes}" if classes else node.tag)
        node = node.getparent()
    return ">".join(reversed(parts))
