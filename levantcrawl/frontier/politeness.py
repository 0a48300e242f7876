"""robots.txt's Crawl-delay across every worker of a site: one request per delay in all.

The worker that reads robots.txt publishes the delay in Redis; each request then takes the
site's slot (a key set with NX and a time-to-live of the delay), waiting while another
worker holds it. Replaces the per-process CrawlDelayMiddleware in frontier mode."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Self

from redis.asyncio import Redis

from levantcrawl.crawlsite import CrawlSite, CrawlSites, sites_of
from levantcrawl.frontier.keys import SiteKeys

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

# How often a worker reads the published delay again (another worker may have read robots).
REFRESH_SECONDS = 10.0


class SharedCrawlDelayMiddleware:
    def __init__(self, sites: CrawlSites, server: Redis, prefix: str, cap: float) -> None:
        self._sites = sites
        self._server = server
        self._prefix = prefix
        self._cap = cap
        self._delay = 0.0
        self._read_at = float("-inf")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            sites_of(crawler),
            Redis.from_url(str(settings.get("LEVANTCRAWL_FRONTIER_URL"))),
            str(settings.get("LEVANTCRAWL_FRONTIER_PREFIX")),
            settings.getfloat("LEVANTCRAWL_CRAWL_DELAY_MAX_SECONDS"),
        )

    async def _site_delay(self, site: CrawlSite, keys: SiteKeys) -> float:
        own = min(site.crawl_delay, self._cap)
        if own > self._delay:  # this worker read robots.txt: tell the others
            await self._server.set(keys.crawl_delay, str(own))
            self._delay = own
        elif time.monotonic() - self._read_at > REFRESH_SECONDS:
            published = await self._server.get(keys.crawl_delay)
            if published is not None:
                self._delay = min(float(published), self._cap)
            self._read_at = time.monotonic()
        return self._delay

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        site = self._sites.for_url(request.url)
        if site is None:
            return
        keys = SiteKeys(self._prefix, site.host)
        delay = await self._site_delay(site, keys)
        if delay <= 0:
            return
        while not await self._server.set(keys.slot, b"1", nx=True, px=int(delay * 1000)):
            left = await self._server.pttl(keys.slot)
            await asyncio.sleep(max(int(left), 5) / 1000)
