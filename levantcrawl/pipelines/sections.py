"""Give each article one canonical section: breadcrumbs, then article:section, then the URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured

from levantcrawl.items import ArticleItem
from levantcrawl.normalize.sections import choose_section

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class SectionsPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self._stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("LEVANTCRAWL_SECTIONS_ENABLED"):
            raise NotConfigured("LEVANTCRAWL_SECTIONS_ENABLED is off")
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or item.extracted is None:
            return item
        extracted = item.extracted
        item.section = choose_section(
            extracted.breadcrumbs,
            extracted.section_labels,
            title=extracted.title,
            url_path=urlsplit(item.canonical_url).path,
        )
        if item.section is None:
            self._stats.inc_value("levantcrawl/sections/missing")
        return item
