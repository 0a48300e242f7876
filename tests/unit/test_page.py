"""The crawl process reads a fetched page once (spiders/page.py), or not at all when an
extraction worker read it (extraction/outline.py, firstread.py), and works out each of its
links once (spiders/links.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from scrapy import Request
from scrapy.http import Headers, HtmlResponse

from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.jobs import decode, extract_and_sign
from levantcrawl.extraction.template import COLD
from levantcrawl.spiders.links import NewLinks
from levantcrawl.spiders.page import read_page
from levantcrawl.spiders.responses import PageSpider

if TYPE_CHECKING:
    from levantcrawl.extraction.outline import PageOutline

pytestmark = pytest.mark.unit

HOST = "news.example"
URL = f"http://{HOST}/world/2024/08/1001-story"


def page(body: bytes, url: str = URL, content_type: str = "text/html") -> PageOutline:
    headers = {"Content-Type": content_type}
    return read_page(HtmlResponse(url, body=body, headers=headers, request=Request(url)))


def test_reads_canonical_and_article_signals_from_the_markup() -> None:
    read = page(
        b'<html><head><link rel="canonical" href="/world/2024/08/1001">'
        b'<meta property="og:type" content="article"></head><body>x</body></html>'
    )
    assert read.canonical == "/world/2024/08/1001"
    assert read.marked


def test_json_ld_article_type_marks_an_article_and_a_listing_has_no_signal() -> None:
    ld = b'<script type="application/ld+json">{"@type": ["NewsArticle"]}</script>'
    assert page(b"<html><head>" + ld + b"</head><body>x</body></html>").marked
    listing = page(b'<html><head><meta property="og:type" content="website"></head></html>')
    assert not listing.marked
    assert listing.canonical is None


def test_decodes_by_the_bytes_when_the_label_is_wrong() -> None:
    body = '<html><body><a href="/ar/خبر">خبر</a></body></html>'.encode()
    read = page(body, content_type="text/html; charset=windows-1256")
    assert read.encoding == "utf-8"
    assert read.links == (f"http://{HOST}/ar/خبر",)


@pytest.mark.parametrize("body", [b"", b"   \n", b"\x00\x00"])
def test_a_page_without_markup_has_no_links_and_no_article(body: bytes) -> None:
    read = page(body)
    assert read.links == ()
    assert read.canonical is None
    assert not read.marked
    assert read.base_url == URL


def test_links_resolve_against_the_base_element() -> None:
    read = page(b'<html><head><base href="/archive/"></head><body><a href="a">a</a></body></html>')
    assert read.base_url == f"http://{HOST}/archive/"
    assert NewLinks(HOST, []).of(read) == [f"http://{HOST}/archive/a"]


def test_new_links_keep_the_site_own_links_once_and_drop_other_sites() -> None:
    body = b"""<html><body>
      <a href="/a">a</a> <a href="/a#comments">a again</a>
      <a href="https://facebook.com/share?u=x">share</a>
      <a href="http://NEWS.example/b">b, the host in capitals</a>
      <a href="/photo.jpg">image</a> <a href="/wp-admin/">admin</a>
    </body></html>"""
    links = NewLinks(HOST, [r"/wp-admin/"])
    assert links.of(page(body)) == [f"http://{HOST}/a", f"http://{HOST}/b"]
    assert links.of(page(body, url=f"http://{HOST}/other")) == []


def test_parse_page_leaves_no_parsed_tree_on_the_response() -> None:
    """Scrapy keeps a response until its article is stored; a tree cached on it (what
    response.xpath does) cost the crawl process about 190 MB on the throughput benchmark."""
    from scrapy.utils.test import get_crawler

    from levantcrawl import settings as project_settings
    from levantcrawl.spiders.news import NewsSpider

    settings = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
    crawler = get_crawler(NewsSpider, settings_dict=settings)
    spider = NewsSpider.from_crawler(crawler, start_url=f"http://{HOST}/")
    crawler.spider = spider
    body = (
        b'<html><head><meta property="og:type" content="article"></head>'
        b'<body><a href="/next">next</a><p>text</p></body></html>'
    )
    response = HtmlResponse(URL, body=body, request=Request(URL))
    found = list(spider.parse_page(response))
    assert [type(x).__name__ for x in found] == ["Request", "ArticleItem"]
    assert response._cached_selector is None  # the cache this test is about


ARABIC = (
    Path(__file__).parents[1]
    / "fixtures/pages/arabicnews/beirut-port-reconstruction_2024-08-05.html"
)
ARABIC_URL = "https://arabic.levant.example/2024/08/5123-beirut-port-plan"


@pytest.mark.parametrize(
    "content_types",
    [
        ["text/html; charset=windows-1256"],
        ["text/html"],  # no label: the page's own bytes decide
        ["text/html; charset=windows-1256", "text/html; charset=utf-8"],  # kept joined
    ],
    ids=["labelled", "unlabelled", "two-headers"],
)
def test_the_worker_reads_the_fetched_bytes_as_the_crawl_process_decoded_them(
    content_types: list[str],
) -> None:
    """An extraction worker gets the page's bytes and headers as captured, and decodes them
    itself: to the text the crawl process read, so the article is the one a decoded page
    gave."""
    body = ARABIC.read_text("utf-8").encode("windows-1256", "replace")
    headers = Headers({"Content-Type": content_types})
    response = HtmlResponse(ARABIC_URL, body=body, headers=headers, request=Request(ARABIC_URL))
    capture = PageSpider._capture(response, datetime(2024, 8, 5, tzinfo=UTC))
    text = decode(capture.body, capture.headers)
    assert "مرفأ" in text, "the Arabic text decoded, not mojibake"
    read = extract_and_sign(capture.body, capture.headers, ARABIC_URL, COLD, sign=False)
    assert read.signature is None
    assert read.outline is None  # not asked for
    assert read.extracted == extract_article(text, ARABIC_URL, COLD, learn=True, count_chars=True)
    assert read.extracted.word_count > 100
    asked = extract_and_sign(
        capture.body, capture.headers, ARABIC_URL, COLD, sign=False, outline=True
    )
    assert asked.outline == read_page(response), "the links the crawl process would follow"
