"""Extraction processes that outlive the loss of one of them.

A worker can die under a page (the kernel's out-of-memory killer, a crash in C code, an
operator's kill). Python's ProcessPoolExecutor then fails every call in flight and refuses
new ones for good; a crawl would lose the rest of its pages. Here the broken pool is
replaced, and each call that was in flight is tried once more in the new one."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)
T = TypeVar("T")


class WorkerLost(RuntimeError):
    """A call's worker died on it twice: the page is recorded as a failure."""


class ExtractionPool:
    """`workers` processes from a forkserver (forking a process that runs threads, as the
    reactor's does, is not safe), each warmed up by `initializer`."""

    def __init__(self, workers: int, initializer: Callable[[], None] | None = None) -> None:
        self.workers = max(1, workers)
        self._initializer = initializer
        self._context = multiprocessing.get_context("forkserver")
        self._pool = self._new_pool()
        self.restarts = 0

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=self._context, initializer=self._initializer
        )

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a worker; retried once in a fresh pool if its worker dies."""
        loop = asyncio.get_running_loop()
        pool = self._pool
        try:
            return await loop.run_in_executor(pool, fn, *args)
        except BrokenProcessPool:
            self._replace(pool)
        pool = self._pool
        try:
            return await loop.run_in_executor(pool, fn, *args)
        except BrokenProcessPool as exc:
            self._replace(pool)
            raise WorkerLost(f"an extraction process died twice: {exc}") from exc

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """The first call to see `broken` replaces it; the calls failing with it retry in
        the pool that replaced it."""
        if self._pool is not broken:
            return
        self.restarts += 1
        logger.warning(
            "an extraction process died; starting a new pool (restart %d)", self.restarts
        )
        self._pool = self._new_pool()
        broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
