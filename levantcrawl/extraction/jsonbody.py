"""Article bodies that live in JSON: JSON-LD `articleBody`, and the state a script framework
embeds in the page (Next.js `__NEXT_DATA__`, Nuxt, `application/json` blobs) from which the
browser renders the story. Some pages hold part of their article, or all of it, only there.

The embedded state holds many strings (menus, teasers, settings): the body is the longest
one that reads as prose, under a key that names a body. HTML inside it is read as such."""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from levantcrawl.extraction.blocks import clean

_STATE_SCRIPTS = (
    '//script[@id="__NEXT_DATA__" or @type="application/json" or @id="__NUXT_DATA__"]/text()'
)
# Assignments of a page's state to a global, in inline scripts.
_STATE_ASSIGNMENT = re.compile(
    r"window\.(?:__INITIAL_STATE__|__PRELOADED_STATE__|__APOLLO_STATE__|__DATA__)\s*=\s*"
)
_BODY_KEYS = frozenset(
    {"articlebody", "body", "bodytext", "content", "contenthtml", "bodyhtml", "html", "text"}
    | {"story", "storytext", "articletext", "fulltext", "maintext", "description_html"}
)
_MIN_BODY_CHARS = 400
_MIN_SPACES_SHARE = 0.08  # prose has a space every dozen characters; ids and code do not
_HTML_HINT = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote)\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")
_MAX_STATE_CHARS = 3_000_000  # a larger blob is a data dump, not one story's state
_MAX_DEPTH = 40


def paragraphs_of(text: str) -> list[str]:
    """A body string as paragraphs: HTML by its blocks, plain text by its blank lines."""
    if _HTML_HINT.search(text):
        try:
            fragment = lxml_html.fragment_fromstring(text, create_parent="div")
        except (etree.ParserError, ValueError):
            return []
        for br in fragment.iter("br"):
            br.tail = "\n\n" + (br.tail or "")
        blocks = [clean(el.text_content()) for el in fragment.iter("p", "h2", "h3", "li")]
        blocks = [b for b in blocks if b]
        return blocks or [clean(p) for p in _PARAGRAPH_BREAK.split(fragment.text_content())]
    parts = _PARAGRAPH_BREAK.split(text)
    if len(parts) == 1:
        parts = text.split("\n")
    return [p for p in (clean(part) for part in parts) if p]


def _prose(value: str) -> bool:
    return len(value) >= _MIN_BODY_CHARS and value.count(" ") >= _MIN_SPACES_SHARE * len(value)


def _longest_body(node: Any, depth: int = 0) -> str:
    """The longest prose string under a body-like key, anywhere in a JSON value."""
    best = ""
    if depth > _MAX_DEPTH:
        return best
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                if key.lower() in _BODY_KEYS and len(value) > len(best) and _prose(value):
                    best = value
            elif isinstance(value, (dict, list)):
                found = _longest_body(value, depth + 1)
                if len(found) > len(best):
                    best = found
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, (dict, list)):
                found = _longest_body(item, depth + 1)
                if len(found) > len(best):
                    best = found
    return best


def state_scripts(tree: Any) -> list[str]:
    """The raw text of every script that may hold the page's state, parsed only if the
    body is wanted."""
    raws = [raw for raw in tree.xpath(_STATE_SCRIPTS) if len(raw) <= _MAX_STATE_CHARS]
    for script in tree.iter("script"):
        raw = script.text or ""
        if len(raw) <= _MAX_STATE_CHARS and _STATE_ASSIGNMENT.search(raw):
            raws.append(raw)
    return raws


def _blob(raw: str) -> Any:
    """The JSON of a script: all of it, or the object assigned to a global in it."""
    match = _STATE_ASSIGNMENT.search(raw)
    try:
        if match is None:
            return json.loads(raw)
        return json.JSONDecoder().raw_decode(raw, match.end())[0]  # stops where it ends
    except ValueError:
        return None


def embedded_body(raws: list[str]) -> list[str]:
    """The paragraphs of the longest body in the page's embedded state; empty without one."""
    best = ""
    for raw in raws:
        found = _longest_body(_blob(raw))
        if len(found) > len(best):
            best = found
    return paragraphs_of(best) if best else []
