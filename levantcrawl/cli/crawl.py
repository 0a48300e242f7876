"""`levantcrawl crawl URL`: run the news spider in this process, then print a summary."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rich.table import Table

from levantcrawl.cli._common import CliError, add_db_option, console, resolved_db
from levantcrawl.storage import repositories as repo
from levantcrawl.storage.db import open_archive

if TYPE_CHECKING:
    import argparse

    from scrapy.settings import Settings

SUMMARY_ROWS = (
    ("pages fetched", "response_received_count"),
    ("new articles", "levantcrawl/store/new"),
    ("revised articles", "levantcrawl/store/revised"),
    ("unchanged articles", "levantcrawl/store/unchanged"),
    ("not modified (304)", "levantcrawl/store/not_modified"),
    ("text collapsed (for review)", "levantcrawl/store/collapsed"),
    ("cleaner readings", "levantcrawl/store/cleaned"),
    ("articles back online", "levantcrawl/store/returned"),
    ("removed articles", "levantcrawl/store/removed"),
    ("duplicates dropped", "item_dropped_count"),
    ("failures recorded", "levantcrawl/store/failures"),
    ("store write errors", "levantcrawl/store/write_errors"),
    ("template lines stripped", "levantcrawl/template/lines_stripped"),
    ("cold-start pages improved", "levantcrawl/template/cold_rewritten"),
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("crawl", help="crawl a news site into the archive")
    parser.add_argument("start_url", help="the site's home page (or any page of it)")
    add_db_option(parser)
    parser.add_argument("--tz", help="time zone for dates the site prints without an offset")
    parser.add_argument(
        "--no-follow", action="store_true", help="use sitemaps and feeds only, follow no links"
    )
    parser.add_argument(
        "--revisit",
        choices=("due", "all", "none"),
        default=None,
        help="archived articles to request again: due by the schedule (default), all, none",
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="only revisit archived articles that are due; discover nothing new",
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help="no AutoThrottle or delay: only for servers you run yourself",
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any Scrapy or LEVANTCRAWL_* setting",
    )
    parser.add_argument(
        "--frontier",
        metavar="REDIS_URL",
        help="run as one worker of a shared frontier: requests come from and go to this "
        "Redis, seeds from `levantcrawl enqueue` (see `levantcrawl workers`)",
    )
    parser.add_argument("--prefix", help="the frontier's Redis key prefix (default: levantcrawl)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log")
    parser.set_defaults(func=run)


def build_settings(args: argparse.Namespace) -> Settings:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("levantcrawl.settings", priority="project")
    overrides: dict[str, Any] = {"LEVANTCRAWL_DB_URL": resolved_db(args)}
    overrides["LOG_LEVEL"] = "INFO" if args.verbose else "WARNING"
    if args.fast:
        overrides.update(AUTOTHROTTLE_ENABLED=False, DOWNLOAD_DELAY=0)
    if args.frontier:
        overrides["LEVANTCRAWL_FRONTIER_URL"] = args.frontier
    if args.prefix:
        overrides["LEVANTCRAWL_FRONTIER_PREFIX"] = args.prefix
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise CliError(f"-s takes NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    settings.setdict(overrides, priority="cmdline")
    return settings


def run(args: argparse.Namespace) -> int:
    # Scrapy is imported by the command that crawls, not by every command at start-up.
    from scrapy.crawler import CrawlerProcess

    from levantcrawl.spiders.base import SpiderArgumentError, SpiderParams
    from levantcrawl.spiders.news import NewsSpider
    from levantcrawl.workers import start_forkserver

    try:
        SpiderParams.parse(
            args.start_url,
            tz=args.tz,
            follow_links=True,
            revisit=args.revisit or "due",
            refresh=args.refresh,
        )
    except SpiderArgumentError as exc:
        raise CliError(str(exc)) from exc
    # The workers' forkserver imports trafilatura and the rest while Scrapy starts up.
    start_forkserver()
    settings = build_settings(args)
    if not settings.get("LEVANTCRAWL_FRONTIER_URL"):  # a frontier's workers share the site
        _refuse_a_second_crawl(
            settings.get("LEVANTCRAWL_DB_URL"),
            args.start_url,
            settings.getfloat("LEVANTCRAWL_STORE_LOCK_STALE_SECONDS"),
        )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(
        crawler,
        start_url=args.start_url,
        tz=args.tz or None,
        follow_links=not args.no_follow,
        revisit=args.revisit or "",
        refresh=args.refresh,
    )
    started = time.monotonic()
    process.start()
    stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    print_summary(stats, time.monotonic() - started, settings.get("LEVANTCRAWL_DB_URL"))
    reason = stats.get("finish_reason")
    return 0 if reason == "finished" else 1


def _refuse_a_second_crawl(db_url: str, start_url: str, stale_seconds: float) -> None:
    host = urlsplit(start_url).hostname or ""
    archive = open_archive(db_url)
    try:
        with archive.sessions.begin() as session:
            now = datetime.now(UTC)
            live = repo.live_crawl(session, host, now, timedelta(seconds=stale_seconds))
    finally:
        archive.close()
    if live is not None:
        raise CliError(
            f"crawl {live.id} of {host} is still running (started "
            f"{live.started_at:%Y-%m-%d %H:%M} UTC, last active "
            f"{(live.heartbeat_at or live.started_at):%H:%M:%S}); wait for it or stop it first"
        )


def print_summary(stats: dict[str, Any], seconds: float, db_url: str) -> None:
    table = Table(
        title=f"crawl {stats.get('levantcrawl/store/crawl_id', '?')}: "
        f"{stats.get('finish_reason', 'not started')}"
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, key in SUMMARY_ROWS:
        table.add_row(label, str(stats.get(key, 0)))
    table.add_row("seconds", f"{seconds:.1f}")
    out = console()
    out.print(table)
    for alert in stats.get("levantcrawl/health/alerts") or ():
        out.print(f"[red]extraction health: {alert}[/red] (see `levantcrawl health`)")
    out.print(f"archive: {db_url}")
