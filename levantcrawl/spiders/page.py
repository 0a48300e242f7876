"""A fetched HTML page the crawl process reads itself (a listing, the start page, or an
article whose worker could not give its outline): decoded once, parsed once, and read with
the XPaths the extraction workers use (extraction/outline.py).

Scrapy's `response.xpath` would parse `response.text` into a tree cached on the response,
which Scrapy keeps until the page's article has been extracted and stored: about a
megabyte for a 80 KB page, for each of the dozens of pages waiting on the workers. This
tree lives only while the page is read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lxml import etree

from levantcrawl.extraction.outline import PageOutline, outline_of
from levantcrawl.normalize.encoding import decode_html

if TYPE_CHECKING:
    from scrapy.http import Response

# Plain elements, chosen in C (lxml.html's class lookup calls Python for each one), and
# parsel's huge_tree, so a deeply nested page gives the links it gave through Scrapy.
_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
)


def read_page(response: Response) -> PageOutline:
    """The page's outline, parsed here, in the crawl process."""
    # The Content-Type as the capture keeps it (several values joined), which the
    # extraction workers decode the same bytes with.
    values = response.headers.getlist("Content-Type")
    content_type = b", ".join(values).decode("latin-1") if values else None
    html, encoding = decode_html(response.body, content_type)
    return outline_of(_parse(html), response.url, encoding)


def _parse(html: str) -> Any:
    # As parsel does: NUL bytes cut lxml's input short, and an empty document has no root.
    data = html.strip().replace("\x00", "").encode("utf-8")
    if not data:
        return None
    try:
        return etree.fromstring(data, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
