"""Choose the published and modified dates by trust and normalise them to aware UTC."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.exceptions import NotConfigured

from levantcrawl.items import ArticleItem
from levantcrawl.normalize.dates import choose_date

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class DatesPipeline:
    def __init__(self, stats: StatsCollector, default_tz: ZoneInfo) -> None:
        self._stats = stats
        self._default_tz = default_tz

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        name = crawler.settings.get("LEVANTCRAWL_DATES_DEFAULT_TZ")
        try:
            tz = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise NotConfigured(f"LEVANTCRAWL_DATES_DEFAULT_TZ={name!r} is no time zone") from exc
        return cls(crawler.stats, tz)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or item.extracted is None:
            return item
        tz = ZoneInfo(item.site_tz) if item.site_tz else self._default_tz
        now = item.capture.fetched_at
        warnings = item.warnings
        published = choose_date(item.extracted.published, tz=tz, now=now, warnings=warnings)
        if published is None:
            self._stats.inc_value("levantcrawl/dates/no_published")
        else:
            item.published_at = published.value
            item.published_has_time = published.has_time
            item.published_source = published.source
            self._stats.inc_value(f"levantcrawl/dates/published_from/{published.source}")
        modified = choose_date(item.extracted.modified, tz=tz, now=now, warnings=warnings)
        if modified is not None:
            item.modified_at, item.modified_source = modified.value, modified.source
        for warning in warnings:
            logger.debug("%s: %s", item.canonical_url, warning)
        return item
