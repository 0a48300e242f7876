"""Two `scrapy crawl news` workers sharing one Redis frontier and one PostgreSQL archive.

Real parts only: the sample site on 127.0.0.1, Redis at 127.0.0.1:6379 and PostgreSQL at
127.0.0.1:5432 (both fail this test in CI when missing), the real spider and CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from typing import TYPE_CHECKING

import pytest
from redis import Redis
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.exc import ProgrammingError

from levantcrawl.cli.frontier import frontier_state
from levantcrawl.frontier.keys import SiteKeys, workers_key
from levantcrawl.storage.models import Article, Link, Revision
from tests.crawl.conftest import ROOT, levantcrawl, scrapy_command

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.crawl.conftest import CrawlSequence

pytestmark = pytest.mark.crawl
HOST = "127.0.0.1"
IDLE_SECONDS = 8


def worker(
    base_url: str, db_url: str, redis_url: str, prefix: str, *extra: str
) -> subprocess.Popen[str]:
    command = scrapy_command(
        base_url,
        db_url,
        "-s",
        f"LEVANTCRAWL_FRONTIER_URL={redis_url}",
        "-s",
        f"LEVANTCRAWL_FRONTIER_PREFIX={prefix}",
        # Long enough that a worker up while the other is still reading robots.txt and the
        # sitemaps (the queue empty meanwhile) waits for their URLs instead of leaving.
        "-s",
        f"LEVANTCRAWL_FRONTIER_IDLE_SECONDS={IDLE_SECONDS}",
        *extra,
    )
    # A session of its own: killing the worker kills its extraction processes too, as when
    # its machine dies.
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    _started.append(process)
    return process


_started: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _reap_workers() -> Iterator[None]:
    """A test that fails with workers still running kills them: left behind, they would
    crawl on into the next test, and warn there when collected."""
    yield
    while _started:
        process = _started.pop()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)


def wait_for_workers(redis_url: str, prefix: str, expected: int) -> None:
    """Until `expected` workers have signed in to the frontier (their first heartbeat)."""
    server = Redis.from_url(redis_url)
    deadline = time.monotonic() + 120
    try:
        while server.hlen(f"{prefix}:workers") < expected:
            assert time.monotonic() < deadline, f"fewer than {expected} workers up in 2 min"
            time.sleep(0.1)
    finally:
        server.close()


def enqueue(url: str, redis_url: str, prefix: str) -> None:
    result = levantcrawl("enqueue", url, "--frontier", redis_url, "--prefix", prefix)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"queued 1 seed(s) for {HOST}"


def finish(process: subprocess.Popen[str], timeout: float = 180) -> str:
    _, log = process.communicate(timeout=timeout)
    assert process.returncode == 0, log[-3000:]
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    return log


def counts(db_url: str) -> dict[str, int]:
    engine = create_engine(db_url)
    try:
        return _counts(engine)
    finally:  # a failed query must not leave a pooled connection for the garbage collector
        engine.dispose()


def stored_revisions(db_url: str) -> int:
    """Revisions so far; 0 while the workers are still creating the schema."""
    try:
        return counts(db_url)["revisions"]
    except ProgrammingError:
        return 0


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:

        def scalar(stmt: object) -> int:
            return int(connection.execute(stmt).scalar_one())  # type: ignore[call-overload]

        found = {
            "articles": scalar(select(func.count()).select_from(Article)),
            "urls": scalar(select(func.count(func.distinct(Article.canonical_url)))),
            "revisions": scalar(select(func.count()).select_from(Revision)),
            "revision_keys": scalar(
                text(
                    "SELECT count(*) FROM "
                    "(SELECT DISTINCT article_id, content_sha256 FROM revision) AS kept"
                )
            ),
            "links": scalar(select(func.count()).select_from(Link)),
            "crawls_with_revisions": scalar(select(func.count(func.distinct(Revision.crawl_id)))),
        }
    return found


def test_two_workers_share_the_crawl_and_store_each_article_once(
    crawled: CrawlSequence, pg_url: str, redis_url: str, frontier_prefix: str
) -> None:
    server_url = crawled.base_url
    # Slowed so that the crawl outlasts the few seconds between an idle worker's looks at
    # the queue: at full speed, the worker that reads the sitemaps could fetch all 184
    # articles before the other looked once. The seed goes in once both are up.
    slow = ("-s", "CONCURRENT_REQUESTS=2", "-s", "DOWNLOAD_DELAY=0.05")
    workers = [worker(server_url, pg_url, redis_url, frontier_prefix, *slow) for _ in "ab"]
    wait_for_workers(redis_url, frontier_prefix, len(workers))
    enqueue(f"{server_url}/", redis_url, frontier_prefix)
    logs = [finish(process) for process in workers]
    single = counts(crawled.first.db_url)  # the same edition, crawled by one process
    shared = counts(pg_url)
    assert shared["articles"] == shared["urls"] == len(crawled.first.site.articles)
    assert shared["revisions"] == shared["revision_keys"] == shared["articles"]
    assert shared["links"] == single["links"]
    assert shared["crawls_with_revisions"] == 2, "both workers stored articles"
    for log in logs:
        assert "Traceback" not in log, log[log.find("Traceback") - 500 :][:4000]
    server = Redis.from_url(redis_url)
    keys = SiteKeys(frontier_prefix, HOST)
    assert server.zcard(keys.requests) == 0
    assert server.llen(keys.seeds) == 0
    assert server.hlen(f"{frontier_prefix}:workers") == 0  # both signed out
    server.close()


def test_killed_worker_leaves_the_queue_to_the_other_and_nothing_is_lost(
    crawled: CrawlSequence, pg_url: str, redis_url: str, frontier_prefix: str
) -> None:
    server_url = crawled.base_url
    slow = ("-s", "CONCURRENT_REQUESTS=2", "-s", "DOWNLOAD_DELAY=0.05")
    doomed, survivor = (worker(server_url, pg_url, redis_url, frontier_prefix, *slow) for _ in "ab")
    enqueue(f"{server_url}/", redis_url, frontier_prefix)
    deadline = time.monotonic() + 120
    while stored_revisions(pg_url) < 30:
        assert time.monotonic() < deadline, "the workers stored nothing"
        assert doomed.poll() is None
        assert survivor.poll() is None
        time.sleep(0.3)
    os.killpg(doomed.pid, signal.SIGKILL)
    doomed.communicate(timeout=30)
    at_kill = counts(pg_url)["revisions"]
    finish(survivor)
    after = counts(pg_url)
    assert after["revisions"] > at_kill, "the survivor went on with the queue"
    server = Redis.from_url(redis_url)
    keys = SiteKeys(frontier_prefix, HOST)
    assert server.zcard(keys.requests) == 0, "the survivor finished the queue"
    server.close()
    assert after["articles"] == after["urls"]
    assert after["revisions"] == after["revision_keys"]
    # What the killed worker had in hand is fetched by the next crawl of the site.
    again = worker(server_url, pg_url, redis_url, frontier_prefix)
    enqueue(f"{server_url}/", redis_url, frontier_prefix)
    finish(again)
    final = counts(pg_url)
    assert final["articles"] == final["urls"] == len(crawled.first.site.articles)
    assert final["revisions"] == final["revision_keys"] == final["articles"]
    assert final["links"] == counts(crawled.first.db_url)["links"]


def test_workers_command_shows_queues_and_workers(
    crawled: CrawlSequence, pg_url: str, redis_url: str, frontier_prefix: str
) -> None:
    server_url = crawled.base_url
    process = worker(server_url, pg_url, redis_url, frontier_prefix)
    try:
        enqueue(f"{server_url}/", redis_url, frontier_prefix)
        deadline = time.monotonic() + 60
        while True:
            result = levantcrawl(
                "workers",
                "--frontier",
                redis_url,
                "--prefix",
                frontier_prefix,
                "--db",
                pg_url,
                "--format",
                "json",
            )
            assert result.returncode == 0, result.stderr
            state = json.loads(result.stdout)
            if state["workers"] and state["workers"][0]["crawl_id"]:
                break
            assert time.monotonic() < deadline, state
            time.sleep(0.5)
        [seen] = state["workers"]
        assert seen["site"] == HOST
        assert seen["state"] == "live"
        assert HOST in state["sites"]
        table = levantcrawl(
            "workers", "--frontier", redis_url, "--prefix", frontier_prefix, "--db", pg_url
        )
        assert "frontier queues" in table.stdout
        assert HOST in table.stdout
    finally:  # the crawl itself is another test's subject: stop it here
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)


def test_a_site_being_crawled_is_listed_while_its_queue_is_empty(
    redis_url: str, frontier_prefix: str
) -> None:
    """Redis drops a queue's key when it empties: the worker's report keeps the site listed."""
    server = Redis.from_url(redis_url)
    report = {"host": HOST, "pid": 1, "crawl_id": 7}
    server.hset(workers_key(frontier_prefix), "worker-1", json.dumps(report))
    state = frontier_state(server, frontier_prefix)
    assert state["sites"] == {HOST: {"queued": 0, "seeds": 0}}
    assert state["workers"]["worker-1"]["crawl_id"] == 7


def test_enqueue_refuses_bad_urls_and_unreachable_redis(frontier_prefix: str) -> None:
    bad = levantcrawl(
        "enqueue", "ftp://x/", "--frontier", "redis://127.0.0.1:6379/0", "--prefix", frontier_prefix
    )
    assert bad.returncode == 2
    assert "not an http(s) URL" in bad.stderr
    down = levantcrawl("enqueue", "http://x/", "--frontier", "redis://127.0.0.1:1/0")
    assert down.returncode == 2
    assert "cannot reach the frontier" in down.stderr
    assert len(down.stderr.strip().splitlines()) == 1
