"""Two workers' writers on one PostgreSQL archive: their races end in a retry, not a crash.

A real race, not a simulated one: a rival connection takes the locks in the order that
deadlocks against the writer closing its crawl, and PostgreSQL's own deadlock detector
breaks it."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from levantcrawl.storage import crawls, identity, listings, revisions
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Crawl, Link
from levantcrawl.storage.writer import BatchWriter, StoreOptions, WriteReport, lost_race
from tests.storage.conftest import T0
from tests.storage.test_repositories import make_item

if TYPE_CHECKING:
    from sqlalchemy import Connection

pytestmark = pytest.mark.storage
OLDER = "http://127.0.0.1:9/2024/07/99-older"  # make_item's related link points here
WAIT_SECONDS = 20.0


def archive_with_an_unresolved_link(url: str) -> int:
    """A crawl that stored an article linking to another it stored later: one link for the
    crawl's end to resolve. Returns the crawl's id."""
    archive = open_archive(url)
    with archive.sessions.begin() as session:
        site = identity.site_for_host(session, "127.0.0.1", "Levant News", T0)
        crawl = crawls.start_crawl(
            session, spider="news", start_url="http://127.0.0.1:9/", site=site, now=T0
        )
        revisions.save_article(session, crawl.id, make_item().to_record())
        target = replace(make_item(url=OLDER, title="Older", paragraphs=("Old.",)), links=())
        revisions.save_article(session, crawl.id, target.to_record())
        crawl_id = crawl.id
    archive.close()
    return crawl_id


def wait_for(condition: str, connection: Connection, params: dict[str, str]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not connection.execute(text(condition), params).scalar():
        assert time.monotonic() < deadline, f"timed out waiting for: {condition}"
        time.sleep(0.05)


def test_a_deadlock_at_the_crawls_end_is_retried(pg_url: str) -> None:
    crawl_id = archive_with_an_unresolved_link(pg_url)
    name = f"lc-writer-{uuid.uuid4().hex[:8]}"
    writer = BatchWriter(f"{pg_url}&application_name={name}", crawl_id, StoreOptions())
    rival_engine = open_archive(pg_url).engine
    reports: list[WriteReport] = []
    with rival_engine.connect() as rival, rival_engine.connect() as observer:
        rival.begin()
        # The rival waits long before looking for deadlocks, so the writer is the one that
        # finds this deadlock and gives up its transaction.
        rival.execute(text("SET LOCAL deadlock_timeout = '30s'"))
        rival.execute(
            text("UPDATE link SET anchor = anchor WHERE target_url = :url"), {"url": OLDER}
        )
        closing = threading.Thread(target=lambda: reports.append(writer.finish("finished", {})))
        closing.start()
        # The writer holds the link-resolution lock and waits for the rival's row lock ...
        wait_for(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name = :name AND wait_event_type = 'Lock'",
            observer,
            {"name": name},
        )
        # ... and the rival now asks for that lock: a cycle, which PostgreSQL breaks.
        rival.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": identity.RESOLVE_LOCK})
        rival.commit()
        closing.join(WAIT_SECONDS)
    assert not closing.is_alive()
    (report,) = reports
    assert report.stats["levantcrawl/store/conflicts"] == 1
    assert any("1 links resolved" in line for _, line in report.messages)
    archive = open_archive(pg_url)
    with archive.sessions() as session:
        link = session.scalars(select(Link).where(Link.target_url == OLDER)).one()
        assert link.target_article_id == listings.article_by_url(session, OLDER).id  # type: ignore[union-attr]
        assert session.get(Crawl, crawl_id).status == "finished"  # type: ignore[union-attr]
    archive.close()
    rival_engine.dispose()


def test_two_closing_crawls_resolve_links_in_turn(pg_url: str) -> None:
    archive_with_an_unresolved_link(pg_url)
    archive = open_archive(pg_url)
    with archive.sessions() as first, archive.sessions() as second:
        assert identity.resolve_link_targets(first) == 1  # holds the lock until it commits
        resolved: list[int] = []
        waiting = threading.Thread(
            target=lambda: resolved.append(identity.resolve_link_targets(second))
        )
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive(), "the second resolution waits for the first's commit"
        first.commit()
        waiting.join(WAIT_SECONDS)
        second.commit()
    assert resolved == [0]  # the first resolved the link; the second found nothing left
    archive.close()


def deadlock(url: str) -> OperationalError:
    """Two connections each holding a row the other wants: PostgreSQL aborts one."""
    engine = open_archive(url).engine
    with engine.begin() as setup:
        setup.execute(text("CREATE TABLE race (id int PRIMARY KEY)"))
        setup.execute(text("INSERT INTO race VALUES (1), (2)"))
    caught: list[OperationalError] = []

    def take(first: int, second: int, holding: threading.Barrier) -> None:
        with engine.connect() as connection, connection.begin():
            try:
                connection.execute(text("UPDATE race SET id = id WHERE id = :id"), {"id": first})
                holding.wait()
                connection.execute(text("UPDATE race SET id = id WHERE id = :id"), {"id": second})
            except OperationalError as exc:
                caught.append(exc)

    holding = threading.Barrier(2)
    threads = [threading.Thread(target=take, args=(*pair, holding)) for pair in ((1, 2), (2, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    engine.dispose()
    (exc,) = caught
    return exc


def test_a_lost_race_is_told_from_a_broken_database(pg_url: str) -> None:
    assert lost_race(deadlock(pg_url))
    engine = open_archive(pg_url).engine
    with engine.connect() as connection, pytest.raises(OperationalError) as refused:
        connection.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
    engine.dispose()
    assert not lost_race(refused.value)
