"""Run trafilatura-based extraction in a process pool, off the reactor thread."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, Self

from levantcrawl.extraction.article import extract_article
from levantcrawl.fingerprint import body_sha256
from levantcrawl.items import ArticleItem, FailureItem, LinkItem
from levantcrawl.normalize.urls import canonical_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def _warm_up() -> None:
    """Import trafilatura's heavy modules once per worker, not on the first page."""
    import trafilatura  # noqa: F401 - the import is the point


class ExtractPipeline:
    """Turn each captured article page into clean fields; pages without an article become
    FailureItems, so the archive records them instead of losing them."""

    def __init__(
        self, stats: StatsCollector, *, workers: int, min_words: int, tracking: frozenset[str]
    ) -> None:
        self._stats = stats
        self._workers = workers
        self._min_words = min_words
        self._tracking = tracking
        self._pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        workers = settings.getint("LEVANTCRAWL_EXTRACT_WORKERS") or (os.cpu_count() or 1)
        return cls(
            crawler.stats,
            workers=workers,
            min_words=settings.getint("LEVANTCRAWL_EXTRACT_MIN_WORDS"),
            tracking=frozenset(settings.getlist("LEVANTCRAWL_URLS_TRACKING_PARAMS")),
        )

    def open_spider(self) -> None:
        # forkserver: forking the reactor's threads into workers is not safe.
        context = multiprocessing.get_context("forkserver")
        self._pool = ProcessPoolExecutor(self._workers, mp_context=context, initializer=_warm_up)

    def close_spider(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        assert self._pool is not None
        loop = asyncio.get_running_loop()
        try:
            extracted = await loop.run_in_executor(
                self._pool, extract_article, item.html, item.capture.url
            )
        except Exception as exc:  # a worker crash must cost one page, not the crawl
            logger.warning("extraction crashed on %s: %r", item.capture.url, exc)
            self._stats.inc_value("levantcrawl/extract/crashed")
            return self._failure(item, f"extraction crashed: {exc!r}")
        if not extracted.is_article or extracted.word_count < self._min_words:
            self._stats.inc_value("levantcrawl/extract/not_article")
            reason = f"no article text ({extracted.word_count} words)"
            return self._failure(item, reason)
        self._stats.inc_value("levantcrawl/extract/articles")
        item.extracted = extracted
        item.site_name = item.site_name or extracted.site_name
        item.body_sha256 = body_sha256(extracted.paragraphs)
        item.links = self._links(item)
        item.html = ""  # the raw bytes stay in the capture; the decoded copy is not needed
        return item

    def _links(self, item: ArticleItem) -> tuple[LinkItem, ...]:
        assert item.extracted is not None
        links: dict[tuple[str, str, str], LinkItem] = {}
        for link in item.extracted.links:
            if not link.url.startswith(("http://", "https://")):
                continue
            target = canonical_url(link.url, self._tracking)
            if target != item.canonical_url:
                key = (target, link.kind, link.anchor)
                links.setdefault(key, LinkItem.from_extracted(link, target))
        return tuple(links.values())

    def _failure(self, item: ArticleItem, reason: str) -> FailureItem:
        return FailureItem(
            url=item.capture.url,
            site_host=item.site_host,
            reason=reason,
            fetched_at=item.capture.fetched_at,
        )
