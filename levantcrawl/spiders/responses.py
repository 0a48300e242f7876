"""What the news spider makes of each fetched page: a capture and an ArticleItem for every
HTML page (detection in extraction decides which are articles), an alias for a variant, a
removal for a 404 or 410, a failure row for what could not be fetched; and the links a page
leads to, within the site's scope and trap budget."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError

from levantcrawl.firstread import reader_of
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
from levantcrawl.spiders.page import read_page
from levantcrawl.spiders.revisits import GONE_STATUSES, NOT_MODIFIED

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from twisted.python.failure import Failure

    from levantcrawl.crawlsite import CrawlSite
    from levantcrawl.extraction.outline import PageOutline
    from levantcrawl.firstread import FirstRead, PageReader
    from levantcrawl.spiders.links import NewLinks
    from levantcrawl.spiders.params import SpiderParams
    from levantcrawl.spiders.revisits import RevisitPlan

logger = logging.getLogger(__name__)
BUSY_STATUSES = (429, 503)
# Where the pages come from that are articles: a sitemap's or a feed's entries, the
# archive's own articles, a variant's canonical page. (Link-found pages at an article's
# address too: _read_first.)
_ARTICLE_SOURCES = frozenset({"sitemap", "news-sitemap", "feed", "revisit", "canonical"})


class PageSpider(scrapy.Spider):
    """Page handling; NewsSiteSpider (spiders/base.py) sets what it reads when it starts."""

    params: SpiderParams
    site: CrawlSite  # what the crawl knows about the site, shared with the components
    revisits: RevisitPlan
    listed: dict[str, str]  # canonical URL -> lastmod, listed in this crawl, not yet fetched
    frontier: bool  # requests go through a shared Redis queue (levantcrawl/frontier/)
    tracking: frozenset[str]
    new_links: NewLinks

    def _skip_known(self, url: str) -> bool:
        """A link to an archived article is left to the revisit schedule."""
        return self.revisits.lookup(url) is not None

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

    def parse_page(self, response: Response) -> Iterator[Any] | AsyncIterator[Any]:
        """What a page makes. A page that is likely an article (_read_first) goes to an
        extraction worker first, which gives back its links and canonical URL with its
        text; any other page (the start page, listings, tag pages) is parsed here, at once,
        so that discovery goes on while the articles are read, and so is every page while
        the site model warms up (the reader does not read first yet)."""
        fetched_at = datetime.now(UTC)
        if (answered := self._answered(response, fetched_at)) is not None:
            return iter(answered)
        reader = reader_of(self.crawler)
        if reader is not None and reader.reads_first() and self._read_first(response):
            return self._page_read_first(response, fetched_at, reader)
        return self._page(response, self._capture(response, fetched_at), self._parsed(response))

    def _read_first(self, response: Response) -> bool:
        """An article's address, or a page a sitemap or feed listed or the archive holds."""
        via = response.meta.get("discovered_via", "link")
        return via in _ARTICLE_SOURCES or url_kind(response.url) in STORY_URLS

    async def _page_read_first(
        self, response: Response, fetched_at: datetime, reader: PageReader
    ) -> AsyncIterator[Any]:
        capture = self._capture(response, fetched_at)
        first = await reader.read_first(capture)
        self.crawler.stats.inc_value("levantcrawl/pages/read_first")
        outline = first.outline if first.outline is not None else self._parsed(response)
        made = list(self._page(response, capture, outline, first))
        if any(isinstance(output, ArticleItem) for output in made):
            reader.settle(first)  # before the first yield, where other pages' turn comes
        for output in made:
            yield output

    def _parsed(self, response: Response) -> PageOutline:
        self.crawler.stats.inc_value("levantcrawl/pages/parsed_in_crawl")
        return read_page(response)

    def _answered(self, response: Response, fetched_at: datetime) -> list[Any] | None:
        """What a page makes that is not read: a status of its own, or no HTML."""
        if response.status == NOT_MODIFIED:
            return [
                NotModifiedItem(
                    url=response.url,
                    site_host=self.params.host,
                    canonical_url=canonical_url(response.url, self.tracking),
                    fetched_at=fetched_at,
                    listed_lastmod=self._listed_for(response),
                )
            ]
        if response.status in BUSY_STATUSES:
            wait = response.meta.get("retry_after")
            reason = f"HTTP {response.status}" + (
                f", retry after {wait:.0f}s: postponed" if wait is not None else ": server busy"
            )
            return [
                FailureItem(
                    url=response.url,
                    site_host=self.params.host,
                    reason=reason,
                    fetched_at=fetched_at,
                )
            ]
        if response.status in GONE_STATUSES:
            return [
                GoneItem(
                    capture=self._capture(response, fetched_at),
                    site_host=self.params.host,
                    canonical_url=canonical_url(response.url, self.tracking),
                )
            ]
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("levantcrawl/pages/not_html")
            return []
        if looks_binary(response.body):
            self.crawler.stats.inc_value("levantcrawl/pages/binary_as_html")
            return [
                FailureItem(
                    url=response.url,
                    site_host=self.params.host,
                    reason="binary content served as HTML",
                    fetched_at=fetched_at,
                )
            ]
        return None

    def _page(
        self,
        response: Response,
        capture: Capture,
        page: PageOutline,
        first: FirstRead | None = None,
    ) -> Iterator[Any]:
        """An HTML page's links, and its item: an alias for a variant, an ArticleItem to
        extract otherwise (with the article already read, if `first` holds it)."""
        if self.params.follow_links and not self.params.refresh:
            yield from self._follow(page)
        declared = page.canonical
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
        if not page.marked and url_kind(response.url) not in STORY_URLS:
            # Only pages neither marked nor at an article's address spend their shape's
            # budget: a site with thousands of /news/123456 articles is not a trap, a
            # calendar is.
            self.site.count_listing(url_shape(response.url))
        # Every page goes to extraction, marked or not: detection there decides whether it
        # is an article, and says why (extraction/detection.py).
        yield ArticleItem(
            capture=capture,
            site_host=self.params.host,
            canonical_url=canonical,
            discovered_via=response.meta.get("discovered_via", "link"),
            hint_dates=self._hint_dates(response),
            listed_lastmod=self._listed_for(response, canonical),
            site_tz=self.params.tz,
            aliases=tuple(dict.fromkeys([response.url, response.request.url]))
            if response.request
            else (response.url,),
            first_read=first,
        )

    def _listed_for(self, response: Response, canonical: str | None = None) -> str | None:
        """The lastmod a sitemap or feed gave for this page in this crawl, if any."""
        key = canonical or canonical_url(response.url, self.tracking)
        return response.meta.get("listed_lastmod") or self.listed.pop(key, None)

    @staticmethod
    def _hint_dates(response: Response) -> tuple[DateCandidate, ...]:
        hint = response.meta.get("hint_published")
        return (DateCandidate(str(hint[0]), str(hint[1])),) if hint else ()

    def _follow(self, page: PageOutline) -> Iterator[scrapy.Request | AliasItem]:
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
