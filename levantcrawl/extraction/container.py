"""The element that holds a site's article text, learned from full extractions.

On a page trafilatura reads whole, the kept paragraphs are found again in the page and
their lowest common ancestor is the article's container ("div.entry-content"). Once a
site's model knows it, later pages hand trafilatura that element alone: the menus, sidebars,
related cards and comments around it are most of a news page, and most of trafilatura's
time. Metadata, the site model's observation and navigation links are read from the whole
page before that, so only the body's extraction sees the smaller tree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from levantcrawl.extraction.lines import DIGITS, LINE_TAGS

if TYPE_CHECKING:
    from collections.abc import Sequence

_SPACE = re.compile(r"\s+")
# Elements whose text trafilatura keeps as one paragraph: the site model's text lines
# without form controls, <summary> and table <caption>, and with <pre>.
_TEXT_TAGS = tuple(sorted((LINE_TAGS - {"button", "label", "summary", "caption"}) | {"pre"}))
_NOT_CONTAINERS = frozenset({"html", "body"})
# Share of the kept text (in characters) the paragraphs found again must hold, or the
# page teaches nothing: text found nowhere may sit outside any container we would name.
_MIN_FOUND_SHARE = 0.9


def container_key(element: Any) -> str | None:
    """ "div.entry-content": the tag and its sorted classes without digits, or the tag and
    its id when it has no class. None for an element with neither (not findable again)."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    if classes := sorted(c for c in DIGITS.sub("", element.get("class") or "").split() if c):
        return f"{tag}.{'.'.join(classes)}"
    if ident := DIGITS.sub("", element.get("id") or "").strip():
        return f"{tag}#{ident}"
    return None


@dataclass(frozen=True, slots=True)
class TextPlaces:
    """Where each text line of a page sits, read from the whole page: the
    line's ancestors (root first) and the container keys of those ancestors."""

    chains: dict[str, tuple[Any, ...]]
    keys: dict[Any, str | None]


def text_places(tree: Any) -> TextPlaces:
    chains: dict[str, tuple[Any, ...]] = {}
    keys: dict[Any, str | None] = {}
    for element in tree.iter(*_TEXT_TAGS):
        text = _SPACE.sub(" ", "".join(element.itertext())).strip()
        if not text or text in chains:
            continue
        chain = tuple(reversed(list(element.iterancestors())))
        chains[text] = chain
        for ancestor in chain:
            if ancestor not in keys:
                keys[ancestor] = container_key(ancestor)
    return TextPlaces(chains, keys)


def container_of(paragraphs: Sequence[str], places: TextPlaces) -> str:
    """The key of the element holding all of `paragraphs`, or "" when there is none worth
    naming (too little of the text found again, or only <body> holds it all)."""
    total = sum(len(p) for p in paragraphs)
    found = [(p, places.chains[p]) for p in paragraphs if p in places.chains]
    if not total or sum(len(p) for p, _ in found) < _MIN_FOUND_SHARE * total:
        return ""
    common = list(found[0][1])
    for _, chain in found[1:]:
        depth = 0
        for mine, theirs in zip(common, chain, strict=False):
            if mine is not theirs:
                break
            depth += 1
        del common[depth:]
    if not common or common[-1].tag in _NOT_CONTAINERS:
        return ""
    return places.keys.get(common[-1]) or ""


def find_container(tree: Any, key: str) -> Any | None:
    """The one element of the page with that key; None when there is none, or several."""
    tag = re.split(r"[.#]", key, maxsplit=1)[0]
    matches = [element for element in tree.iter(tag) if container_key(element) == key]
    return matches[0] if len(matches) == 1 else None


def keep_only(tree: Any, container: Any) -> bool:
    """Reduce the page's <body> to `container` (the <head> stays), in place; False when
    the tree has no <body> to reduce."""
    body = tree.find("body")
    if body is None:
        return False
    container.tail = None
    body.append(container)  # lxml moves the element out of its old parent
    for child in body[:-1]:
        body.remove(child)
    body.text = None
    return True
