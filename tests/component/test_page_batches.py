"""Crawled pages go to the extraction workers in batches (pipelines/_batches.py): each page
gets its own article back, a page whose extraction raises costs only itself, and pages that
arrive while the workers are busy share messages."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from levantcrawl.extraction.jobs import PageCrashed, extract_and_sign, warm_up
from levantcrawl.extraction.template import COLD
from levantcrawl.pipelines._batches import PageBatches
from levantcrawl.workers import WorkerPool

if TYPE_CHECKING:
    from levantcrawl.extraction.jobs import CrawledPage

pytestmark = pytest.mark.component
PAGES = sorted((Path(__file__).parents[1] / "fixtures/pages/levantnews").glob("*.html"))
HEADERS = {"Content-Type": "text/html; charset=utf-8"}


def _page(path: Path, view: Any = COLD) -> CrawledPage:
    url = f"http://127.0.0.1:8765/{path.stem}"
    return (path.read_bytes(), HEADERS, url, view, False, False, False, True)


def _read_all(pages: list[CrawledPage], workers: int) -> tuple[list[object], int]:
    pool = WorkerPool(workers, warm_up, (False,))
    try:
        batches = PageBatches(pool, workers)

        async def scenario() -> list[object]:
            return await asyncio.gather(
                *(batches.read(page) for page in pages), return_exceptions=True
            )

        return asyncio.run(scenario()), batches.batches
    finally:
        pool.shutdown()


def test_each_page_gets_its_own_article_and_busy_workers_get_fewer_messages() -> None:
    pages = [_page(path) for path in PAGES * 3]
    read, batches = _read_all(pages, workers=1)
    assert read == [extract_and_sign(*page) for page in pages]
    # One worker: two batches go out at once (one waits in the pool's queue), the other
    # ten pages share messages of up to eight.
    assert batches == 4


def test_a_page_whose_extraction_raises_costs_only_itself() -> None:
    pages = [_page(PAGES[0]), _page(PAGES[1], view=None), _page(PAGES[2])]
    read, _ = _read_all([pages[0], pages[0], *pages], workers=1)
    crashed = read[3]
    assert isinstance(crashed, PageCrashed)
    assert repr(crashed).startswith("AttributeError("), "the worker's own error, as raised"
    assert read[4] == extract_and_sign(*pages[2])
    assert read[2] == read[0] == extract_and_sign(*pages[0])
