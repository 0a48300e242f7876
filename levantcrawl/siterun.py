"""One crawl of many sites: a Scrapy crawler per site, all in one process, one reactor, one
extraction pool and one writer (shared.py).

A crawler per site keeps each site's own everything as it is for a one-site crawl: its
scope (its host only, the address guard naming its own start URL), its politeness (its own
download slot with the entry's delay and concurrency, its robots.txt and Crawl-delay), its
site model, trap budgets, health figures, revisit plan, crawl record and lock. A site that
is down, slow, hostile or refuses us by robots.txt closes its own crawler; the others run on.
Both `levantcrawl crawl --sites FILE` (or several URLs) and `scrapy crawl news -a
sites=FILE` run it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from levantcrawl.outcome import FAILED, NOT_STARTED, Outcome, judge
from levantcrawl.progress import SitesProgress
from levantcrawl.settings_check import check_settings
from levantcrawl.sites import REVISIT_MODES, SiteEntry, SitesError
from levantcrawl.startup import CrawlStart, StartupError, start
from levantcrawl.storage import crawls
from levantcrawl.storage.db import open_archive
from levantcrawl.summary import archived_summary, crawl_summary

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler, CrawlerProcessBase
    from scrapy.settings import BaseSettings, Settings

    from levantcrawl.shared import SharedWorkers

logger = logging.getLogger(__name__)
# A site's own settings outrank the command line's -s (priority 40): they are the more
# specific word. Its -s still reaches every site for what the entry does not set.
SITE_PRIORITY = 45
PROGRESS = "levantcrawl.progress.ProgressExtension"


@dataclass(slots=True)
class SiteRun:
    """One site of the crawl: its crawler once started, or why it did not start."""

    entry: SiteEntry
    settings: Settings
    crawler: Crawler | None = None
    started: CrawlStart | None = None
    refused: str | None = None  # why this site did not start (another crawl of it runs)
    spider_args: dict[str, Any] = field(default_factory=dict)


def site_settings(base: Settings, entry: SiteEntry, sites: int = 1) -> Settings:
    """The crawl's settings with the entry's own over them; SitesError naming the site
    when one of its values cannot work.

    What a crawl holds in memory is held for the process, not for each site, or it would
    grow with the site list: the responses waiting for extraction
    (SCRAPER_SLOT_MAX_ACTIVE_SIZE) are shared out among the `sites`, and a site takes no
    more requests off its queue than it may have in flight to its host (its
    `concurrency`); Scrapy's default lets a crawler take CONCURRENT_REQUESTS, whose
    responses would all land while the site's share is already spent."""
    settings = base.copy()
    held = base.getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE")
    settings.set("SCRAPER_SLOT_MAX_ACTIVE_SIZE", max(1, held // sites), priority=40)
    deny = base.getlist("LEVANTCRAWL_DISCOVERY_DENY")
    settings.setdict(entry.crawl_settings(deny), priority=SITE_PRIORITY)
    # A crawler per site fetches one host: requests beyond its concurrency would only wait
    # in the downloader. (CONCURRENT_REQUESTS_PER_DOMAIN is the entry's own once set.)
    in_flight = min(
        settings.getint("CONCURRENT_REQUESTS"), settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
    )
    settings.set("CONCURRENT_REQUESTS", max(1, in_flight), priority=SITE_PRIORITY)
    # One progress line for all the sites (progress.SitesProgress), not one per site.
    # (At the site's priority: the process merges its own settings into each crawler's.)
    extensions = {**settings.getdict("EXTENSIONS"), PROGRESS: None}
    settings.set("EXTENSIONS", extensions, priority=SITE_PRIORITY)
    try:
        check_settings(settings)
    except StartupError as exc:
        raise SitesError(f"site {entry.host}: {exc}") from exc
    return settings


def plan(
    entries: list[SiteEntry],
    base: Settings,
    *,
    revisit: str | None = None,
    refresh: bool = False,
    follow: bool = True,
) -> list[SiteRun]:
    """Every site's settings and spider arguments, checked before anything starts; a site
    already being crawled is marked refused (the others still run)."""
    if revisit and revisit not in REVISIT_MODES:
        raise SitesError(f"revisit must be one of {', '.join(REVISIT_MODES)}, got {revisit!r}")
    runs = [
        SiteRun(
            entry,
            site_settings(base, entry, len(entries)),
            spider_args=entry.spider_args(revisit=revisit, refresh=refresh, follow=follow),
        )
        for entry in entries
    ]
    if not base.get("LEVANTCRAWL_FRONTIER_URL"):  # a frontier's workers share their sites
        stale = timedelta(seconds=base.getfloat("LEVANTCRAWL_STORE_LOCK_STALE_SECONDS"))
        for run, why in zip(
            runs, running_elsewhere(base["LEVANTCRAWL_DB_URL"], runs, stale), strict=True
        ):
            run.refused = why
    return runs


def running_elsewhere(db_url: str, runs: list[SiteRun], stale: timedelta) -> list[str | None]:
    """For each site, why it must not start: a crawl of it still running, else None. Read
    only, as the one-site check: each site's writer takes its lock when its crawl opens."""
    archive = open_archive(db_url)
    refusals: list[str | None] = []
    try:
        with archive.sessions() as session, session.no_autoflush:
            now = datetime.now(UTC)
            for run in runs:
                try:
                    crawls.refuse_if_running(session, run.entry.host, now, stale)
                except crawls.CrawlLocked as exc:
                    refusals.append(f"{exc} (the other sites run)")
                else:
                    refusals.append(None)
            session.rollback()
    finally:
        archive.close()
    return refusals


def launch(
    process: CrawlerProcessBase,
    runs: list[SiteRun],
    shared: SharedWorkers,
    *,
    before_start: Callable[[SiteRun], None] | None = None,
) -> None:
    """A crawler per site not refused, sharing `shared`; they run when the process starts.
    `before_start` sees each crawler before it is handed to the process."""
    from scrapy.crawler import Crawler
    from scrapy.utils.reactor import install_reactor, is_reactor_installed

    from levantcrawl.spiders.news import NewsSpider

    if not is_reactor_installed():  # what a process's first crawler does, once for all
        install_reactor(process.settings["TWISTED_REACTOR"])
    shared.start()
    for run in runs:
        if run.refused is not None:
            logger.warning("not crawling %s: %s", run.entry.host, run.refused)
            continue
        run.crawler = Crawler(NewsSpider, run.settings)
        shared.attach(run.crawler)
        if before_start is not None:
            before_start(run)
        run.started = start(process, run.crawler, **run.spider_args)
    crawlers = [run.crawler for run in runs if run.crawler is not None]
    if (progress := SitesProgress.of(process.settings, crawlers)) is not None:
        from twisted.internet import reactor as installed

        reactor: Any = installed  # Twisted declares its methods without `self`: mypy misreads
        reactor.callWhenRunning(progress.start)
        reactor.addSystemEventTrigger("before", "shutdown", progress.stop)


def extract_workers(settings: BaseSettings) -> int:
    return settings.getint("LEVANTCRAWL_EXTRACT_WORKERS") or (os.cpu_count() or 1)


def site_summaries(runs: list[SiteRun], *, show_traceback: bool) -> list[dict[str, Any]]:
    """Each site's crawl summary, once the process has stopped: from its crawl record when
    it has one (as `stats --format json` gives it), else from its crawler's stats."""
    return [_site_summary(run, show_traceback=show_traceback) for run in runs]


def _site_summary(run: SiteRun, *, show_traceback: bool) -> dict[str, Any]:
    url = run.entry.url
    if run.refused is not None:
        return crawl_summary(
            crawl_id=None,
            start_url=url,
            outcome=Outcome(FAILED, NOT_STARTED, run.refused),
            stats={},
            started_at=datetime.now(UTC),
        )
    assert run.crawler is not None
    assert run.started is not None
    failed = run.started.report(show_traceback=show_traceback)
    if failed is not None:
        logger.error("%s could not start: %s", run.entry.host, failed)
        outcome = Outcome(FAILED, NOT_STARTED, failed)
        return crawl_summary(
            crawl_id=None, start_url=url, outcome=outcome, stats={}, started_at=datetime.now(UTC)
        )
    stats: dict[str, Any] = run.crawler.stats.get_stats() if run.crawler.stats else {}
    db_url = str(run.settings.get("LEVANTCRAWL_DB_URL"))
    recorded = archived_summary(db_url, stats.get("levantcrawl/store/crawl_id"))
    if recorded is not None:
        return recorded
    shared = bool(run.settings.get("LEVANTCRAWL_FRONTIER_URL"))
    outcome = judge(stats.get("finish_reason"), stats, shared=shared)
    return crawl_summary(crawl_id=None, start_url=url, outcome=outcome, stats=stats)


def refused_everywhere(runs: list[SiteRun]) -> str | None:
    """When no site can start, why, in one line; None when at least one can."""
    if any(run.refused is None for run in runs):
        return None
    return "; ".join(str(run.refused) for run in runs)
