"""scrapy-redis' scheduler with keys per site: workers of one site share a queue and a
seen-filter, and never take another site's requests (their callbacks know one site)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy_redis.scheduler import Scheduler

from levantcrawl.crawlsite import sites_of
from levantcrawl.frontier.dupefilter import (
    STAT_NEW,
    STAT_SEEN,
    ExpiringBloom,
    ExpiringBloomDupeFilter,
)
from levantcrawl.frontier.generation import generation_of
from levantcrawl.frontier.keys import SiteKeys

if TYPE_CHECKING:
    from scrapy import Request, Spider


def site_keys(spider: Spider) -> SiteKeys:
    prefix = str(spider.crawler.settings.get("LEVANTCRAWL_FRONTIER_PREFIX"))
    site = next(iter(sites_of(spider.crawler)))  # a frontier's worker crawls one site
    return SiteKeys(prefix, site.host)


class GenerationSeenFilter(ExpiringBloomDupeFilter):
    """One expiring Bloom filter per crawl generation (`<seen>:g<n>:<window>`): within a
    crawl no URL is fetched twice; a new crawl of the site starts with a clean slate."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._blooms: dict[int, ExpiringBloom] = {}

    def _for(self, request: Request) -> ExpiringBloom:
        generation = generation_of(request)
        if generation not in self._blooms:
            if len(self._blooms) >= 2:  # a crawl and the one before it, still draining
                del self._blooms[min(self._blooms)]
            base = self.bloom
            self._blooms[generation] = ExpiringBloom(
                base.server, f"{base.key}:g{generation}", base.size, base.window_seconds
            )
        return self._blooms[generation]

    def request_seen(self, request: Request) -> bool:
        seen = self._for(request).seen(self.fingerprinter.fingerprint(request))
        if self.stats is not None:
            self.stats.inc_value(STAT_SEEN if seen else STAT_NEW)
        return seen


class FrontierScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis ships no types
    def open(self, spider: Spider) -> Any:
        keys = site_keys(spider)
        self.queue_key = keys.requests  # no "%(spider)s": the key is final
        self.df = GenerationSeenFilter.from_spider(spider, key=keys.seen)
        return super().open(spider)

    # scrapy-redis passes `spider=` to the stats collector, which Scrapy 2.19 deprecates.
    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
