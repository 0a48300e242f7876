"""Give each article one canonical section: breadcrumbs, then article:section, then the URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import NotConfigured

from levantcrawl.assemble import attach_section
from levantcrawl.crawlsite import CrawlSites, sites_of
from levantcrawl.items import ArticleItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class SectionsPipeline:
    """A site's own section labels map to names through its CrawlSite's section aliases."""

    def __init__(self, stats: StatsCollector, sites: CrawlSites) -> None:
        self._stats = stats
        self._sites = sites

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("LEVANTCRAWL_SECTIONS_ENABLED"):
            raise NotConfigured("LEVANTCRAWL_SECTIONS_ENABLED is off")
        aliases = crawler.settings.getdict("LEVANTCRAWL_SECTIONS_ALIASES")
        if not all(isinstance(v, dict) for v in aliases.values()):
            raise ValueError("LEVANTCRAWL_SECTIONS_ALIASES must map a host to {label: name}")
        return cls(crawler.stats, sites_of(crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or item.extracted is None:
            return item
        site = self._sites.for_host(item.site_host)
        attach_section(item, site.section_aliases if site is not None else None)
        if item.section is None:
            self._stats.inc_value("levantcrawl/sections/missing")
        return item
