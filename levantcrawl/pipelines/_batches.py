"""Crawled pages to the extraction workers in batches. While every worker has a batch,
pages wait here and go out together when one comes back: one message each way instead of
one per page (and the site's view pickled once per batch), with no wait when a worker is
free."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from levantcrawl.extraction.jobs import PageCrashed, extract_and_sign, extract_batch
from levantcrawl.workers import WorkerLost

if TYPE_CHECKING:
    from levantcrawl.extraction.jobs import CrawledPage, CrawledRead
    from levantcrawl.workers import WorkerPool

# Pages in one message at most: eight of the benchmark's 80 KB pages is 640 KB.
MOST_PAGES = 8


class PageBatches:
    """Pages read by `pool`'s `workers`, at most `workers` + 1 batches out at once (one
    waits in the pool's queue, so a worker that finishes starts on the next at once)."""

    def __init__(self, pool: WorkerPool, workers: int, most: int = MOST_PAGES) -> None:
        self._pool = pool
        self._slots = max(1, workers) + 1
        self._most = max(1, most)
        self._waiting: list[tuple[CrawledPage, asyncio.Future[CrawledRead]]] = []
        self._out = 0
        self._running: set[asyncio.Task[None]] = set()  # held: the loop keeps weak ones
        self.batches = 0  # messages sent

    async def read(self, page: CrawledPage) -> CrawledRead:
        """The page read (its article, signature and outline); raises WorkerLost if the
        page killed its worker twice, or the error its extraction raised."""
        future: asyncio.Future[CrawledRead] = asyncio.get_running_loop().create_future()
        self._waiting.append((page, future))
        self._send()
        return await future

    def _send(self) -> None:
        while self._waiting and self._out < self._slots:
            batch, self._waiting = self._waiting[: self._most], self._waiting[self._most :]
            self._out += 1
            self.batches += 1
            task = asyncio.ensure_future(self._run(batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _run(self, batch: list[tuple[CrawledPage, asyncio.Future[CrawledRead]]]) -> None:
        try:
            pages = [page for page, _ in batch]
            try:
                results: list[CrawledRead | BaseException] = list(
                    await self._pool.run(extract_batch, pages)
                )
            except WorkerLost:
                # A page may have killed its worker: each page again alone, so that it
                # costs only itself.
                results = await asyncio.gather(
                    *(self._pool.run(extract_and_sign, *page) for page in pages),
                    return_exceptions=True,
                )
        except Exception as exc:  # the pool itself failed: every page of the batch with it
            results = [exc] * len(batch)
        finally:
            self._out -= 1
            self._send()
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)


__all__ = ["PageBatches", "PageCrashed"]
