"""A progress line while a crawl runs, on stderr: one line rewritten in place on a terminal;
elsewhere (a log file, a pipe, cron's mail) a timestamped line at a steady interval, whatever
the log level, so an unattended crawl shows it is alive and how far it got."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector


def progress_line(stats: dict[str, object], elapsed: float, queued: int | None = None) -> str:
    def get(key: str) -> int:
        value = stats.get(key, 0)
        return value if isinstance(value, int) else 0

    pages = get("response_received_count")
    if queued is None:  # a resumed crawl's counters start again at zero: never below it
        queued = max(0, get("scheduler/enqueued") - get("scheduler/dequeued"))
    return (
        f"{pages} pages ({pages / elapsed if elapsed > 0 else 0.0:.1f}/s) | articles: "
        f"{get('levantcrawl/store/new')} new, {get('levantcrawl/store/revised')} revised, "
        f"{get('levantcrawl/store/unchanged')} unchanged, {get('levantcrawl/store/removed')} "
        f"removed | {get('levantcrawl/store/failures')} failures | "
        f"{queued} queued"
    )


class ProgressExtension:
    def __init__(
        self, crawler: Crawler, stats: StatsCollector, interval: float, *, tty: bool
    ) -> None:
        self._crawler = crawler
        self._stats = stats
        self._interval = interval
        self._started = time.monotonic()
        self._loop: task.LoopingCall | None = None
        self._tty = tty

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        tty = sys.stderr.isatty()
        name = "LEVANTCRAWL_PROGRESS_INTERVAL" if tty else "LEVANTCRAWL_PROGRESS_LOG_INTERVAL"
        interval = crawler.settings.getfloat(name)
        if interval <= 0:
            raise NotConfigured(f"{name} is 0")
        extension = cls(crawler, crawler.stats, interval, tty=tty)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self) -> None:
        self._started = time.monotonic()
        self._loop = task.LoopingCall(self.report)
        self._loop.start(self._interval, now=False)

    def report(self) -> None:
        line = progress_line(
            self._stats.get_stats(), time.monotonic() - self._started, self._queued()
        )
        if self._tty:
            sys.stderr.write(f"\r\x1b[2K{line}")
        else:
            now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            sys.stderr.write(f"{now} progress: {line}\n")
        sys.stderr.flush()

    def _queued(self) -> int | None:
        # Engine.scheduler is public from Scrapy 2.19; older versions fall back to the stats.
        scheduler = getattr(self._crawler.engine, "scheduler", None)
        return len(scheduler) if scheduler is not None and hasattr(scheduler, "__len__") else None

    def closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self._tty:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


class SitesProgress:
    """One progress line for a crawl of many sites (siterun.py), its sites' counts summed,
    in place of a line per site. The same intervals as a one-site crawl's."""

    def __init__(self, crawlers: list[Crawler], interval: float, *, tty: bool) -> None:
        self._crawlers = crawlers
        self._interval = interval
        self._tty = tty
        self._started = time.monotonic()
        self._loop = task.LoopingCall(self.report)

    @classmethod
    def of(cls, settings: BaseSettings, crawlers: list[Crawler]) -> SitesProgress | None:
        """None when progress is off (by the crawl's settings). Each site's crawler goes
        without its own ProgressExtension (siterun.site_settings)."""
        tty = sys.stderr.isatty()
        name = "LEVANTCRAWL_PROGRESS_INTERVAL" if tty else "LEVANTCRAWL_PROGRESS_LOG_INTERVAL"
        interval = settings.getfloat(name)
        return cls(crawlers, interval, tty=tty) if interval > 0 and crawlers else None

    def start(self) -> None:
        self._started = time.monotonic()
        self._loop.start(self._interval, now=False)

    def report(self) -> None:
        summed: dict[str, object] = {}
        running = 0
        for crawler in self._crawlers:
            stats = crawler.stats.get_stats() if crawler.stats else {}
            running += "start_time" in stats and "finish_time" not in stats
            for key, value in stats.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    total = summed.get(key, 0)
                    summed[key] = (total if isinstance(total, int) else 0) + value
        sites = f"{running} of {len(self._crawlers)} sites running | "
        line = sites + progress_line(summed, time.monotonic() - self._started)
        if self._tty:
            sys.stderr.write(f"\r\x1b[2K{line}")
        else:
            now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            sys.stderr.write(f"{now} progress: {line}\n")
        sys.stderr.flush()

    def stop(self) -> None:
        if self._loop.running:
            self._loop.stop()
        if self._tty:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
