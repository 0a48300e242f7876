"""Discovery and page handling shared by every news spider: robots.txt, sitemaps, feeds,
section listings and links, then one ArticleItem per canonical article page."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import scrapy
from protego import Protego
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from levantcrawl.crawlsite import CrawlSite, CrawlSites, attach_sites
from levantcrawl.discovery import DiscoveryError, parse_listing, sitemaps_from_robots
from levantcrawl.items import (
    AliasItem,
    ArticleItem,
    Capture,
    FailureItem,
    GoneItem,
    NotModifiedItem,
)
from levantcrawl.middlewares.traps import TRAP
from levantcrawl.normalize.dates import DateCandidate
from levantcrawl.normalize.encoding import looks_binary
from levantcrawl.normalize.urls import (
    STORY_URLS,
    canonical_url,
    pick_canonical,
    strip_tracking,
    trap_reason,
    url_kind,
    url_shape,
    variant_of,
)
from levantcrawl.outcome import START_FAILURE, UNREACHABLE
from levantcrawl.settings_check import check_settings
from levantcrawl.spiders.links import NewLinks
from levantcrawl.spiders.page import Page
from levantcrawl.spiders.params import SpiderParams
from levantcrawl.spiders.revisits import (
    GONE_STATUSES,
    NOT_MODIFIED,
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

BUSY_STATUSES = (429, 503)
_FALLBACK_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")
_FALLBACK_FEEDS = ("/feed/", "/rss.xml")


class NewsSiteSpider(scrapy.Spider):
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

    params: SpiderParams
    site: CrawlSite  # what the crawl knows about the site, shared with the components
    revisits: RevisitPlan
    listed: dict[str, str]  # canonical URL -> lastmod, listed in this crawl, not yet fetched
    frontier: bool  # requests go through a shared Redis queue (levantcrawl/frontier/)
    allowed_domains: list[str]
    start_url: str
    tracking: frozenset[str]
    new_links: NewLinks

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

    def _skip_known(self, url: str) -> bool:
        """A link to an archived article is left to the revisit schedule."""
        return self.revisits.lookup(url) is not None

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

    # --- Pages ---------------------------------------------------------------------------------

    def page_failed(self, failure: Failure) -> Iterator[FailureItem]:
        """A page that could not be fetched (timeout, size cap, refused, a redirect off the
        site or past the cap) is a failure row, not just a log line. An HTTP error status on
        a discovered link is not: broken links are the site's, and there are many."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        if request.meta.get("discovered_via") == "start":
            self._start_failed(request.url, failure)
        if isinstance(failure.value, HttpError):
            return
        if isinstance(failure.value, IgnoreRequest) and (
            "robots.txt" in str(failure.value) or str(failure.value) == TRAP
        ):
            return  # obeying robots.txt and skipping a trap are policy, not failures
        reason = f"{type(failure.value).__name__}: {failure.getErrorMessage()}"[:500]
        self.crawler.stats.inc_value("levantcrawl/pages/fetch_failed")
        logger.info("could not fetch %s: %s", request.url, reason)
        yield FailureItem(
            url=request.url, site_host=self.params.host, reason=reason, fetched_at=datetime.now(UTC)
        )
        stats = self.crawler.stats
        if (
            not self.frontier  # a frontier's worker waits for other seeds
            and stats.get_value(START_FAILURE)
            and not stats.get_value("response_received_count")
        ):
            # Nothing answered, the start URL included: the site is out of reach, and the
            # fallback sitemaps and feeds would only fail the same way, retries and all.
            raise CloseSpider(UNREACHABLE)

    def _start_failed(self, url: str, failure: Failure) -> None:
        """Remember why the start URL failed: a crawl that fetches nothing else fails with
        this as its reason (fetch_check.py)."""
        if isinstance(failure.value, HttpError):
            why = f"HTTP {failure.value.response.status}"
        else:
            why = f"{type(failure.value).__name__}: {failure.getErrorMessage()}"
        self.crawler.stats.set_value(START_FAILURE, f"cannot fetch {url} ({why.strip()})"[:500])

    def parse_page(self, response: Response) -> Iterator[Any]:
        fetched_at = datetime.now(UTC)
        if response.status == NOT_MODIFIED:
            yield NotModifiedItem(
                url=response.url,
                site_host=self.params.host,
                canonical_url=canonical_url(response.url, self.tracking),
                fetched_at=fetched_at,
                listed_lastmod=self._listed_for(response),
            )
            return
        if response.status in BUSY_STATUSES:
            wait = response.meta.get("retry_after")
            reason = f"HTTP {response.status}" + (
                f", retry after {wait:.0f}s: postponed" if wait is not None else ": server busy"
            )
            yield FailureItem(
                url=response.url, site_host=self.params.host, reason=reason, fetched_at=fetched_at
            )
            return
        if response.status in GONE_STATUSES:
            yield GoneItem(
                capture=self._capture(response, fetched_at),
                site_host=self.params.host,
                canonical_url=canonical_url(response.url, self.tracking),
            )
            return
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("levantcrawl/pages/not_html")
            return
        if looks_binary(response.body):
            self.crawler.stats.inc_value("levantcrawl/pages/binary_as_html")
            yield FailureItem(
                url=response.url,
                site_host=self.params.host,
                reason="binary content served as HTML",
                fetched_at=fetched_at,
            )
            return
        page = Page.of(response)
        if self.params.follow_links and not self.params.refresh:
            yield from self._follow(page)
        declared = page.canonical()
        canonical = pick_canonical(response.url, declared, self.params.host, self.tracking)
        redirects = tuple(response.meta.get("redirect_urls", ()))
        if (target := variant_of(response.url, declared, self.params.host, redirects)) is not None:
            # A variant (AMP, trailing slash, parameters): archive the canonical page instead.
            yield AliasItem(url=response.url, site_host=self.params.host, canonical_url=canonical)
            if self._in_scope(target) and not self._skip_known(target):
                yield response.follow(
                    target,
                    callback=self.parse_page,
                    errback=self.page_failed,
                    priority=15,
                    meta={"discovered_via": "canonical"},
                )
            return
        if not page.looks_like_article() and url_kind(response.url) not in STORY_URLS:
            # Only pages neither marked nor at an article's address spend their shape's
            # budget: a site with thousands of /news/123456 articles is not a trap, a
            # calendar is.
            self.site.count_listing(url_shape(response.url))
        # Every page goes to extraction, marked or not: detection there decides whether it
        # is an article, and says why (extraction/detection.py).
        yield ArticleItem(
            capture=self._capture(response, fetched_at),
            html=page.html,
            site_host=self.params.host,
            canonical_url=canonical,
            discovered_via=response.meta.get("discovered_via", "link"),
            hint_dates=self._hint_dates(response),
            listed_lastmod=self._listed_for(response, canonical),
            site_tz=self.params.tz,
            aliases=tuple(dict.fromkeys([response.url, response.request.url]))
            if response.request
            else (response.url,),
        )

    def _listed_for(self, response: Response, canonical: str | None = None) -> str | None:
        """The lastmod a sitemap or feed gave for this page in this crawl, if any."""
        key = canonical or canonical_url(response.url, self.tracking)
        return response.meta.get("listed_lastmod") or self.listed.pop(key, None)

    @staticmethod
    def _hint_dates(response: Response) -> tuple[DateCandidate, ...]:
        hint = response.meta.get("hint_published")
        return (DateCandidate(str(hint[0]), str(hint[1])),) if hint else ()

    def _follow(self, page: Page) -> Iterator[scrapy.Request | AliasItem]:
        # Scope is checked here, per link: allowed_domains would compare "host:port".
        for url in self.new_links.of(page):
            if not self._in_scope(url):
                continue
            if (cleaned := self._clean(url)) != url:
                # The tracking variant is never fetched, but it was seen: keep it as an alias.
                target = canonical_url(cleaned, self.tracking)
                yield AliasItem(url=url, site_host=self.params.host, canonical_url=target)
            if self._skip_known(url) or self._trapped(url):
                continue
            yield scrapy.Request(
                cleaned,
                callback=self.parse_page,
                errback=self.page_failed,
                meta={"discovered_via": "link"},
            )

    def _clean(self, url: str) -> str:
        return strip_tracking(url, self.tracking)

    def _trapped(self, url: str) -> bool:
        """Calendars, endless pagination and relative-link loops: a path repeating its
        segments, or more link-found URLs of one shape than the budget allows."""
        site = self.site
        reason = trap_reason(
            url,
            site.pattern_counts,
            budget=site.pattern_budget,
            max_repeats=site.max_segment_repeats,
        )
        if reason is not None:
            self.crawler.stats.inc_value(f"levantcrawl/discovery/trap/{reason}")
            return True
        return False

    def _in_scope(self, url: str) -> bool:
        """http(s) on the crawl's own host, nothing else: no file://, no other site."""
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and host == self.params.host

    @staticmethod
    def _capture(response: Response, fetched_at: datetime) -> Capture:
        headers = {
            key.decode("latin-1"): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        return Capture(
            url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=fetched_at,
        )
