"""The crawl's writer: one process, one archive connection, every write of the crawl.

The store pipeline starts this process (levantcrawl.workers.WorkerPool, one worker) and
every component that writes sends it a message, a call of one of the functions below with
the crawl's id: the crawl's record and its lock at the start, with the reads the crawl
needs then (the revisit plan, the stored site model, earlier health figures); batches of
items; heartbeats; site-model snapshots; the cold-start pass's rewrites; the crawl's end.
So SQLite never sees two writers, and there is one retry story. A process that dies is
replaced by the pool; the next message names its crawl, and the new process carries on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from levantcrawl import reextract
from levantcrawl.storage import crawls, revisits, sites
from levantcrawl.storage.db import Archive, open_archive
from levantcrawl.storage.writer import BatchWriter, StoredItem, StoreOptions, WriteReport

if TYPE_CHECKING:
    from collections.abc import Mapping
    from zoneinfo import ZoneInfo

    from levantcrawl.extraction.template import TemplateView
    from levantcrawl.storage.revisits import KnownArticle


@dataclass(frozen=True, slots=True)
class CrawlOpening:
    """What a crawl asks for as it opens."""

    spider: str
    start_url: str
    host: str | None
    revisit_plan: bool = True  # the site's archived articles, for revisits and links
    site_model: bool = True  # the site model earlier crawls learned
    health_prefix: str | None = None  # earlier crawls' health figures (stats keys)
    section_aliases: dict[str, str] | None = None  # the site's, kept for `reextract`


@dataclass(frozen=True, slots=True)
class CrawlOpened:
    crawl_id: int
    location: str  # the archive, for the log (no password)
    known: dict[str, KnownArticle] = field(default_factory=dict)
    site_model: dict[str, Any] | None = None
    earlier_health: list[dict[str, float]] = field(default_factory=list)


class _Process:
    """The writer process's state: its archive, opened once, and a BatchWriter per crawl: a
    crawl of a site list (siterun.py) is a crawl per site, all written by this process."""

    def __init__(self, db_url: str, options: StoreOptions) -> None:
        self.db_url = db_url
        self.options = options
        self._archive: Archive | None = None
        self._writers: dict[int, BatchWriter] = {}

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = open_archive(self.db_url)
        return self._archive

    def writer(self, crawl_id: int) -> BatchWriter:
        found = self._writers.get(crawl_id)
        if found is None:
            found = BatchWriter(self.db_url, crawl_id, self.options, self.archive)
            self._writers[crawl_id] = found
        return found

    def finish(self, crawl_id: int, reason: str, stats: dict[str, Any]) -> WriteReport:
        try:
            return self.writer(crawl_id).finish(reason, stats)
        finally:
            self._writers.pop(crawl_id, None)


_process: _Process | None = None


def open_writer(db_url: str, options: StoreOptions) -> None:
    """Initializer of the writer process (see levantcrawl.workers.WorkerPool)."""
    global _process  # one writer per process, by design
    _process = _Process(db_url, options)


def _current() -> _Process:
    assert _process is not None, "open_writer runs first in the writer process"
    return _process


def open_crawl(opening: CrawlOpening) -> CrawlOpened:
    """The crawl's record, unless another crawl of the site runs (crawls.CrawlLocked), then
    what the crawl needs to read at its start, in one go."""
    process = _current()
    archive = process.archive
    now = datetime.now(UTC)
    with archive.sessions.begin() as session:
        crawl = crawls.open_crawl(
            session,
            spider=opening.spider,
            start_url=opening.start_url,
            host=opening.host,
            now=now,
            stale_after=timedelta(seconds=process.options.lock_stale_seconds),
            shared=process.options.shared,
        )
        crawl_id = crawl.id
        if opening.host and opening.section_aliases is not None:
            sites.keep_section_aliases(session, opening.host, opening.section_aliases, now)
    process.writer(crawl_id)
    location = archive.engine.url.render_as_string()
    host = opening.host
    if not host:
        return CrawlOpened(crawl_id, location)
    with archive.sessions() as session:
        return CrawlOpened(
            crawl_id,
            location,
            known=revisits.known_articles(session, host, now) if opening.revisit_plan else {},
            site_model=sites.load_template(session, host) if opening.site_model else None,
            earlier_health=sites.earlier_health(session, host, opening.health_prefix)
            if opening.health_prefix
            else [],
        )


def write_batch(crawl_id: int, batch: list[StoredItem]) -> WriteReport:
    return _current().writer(crawl_id).write(batch)


def beat(crawl_id: int) -> None:
    _current().writer(crawl_id).beat()


def save_model(crawl_id: int, host: str, model: dict[str, Any], pages: int) -> None:
    """A snapshot of the site model the crawl learns (also its final state)."""
    with _current().archive.sessions.begin() as session:
        sites.save_template(session, host, model, pages, datetime.now(UTC))


def cold_pages(crawl_id: int, scope: reextract.Scope) -> list[reextract.ColdPage]:
    with _current().archive.sessions() as session:
        return reextract.cold_pages(session, scope)


def rewrite_cold(
    crawl_id: int,
    readings: list[reextract.Reading],
    view: TemplateView,
    default_tz: ZoneInfo,
    tracking: frozenset[str],
    min_words: int,
    near_threshold: float | None,
    section_aliases: Mapping[str, str] | None = None,
) -> reextract.ReextractReport:
    """The cold-start pages the crawl's workers read again with the site model, rewritten."""
    with _current().archive.sessions.begin() as session:
        return reextract.rewrite_cold(
            session,
            readings,
            view=view,
            default_tz=default_tz,
            tracking=tracking,
            min_words=min_words,
            near_threshold=near_threshold,
            section_aliases=section_aliases,
        )


def finish(crawl_id: int, reason: str, stats: dict[str, Any]) -> WriteReport:
    """The crawl's end; the archive is closed after it (and opened again by the next call,
    another site's, in a crawl of a site list)."""
    return _current().finish(crawl_id, reason, stats)
