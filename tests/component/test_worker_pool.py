"""Worker pools outlive a dead worker: real processes, killed for real."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from levantcrawl.collector import YOUNG_GENERATION
from levantcrawl.workers import _PRELOAD, _SIGNING_PRELOAD, WorkerLost, WorkerPool, process_name


def _square(n: int) -> int:
    return n * n


def _die() -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return 0


def _die_once(marker: str) -> str:
    """Dies the first time it is called for `marker`, as a worker killed mid-page does."""
    path = Path(marker)
    if not path.exists():
        path.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return "read on the second try"


def test_a_page_whose_worker_dies_is_read_again_in_a_new_pool(tmp_path: Path) -> None:
    pool = WorkerPool(2)
    try:

        async def scenario() -> tuple[str, list[int]]:
            dying = pool.run(_die_once, str(tmp_path / "killed"))
            others = [pool.run(_square, n) for n in range(6)]
            first, *rest = await asyncio.gather(dying, *others)
            return first, rest

        first, rest = asyncio.run(scenario())
        assert first == "read on the second try"
        assert rest == [n * n for n in range(6)], "the pages in flight beside it are not lost"
        assert pool.restarts == 1
    finally:
        pool.shutdown()


def test_a_page_that_kills_its_worker_twice_is_given_up_and_the_pool_goes_on() -> None:
    pool = WorkerPool(1)
    try:
        with pytest.raises(WorkerLost, match="died twice"):
            asyncio.run(pool.run(_die))
        assert pool.restarts == 2
        assert asyncio.run(pool.run(_square, 7)) == 49
    finally:
        pool.shutdown()


def test_workers_carry_their_name_and_call_waits_for_the_result() -> None:
    pool = WorkerPool(1, name="lc-test")
    try:
        assert pool.call(process_name) == "lc-test", "ps and top show what each worker is"
        with pytest.raises(WorkerLost, match=r"\(lc-test\) died twice"):
            pool.call(_die)
        assert pool.call(_square, 8) == 64
    finally:
        pool.shutdown()


def _mark_started(folder: str) -> None:
    (Path(folder) / str(os.getpid())).touch()


def test_start_brings_every_worker_up_before_any_call(tmp_path: Path) -> None:
    """The workers' imports overlap the crawl's first requests instead of delaying its
    first pages."""
    pool = WorkerPool(2, _mark_started, (str(tmp_path),), name="lc-test")
    try:
        pool.start()
        deadline = time.monotonic() + 30
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        started = {int(p.name) for p in tmp_path.iterdir()}
        assert len(started) == 2
        assert {process_name(pid) for pid in started} == {"lc-test"}
    finally:
        pool.shutdown()


def _imported_by(modules: tuple[str, ...]) -> str:
    preload = "; ".join(f"import {module}" for module in modules)
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{preload}; import sys; print(sorted({{m.split('.')[0] for m in sys.modules}}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout


def test_the_forkserver_preloads_extraction_without_scrapy_or_sqlalchemy() -> None:
    """Every worker waits for the forkserver's imports: the crawl's first pages with them.
    What signing needs (datasketch, and the numpy and scipy it brings) only for a crawl
    whose workers sign."""
    loaded = _imported_by(_PRELOAD)
    assert "'trafilatura'" in loaded
    for absent in ("scrapy", "sqlalchemy", "twisted", "datasketch", "numpy", "scipy"):
        assert f"'{absent}'" not in loaded, absent
    signing = _imported_by((*_PRELOAD, *_SIGNING_PRELOAD))
    for present in ("trafilatura", "datasketch", "numpy", "scipy"):
        assert f"'{present}'" in signing, present
    assert "'scrapy'" not in signing


def _collector_state() -> tuple[int, int]:
    return gc.get_threshold()[0], gc.get_freeze_count()


def test_workers_start_with_their_collector_settled() -> None:
    """What a worker imported before its first call is out of the collector's sight, and
    its young generation is collected less often than CPython's default."""
    pool = WorkerPool(1, name="lc-test")
    try:
        young, frozen = pool.call(_collector_state)
    finally:
        pool.shutdown()
    assert young == YOUNG_GENERATION
    assert frozen > 10_000
