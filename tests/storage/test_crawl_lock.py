"""One crawl of a site at a time: the lock the crawl's writer takes as the crawl opens, the
same one the CLI checks before Scrapy starts (storage/crawls.py)."""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from levantcrawl.outcome import INTERRUPTED, KILLED
from levantcrawl.storage import crawls
from tests.storage.conftest import T0

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from levantcrawl.storage.models import Crawl

pytestmark = pytest.mark.storage
HOST = "news.example"
STALE = timedelta(minutes=2)


def open_crawl(session: Session, *, minutes: int = 0, shared: bool = False) -> Crawl:
    return crawls.open_crawl(
        session,
        spider="news",
        start_url=f"https://{HOST}/",
        host=HOST,
        now=T0 + timedelta(minutes=minutes),
        stale_after=STALE,
        shared=shared,
    )


def test_a_second_crawl_of_a_running_site_is_refused_with_the_first_named(
    session: Session,
) -> None:
    first = open_crawl(session)  # this process: alive
    with pytest.raises(crawls.CrawlLocked, match=f"crawl {first.id} of {HOST} is still running"):
        open_crawl(session, minutes=1)
    with pytest.raises(crawls.CrawlLocked):
        crawls.refuse_if_running(session, HOST, T0 + timedelta(minutes=1), STALE)


def test_a_worker_of_a_shared_frontier_crawls_beside_the_others(session: Session) -> None:
    first = open_crawl(session)
    assert open_crawl(session, minutes=1, shared=True).id != first.id


def test_a_crawl_whose_process_is_gone_is_marked_interrupted_and_the_site_is_free(
    session: Session,
) -> None:
    dead = open_crawl(session)
    dead.owner = f"{socket.gethostname()}:{_a_dead_pid()}"
    session.flush()
    later = open_crawl(session, minutes=1)
    assert later.id != dead.id
    assert (dead.status, dead.reason) == (INTERRUPTED, KILLED)


def test_a_crawl_silent_past_the_stale_time_frees_the_site(session: Session) -> None:
    quiet = open_crawl(session)
    open_crawl(session, minutes=3)
    assert quiet.status == INTERRUPTED


def _a_dead_pid() -> int:
    """A process id no process has now: a child that has exited and been reaped."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid
