"""`scrapy crawl`, with the exit status of `levantcrawl crawl`: 0 when the crawl did its
work, 1 when it ran and failed or was interrupted, 2 when it could not start (one line on
stderr naming the cause, the traceback only with LOG_LEVEL=DEBUG). Scrapy's own command
exits 0 whatever the crawl's close reason, and prints a start-up error as a traceback.
Scrapy picks this command over its own through the COMMANDS_MODULE setting, so scrapyd's
runs get it too."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from scrapy.commands import crawl
from scrapy.exceptions import UsageError

from levantcrawl.outcome import EXIT_USAGE, FINISHED, judge
from levantcrawl.startup import one_line, start
from levantcrawl.summary import sites_summary

if TYPE_CHECKING:
    import argparse

logger = logging.getLogger(__name__)


class Command(crawl.Command):
    def short_desc(self) -> str:
        return "Run a spider; the exit status says how the crawl ended (0, 1, or 2)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: scrapy crawl news -a start_url=URL")
        assert self.crawler_process is not None
        assert self.settings is not None
        if "sites" in opts.spargs:
            self._run_sites(args[0], opts.spargs)
            return
        try:
            crawler = self.crawler_process.create_crawler(args[0])
        except KeyError as exc:  # Scrapy's "Spider not found"
            self._refuse(args[0], one_line(UsageError(exc.args[0] if exc.args else exc)))
            return
        started = start(self.crawler_process, crawler, **opts.spargs)
        self.crawler_process.start()
        debug = self.settings.get("LOG_LEVEL") == "DEBUG"
        if (message := started.report(show_traceback=debug)) is not None:
            self._refuse(args[0], message)
            return
        stats = crawler.stats.get_stats() if crawler.stats else {}
        shared = bool(self.settings.get("LEVANTCRAWL_FRONTIER_URL"))
        outcome = judge(stats.get("finish_reason"), stats, shared=shared)
        if outcome.status != FINISHED:
            logger.error(
                "crawl %s %s (%s): %s",
                stats.get("levantcrawl/store/crawl_id", "?"),
                outcome.status,
                outcome.reason,
                outcome.detail or "see the log above",
            )
        self.exitcode = outcome.exit_code or 0

    def _run_sites(self, spider: str, spargs: dict[str, str]) -> None:
        """`-a sites=sites.toml`: every listed site in this process (siterun.py); the other
        arguments (tz, revisit, follow_links, refresh) apply to every site."""
        from pathlib import Path

        from levantcrawl import siterun
        from levantcrawl.shared import SharedWorkers
        from levantcrawl.sites import load_sites, no_repeats, yes

        assert self.crawler_process is not None
        assert self.settings is not None
        if spider != "news":
            self._refuse(spider, "a site list (-a sites=FILE) is crawled by the news spider")
            return
        unknown = sorted(set(spargs) - {"sites", "tz", "revisit", "follow_links", "refresh"})
        try:
            if unknown:
                raise UsageError(f"-a {unknown[0]} is not an argument of a site list's crawl")
            found = [
                e if e.tz or not spargs.get("tz") else replace(e, tz=spargs["tz"])
                for e in load_sites(Path(spargs["sites"]))
            ]
            runs = siterun.plan(
                no_repeats(found, spargs["sites"]),
                self.settings,
                revisit=spargs.get("revisit") or None,
                refresh=yes(spargs.get("refresh", "no")),
                follow=yes(spargs.get("follow_links", "yes")),
            )
            if (why := siterun.refused_everywhere(runs)) is not None:
                raise UsageError(why)
        except Exception as exc:  # any start-up failure: one line, exit 2
            self._refuse(spider, one_line(exc))
            return
        shared = SharedWorkers.for_settings(self.settings)
        try:
            siterun.launch(self.crawler_process, runs, shared)
            self.crawler_process.start()
        finally:
            shared.shutdown()
        debug = self.settings.get("LOG_LEVEL") == "DEBUG"
        summary = sites_summary(siterun.site_summaries(runs, show_traceback=debug))
        for site in summary["sites"]:
            if site["status"] != FINISHED:
                logger.error(
                    "%s: crawl %s %s (%s): %s",
                    site["site"],
                    site["crawl"] or "?",
                    site["status"],
                    site["reason"],
                    site["detail"],
                )
        self.exitcode = int(summary["exit_code"])

    def _refuse(self, spider: str, message: str) -> None:
        sys.stderr.write(f"scrapy crawl {spider}: error: {message}\n")
        self.exitcode = EXIT_USAGE
