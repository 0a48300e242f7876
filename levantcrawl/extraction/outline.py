"""What the crawl needs of a page to go on from it: where its links lead, the canonical URL
it declares, and whether its markup says "article". Read from a parsed page by whichever
process parsed it: the extraction worker that reads an article page (so the crawl process
need not parse it too), or the crawl process for a page it reads itself (spiders/page.py).
Both read it with these XPaths, so the links followed are the same either way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from w3lib.html import strip_html5_whitespace

from levantcrawl.extraction import selectors as sel

_CANONICAL = etree.XPath(sel.CANONICAL, smart_strings=False)
_BASE = etree.XPath("//base/@href", smart_strings=False)
_HREFS = etree.XPath("//a/@href", smart_strings=False)
_JSON_LD = etree.XPath(sel.JSON_LD, smart_strings=False)
_OG_TYPE = etree.XPath('//meta[@property="og:type"]/@content', smart_strings=False)
_PUBLISHED_META = etree.XPath('//meta[@property="article:published_time"]')
_ARTICLE_JSON_LD = re.compile(
    r'"@type"\s*:\s*(?:\[[^\]]*)?"(?:' + "|".join(sorted(sel.ARTICLE_TYPES)) + r')"'
)


@dataclass(frozen=True, slots=True)
class PageOutline:
    url: str
    base_url: str  # the page's own URL, or the one its <base href> names
    # Every <a href>, absolute and without its fragment (the page fetched is the same), each
    # once, in page order: worked out where the page was parsed, so that the crawl process,
    # which sees the same few hundred links on every page, only looks them up.
    links: tuple[str, ...]
    canonical: str | None  # the first <link rel="canonical"> href, as the page declares it
    marked: bool  # cheap article signals (og:type, a publication time, JSON-LD's type)
    encoding: str  # the page's encoding, which its links' non-ASCII characters are quoted in


def outline_of(root: Any, url: str, encoding: str) -> PageOutline:
    """The outline of a parsed page; `root` None for a page with no markup at all."""
    if root is None:
        return PageOutline(url, url, (), None, marked=False, encoding=encoding)
    bases = _BASE(root)
    base = urljoin(url, strip_html5_whitespace(str(bases[0]))) if bases else url
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    absolute = (_absolute(strip_html5_whitespace(str(href)), base, origin) for href in _HREFS(root))
    # Repeats dropped: the crawl works out a link once anyway, and they cost a hand-over.
    links = tuple(link for link in dict.fromkeys(absolute) if link is not None)
    found = _CANONICAL(root)
    canonical = str(found[0]) if found else None
    return PageOutline(url, base, links, canonical, _marked(root), encoding)


def _absolute(href: str, base: str, origin: str) -> str | None:
    """The link made absolute, cheaply for the usual absolute and root-relative hrefs, and
    without its fragment, which never changes the page fetched."""
    href = href.partition("#")[0]
    if href.startswith(("http://", "https://")):
        return href
    if href.startswith("/") and not href.startswith("//"):
        return origin + href
    try:
        return urljoin(base, href)
    except ValueError:  # a malformed href (an unclosed IPv6 bracket) is not a link
        return None


def _marked(root: Any) -> bool:
    """Cheap signals before the costly extraction: listings and tag pages have none."""
    og_types = _OG_TYPE(root)
    if og_types and str(og_types[0]) == "article":
        return True
    if _PUBLISHED_META(root):
        return True
    return any(_ARTICLE_JSON_LD.search(str(block)) for block in _JSON_LD(root))
