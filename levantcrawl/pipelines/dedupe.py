"""Drop a second copy of an article within one crawl: the same canonical URL, or the same
canonical URL and body seen through another address."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import DropItem, NotConfigured

from levantcrawl.items import ArticleItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector


def near_threshold(settings: BaseSettings) -> float | None:
    """The similarity at which a stored article is recorded as a copy of an earlier one;
    None when dedupe is off. The store uses it, and so does the crawl's cold-start pass."""
    if not settings.getbool("LEVANTCRAWL_DEDUPE_ENABLED"):
        return None
    return settings.getfloat("LEVANTCRAWL_DEDUPE_NEAR_THRESHOLD")


class DedupePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self._stats = stats
        self._seen: dict[str, str] = {}  # canonical URL -> body hash

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("LEVANTCRAWL_DEDUPE_ENABLED"):
            raise NotConfigured("LEVANTCRAWL_DEDUPE_ENABLED is off")
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        seen = self._seen.get(item.canonical_url)
        if seen is not None:
            event = "same_body" if seen == item.body_sha256 else "same_url"
            self._stats.inc_value(f"levantcrawl/dedupe/dropped_{event}")
            raise DropItem(f"{item.canonical_url} already archived in this crawl ({event})")
        self._seen[item.canonical_url] = item.body_sha256
        return item
