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


def test_crawl_killed_mid_way_resumes_without_duplicates(sqlite_url: str) -> None:
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        small_batches = ("-s", "LEVANTCRAWL_STORE_BATCH_SIZE=10")
        command = scrapy_command(server.base_url, sqlite_url, *small_batches)
        crawler = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while _count_articles(sqlite_url) < 30 and crawler.poll() is None:
            assert time.monotonic() < deadline, "the crawl stored nothing in two minutes"
            time.sleep(0.2)
        assert crawler.poll() is None, "the crawl finished before it could be killed"
        os.killpg(crawler.pid, signal.SIGKILL)  # the crawler and its extraction workers
        crawler.wait(timeout=10)
        stored_before = _count_articles(sqlite_url)
        assert 30 <= stored_before < len(server.site.articles)

        scrapy_crawl(server.base_url, sqlite_url)
        truth = {server.base_url + path for path in server.site.articles}

    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        urls = list(connection.scalars(select(Article.canonical_url)))
        assert sorted(urls) == sorted(truth)
        assert connection.scalar(select(func.count(Revision.id))) == len(truth)
        duplicates = connection.execute(
            select(Revision.article_id).group_by(Revision.article_id).having(func.count() > 1)
        ).all()
        assert duplicates == []
        assert connection.scalar(select(func.count(UrlAlias.id))) == connection.scalar(
            select(func.count(func.distinct(UrlAlias.url)))
        )
        statuses = list(connection.scalars(select(Crawl.status).order_by(Crawl.id)))
        assert statuses == ["interrupted", "finished"], "the killed crawl is kept, marked"
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()


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
