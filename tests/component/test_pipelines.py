"""Pipelines built from a settings dict, fed real pages of the sample site."""

from __future__ import annotations

import asyncio
import multiprocessing
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest
from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from levantcrawl import settings as project_settings
from levantcrawl.items import ArticleItem, Capture, RefusedItem
from levantcrawl.pipelines.dates import DatesPipeline
from levantcrawl.pipelines.dedupe import DedupePipeline
from levantcrawl.pipelines.extract import ExtractPipeline, OneIn
from levantcrawl.pipelines.sections import SectionsPipeline
from levantcrawl.samplesite import build_site
from levantcrawl.samplesite.render import NEWSLETTER_PLUG

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

pytestmark = pytest.mark.component
SITE = build_site()
BASE = "http://127.0.0.1:8765"
FETCHED = datetime(2024, 11, 15, 9, 0, tzinfo=UTC)


def crawler_for(**overrides: object) -> Crawler:
    """A crawler with the project's settings.py defaults and these overrides."""
    defaults = {
        name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()
    }
    return get_crawler(settings_dict={**defaults, **overrides})


def page_item(path: str) -> ArticleItem:
    response = SITE.respond("GET", path, {"Host": "127.0.0.1:8765"}, date(2024, 11, 15))
    capture = Capture(BASE + path, response.status, dict(response.headers), response.body, FETCHED)
    return ArticleItem(
        capture=capture,
        site_host="127.0.0.1",
        canonical_url=BASE + path,
        discovered_via="sitemap",
        site_tz="Asia/Beirut",
    )


def run_extract(*items: ArticleItem) -> list[object]:
    """The pipeline through a crawl's life: opened, fed, closed, then the crawl's end
    signalled as Scrapy signals it, which is when its extraction workers stop."""
    before = set(multiprocessing.active_children())
    # Scrapy's own extensions off: they expect a crawl started by an engine.
    crawler = crawler_for(LEVANTCRAWL_EXTRACT_WORKERS=1, EXTENSIONS_BASE={})
    pipeline = ExtractPipeline.from_crawler(crawler)
    pipeline.open_spider()
    try:
        return [asyncio.run(pipeline.process_item(item)) for item in items]
    finally:
        pipeline.close_spider()
        results = crawler.signals.send_catch_log(
            signal=signals.spider_closed, spider=crawler.spider, reason="finished"
        )
        assert not [r for _, r in results if isinstance(r, Failure)], results
        left = set(multiprocessing.active_children()) - before
        assert not left, f"extraction workers left running: {left}"


def test_extract_then_normalise_an_article_and_refuse_a_listing() -> None:
    path, truth = next((p, t) for p, t in SITE.articles.items() if not t.has_machine_date)
    article, listing = run_extract(page_item(path), page_item("/category/lebanon/"))
    assert isinstance(listing, RefusedItem)
    assert (listing.code, listing.article_like) == ("listing", False)
    assert listing.reason.startswith("a listing: 10 headline links")
    assert isinstance(article, ArticleItem)
    assert article.extracted is not None
    # Cold, one page cannot tell the theme's newsletter plug from the article; the site model can.
    assert article.extracted.paragraphs == (*truth.paragraphs, NEWSLETTER_PLUG)
    crawler = crawler_for()
    DatesPipeline.from_crawler(crawler).process_item(article)
    SectionsPipeline.from_crawler(crawler).process_item(article)
    assert article.published_at == datetime.combine(
        truth.published.date(), datetime.min.time(), UTC
    )
    assert (article.published_source, article.published_has_time) == ("byline", False)
    assert article.section is not None
    assert article.section.name == truth.section
    assert crawler.stats is not None
    assert crawler.stats.get_value("levantcrawl/dates/published_from/byline") == 1


def test_dedupe_drops_the_second_copy_in_a_crawl() -> None:
    pipeline = DedupePipeline.from_crawler(crawler_for())
    path = next(iter(SITE.articles))
    pipeline.process_item(page_item(path))
    with pytest.raises(DropItem, match="already archived in this crawl"):
        pipeline.process_item(page_item(path))


@pytest.mark.parametrize(
    ("pipeline", "setting"),
    [
        (DedupePipeline, "LEVANTCRAWL_DEDUPE_ENABLED"),
        (SectionsPipeline, "LEVANTCRAWL_SECTIONS_ENABLED"),
    ],
)
def test_pipelines_switch_off_by_setting(pipeline: type, setting: str) -> None:
    with pytest.raises(NotConfigured):
        pipeline.from_crawler(crawler_for(**{setting: False}))


def test_bad_time_zone_setting_fails_at_start_up() -> None:
    with pytest.raises(NotConfigured, match="no time zone"):
        DatesPipeline.from_crawler(crawler_for(LEVANTCRAWL_DATES_DEFAULT_TZ="Mars/Olympus"))


def test_one_in_n_samples_every_nth_page() -> None:
    """The sample behind learning one page in four and reading one learned page in eight
    whole: the nth call, then every nth after it; a setting of 0 or 1 samples every page."""
    every_fourth = OneIn(4)
    assert [every_fourth() for _ in range(8)] == [False, False, False, True] * 2
    assert all(OneIn(0)() for _ in range(3))
