"""The processes every crawler of one crawl process shares: the extraction pool and the
store's writer. A crawl of a site list runs one Scrapy crawler per site (siterun.py) in one
process; without this each would start its own pool and writer, a process per core and one
more for every site. A crawler finds them through itself (`shared_workers`); a crawler
without them (a one-site crawl) starts its own, as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from levantcrawl.extraction.jobs import warm_up
from levantcrawl.workers import WorkerPool

if TYPE_CHECKING:
    import asyncio

    from scrapy.crawler import Crawler

_ATTRIBUTE = "levantcrawl_shared_workers"


class SharedWorkers:
    """One extraction pool of `extract_workers` processes, one writer process, and the
    batches the writer has in hand: the store's back-pressure holds for the process, not
    for each site (twenty sites would otherwise queue forty batches, pages and all)."""

    def __init__(self, extract_workers: int) -> None:
        self.extraction = WorkerPool(extract_workers, initializer=warm_up)
        self.writer = WorkerPool(1, name="lc-store")
        self.writes: set[asyncio.Future[None]] = set()

    def start(self) -> None:
        self.extraction.start()
        self.writer.start()

    def attach(self, crawler: Crawler) -> None:
        setattr(crawler, _ATTRIBUTE, self)

    def shutdown(self) -> None:
        """After every crawler closed: each has had its writer close its crawl's record."""
        self.extraction.shutdown()
        self.writer.shutdown()


def shared_workers(crawler: Crawler) -> SharedWorkers | None:
    found = getattr(crawler, _ATTRIBUTE, None)
    return found if isinstance(found, SharedWorkers) else None
