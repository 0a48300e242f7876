"""`levantcrawl crawl URL`: run the news spider in this process, then print a summary."""

from __future__ import annotations

import contextlib
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rich.table import Table

from levantcrawl.cli._common import CliError, add_db_option, console, resolved_db
from levantcrawl.outcome import FINISHED, judge
from levantcrawl.storage import crawls
from levantcrawl.storage.db import ArchiveError, open_archive
from levantcrawl.summary import archived_summary, crawl_summary, not_started, write_summary

if TYPE_CHECKING:
    import argparse

    from scrapy.crawler import Crawler, CrawlerProcess
    from scrapy.settings import BaseSettings, Settings

    from levantcrawl.startup import CrawlStart

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
    parser = subparsers.add_parser("crawl", help="crawl news sites into the archive")
    parser.add_argument(
        "start_urls",
        nargs="*",
        metavar="URL",
        help="a site's home page (or any page of it); several URLs crawl several sites at once",
    )
    parser.add_argument(
        "--sites",
        type=Path,
        metavar="FILE",
        help="crawl every site of this sites.toml in one crawl (see the README)",
    )
    add_db_option(parser)
    parser.add_argument(
        "--tz", help="time zone for dates a site prints without an offset (a site's own tz wins)"
    )
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
    parser.add_argument(
        "--summary-json",
        type=Path,
        metavar="FILE",
        help="write the crawl's summary (status, reason, counts, failures, health) as JSON, "
        "also when it fails or cannot start (see `levantcrawl stats --format json`)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show Scrapy's log, with tracebacks"
    )
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
    """Crawl, print the summary table, write --summary-json; the exit status is the
    outcome's (outcome.py): 0 finished, 1 failed or interrupted, 2 could not start."""
    if args.sites is not None or len(args.start_urls) > 1:
        from levantcrawl.cli.crawl_sites import run_sites

        return run_sites(args)
    if len(args.start_urls) != 1:
        raise CliError("give a start URL (or several), or --sites FILE")
    args.start_url = args.start_urls[0]
    # Scrapy is imported by the command that crawls, not by every command at start-up.
    from scrapy.exceptions import UsageError

    from levantcrawl.startup import StartupError, one_line

    try:
        process, crawler, started = _start(args)
    except (CliError, ArchiveError, StartupError, UsageError) as exc:
        message = one_line(exc)
        with contextlib.suppress(CliError):  # the reason to give is the first one
            _write_summary(args, not_started(args.start_url, message))
        raise CliError(message) from exc
    began = time.monotonic()
    process.start()
    stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    failed_start = started.report(show_traceback=_tracebacks(args, process.settings))
    if failed_start is not None:
        _write_summary(args, not_started(args.start_url, failed_start))
        raise CliError(failed_start)
    db_url = process.settings.get("LEVANTCRAWL_DB_URL")
    shared = bool(process.settings.get("LEVANTCRAWL_FRONTIER_URL"))
    summary = archived_summary(db_url, stats.get("levantcrawl/store/crawl_id")) or crawl_summary(
        crawl_id=None,
        start_url=args.start_url,
        outcome=judge(stats.get("finish_reason"), stats, shared=shared),
        stats=stats,
    )
    _write_summary(args, summary)  # first: a reader that closed stdout must not lose it
    print_summary(summary, stats, time.monotonic() - began, db_url)
    if summary["status"] != FINISHED:
        what = summary["detail"] or summary["reason"]
        console("stderr").print(
            f"levantcrawl crawl: crawl {summary['crawl'] or '?'} {summary['status']}: {what}",
            markup=False,
        )
    return int(summary["exit_code"])


def _start(args: argparse.Namespace) -> tuple[CrawlerProcess, Crawler, CrawlStart]:
    """Everything up to the reactor's start; any error here means the crawl cannot start."""
    from scrapy.crawler import CrawlerProcess

    from levantcrawl.pipelines.dedupe import near_threshold
    from levantcrawl.settings_check import check_settings
    from levantcrawl.spiders.news import NewsSpider
    from levantcrawl.spiders.params import SpiderParams
    from levantcrawl.startup import quiet_logging, start
    from levantcrawl.workers import start_forkserver

    if args.summary_json is not None and not args.summary_json.parent.is_dir():
        raise CliError(f"cannot write {args.summary_json}: no directory {args.summary_json.parent}")
    SpiderParams.parse(
        args.start_url,
        tz=args.tz,
        follow_links=True,
        revisit=args.revisit or "due",
        refresh=args.refresh,
    )
    settings = build_settings(args)
    check_settings(settings)
    if not settings.get("LEVANTCRAWL_FRONTIER_URL"):  # a frontier's workers share the site
        _refuse_a_second_crawl(
            settings.get("LEVANTCRAWL_DB_URL"),
            args.start_url,
            settings.getfloat("LEVANTCRAWL_STORE_LOCK_STALE_SECONDS"),
        )
    # The workers' forkserver imports trafilatura and the rest while Scrapy starts up; what
    # signing needs only when the workers sign (near-duplicate detection on).
    start_forkserver(signing=near_threshold(settings) is not None)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    quiet_logging(crawler, debug=_tracebacks(args, settings), page_errors=args.verbose)
    started = start(
        process,
        crawler,
        start_url=args.start_url,
        tz=args.tz or None,
        follow_links=not args.no_follow,
        revisit=args.revisit or "",
        refresh=args.refresh,
    )
    return process, crawler, started


def _tracebacks(args: argparse.Namespace, settings: BaseSettings) -> bool:
    return bool(args.verbose) or settings.get("LOG_LEVEL") == "DEBUG"


def _write_summary(args: argparse.Namespace, summary: dict[str, Any]) -> None:
    if args.summary_json is None:
        return
    try:
        write_summary(args.summary_json, summary)
    except OSError as exc:
        raise CliError(f"cannot write {args.summary_json}: {exc.strerror or exc}") from exc


def _refuse_a_second_crawl(db_url: str, start_url: str, stale_seconds: float) -> None:
    """Before Scrapy starts, so a locked site is said at once. Read only: the crawl's writer
    takes the lock (and marks crawls found dead) when the crawl opens."""
    archive = open_archive(db_url)
    try:
        with archive.sessions() as session, session.no_autoflush:
            host, now = urlsplit(start_url).hostname or "", datetime.now(UTC)
            crawls.refuse_if_running(session, host, now, timedelta(seconds=stale_seconds))
            session.rollback()
    except crawls.CrawlLocked as exc:
        raise CliError(str(exc)) from exc
    finally:
        archive.close()


def print_summary(
    summary: dict[str, Any], stats: dict[str, Any], seconds: float, db_url: str
) -> None:
    status, reason = summary["status"], summary["reason"]
    title = f"crawl {summary['crawl'] or '?'}: {status}"
    table = Table(title=title if reason in (None, status) else f"{title} ({reason})")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, key in SUMMARY_ROWS:
        table.add_row(label, str(stats.get(key, 0)))
    table.add_row("seconds", f"{seconds:.1f}")
    out = console()
    out.print(table)
    for alert in summary["site_model"]["alerts"]:
        out.print(f"[red]extraction health: {alert}[/red] (see `levantcrawl health`)")
    out.print(f"archive: {db_url}", markup=False)
