"""One parse per article page: the extraction worker that reads a page gives back its links
and canonical URL with its text (extraction/outline.py, firstread.py), and the crawl process
does not parse the page as well. What the spider makes of the page is the same either way."""

from __future__ import annotations

import asyncio
import dataclasses
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from levantcrawl import settings as project_settings
from levantcrawl.extraction.jobs import extract_and_sign
from levantcrawl.extraction.template import COLD
from levantcrawl.firstread import FirstRead, attach_reader
from levantcrawl.items import AliasItem, ArticleItem
from levantcrawl.spiders.news import NewsSpider
from levantcrawl.spiders.page import read_page
from tests.hostile.payloads import deeply_nested

if TYPE_CHECKING:
    from levantcrawl.items import Capture

pytestmark = pytest.mark.component

FIXTURES = Path(__file__).parents[1] / "fixtures"
SAMPLE = FIXTURES / "pages/levantnews"
SAMPLE_URLS = tomllib.loads((SAMPLE / "pages.toml").read_text("utf-8"))["pages"]
HOST = "127.0.0.1"
ALL_PAGES = sorted(p for p in FIXTURES.rglob("*.html*") if p.suffix in (".html", ".gz"))
PARSED = "levantcrawl/pages/parsed_in_crawl"


class WorkerReader:
    """The extract pipeline's part, with the worker's own function run in this process."""

    def __init__(self) -> None:
        self.read: list[str] = []
        self.settled: list[FirstRead] = []

    def reads_first(self) -> bool:
        return True

    async def read_first(self, capture: Capture) -> FirstRead:
        self.read.append(capture.url)
        page = extract_and_sign(
            capture.body, capture.headers, capture.url, COLD, sign=False, outline=True
        )
        return FirstRead(page.outline, (page.extracted, True, page.signature))

    def settle(self, first: FirstRead) -> None:
        self.settled.append(first)


def spider(reader: WorkerReader | None) -> NewsSpider:
    settings = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
    crawler = get_crawler(NewsSpider, settings_dict=settings)
    built: NewsSpider = NewsSpider.from_crawler(crawler, start_url=f"http://{HOST}:8765/")
    crawler.spider = built
    if reader is not None:
        attach_reader(crawler, reader)
    return built


def response(body: bytes, url: str, via: str = "link") -> HtmlResponse:
    headers = {"Content-Type": "text/html; charset=utf-8"}
    request = Request(url, meta={"discovered_via": via})
    return HtmlResponse(url, body=body, headers=headers, request=request)


def outputs(news: NewsSpider, page: HtmlResponse) -> list[Any]:
    made = news.parse_page(page)
    if hasattr(made, "__aiter__"):

        async def drain() -> list[Any]:
            return [x async for x in made]

        return asyncio.run(drain())
    return list(made)


def comparable(found: list[Any]) -> list[Any]:
    """Requests by URL, callback and meta; items without the article read ahead."""
    shown: list[Any] = []
    for x in found:
        if isinstance(x, Request):
            shown.append(("request", x.url, x.priority, x.meta.get("discovered_via")))
        elif isinstance(x, ArticleItem):
            x = dataclasses.replace(x, first_read=None)
            shown.append(
                dataclasses.replace(x, capture=dataclasses.replace(x.capture, fetched_at=0))
            )
        else:
            shown.append(x)
    return shown


@pytest.mark.parametrize("name", sorted(SAMPLE_URLS), ids=lambda n: n.split("_")[0])
def test_an_article_page_is_parsed_once_by_its_worker_and_followed_as_before(name: str) -> None:
    """The sample site's article pages (and an AMP variant) make the same requests, alias and
    item whether the crawl process parses them or their worker does; with a worker, the
    crawl process builds no tree of its own (no parse counted, no selector on the response)."""
    url = SAMPLE_URLS[name]["url"]
    body = (SAMPLE / name).read_bytes()
    alone = spider(None)
    parsed_here = outputs(alone, response(body, url))
    assert alone.crawler.stats.get_value(PARSED) == 1
    reader = WorkerReader()
    read_once = spider(reader)
    page = response(body, url)
    by_worker = outputs(read_once, page)
    assert reader.read == [url]
    assert read_once.crawler.stats.get_value(PARSED) is None, "the crawl process parsed it"
    assert page._cached_selector is None
    assert comparable(by_worker) == comparable(parsed_here)
    assert any(isinstance(x, Request) for x in by_worker), "the page's links were followed"
    if "-amp" in name:
        assert [type(x) for x in by_worker if not isinstance(x, Request)] == [AliasItem]
        assert reader.settled == [], "the model learns nothing from a variant"
    else:
        (item,) = [x for x in by_worker if isinstance(x, ArticleItem)]
        assert item.first_read is not None
        assert item.first_read.taken()[0].word_count > 50, "the article comes with the item"
        assert reader.settled == [item.first_read]


def test_a_listing_is_parsed_at_once_in_the_crawl_process() -> None:
    """The start page and listings are not left waiting on a worker: their links are the
    queue's next pages."""
    body = (
        b"<html><body><a href='/2024/11/44555-unions-back-new-rules'>story</a>"
        b"<a href='/category/world'>World</a></body></html>"
    )
    reader = WorkerReader()
    news = spider(reader)
    made = news.parse_page(response(body, f"http://{HOST}:8765/category/economy"))
    assert not hasattr(made, "__aiter__")
    assert [x.url for x in made if isinstance(x, Request)] == [
        f"http://{HOST}:8765/2024/11/44555-unions-back-new-rules",
        f"http://{HOST}:8765/category/world",
    ]
    assert reader.read == []
    assert news.crawler.stats.get_value(PARSED) == 1


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.name.split(".")[0])
def test_a_worker_gives_the_outline_the_crawl_process_would_read(page: Path) -> None:
    """Every saved page (the sample site's, the regression pages, the real goldens): the
    links, base URL, canonical URL and article signals a worker reads from its tree are
    the crawl process's."""
    import gzip

    body = gzip.decompress(page.read_bytes()) if page.suffix == ".gz" else page.read_bytes()
    url = "https://news.example/2024/08/1001-a-story"
    headers = {"Content-Type": "text/html"}
    worker = extract_and_sign(body, headers, url, COLD, sign=False, outline=True).outline
    here = read_page(HtmlResponse(url, body=body, headers=headers, request=Request(url)))
    assert worker == here


@pytest.mark.parametrize(
    "body",
    [
        # After the first 4 KB, where a NUL byte would make it binary (looks_binary).
        b"<html><body><a href='/a'>a</a>" + b" " * 5000 + b"\x00<a href='/b'>b</a></body></html>",
        f"<html><body>{deeply_nested(300, '<a href=/deep>deep</a>')}</body></html>".encode(),
    ],
    ids=["nul-byte", "deeper-than-libxml2-allows"],
)
def test_a_page_the_worker_reads_otherwise_is_parsed_by_the_crawl_process(body: bytes) -> None:
    """lxml reads a page with a NUL byte late in it, or nested deeper than 256 elements, otherwise
    than the crawl process's parser: the worker gives no outline, and the crawl process
    parses the page and follows what it always did."""
    url = f"http://{HOST}:8765/2024/11/44555-unions-back-new-rules"
    read = extract_and_sign(body, {}, url, COLD, sign=False, outline=True)
    assert read.outline is None
    news = spider(WorkerReader())
    found = outputs(news, response(body, url))
    assert news.crawler.stats.get_value(PARSED) == 1
    alone = outputs(spider(None), response(body, url))
    assert comparable(found) == comparable(alone)
    assert [x for x in found if isinstance(x, Request)], "its links are still followed"
