"""Give each article one canonical section: breadcrumbs, then article:section, then the URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured

from levantcrawl.items import ArticleItem
from levantcrawl.normalize.sections import from_breadcrumbs, from_label, from_url_path

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
        section = from_breadcrumbs(extracted.breadcrumbs, extracted.title)
        for label in extracted.section_labels:
            if section is not None:
                break
            section = from_label(label)
        if section is None:
            section = from_url_path(urlsplit(item.canonical_url).path)
        if section is None:
            self._stats.inc_value("levantcrawl/sections/missing")
        item.section = section
        return item
