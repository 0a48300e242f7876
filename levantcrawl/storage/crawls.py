"""The crawl record and its lock: one crawl of a site at a time, a heartbeat that shows it is
alive, its failures and how it ended."""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from levantcrawl.outcome import INTERRUPTED, KILLED
from levantcrawl.storage.identity import site_for_host
from levantcrawl.storage.models import Crawl, Failure, Site

if TYPE_CHECKING:
    from datetime import datetime, timedelta

    from sqlalchemy.orm import Session


class CrawlLocked(RuntimeError):
    """Another crawl of the same site is running: two would fetch and write everything twice."""


def refuse_if_running(session: Session, host: str, now: datetime, stale_after: timedelta) -> None:
    """Raise CrawlLocked when a crawl of `host` is running. The crawl's lock, taken by the
    store as the crawl opens (`open_crawl`); the CLI checks it before Scrapy starts, to say
    so before anything is set up."""
    live = live_crawl(session, host, now, stale_after)
    if live is not None:
        raise CrawlLocked(
            f"crawl {live.id} of {host} is still running (started "
            f"{live.started_at:%Y-%m-%d %H:%M} UTC, last active "
            f"{(live.heartbeat_at or live.started_at):%H:%M:%S}); wait for it or stop it first"
        )


def open_crawl(
    session: Session,
    *,
    spider: str,
    start_url: str,
    host: str | None,
    now: datetime,
    stale_after: timedelta,
    shared: bool,
) -> Crawl:
    """The crawl's record, once no other crawl of its site is running (CrawlLocked). A
    worker of a shared frontier (`shared`) crawls beside the others on purpose."""
    if host and not shared:
        refuse_if_running(session, host, now, stale_after)
    site = site_for_host(session, host, None, now) if host else None
    return start_crawl(session, spider=spider, start_url=start_url, site=site, now=now)


def start_crawl(
    session: Session, *, spider: str, start_url: str, site: Site | None, now: datetime
) -> Crawl:
    crawl = Crawl(
        owner=process_owner(),
        site_id=site.id if site else None,
        spider=spider,
        start_url=start_url,
        started_at=now,
        status="running",
        stats={},
    )
    session.add(crawl)
    session.flush()
    return crawl


def finish_crawl(
    session: Session,
    crawl_id: int,
    *,
    status: str,
    reason: str | None,
    stats: dict[str, Any],
    now: datetime,
) -> None:
    session.execute(
        update(Crawl)
        .where(Crawl.id == crawl_id)
        .values(status=status, reason=reason, stats=stats, finished_at=now)
    )


def live_crawl(session: Session, host: str, now: datetime, stale_after: timedelta) -> Crawl | None:
    """A crawl of `host` still running (its heartbeat is recent). Older "running" crawls
    were killed: they are marked interrupted on the way."""
    stmt = (
        select(Crawl)
        .join(Site, Site.id == Crawl.site_id)
        .where(Site.host == host, Crawl.status == "running")
        .order_by(Crawl.id)
    )
    live = None
    for crawl in session.scalars(stmt):
        beat = crawl.heartbeat_at or crawl.started_at
        if now - beat > stale_after or _owner_is_dead(crawl.owner):
            crawl.status, crawl.reason = INTERRUPTED, KILLED
        else:
            live = crawl
    return live


def process_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _owner_is_dead(owner: str | None) -> bool:
    """True when the crawl's process ran on this machine and is gone."""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False


def heartbeat(session: Session, crawl_id: int, now: datetime) -> None:
    session.execute(update(Crawl).where(Crawl.id == crawl_id).values(heartbeat_at=now))


def record_failure(session: Session, crawl_id: int, url: str, reason: str, at: datetime) -> None:
    session.add(Failure(crawl_id=crawl_id, url=url, reason=reason, at=at))
