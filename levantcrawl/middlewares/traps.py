"""Drop queued link-found requests whose URL shape has spent its listing budget: a calendar
queues pages faster than their answers arrive, so checking only when links are found lets
dozens more through."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.exceptions import IgnoreRequest

from levantcrawl.middlewares._spider import current_spider
from levantcrawl.normalize.urls import url_shape

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

TRAP = "trap: its URL shape spent its listing budget"


class TrapBudgetMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self._crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if request.meta.get("discovered_via") != "link":
            return  # sitemaps, feeds, revisits and the start page are never traps
        spider = current_spider(spider, self._crawler)
        listings: dict[str, int] = getattr(spider, "_pattern_counts", {})
        budget = int(getattr(spider, "pattern_budget", 0) or 0)
        if budget and listings.get(url_shape(request.url), 0) >= budget:
            spider.crawler.stats.inc_value("levantcrawl/discovery/trap/dropped_queued")
            raise IgnoreRequest(TRAP)
