"""Which archived articles a crawl asks for again, and how: the revisit plan the archive gave
at the crawl's start (CrawlSite.known), the crawl's revisit mode, and a sitemap's or feed's
lastmod that differs from the one recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import scrapy

from levantcrawl.normalize.urls import canonical_url, without_amp

if TYPE_CHECKING:
    from collections.abc import Callable

    from levantcrawl.crawlsite import CrawlSite
    from levantcrawl.storage.revisits import KnownArticle

GONE_STATUSES = (404, 410)
NOT_MODIFIED = 304
_LASTMOD_CHARS = 64  # article.listed_lastmod's width


def listed_lastmod(raw: str) -> str:
    """A lastmod as recorded: the site's own text, trimmed, compared as it is."""
    return raw.strip()[:_LASTMOD_CHARS]


def listed_changed(known: KnownArticle, lastmod: str | None) -> bool:
    """A sitemap's or feed's lastmod that differs from the one recorded at the article's
    last fetch makes it due, whatever the clocks say: a site's edit may carry a time
    before our capture (its clock, its zone, an editor's back-dating). None recorded
    (archived by an older levantcrawl, or first found through a link): asked once,
    conditionally, to record it. No lastmod: the revisit schedule decides."""
    if not lastmod:
        return False
    return listed_lastmod(lastmod) != known.listed_lastmod


class RevisitPlan:
    def __init__(self, site: CrawlSite, mode: str, tracking: frozenset[str]) -> None:
        self._site = site
        self.mode = mode  # due | all | none
        self._tracking = tracking

    @property
    def known(self) -> dict[str, KnownArticle]:
        return self._site.known

    def should_revisit(self, known: KnownArticle) -> bool:
        return self.mode == "all" or (self.mode == "due" and known.due)

    def due(self) -> list[KnownArticle]:
        return [known for known in self.known.values() if self.should_revisit(known)]

    def lookup(self, url: str) -> KnownArticle | None:
        if not self.known:  # a first crawl: no URL to work out (a sitemap lists thousands)
            return None
        # An article's AMP twin is the article, as pick_canonical makes it.
        return self.known.get(canonical_url(without_amp(url), self._tracking))

    def request(
        self,
        known: KnownArticle,
        *,
        callback: Callable[..., Any],
        errback: Callable[..., Any],
        dont_filter: bool,
        via: str = "revisit",
        listed: str | None = None,
    ) -> scrapy.Request:
        """A conditional GET: an unchanged page costs the server a 304 and us nothing.
        `dont_filter`: due again, which a shared seen-filter may remember."""
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        return scrapy.Request(
            known.url,
            callback=callback,
            errback=errback,
            priority=5,
            headers=headers,
            dont_filter=dont_filter,
            meta={
                "discovered_via": via,
                "known": True,
                "handle_httpstatus_list": [NOT_MODIFIED, *GONE_STATUSES],
                "listed_lastmod": listed,
            },
        )
