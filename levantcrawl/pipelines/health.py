"""Tally extraction health for the crawl and compare it with the site's earlier crawls."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import NotConfigured

from levantcrawl.crawlsite import sites_of
from levantcrawl.health import PREFIX, HealthTally, alerts
from levantcrawl.items import ArticleItem, RefusedItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class HealthPipeline:
    """Counts what extraction found; at the end, compares it with the site's earlier crawls."""

    def __init__(self, crawler: Crawler, drop: float) -> None:
        self._crawler = crawler
        self._stats: StatsCollector = crawler.stats
        self._drop = drop
        self._tally = HealthTally()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        drop = crawler.settings.getfloat("LEVANTCRAWL_HEALTH_ALERT_DROP")
        if drop <= 0:
            raise NotConfigured("LEVANTCRAWL_HEALTH_ALERT_DROP is 0")
        return cls(crawler, drop)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, RefusedItem):
            self._tally.refuse(article_like=item.article_like)
        if isinstance(item, ArticleItem) and item.extracted is not None:
            extracted = item.extracted
            verdict = extracted.verdict
            self._tally.add(
                title=bool(extracted.title),
                published=item.published_at is not None,
                authors=bool(extracted.authors),
                section=item.section is not None,
                words=extracted.word_count,
                kept=extracted.kept_ratio,
                marked=verdict is None or verdict.basis == "marked",
            )
        return item

    def close_spider(self) -> None:
        summary = self._tally.summary()
        for name, value in summary.items():
            self._stats.set_value(PREFIX + name, value)
        # The site's earlier figures, as the store read them when the crawl opened.
        site = next(iter(sites_of(self._crawler)), None)
        earlier = site.earlier_health if site is not None else []
        found = alerts(summary, earlier, drop=self._drop)
        self._stats.set_value(PREFIX + "alerts", found)
        for alert in found:
            hint = "" if alert.startswith("detect/") else " (a site redesign?)"
            logger.warning("extraction health: %s%s", alert, hint)
