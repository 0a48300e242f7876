"""The processes every crawler of one crawl process shares: the extraction pool and the
store's writer. A crawl of a site list runs one Scrapy crawler per site (siterun.py) in one
process; without this each would start its own pool and writer, a process per core and one
more for every site. A crawler finds them through itself (`shared_workers`); a crawler
without them (a one-site crawl) starts its own, as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from levantcrawl.extraction.jobs import warm_up
from levantcrawl.storage import writer_process
from levantcrawl.workers import WorkerPool

if TYPE_CHECKING:
    import asyncio

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from levantcrawl.storage.writer import StoreOptions

_ATTRIBUTE = "levantcrawl_shared_workers"


class SharedWorkers:
    """One extraction pool of `extract_workers` processes, one writer process, and the
    batches the writer has in hand: the store's back-pressure holds for the process, not
    for each site (twenty sites would otherwise queue forty batches, pages and all)."""

    def __init__(self, extract_workers: int, *, sign: bool) -> None:
        self.signing = sign
        self.extraction = WorkerPool(extract_workers, warm_up, (sign,), signing=sign)
        self._writer: WorkerPool | None = None
        self.writes: set[asyncio.Future[None]] = set()

    @classmethod
    def for_settings(cls, settings: BaseSettings) -> SharedWorkers:
        from levantcrawl.pipelines.dedupe import near_threshold
        from levantcrawl.siterun import extract_workers

        return cls(extract_workers(settings), sign=near_threshold(settings) is not None)

    def start(self) -> None:
        self.extraction.start()

    def writer(self, db_url: str, options: StoreOptions) -> WorkerPool:
        """The writer process, started by the first site's store (writer_process.py keeps a
        BatchWriter per crawl: each site's crawl is one)."""
        if self._writer is None:
            self._writer = WorkerPool(
                1, writer_process.open_writer, (db_url, options), name="lc-store"
            )
        return self._writer

    def attach(self, crawler: Crawler) -> None:
        setattr(crawler, _ATTRIBUTE, self)

    def shutdown(self) -> None:
        """After every crawler closed: each has had its writer close its crawl's record."""
        self.extraction.shutdown()
        if self._writer is not None:
            self._writer.shutdown()


def shared_workers(crawler: Crawler) -> SharedWorkers | None:
    found = getattr(crawler, _ATTRIBUTE, None)
    return found if isinstance(found, SharedWorkers) else None


def extraction_pool(crawler: Crawler, workers: int, *, sign: bool) -> WorkerPool:
    """The site list's shared pool, or, for a one-site crawl, a pool of the crawler's own
    (whose workers import the signing code only when they `sign`)."""
    shared = shared_workers(crawler)
    if shared is not None:
        return shared.extraction
    return WorkerPool(workers, warm_up, (sign,), signing=sign).start()
