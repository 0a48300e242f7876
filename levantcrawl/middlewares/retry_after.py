"""429 and 503 with Retry-After: wait as asked (a short wait), or postpone the URL to a later
crawl (a long one), instead of hammering the server with immediate retries."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)
BUSY = (429, 503)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date. None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware:
    """Runs before Scrapy's RetryMiddleware; without a Retry-After header it stays out of
    the way. The URL's own retries are counted, so a server that always says "busy" ends."""

    def __init__(self, stats: StatsCollector, max_wait: float, max_retries: int) -> None:
        self._stats = stats
        self._max_wait = max_wait
        self._max_retries = max_retries

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        max_wait = crawler.settings.getfloat("LEVANTCRAWL_RETRY_AFTER_MAX_SECONDS")
        if max_wait <= 0:
            raise NotConfigured("LEVANTCRAWL_RETRY_AFTER_MAX_SECONDS is 0")
        return cls(crawler.stats, max_wait, crawler.settings.getint("RETRY_TIMES"))

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if response.status not in BUSY:
            return response
        header = response.headers.get("Retry-After")
        wait = retry_after_seconds(header.decode("latin-1") if header else None, datetime.now(UTC))
        if wait is None:
            return response  # Scrapy's RetryMiddleware retries it, without a wait
        tries = int(request.meta.get("retry_after_times", 0))
        if wait > self._max_wait or tries >= self._max_retries:
            # Postponed: the page reaches the spider as a 429/503 and is recorded as such.
            self._stats.inc_value("levantcrawl/retry_after/postponed")
            request.meta["dont_retry"] = True
            request.meta["retry_after"] = wait  # the spider reads it as response.meta
            return response
        self._stats.inc_value("levantcrawl/retry_after/waited")
        logger.debug("%s says retry after %.0fs; waiting", request.url, wait)
        await asyncio.sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = tries + 1
        return retry
