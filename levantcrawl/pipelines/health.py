"""Tally extraction health for the crawl and compare it with the site's earlier crawls."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import NotConfigured

from levantcrawl.health import PREFIX, HealthTally, alerts
from levantcrawl.items import ArticleItem, RefusedItem
from levantcrawl.storage import sites
from levantcrawl.storage.db import ArchiveError, open_archive

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class HealthPipeline:
    def __init__(self, crawler: Crawler, drop: float) -> None:
        self._crawler = crawler
        self._stats: StatsCollector = crawler.stats
        self._drop = drop
        self._tally = HealthTally()
        self._earlier: list[dict[str, float]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        drop = crawler.settings.getfloat("LEVANTCRAWL_HEALTH_ALERT_DROP")
        if drop <= 0:
            raise NotConfigured("LEVANTCRAWL_HEALTH_ALERT_DROP is 0")
        return cls(crawler, drop)

    def open_spider(self) -> None:
        host = getattr(getattr(self._crawler.spider, "params", None), "host", None)
        if not host:
            return
        try:
            archive = open_archive(str(self._crawler.settings.get("LEVANTCRAWL_DB_URL")))
        except ArchiveError as exc:
            logger.warning("no earlier health figures: %s", exc)
            return
        try:
            with archive.sessions() as session:
                self._earlier = sites.earlier_health(session, host, PREFIX)
        finally:
            archive.close()

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
        found = alerts(summary, self._earlier, drop=self._drop)
        self._stats.set_value(PREFIX + "alerts", found)
        for alert in found:
            hint = "" if alert.startswith("detect/") else " (a site redesign?)"
            logger.warning("extraction health: %s%s", alert, hint)
