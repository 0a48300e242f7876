"""A crawl killed at any moment resumes without duplicates, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError

from levantcrawl.samplesite import SampleSiteServer
from levantcrawl.storage.models import Article, Crawl, Revision, UrlAlias
from tests.crawl.conftest import ROOT, TODAY, levantcrawl, scrapy_command, scrapy_crawl

pytestmark = pytest.mark.crawl


def _count_articles(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count(Article.id))) or 0)
    except OperationalError:
        return 0  # the schema is not there yet
    finally:
        engine.dispose()


def _kill_after(command: list[str], db_url: str, articles: int) -> None:
    """Start a crawl and SIGKILL it (and its extraction workers) once `articles` are stored."""
    crawler = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while _count_articles(db_url) < articles and crawler.poll() is None:
        assert time.monotonic() < deadline, f"the crawl stored fewer than {articles} in 2 min"
        time.sleep(0.1)
    assert crawler.poll() is None, "the crawl finished before it could be killed"
    os.killpg(crawler.pid, signal.SIGKILL)
    crawler.wait(timeout=10)


def _check_consistent(db_url: str) -> list[str]:
    """Integrity, no duplicate, no half-written article; returns the stored URLs."""
    engine = create_engine(db_url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        urls = list(connection.scalars(select(Article.canonical_url)))
        assert len(urls) == len(set(urls))
        per_article = connection.execute(
            select(Article.id, func.count(Revision.id))
            .outerjoin(Revision, Revision.article_id == Article.id)
            .group_by(Article.id)
        ).all()
        assert {n for _, n in per_article} <= {1}, "one revision each, none missing"
        assert connection.scalar(select(func.count(UrlAlias.id))) == connection.scalar(
            select(func.count(func.distinct(UrlAlias.url)))
        )
    engine.dispose()
    return urls


def test_crawl_killed_at_several_points_resumes_without_duplicates(sqlite_url: str) -> None:
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        small_batches = ("-s", "LEVANTCRAWL_STORE_BATCH_SIZE=5")
        command = scrapy_command(server.base_url, sqlite_url, *small_batches)
        stored = 0
        # Each run is killed once it has stored articles of its own, a little further on
        # each time: a target counted from zero could be passed by the run before, whose
        # kill lands a moment after its target, and the next run be killed before it began.
        for step in (10, 40, 40):
            _kill_after(command, sqlite_url, stored + step)
            urls = _check_consistent(sqlite_url)
            assert len(urls) >= stored, "a restart never loses what was stored"
            stored = len(urls)
        assert stored < len(server.site.articles)
        scrapy_crawl(server.base_url, sqlite_url)
        truth = {server.base_url + path for path in server.site.articles}
    assert sorted(_check_consistent(sqlite_url)) == sorted(truth)
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        statuses = list(connection.scalars(select(Crawl.status).order_by(Crawl.id)))
    engine.dispose()
    assert statuses == ["interrupted"] * 3 + ["finished"], "killed crawls are kept, marked"


@pytest.mark.storage
def test_cli_crawl_into_postgresql_matches_the_truth(pg_url: str) -> None:
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        result = levantcrawl(
            "crawl", server.base_url + "/", "--db", pg_url, "--fast", "--tz", "Asia/Beirut"
        )
        truth = server.site.articles
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    summary = result.stdout
    assert "crawl 1: finished" in summary
    assert re.search(rf"new articles\s+│\s+{len(truth)} │", summary), summary
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count(Article.id))) == len(truth)
        assert connection.scalar(select(func.count(Revision.id))) == len(truth)
        tz_aware = connection.scalar(select(Revision.published_at).limit(1))
        assert tz_aware is not None
        assert tz_aware.tzinfo is not None
    engine.dispose()
