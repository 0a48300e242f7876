"""A fetched HTML page as the crawl process reads it: decoded once, parsed once, and read
with compiled XPaths.

Scrapy's `response.xpath` would parse `response.text` into a tree cached on the response,
which Scrapy keeps until the page's article has been extracted and stored: about a
megabyte for a 80 KB page, for each of the dozens of pages waiting on the workers. This
tree belongs to the callback and goes with it; the workers parse the page themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from lxml import etree
from w3lib.html import strip_html5_whitespace

from levantcrawl.extraction import selectors as sel
from levantcrawl.normalize.encoding import decode_html

if TYPE_CHECKING:
    from scrapy.http import Response

# Plain elements, chosen in C (lxml.html's class lookup calls Python for each one), and
# parsel's huge_tree, so a deeply nested page gives the links it gave through Scrapy.
_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
)
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
class Page:
    url: str
    html: str  # decoded as decode_html decides: the text the archive extracts
    encoding: str
    root: Any  # lxml element, or None for a page with no markup at all

    @classmethod
    def of(cls, response: Response) -> Page:
        # The Content-Type as the capture keeps it (several values joined), which the
        # extraction workers decode the same bytes with.
        values = response.headers.getlist("Content-Type")
        content_type = b", ".join(values).decode("latin-1") if values else None
        html, encoding = decode_html(response.body, content_type)
        return cls(response.url, html, encoding, _parse(html))

    @property
    def base_url(self) -> str:
        """The page's own URL, or the one its <base href> names."""
        if self.root is not None and (bases := _BASE(self.root)):
            return urljoin(self.url, strip_html5_whitespace(str(bases[0])))
        return self.url

    def hrefs(self) -> list[str]:
        return [str(href) for href in _HREFS(self.root)] if self.root is not None else []

    def canonical(self) -> str | None:
        """The first <link rel="canonical"> href, as the page declares it."""
        found = _CANONICAL(self.root) if self.root is not None else []
        return str(found[0]) if found else None

    def looks_like_article(self) -> bool:
        """Cheap signals before the costly extraction: listings and tag pages have none."""
        if self.root is None:
            return False
        og_types = _OG_TYPE(self.root)
        if og_types and str(og_types[0]) == "article":
            return True
        if _PUBLISHED_META(self.root):
            return True
        return any(_ARTICLE_JSON_LD.search(str(block)) for block in _JSON_LD(self.root))


def _parse(html: str) -> Any:
    # As parsel does: NUL bytes cut lxml's input short, and an empty document has no root.
    data = html.strip().replace("\x00", "").encode("utf-8")
    if not data:
        return None
    try:
        return etree.fromstring(data, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
