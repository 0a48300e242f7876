"""What a crawl knows about a site it crawls: made once when the crawl starts, handed to
every component through the crawler (`sites_of`), kept up to date by the crawl.

The spider makes it from its arguments and settings; the store fills in what the archive
said at the crawl's start (the revisit plan, the stored site model, earlier health figures),
read once, by the crawl's writer; middlewares and pipelines look a site up by host. One site
per crawl today: the lookup by host is what a crawl of many sites needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from scrapy.crawler import Crawler

    from levantcrawl.storage.revisits import KnownArticle

_ATTRIBUTE = "levantcrawl_sites"


@dataclass(slots=True)
class CrawlSite:
    host: str
    start_url: str
    tz: str | None = None  # the site's zone for dates printed without one; None: the default
    section_aliases: Mapping[str, str] = field(default_factory=dict)
    pattern_budget: int = 0  # link-found pages of one URL shape before it is a trap; 0: off
    max_segment_repeats: int = 0
    read_revisits: bool = True  # the crawl revisits or refreshes: it needs the revisit plan
    # Kept up to date while the crawl runs.
    crawl_delay: float = 0.0  # robots.txt's Crawl-delay, once read
    pattern_counts: dict[str, int] = field(default_factory=dict)  # listings per URL shape
    # What the archive said at the crawl's start (StorePipeline.open_spider).
    known: dict[str, KnownArticle] = field(default_factory=dict)  # the revisit plan
    stored_model: dict[str, Any] | None = None  # the site model earlier crawls learned
    earlier_health: list[dict[str, float]] = field(default_factory=list)

    def count_listing(self, shape: str) -> None:
        self.pattern_counts[shape] = self.pattern_counts.get(shape, 0) + 1

    def over_budget(self, shape: str) -> bool:
        budget = self.pattern_budget
        return bool(budget) and self.pattern_counts.get(shape, 0) >= budget


class CrawlSites:
    """The crawl's sites by host."""

    def __init__(self, sites: list[CrawlSite]) -> None:
        self._by_host = {site.host: site for site in sites}

    def __iter__(self) -> Iterator[CrawlSite]:
        return iter(self._by_host.values())

    def for_host(self, host: str | None) -> CrawlSite | None:
        return self._by_host.get(host or "")

    def for_url(self, url: str) -> CrawlSite | None:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return None
        return self.for_host(host)

    @property
    def start_hosts(self) -> frozenset[str]:
        return frozenset(self._by_host)


def attach_sites(crawler: Crawler, sites: CrawlSites) -> None:
    """Made by the spider, first of the crawl's components (Scrapy builds it first)."""
    setattr(crawler, _ATTRIBUTE, sites)


def sites_of(crawler: Crawler | None) -> CrawlSites:
    """The crawl's sites; none for a component built outside a crawl of ours (a test's
    crawler, another spider)."""
    found = getattr(crawler, _ATTRIBUTE, None)
    return found if isinstance(found, CrawlSites) else CrawlSites([])
