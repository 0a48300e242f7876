"""Choose the published and modified dates by trust and normalise them to aware UTC."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.exceptions import NotConfigured

from levantcrawl.assemble import attach_dates
from levantcrawl.crawlsite import CrawlSites, sites_of
from levantcrawl.items import ArticleItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class DatesPipeline:
    """Dates printed without a zone are read in the site's (CrawlSite.tz), else the default."""

    def __init__(self, stats: StatsCollector, default_tz: ZoneInfo, sites: CrawlSites) -> None:
        self._stats = stats
        self._default_tz = default_tz
        self._sites = sites

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        name = crawler.settings.get("LEVANTCRAWL_DATES_DEFAULT_TZ")
        try:
            tz = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise NotConfigured(f"LEVANTCRAWL_DATES_DEFAULT_TZ={name!r} is no time zone") from exc
        return cls(crawler.stats, tz, sites_of(crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or item.extracted is None:
            return item
        site = self._sites.for_host(item.site_host)
        name = site.tz if site is not None else item.site_tz
        attach_dates(item, ZoneInfo(name) if name else self._default_tz)
        source = item.published_source or "none"
        self._stats.inc_value(f"levantcrawl/dates/published_from/{source}")
        for warning in item.warnings:
            self._stats.inc_value("levantcrawl/dates/warnings")
            logger.debug("%s: %s", item.canonical_url, warning)
        return item
