"""Drop queued link-found requests whose URL shape has spent its listing budget: a calendar
queues pages faster than their answers arrive, so checking only when links are found lets
dozens more through."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.exceptions import IgnoreRequest

from levantcrawl.crawlsite import CrawlSites, sites_of
from levantcrawl.normalize.urls import url_shape

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

TRAP = "trap: its URL shape spent its listing budget"


class TrapBudgetMiddleware:
    """Reads the listings counted per URL shape on the request's site (CrawlSite)."""

    def __init__(self, sites: CrawlSites, stats: StatsCollector) -> None:
        self._sites = sites
        self._stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(sites_of(crawler), crawler.stats)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if request.meta.get("discovered_via") != "link":
            return  # sitemaps, feeds, revisits and the start page are never traps
        site = self._sites.for_url(request.url)
        if site is not None and site.over_budget(url_shape(request.url)):
            self._stats.inc_value("levantcrawl/discovery/trap/dropped_queued")
            raise IgnoreRequest(TRAP)
