"""A crawl that cannot start says why in one line, whichever component raised: the spider's
arguments, a setting, the store, the frontier. Both runners use this: `levantcrawl crawl` and
`scrapy crawl news` (levantcrawl/commands/crawl.py). The traceback goes to the log at DEBUG
only, so `-v` or LOG_LEVEL=DEBUG shows it and nothing else does."""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.crawler import Crawler, CrawlerProcessBase
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


class StartupError(Exception):
    """A crawl that cannot start: a bad setting, a service out of reach. The message is one
    line for a person; the crawl exits with status 2."""


def without_password(url: str) -> str:
    """A service URL fit for a log line: redis://:secret@host/0 -> redis://host/0."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None and parts.username is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def one_line(exc: BaseException) -> str:
    """What went wrong, in one line. Our own errors say it themselves; anything else is
    named by its type, since its message alone may mean nothing out of context."""
    from scrapy.exceptions import UsageError

    from levantcrawl.storage.crawls import CrawlLocked
    from levantcrawl.storage.db import ArchiveError

    ours = (StartupError, UsageError, ArchiveError, CrawlLocked)
    if isinstance(exc, ours):
        text = str(exc)
    elif type(exc).__module__.startswith("redis"):
        text = f"cannot reach Redis: {exc}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split()) or type(exc).__name__


class CrawlStart:
    """Watches what CrawlerProcess.crawl() returned (a Deferred, or an asyncio Task under
    AsyncCrawlerProcess) and keeps the exception that stopped the crawl from starting, if
    one did, so it is reported once, in one line, instead of as an unhandled error."""

    def __init__(self, started: Any) -> None:
        self.error: BaseException | None = None
        self.traceback = ""
        if isinstance(started, Deferred):
            started.addErrback(self._failed)
        elif isinstance(started, asyncio.Future):
            started.add_done_callback(self._done)

    def _failed(self, failure: Failure) -> None:
        self.error = failure.value
        self.traceback = failure.getTraceback()

    def _done(self, task: asyncio.Future[Any]) -> None:
        if task.cancelled():
            return
        exc = task.exception()  # retrieved: asyncio does not log it as never retrieved
        if exc is not None:
            self.error = exc
            self.traceback = "".join(traceback.format_exception(exc))

    def report(self, *, show_traceback: bool) -> str | None:
        """The one line to print, None if the crawl started. The traceback goes to stderr
        with `show_traceback` (-v, LOG_LEVEL=DEBUG), and to the log at DEBUG."""
        if self.error is None:
            return None
        if show_traceback:
            sys.stderr.write(self.traceback)
        else:
            logger.debug("the crawl could not start:\n%s", self.traceback)
        return one_line(self.error)


def start(process: CrawlerProcessBase, crawler: Crawler, **spider_args: Any) -> CrawlStart:
    return CrawlStart(process.crawl(crawler, **spider_args))


class _NoTraceback(logging.Filter):
    """Keeps a record's message, drops its traceback. (Scrapy's error counter, a handler on
    its own, has counted the record already: it sits on the crawler's loggers.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


# Scrapy's per-request download errors ("Gave up retrying ..."): each page that could not be
# fetched is a row of the failure table and a count in the crawl summary already.
_PAGE_ERRORS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")


def _drop(record: logging.LogRecord) -> bool:
    return False


def quiet_logging(crawler: Crawler, *, debug: bool, page_errors: bool) -> None:
    """Tracebacks only at `debug`; Scrapy's per-page download errors only with
    `page_errors`. Scrapy installs its log handler again as the crawl starts, so the
    traceback filter joins the handlers once the engine has started."""
    from scrapy import signals

    if not page_errors:
        for name in _PAGE_ERRORS:
            logging.getLogger(name).addFilter(_drop)
    if not debug:
        crawler.signals.connect(_strip_tracebacks, signal=signals.engine_started)


def _strip_tracebacks() -> None:
    for handler in logging.root.handlers:
        # Only the handlers that write: Scrapy's counter of log lines by level counts all.
        if isinstance(handler, logging.StreamHandler):
            handler.addFilter(_NoTraceback())
