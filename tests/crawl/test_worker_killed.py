"""An extraction process or the store's writer killed mid-crawl costs nothing: the pages
are read again, the batch is written again."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from levantcrawl.samplesite import SampleSiteServer
from levantcrawl.storage.models import Article, Crawl, Failure, Revision
from levantcrawl.workers import process_name
from tests.crawl.conftest import ROOT, TODAY, scrapy_command
from tests.crawl.test_resume import _count_articles

pytestmark = pytest.mark.crawl


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _workers(crawler: int, name: str) -> list[int]:
    """The crawl's forkserver is its child; its worker processes are the forkserver's."""
    found = [worker for child in _children(crawler) for worker in _children(child)]
    return [worker for worker in found if process_name(worker) == name]


@pytest.mark.parametrize(
    ("victim", "restarts"),
    [
        ("lc-extract", "levantcrawl/extract/pool_restarts"),
        ("lc-store", "levantcrawl/store/writer_restarts"),
    ],
)
def test_killing_a_worker_process_loses_no_page(
    sqlite_url: str, victim: str, restarts: str
) -> None:
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        expected = len(server.site.articles)
        command = scrapy_command(
            server.base_url, sqlite_url, "-s", "CONCURRENT_REQUESTS=4", "-s", "DOWNLOAD_DELAY=0.02"
        )
        crawler = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 120
        while _count_articles(sqlite_url) < 20:
            assert crawler.poll() is None, "the crawl ended before it stored 20 articles"
            assert time.monotonic() < deadline, "nothing stored in 2 minutes"
            time.sleep(0.1)
        workers = _workers(crawler.pid, victim)
        assert workers, f"the crawl has {victim} processes"
        os.kill(workers[0], signal.SIGKILL)
        _, log = crawler.communicate(timeout=180)
    assert crawler.returncode == 0, log[-3000:]
    assert "'finish_reason': 'finished'" in log
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        stats = connection.scalar(select(Crawl.stats)) or {}
        articles = connection.scalar(select(func.count(Article.id)))
        revisions = connection.scalar(select(func.count(Revision.id)))
        failures = list(connection.scalars(select(Failure.reason)))
    engine.dispose()
    assert stats[restarts] >= 1
    assert articles == revisions == expected, "every article, each once"
    assert not [reason for reason in failures if "died" in reason]
