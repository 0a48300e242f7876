"""The crawl's one way to its archive: messages to the writer process the store pipeline
starts (storage/writer_process.py). The store pipeline attaches it to the crawler when the
crawl opens; other components that write (the site model's snapshots, the cold-start pass)
find it there with `archive_of`, and never open the archive themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler

    from levantcrawl.workers import WorkerPool

T = TypeVar("T")
_ATTRIBUTE = "levantcrawl_archive"


class CrawlArchive:
    def __init__(self, writer: WorkerPool, crawl_id: int) -> None:
        self._writer = writer
        self.crawl_id = crawl_id

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(crawl_id, *args) in the writer process, awaited on the reactor."""
        return await self._writer.run(fn, self.crawl_id, *args)

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(crawl_id, *args) in the writer process, waited for here."""
        return self._writer.call(fn, self.crawl_id, *args)


def attach_archive(crawler: Crawler, archive: CrawlArchive) -> None:
    setattr(crawler, _ATTRIBUTE, archive)


def archive_of(crawler: Crawler) -> CrawlArchive | None:
    """The crawl's archive once the store has opened it; None without a store."""
    found = getattr(crawler, _ATTRIBUTE, None)
    return found if isinstance(found, CrawlArchive) else None
