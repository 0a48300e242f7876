"""The news spider: its arguments and site, where a crawl starts (robots.txt, the start page,
the due revisits), and discovery through sitemaps and feeds. What it makes of each page is
spiders/responses.py's."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import scrapy
from protego import Protego
from scrapy.http import Response, TextResponse

from levantcrawl.crawlsite import CrawlSite, CrawlSites, attach_sites
from levantcrawl.discovery import DiscoveryError, parse_listing, sitemaps_from_robots
from levantcrawl.normalize.urls import (
    canonical_url,
)
from levantcrawl.settings_check import check_settings
from levantcrawl.spiders.links import NewLinks
from levantcrawl.spiders.params import SpiderParams
from levantcrawl.spiders.responses import PageSpider
from levantcrawl.spiders.revisits import (
    RevisitPlan,
    listed_changed,
    listed_lastmod,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

    from levantcrawl.storage.revisits import KnownArticle

logger = logging.getLogger(__name__)

_FALLBACK_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")
_FALLBACK_FEEDS = ("/feed/", "/rss.xml")


class NewsSiteSpider(PageSpider):
    """Crawl one news site from its start URL; no per-site code needed."""

    def __init__(
        self,
        start_url: str | None = None,
        tz: str | None = None,
        follow_links: str | bool = "",
        revisit: str = "",
        refresh: str | bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._raw_args = (start_url, tz, follow_links, revisit, refresh)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSiteSpider:
        spider: NewsSiteSpider = super().from_crawler(crawler, *args, **kwargs)
        start_url, tz, follow, revisit, refresh = spider._raw_args
        settings = crawler.settings
        check_settings(settings)  # first: the spider is the first component Scrapy builds
        params = spider.params = SpiderParams.parse(
            start_url,
            tz=tz,
            follow_links=follow
            if follow != ""
            else settings.getbool("LEVANTCRAWL_DISCOVERY_FOLLOW_LINKS"),
            revisit=revisit or settings.get("LEVANTCRAWL_DISCOVERY_REVISIT"),
            refresh=refresh,
        )
        aliases = settings.getdict("LEVANTCRAWL_SECTIONS_ALIASES").get(params.host)
        spider.site = CrawlSite(
            host=params.host,
            start_url=params.start_url,
            tz=params.tz,
            section_aliases=aliases if isinstance(aliases, dict) else {},
            pattern_budget=settings.getint("LEVANTCRAWL_DISCOVERY_PATTERN_BUDGET"),
            max_segment_repeats=settings.getint("LEVANTCRAWL_DISCOVERY_MAX_SEGMENT_REPEATS"),
            read_revisits=params.revisit != "none" or params.refresh,
        )
        attach_sites(crawler, CrawlSites([spider.site]))
        spider.listed = {}
        spider.frontier = bool(settings.get("LEVANTCRAWL_FRONTIER_URL"))
        spider.start_url = params.start_url
        spider.allowed_domains = [params.host]
        spider.tracking = frozenset(settings.getlist("LEVANTCRAWL_URLS_TRACKING_PARAMS"))
        spider.revisits = RevisitPlan(spider.site, params.revisit, spider.tracking)
        spider.new_links = NewLinks(params.host, settings.getlist("LEVANTCRAWL_DISCOVERY_DENY"))
        return spider

    allowed_domains: list[str]
    start_url: str

    # --- Start ---------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        # The revisit plan (site.known) was read by the store as the crawl opened.
        if self.frontier:
            return  # seeds come from Redis, popped by the FrontierWorker extension when idle
        for request in self.seed_requests(self.params.start_url):
            yield request

    def starts_whole_site(self, url: str) -> bool:
        return url == self.params.start_url or urlsplit(url).path in ("", "/")

    def seed_requests(self, url: str) -> list[scrapy.Request]:
        """Where a crawl starts. The start URL, or a site's home page pushed to a shared
        frontier, starts everything: robots.txt (then sitemaps and feeds), the page itself and
        the due revisits. Any other pushed URL is fetched as a page, and what it links to.
        Seeds are deliberate: a shared seen-filter must not drop them."""
        whole_site = self.starts_whole_site(url)
        if whole_site:
            self.new_links.forget()
        requests = []
        if not self.params.refresh:
            if whole_site:
                requests.append(
                    scrapy.Request(
                        urljoin(url, "/robots.txt"),
                        callback=self.parse_robots,
                        errback=self.robots_failed,
                        priority=30,
                        meta={"discovered_via": "robots"},
                        dont_filter=self.frontier,
                    )
                )
            requests.append(
                scrapy.Request(
                    url,
                    callback=self.parse_page,
                    errback=self.page_failed,
                    priority=20,
                    meta={"discovered_via": "start"},
                    dont_filter=self.frontier,
                )
            )
        if not whole_site:
            return requests
        revisits = self.revisits.due()
        self.crawler.stats.set_value("levantcrawl/discovery/revisits", len(revisits))
        logger.info(
            "revisiting %d of %d archived articles of %s (%s)",
            len(revisits),
            len(self.revisits.known),
            self.params.host,
            self.params.revisit,
        )
        requests.extend(self._revisit_request(known) for known in revisits)
        return requests

    def _revisit_request(
        self, known: KnownArticle, *, via: str = "revisit", listed: str | None = None
    ) -> scrapy.Request:
        return self.revisits.request(
            known,
            callback=self.parse_page,
            errback=self.page_failed,
            dont_filter=self.frontier,
            via=via,
            listed=listed,
        )

    # --- Discovery -----------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        text = response.text if isinstance(response, TextResponse) else ""
        user_agent = str(self.crawler.settings.get("USER_AGENT"))
        delay = Protego.parse(text).crawl_delay(user_agent)
        if delay:
            self.site.crawl_delay = float(delay)
            logger.info("robots.txt asks for %ss between requests", delay)
        sitemaps = sitemaps_from_robots(text) or [
            urljoin(response.url, p) for p in _FALLBACK_SITEMAPS
        ]
        for url in sitemaps:
            yield self._listing_request(url, "sitemap")
        for path in _FALLBACK_FEEDS:
            yield self._listing_request(urljoin(response.url, path), "feed")

    def robots_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        logger.info("no robots.txt (%s); trying the usual sitemap places", failure.value)
        for path in _FALLBACK_SITEMAPS:
            yield self._listing_request(urljoin(self.params.start_url, path), "sitemap")

    def _listing_request(self, url: str, via: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            priority=25,
            meta={"discovered_via": via},
            dont_filter=self.frontier,  # listings change: each crawl reads them again
        )

    def listing_failed(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("levantcrawl/discovery/listing_failed")
        logger.debug("listing unavailable: %s", failure.value)

    def parse_listing(self, response: Response) -> list[scrapy.Request]:
        """Every request a listing makes, built at once: Scrapy takes a callback's output
        one at a time, interleaved with other pages', and a page seen meanwhile would link
        to articles not yet marked in the link memo (new_links), requests the scheduler
        only drops."""
        try:
            listing = parse_listing(response.body)
        except DiscoveryError as exc:
            self.crawler.stats.inc_value("levantcrawl/discovery/bad_xml")
            logger.warning("skipping %s: %s", response.url, exc)
            return []
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(f"levantcrawl/discovery/{listing.kind}")
        via = "feed" if listing.kind == "feed" else response.meta.get("discovered_via", "sitemap")
        if listing.kind == "urlset" and any(e.published for e in listing.entries):
            via = "news-sitemap"
        requests = []
        for entry in listing.entries:
            url = urljoin(response.url, entry.url)
            if listing.kind == "sitemapindex":
                requests.append(self._listing_request(url, "sitemap"))
            elif not self._in_scope(url):
                continue
            elif (known := self.revisits.lookup(url)) is not None:
                # (A due article is already asked for by the crawl's revisits.)
                due = self.revisits.should_revisit(known)
                if listed_changed(known, entry.lastmod) and not due:
                    self.crawler.stats.inc_value("levantcrawl/discovery/lastmod_changed")
                    listed = listed_lastmod(entry.lastmod or "")
                    requests.append(self._revisit_request(known, via=via, listed=listed))
            else:
                meta: dict[str, Any] = {"discovered_via": via}
                if entry.lastmod:
                    meta["listed_lastmod"] = listed_lastmod(entry.lastmod)
                    # For the page if a link brings it first (this request is then dropped).
                    self.listed[canonical_url(url, self.tracking)] = meta["listed_lastmod"]
                if entry.published:  # a news sitemap's or a feed's publication date
                    meta["hint_published"] = (
                        entry.published,
                        "feed" if via == "feed" else "sitemap",
                    )
                cleaned = self._clean(url)
                if cleaned == url:  # a page's link to a tracking variant still makes an alias
                    self.new_links.mark(url)
                requests.append(
                    scrapy.Request(
                        cleaned,
                        callback=self.parse_page,
                        errback=self.page_failed,
                        priority=10,
                        meta=meta,
                    )
                )
        return requests
