"""Crawl fixtures: the bundled sample site on 127.0.0.1 and real `scrapy crawl` runs.

One session-scoped sequence of crawls (edition 1, edition 1 again, edition 2) feeds most
crawl tests; after each stage the SQLite archive is copied, so every stage can be read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from levantcrawl.samplesite import SampleSite, SampleSiteServer, build_site, header_date
from levantcrawl.storage import listings, revisions
from levantcrawl.storage.db import open_archive

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session

    from levantcrawl.storage.models import Revision

ROOT = Path(__file__).resolve().parents[2]
# The header's "today" is fixed so the page matches the seed: Friday, 15 November 2024.
TODAY = date(2024, 11, 15)
HEADER_DATE = header_date(TODAY)
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
REVISIT_ALL = ("-a", "revisit=all")


def scrapy_command(base_url: str, db_url: str, *extra: str) -> list[str]:
    """The real `scrapy crawl news` of the sample site into `db_url`, without politeness delays."""
    site = ("-a", f"start_url={base_url}/", "-a", "tz=Asia/Beirut")
    store = ("-s", f"LEVANTCRAWL_DB_URL={db_url}")
    return [sys.executable, "-m", "scrapy", "crawl", "news", *site, *store, *FAST, *extra]


def scrapy_crawl(base_url: str, db_url: str, *extra: str, timeout: float = 180) -> str:
    """Run a crawl to its end from the repository root; return its log."""
    result = subprocess.run(
        scrapy_command(base_url, db_url, *extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'finish_reason': 'finished'" in result.stderr, result.stderr[-3000:]
    return result.stderr


def levantcrawl(
    *args: str, timeout: float = 180, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process, as a user would (`env` adds variables)."""
    return subprocess.run(
        [sys.executable, "-m", "levantcrawl", *args],
        env={**os.environ, **env} if env else None,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def archive_session(db_url: str) -> Iterator[Session]:
    """A session on a crawl's archive, for a fixture to yield from."""
    archive = open_archive(db_url)
    with archive.sessions() as session:
        yield session
    archive.close()


def latest(session: Session, url: str) -> Revision:
    article = listings.article_by_url(session, url)
    assert article is not None, f"{url} was not archived"
    revision = revisions.latest_revision(session, article.id)
    assert revision is not None
    return revision


@dataclass(frozen=True)
class Stage:
    db_url: str
    site: SampleSite
    log: str


@dataclass(frozen=True)
class CrawlSequence:
    base_url: str
    first: Stage  # edition 1 into an empty archive
    again: Stage  # edition 1 once more: nothing changed
    second: Stage  # edition 2: edits, new articles, one removal
    requests: tuple[tuple[str, str, str], ...]  # (method, path, user agent) the site saw
    connections: int  # TCP connections the site accepted over the three crawls


@pytest.fixture(scope="session")
def sample_server() -> Iterator[SampleSiteServer]:
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        yield server


@pytest.fixture(scope="session")
def crawled(
    sample_server: SampleSiteServer, tmp_path_factory: pytest.TempPathFactory
) -> CrawlSequence:
    folder = tmp_path_factory.mktemp("crawls")
    live = folder / "live.db"
    url = f"sqlite:///{live}"
    stages: list[Stage] = []
    connected_before = sample_server.connection_count
    # Later crawls revisit every archived article ("revisit=all"), as if all were due.
    for name, edition, extra in (
        ("first", 1, ()),
        ("again", 1, REVISIT_ALL),
        ("second", 2, REVISIT_ALL),
    ):
        sample_server.set_edition(edition)
        log = scrapy_crawl(sample_server.base_url, url, *extra)
        copy = folder / f"{name}.db"
        shutil.copyfile(live, copy)
        stages.append(Stage(f"sqlite:///{copy}", build_site(edition=edition), log))
    sample_server.set_edition(1)
    seen = tuple((r.method, r.path, r.user_agent) for r in sample_server.requests)
    return CrawlSequence(
        sample_server.base_url,
        *stages,
        requests=seen,
        connections=sample_server.connection_count - connected_before,
    )
