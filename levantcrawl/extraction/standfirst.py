"""The standfirst: the sentence or two under the headline that sum the story up. Many pages
set it apart from the body (a teaser element above the text), and trafilatura leaves it out;
the page states it in its metadata too (the description). Where the description is shown
on the page as a block of its own, outside the page's chrome, and the reading lacks it, it
opens the article."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from levantcrawl.extraction.blocks import clean

_MIN_WORDS = 8
_PREFIX_CHARS = 40
_MAX_GROWTH = 1.6  # the element's text at most this much longer than the description
_TRUNCATED = re.compile(r"\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
_HOLDERS = etree.XPath(
    "//body//*[self::p or self::div or self::h2 or self::h3 or self::span or self::strong"
    " or self::section or self::header or self::summary or self::b]"
    "[starts-with(normalize-space(.), $prefix)]"
)
_CHROME = frozenset({"nav", "footer", "aside", "a", "button", "form", "noscript", "template"})


def standfirst(tree: Any, description: str | None, kept: str, read: str) -> str | None:
    """The standfirst's text, when the page shows its description, a reading of the page
    holds it (`read`) and the chosen one (`kept`) lacks it. Hidden elements are gone from
    `tree` already (hidden.py)."""
    text = _TRUNCATED.sub("", clean(description))
    start = text[:_PREFIX_CHARS]
    if len(text.split()) < _MIN_WORDS or start in kept or start not in read:
        return None
    found = _HOLDERS(tree, prefix=" ".join(text[:_PREFIX_CHARS].split()))
    for element in reversed(found):  # the innermost holder comes last
        shown = clean(element.text_content())
        if len(shown) > _MAX_GROWTH * len(text) or not shown.startswith(text[:_PREFIX_CHARS]):
            continue
        if any(node.tag in _CHROME for node in (element, *element.iterancestors())):
            return None
        return shown
    return None
