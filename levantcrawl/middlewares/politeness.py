"""robots.txt's Crawl-delay, kept whatever AutoThrottle decides: requests to the site are
spaced at least that far apart."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Self

from levantcrawl.middlewares._spider import current_spider

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler


class CrawlDelayMiddleware:
    """The spider reads Crawl-delay from robots.txt into `spider.crawl_delay`; until then
    (the first requests) there is none. Capped, so a hostile robots.txt cannot stall us."""

    def __init__(self, cap: float, crawler: Crawler | None = None) -> None:
        self._cap = cap
        self._crawler = crawler
        self._lock = asyncio.Lock()
        self._last = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.getfloat("LEVANTCRAWL_CRAWL_DELAY_MAX_SECONDS"), crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        spider = current_spider(spider, self._crawler)
        delay = min(float(getattr(spider, "crawl_delay", 0.0) or 0.0), self._cap)
        if delay <= 0:
            return
        async with self._lock:
            wait = self._last + delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last = time.monotonic()
