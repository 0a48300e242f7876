"""`scrapy crawl`, with the exit status of `levantcrawl crawl`: 0 when the crawl did its
work, 1 when it ran and failed or was interrupted, 2 when it could not start (one line on
stderr naming the cause, the traceback only with LOG_LEVEL=DEBUG). Scrapy's own command
exits 0 whatever the crawl's close reason, and prints a start-up error as a traceback.
Scrapy picks this command over its own through the COMMANDS_MODULE setting, so scrapyd's
runs get it too."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from scrapy.commands import crawl
from scrapy.exceptions import UsageError

from levantcrawl.outcome import EXIT_USAGE, FINISHED, judge
from levantcrawl.startup import one_line, start

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

    def _refuse(self, spider: str, message: str) -> None:
        sys.stderr.write(f"scrapy crawl {spider}: error: {message}\n")
        self.exitcode = EXIT_USAGE
