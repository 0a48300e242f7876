"""robots.txt's Crawl-delay, kept whatever AutoThrottle decides: requests to the site are
spaced at least that far apart."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Self

from levantcrawl.crawlsite import CrawlSites, sites_of

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler


class CrawlDelayMiddleware:
    """The spider reads Crawl-delay from robots.txt into its site's `crawl_delay` (CrawlSite);
    until then (the first requests) there is none. Capped, so a hostile robots.txt cannot
    stall us."""

    def __init__(self, cap: float, sites: CrawlSites) -> None:
        self._cap = cap
        self._sites = sites
        self._lock = asyncio.Lock()
        self._last = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        cap = crawler.settings.getfloat("LEVANTCRAWL_CRAWL_DELAY_MAX_SECONDS")
        return cls(cap, sites_of(crawler))

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        site = self._sites.for_url(request.url)
        delay = min(site.crawl_delay if site is not None else 0.0, self._cap)
        if delay <= 0:
            return
        async with self._lock:
            wait = self._last + delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last = time.monotonic()
