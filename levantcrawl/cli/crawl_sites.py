"""`levantcrawl crawl --sites sites.toml` (or `crawl URL URL ...`): every site in one crawl
process (siterun.py), then a table with a row per site and the summary of the whole."""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING, Any

from rich.table import Table

from levantcrawl.cli._common import CliError, console
from levantcrawl.cli.crawl import _tracebacks, _write_summary, build_settings
from levantcrawl.outcome import EXIT_USAGE, FAILED, FINISHED, NOT_STARTED
from levantcrawl.storage.db import ArchiveError
from levantcrawl.summary import sites_summary

if TYPE_CHECKING:
    import argparse

    from levantcrawl.siterun import SiteRun
    from levantcrawl.sites import SiteEntry

_COLUMNS = ("new", "revised", "unchanged", "removed")


def entries(args: argparse.Namespace) -> list[SiteEntry]:
    """The sites of the file, then those named on the command line; --tz is the zone of
    every site whose entry gives none."""
    from levantcrawl.sites import load_sites, no_repeats, site_from_url

    found = load_sites(args.sites) if args.sites is not None else []
    found += [site_from_url(url) for url in args.start_urls]
    if args.tz:
        found = [e if e.tz else dataclasses.replace(e, tz=args.tz) for e in found]
    return no_repeats(found, "the sites to crawl")


def run_sites(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess
    from scrapy.exceptions import UsageError

    from levantcrawl import siterun
    from levantcrawl.settings_check import check_settings
    from levantcrawl.shared import SharedWorkers
    from levantcrawl.startup import StartupError, one_line, quiet_logging
    from levantcrawl.workers import start_forkserver

    try:
        if args.summary_json is not None and not args.summary_json.parent.is_dir():
            raise CliError(f"cannot write {args.summary_json}: no directory")
        settings = build_settings(args)
        check_settings(settings)
        runs = siterun.plan(
            entries(args),
            settings,
            revisit=args.revisit,
            refresh=args.refresh,
            follow=not args.no_follow,
        )
    except (CliError, ArchiveError, StartupError, UsageError) as exc:
        message = one_line(exc)
        summary = sites_summary([])
        summary.update(status=FAILED, reason=NOT_STARTED, detail=message, exit_code=EXIT_USAGE)
        if args.summary_json is not None and args.summary_json.parent.is_dir():
            _write_summary(args, summary)
        raise CliError(message) from exc
    debug = _tracebacks(args, settings)
    if (why := siterun.refused_everywhere(runs)) is not None:
        _write_summary(args, sites_summary(siterun.site_summaries(runs, show_traceback=debug)))
        raise CliError(why)
    shared = SharedWorkers.for_settings(settings)
    start_forkserver(signing=shared.signing)  # its imports overlap Scrapy's start-up
    process = CrawlerProcess(settings)

    def quiet(run: SiteRun) -> None:
        assert run.crawler is not None
        quiet_logging(run.crawler, debug=debug, page_errors=args.verbose)

    began = time.monotonic()
    try:
        siterun.launch(process, runs, shared, before_start=quiet)
        process.start()
    finally:
        shared.shutdown()
    sites = siterun.site_summaries(runs, show_traceback=debug)
    summary = sites_summary(sites)
    _write_summary(args, summary)  # first: a reader that closed stdout must not lose it
    print_sites(summary, time.monotonic() - began, str(settings.get("LEVANTCRAWL_DB_URL")))
    err = console("stderr")
    for site in sites:
        if site["status"] != FINISHED:
            err.print(
                f"levantcrawl crawl: {site['site']}: crawl {site['crawl'] or '?'} "
                f"{site['status']}: {site['detail'] or site['reason']}",
                markup=False,
            )
    return int(summary["exit_code"])


def print_sites(summary: dict[str, Any], seconds: float, db_url: str) -> None:
    status, reason = summary["status"], summary["reason"]
    title = f"{len(summary['sites'])} sites: {status}"
    table = Table(title=title if reason in (None, status) else f"{title} ({reason})")
    for column in ("site", "crawl", "status", "pages", *_COLUMNS, "failures"):
        table.add_column(column, justify="left" if column in ("site", "status") else "right")
    for site in [*summary["sites"], summary]:
        state = site["status"] if site["reason"] in (None, site["status"]) else site["reason"]
        table.add_row(
            site["site"] or "all",
            str(site["crawl"] or "-"),
            state,
            str(site["pages_fetched"]),
            *(str(site["articles"][name]) for name in _COLUMNS),
            str(site["failures"]["total"]),
        )
    out = console()
    out.print(table)
    for alert in summary["site_model"]["alerts"]:
        out.print(f"[red]extraction health: {alert}[/red] (see `levantcrawl health`)")
    out.print(f"{seconds:.1f} seconds; archive: {db_url}", markup=False)
