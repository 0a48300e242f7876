"""What the extraction workers run, for a crawl and for `reextract`.

The workers' forkserver imports this module before it forks them (workers._PRELOAD), so it
imports what extraction needs and nothing else: with Scrapy and SQLAlchemy too, the
forkserver took 0.8 s to be ready instead of 0.4, and the crawl's first pages waited."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lxml import etree

from levantcrawl import bodies
from levantcrawl.dedupe.minhash import prepare_signatures, signature
from levantcrawl.extraction.article import (
    ExtractedArticle,
    extract_article,
    extract_tree,
    unreadable,
)
from levantcrawl.extraction.metadata import last_parse_cut, parse_html
from levantcrawl.extraction.outline import PageOutline, outline_of
from levantcrawl.normalize.encoding import content_type_of, decode_html

if TYPE_CHECKING:
    from levantcrawl.extraction.template import TemplateView

# A stored capture as a worker reads it: compressed body, headers, URL, the site's view.
StoredPage = tuple[bytes, dict[str, str], str, "TemplateView"]


def warm_up(sign: bool = True) -> None:
    """Import trafilatura's heavy modules once per worker as it starts, not on its first
    page, and when the worker will `sign`, datasketch's with the MinHash permutations:
    together about a second, which held up the crawl's first pages. A worker that signs
    nothing never imports datasketch, numpy or scipy."""
    import trafilatura  # noqa: F401 - the import is the point

    if sign:
        prepare_signatures()


class CrawledRead(NamedTuple):
    """What a worker makes of a crawled page."""

    extracted: ExtractedArticle
    signature: bytes | None  # MinHash of the clean text, when the crawl signs
    outline: PageOutline | None  # its links and canonical URL, when asked and read whole


def extract_and_sign(
    body: bytes,
    headers: dict[str, str],
    url: str,
    view: TemplateView,
    learn: bool = True,
    find_content: bool = False,
    sign: bool = True,
    outline: bool = False,
) -> CrawledRead:
    """A crawled page: the clean article and, when `sign`, its MinHash signature, both CPU
    work; with `outline`, what the crawl needs to go on from the page (its links, canonical
    URL, article signals), read from the same tree, so that the crawl process need not
    parse the page as well. No outline when the tree is not the page the crawl process
    would have read (a NUL byte cuts lxml's input short there, libxml2's depth limit here):
    the crawl process then parses the page itself. The page comes as the bytes fetched and
    is decoded here, by the rules the crawl process decodes with: bytes cost the crawl
    process a copy to hand over, where a decoded page cost it an encoding to UTF-8 and the
    worker a decoding."""
    html, encoding = decode_html(body, content_type_of(headers))
    found = None
    try:
        tree = parse_html(html)
    except (etree.ParserError, ValueError):
        extracted = unreadable(url)
    else:
        if outline and "\x00" not in html and not last_parse_cut():
            found = outline_of(tree, url, encoding)
        extracted = extract_tree(
            tree, html, url, view, learn=learn, count_chars=True, find_content=find_content
        )
    signed = signature(extracted.title or "", extracted.paragraphs) if sign else None
    return CrawledRead(extracted, signed, found)


# A crawled page as extract_and_sign takes it: body, headers, URL, the site's view, learn,
# find_content, sign, outline.
CrawledPage = tuple[bytes, dict[str, str], str, "TemplateView", bool, bool, bool, bool]


class PageCrashed(Exception):
    """A page's extraction raised in the worker: its error, as raised there, comes back in
    the page's place (not every error pickles), and the other pages of its batch go on."""

    def __repr__(self) -> str:
        return str(self.args[0])


def extract_batch(
    pages: list[CrawledPage],
) -> list[CrawledRead | PageCrashed]:
    """Several crawled pages in one message each way: extract_and_sign for each."""
    results: list[CrawledRead | PageCrashed] = []
    for page in pages:
        try:
            results.append(extract_and_sign(*page))
        except Exception as exc:  # one page's error costs that page only
            results.append(PageCrashed(repr(exc)))
    return results


def decode(body: bytes, headers: dict[str, str]) -> str:
    """The page as text, by the same rules the crawl used (normalize/encoding.py)."""
    return decode_html(body, content_type_of(headers))[0]


def read_stored(page: StoredPage) -> ExtractedArticle:
    """One stored page, read as the crawl read it. Decompressing and decoding happen here, in
    the worker; nothing is learned, so only the page's visible text is counted."""
    compressed, headers, url, view = page
    html = decode(bodies.decompress(compressed), headers)
    return extract_article(html, url, view, learn=False, count_chars=True)


def read_stored_batch(pages: list[StoredPage]) -> list[ExtractedArticle]:
    return [read_stored(page) for page in pages]


def read_and_sign_stored_batch(
    pages: list[StoredPage], sign: bool = True
) -> list[tuple[ExtractedArticle, bytes | None]]:
    """Stored pages read again, each with the signature of its new text when `sign` (the
    crawl's cold-start pass: the writer needs the signature of an article whose text
    changed, for its near-duplicates)."""
    read = [read_stored(page) for page in pages]
    return [(x, signature(x.title or "", x.paragraphs) if sign else None) for x in read]


def sign_batch(texts: list[tuple[str, tuple[str, ...]]]) -> list[bytes]:
    """Signatures of (title, paragraphs), for articles whose text re-extraction changed."""
    return [signature(title, paragraphs) for title, paragraphs in texts]
