"""Worker processes that outlive the loss of one of them: extraction, and the store's writer.

A worker can die under its work (the kernel's out-of-memory killer, a crash in C code, an
operator's kill). Python's ProcessPoolExecutor then fails every call in flight and refuses
new ones for good; a crawl would lose the rest of its pages. Here the broken pool is
replaced, and each call that was in flight is tried once more in the new one."""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import multiprocessing
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from typing import TYPE_CHECKING, Any, TypeVar

from levantcrawl.collector import settle_after_start_up

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)
T = TypeVar("T")
_TRIES = 2  # a call whose worker dies is tried once more, in a fresh pool
_PR_SET_NAME = 15  # prctl(2): the name `ps -o comm`, top and /proc/PID/comm show
# Imported once by the forkserver, which every worker is forked from: each worker started
# with them already loaded, where importing them itself cost it about 1.5 s of CPU while
# the crawl's first pages waited.
_PRELOAD = ("trafilatura", "levantcrawl.extraction.jobs")
# Preloaded too only when the workers sign articles (near-duplicate detection on):
# datasketch brings numpy and scipy, about 1.1 s of CPU and 55 MB, which a worker that
# signs nothing (and the writer forked beside it) never needs.
_SIGNING_PRELOAD = ("datasketch",)


class WorkerLost(RuntimeError):
    """A call's worker died on it twice: the page is recorded as a failure."""


def process_name(pid: int | str = "self") -> str:
    """The short name of a process, as `name_process` set it."""
    with open(f"/proc/{pid}/comm", encoding="utf-8") as comm:  # noqa: PTH123 - /proc only
        return comm.read().strip()


def name_process(name: str) -> None:
    """Name this process ("lc-extract", "lc-store") for people reading `ps` or `top`, and
    for tests that must kill one kind of worker. Linux only; elsewhere nothing happens."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return
    libc = ctypes.CDLL(libc_name, use_errno=True)
    libc.prctl(_PR_SET_NAME, name.encode()[:15], 0, 0, 0)


def _start_worker(
    name: str, initializer: Callable[..., None] | None, args: tuple[Any, ...]
) -> None:
    name_process(name)
    # Ctrl-C reaches every process of the terminal's group: the crawl decides what stops and
    # when (its writer must still record how the crawl ended), so a worker does not die of it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*args)
    settle_after_start_up()


def start_forkserver(*, signing: bool = False) -> None:
    """Start the forkserver the workers are forked from, with _PRELOAD imported in it, and
    datasketch when `signing`. It returns at once; the imports take a second or two, and a
    worker is forked only once they are done, so a crawl starts it before Scrapy's own
    start-up, which overlaps them. Once started, the forkserver stays as it is: a later
    call changes nothing, and a signing worker it forks imports datasketch itself."""
    multiprocessing.set_forkserver_preload([*_PRELOAD, *(_SIGNING_PRELOAD if signing else ())])
    forkserver.ensure_running()


def _ready() -> None:
    """A call that only has a worker started (see WorkerPool.start)."""


class WorkerPool:
    """`workers` processes named `name` from a forkserver (forking a process that runs
    threads, as the reactor's does, is not safe), each started by `initializer(*initargs)`;
    `signing`: the forkserver, if this pool starts it, preloads what signing needs."""

    def __init__(
        self,
        workers: int,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        *,
        name: str = "lc-extract",
        signing: bool = False,
    ) -> None:
        self.workers = max(1, workers)
        self.name = name
        self._start = (name, initializer, initargs)
        self._context = multiprocessing.get_context("forkserver")
        start_forkserver(signing=signing)
        self._pool = self._new_pool()
        self.restarts = 0

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=self._context, initializer=_start_worker, initargs=self._start
        )

    def start(self) -> WorkerPool:
        """Start every worker now, not when the first calls arrive, on a thread: forking
        waits for the forkserver's imports, which the caller (the reactor) need not."""
        threading.Thread(target=self._start_all, name=f"{self.name}-start", daemon=True).start()
        return self

    def _start_all(self) -> None:
        pool = self._pool
        try:
            for _ in range(self.workers):
                pool.submit(_ready)
        except RuntimeError:  # shut down before its workers were all started
            return

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a worker; retried once in a fresh pool if its worker dies."""
        for attempt in range(1, _TRIES + 1):
            pool = self._pool
            try:
                return await asyncio.wrap_future(pool.submit(fn, *args))
            except BrokenProcessPool as exc:
                self._lost(pool, attempt, exc)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a worker, waiting for it here; retried once as `run` does."""
        for attempt in range(1, _TRIES + 1):
            pool = self._pool
            try:
                return pool.submit(fn, *args).result()
            except BrokenProcessPool as exc:
                self._lost(pool, attempt, exc)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _lost(self, pool: ProcessPoolExecutor, attempt: int, exc: BrokenProcessPool) -> None:
        self._replace(pool)
        if attempt == _TRIES:
            raise WorkerLost(f"a worker process ({self.name}) died twice: {exc}") from exc

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """The first call to see `broken` replaces it; the calls failing with it retry in
        the pool that replaced it."""
        if self._pool is not broken:
            return
        self.restarts += 1
        logger.warning(
            "a worker process (%s) died; starting a new pool (restart %d)",
            self.name,
            self.restarts,
        )
        self._pool = self._new_pool()
        broken.shutdown(wait=False, cancel_futures=True)

    @property
    def executor(self) -> ProcessPoolExecutor:
        """The processes themselves, for work that needs no retry (a batch job's own)."""
        return self._pool

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
