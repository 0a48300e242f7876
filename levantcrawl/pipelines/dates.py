"""Choose the published and modified dates by trust and normalise them to aware UTC."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.exceptions import NotConfigured

from levantcrawl.items import ArticleItem
from levantcrawl.normalize.dates import to_utc

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from levantcrawl.extraction.metadata import DateCandidate

logger = logging.getLogger(__name__)


def choose(
    candidates: Sequence[DateCandidate], *, tz: ZoneInfo, now: datetime, warnings: list[str]
) -> tuple[datetime, bool, str] | None:
    """The first readable candidate, in the order extraction listed them (most trusted first)."""
    for candidate in candidates:
        if (parsed := to_utc(candidate.raw, site_tz=tz, now=now)) is not None:
            return parsed[0], parsed[1], candidate.source
        warnings.append(f"unreadable or impossible {candidate.source} date {candidate.raw!r}")
    return None


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
        published = choose(item.extracted.published, tz=tz, now=now, warnings=item.warnings)
        if published is None:
            self._stats.inc_value("levantcrawl/dates/no_published")
        else:
            item.published_at, item.published_has_time, item.published_source = published
            self._stats.inc_value(f"levantcrawl/dates/published_from/{published[2]}")
        modified = choose(item.extracted.modified, tz=tz, now=now, warnings=item.warnings)
        if modified is not None:
            item.modified_at, _, item.modified_source = modified
        for warning in item.warnings:
            logger.debug("%s: %s", item.canonical_url, warning)
        return item
