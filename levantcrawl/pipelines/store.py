"""Write articles, captures, links, removals and failures to the archive in batches."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from twisted.internet import reactor as _reactor
from twisted.internet import task

from levantcrawl.assemble import seal
from levantcrawl.crawlsite import sites_of
from levantcrawl.health import PREFIX
from levantcrawl.items import AliasItem, ArticleItem, RefusedItem
from levantcrawl.normalize.urls import url_forms
from levantcrawl.outcome import KILLED
from levantcrawl.pipelines.archive import CrawlArchive, attach_archive
from levantcrawl.pipelines.dedupe import near_threshold
from levantcrawl.schedule import RevisitPolicy
from levantcrawl.shared import shared_workers
from levantcrawl.storage import writer, writer_process
from levantcrawl.storage.writer import StoredItem, StoreOptions
from levantcrawl.storage.writer_process import CrawlOpening
from levantcrawl.workers import WorkerLost, WorkerPool

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from levantcrawl.storage.writer import WriteReport

logger = logging.getLogger(__name__)
# Twisted declares the reactor's interface methods without `self`, which mypy misreads.
reactor: Any = _reactor
_HEARTBEAT_SECONDS = 30.0
# Batches handed to the writer process at once, the one it writes included.
_WRITES_AHEAD = 2


class StorePipeline:
    """Batches items and writes each batch in one transaction in a writer process of its
    own: the reactor never waits on the database, its interpreter lock is not shared with
    SQLAlchemy's work, and SQLite never sees two writers. The writer makes every write of
    the crawl, other components' included (see pipelines/archive.py); a test counts the
    connections that write during real crawls (tests/crawl/test_one_writer.py)."""

    def __init__(
        self,
        crawler: Crawler,
        db_url: str,
        options: StoreOptions,
        tracking: frozenset[str] = frozenset(),
        *,
        read_model: bool = True,
        read_health: bool = True,
    ) -> None:
        self._crawler = crawler
        # What the crawl reads at its start, besides the revisit plan: the site model (when
        # the extract pipeline learns one) and earlier health figures (when alerts are on).
        self._read_model = read_model
        self._read_health = read_health
        # The crawl's one tracking-parameter list: the URL forms the archive records of what
        # the crawl saw are made here, before the writer, which stores them as they are.
        self._tracking = tracking
        self._options = options
        self._stats: StatsCollector = crawler.stats
        self._db_url = db_url
        self._batch_size = max(1, options.batch_size)
        self._flush_seconds = options.flush_seconds
        self._buffer: list[StoredItem] = []
        self._writes: set[asyncio.Future[None]] = set()  # batches handed to the writer
        # Aliases handed to the writer and not yet on their article: the writer keeps them
        # waiting, and should its process die, they are handed to the next one.
        self._unattached: dict[str, AliasItem] = {}
        self._writer_starts = 0
        self._last_flush = time.monotonic()
        self._writer: WorkerPool | None = None
        self._own_writer = True  # False: the crawl process's writer, shared by its sites
        self._crawl_id: int | None = None
        self._heart: task.LoopingCall | None = None
        self._beating: asyncio.Future[None] | None = None
        self._closed = False  # the crawl's record holds how it ended
        self._on_kill: Any = None  # the reactor trigger that records a crawl killed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        options = StoreOptions(
            batch_size=settings.getint("LEVANTCRAWL_STORE_BATCH_SIZE"),
            flush_seconds=settings.getfloat("LEVANTCRAWL_STORE_FLUSH_SECONDS"),
            # Near-duplicates are recorded (never dropped) unless dedupe is switched off.
            near_threshold=near_threshold(settings),
            collapse=settings.getfloat("LEVANTCRAWL_STORE_COLLAPSE_SHARE"),
            lock_stale_seconds=settings.getfloat("LEVANTCRAWL_STORE_LOCK_STALE_SECONDS"),
            shared=bool(settings.get("LEVANTCRAWL_FRONTIER_URL")),
            revisits=RevisitPolicy(
                age_fraction=settings.getfloat("LEVANTCRAWL_REVISIT_AGE_FRACTION"),
                backoff=settings.getfloat("LEVANTCRAWL_REVISIT_BACKOFF"),
                longest=int(settings.getfloat("LEVANTCRAWL_REVISIT_LONGEST_DAYS") * 86400),
            ),
        )
        tracking = frozenset(settings.getlist("LEVANTCRAWL_URLS_TRACKING_PARAMS"))
        pipeline = cls(
            crawler,
            settings.get("LEVANTCRAWL_DB_URL"),
            options,
            tracking,
            read_model=settings.getbool("LEVANTCRAWL_TEMPLATE_ENABLED"),
            read_health=settings.getfloat("LEVANTCRAWL_HEALTH_ALERT_DROP") > 0,
        )
        crawler.signals.connect(pipeline._spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def crawl_id(self) -> int | None:
        return self._crawl_id

    def open_spider(self) -> None:
        """Start the writer, which takes the crawl's lock, writes its record and reads what
        the crawl needs at its start: handed to the crawl's site (CrawlSite)."""
        spider = self._crawler.spider
        assert spider is not None, "pipelines open after the spider exists"
        site = next(iter(sites_of(self._crawler)), None)
        opening = CrawlOpening(
            spider=spider.name,
            start_url=site.start_url if site else "",
            host=site.host if site else None,
            revisit_plan=site.read_revisits if site else False,
            site_model=self._read_model,
            health_prefix=PREFIX if self._read_health else None,
            section_aliases=dict(site.section_aliases) if site else None,
        )
        shared = shared_workers(self._crawler)  # a site list's crawl: one writer for all
        if shared is not None:
            self._writer, self._own_writer = shared.writer(self._db_url, self._options), False
            self._writes = shared.writes  # the writer's batches in hand, whichever site's
            self._writer_starts = self._writer.restarts
        else:
            self._writer = WorkerPool(
                1, writer_process.open_writer, (self._db_url, self._options), name="lc-store"
            )
        try:
            opened = self._writer.call(writer_process.open_crawl, opening)
        except BaseException:
            if self._own_writer:
                self._writer.shutdown()
            self._writer = None
            raise
        self._crawl_id = opened.crawl_id
        if site is not None:
            site.known = opened.known
            site.stored_model = opened.site_model
            site.earlier_health = opened.earlier_health
        attach_archive(self._crawler, CrawlArchive(self._writer, opened.crawl_id))
        self._stats.set_value("levantcrawl/store/crawl_id", self._crawl_id)
        self._heart = task.LoopingCall(self._beat)
        self._heart.start(_HEARTBEAT_SECONDS, now=False)
        self._on_kill = reactor.addSystemEventTrigger("before", "shutdown", self._killed)
        logger.info("archiving into %s as crawl %s", opened.location, self._crawl_id)

    async def process_item(self, item: Any) -> Any:
        stored: StoredItem
        if isinstance(item, ArticleItem):
            seal(item)
            stored = item.to_record(self._tracking)
        elif isinstance(item, AliasItem):
            stored = replace(item, forms=url_forms([item.url], self._tracking))
        elif isinstance(item, StoredItem) and not (
            isinstance(item, RefusedItem) and not item.article_like
        ):
            stored = item
        else:
            return item
        await self._room_in_writer()
        self._buffer.append(stored)
        due = time.monotonic() - self._last_flush >= self._flush_seconds
        if len(self._buffer) >= self._batch_size or due:
            await self._flush()
        return item

    async def _room_in_writer(self) -> None:
        """Back-pressure: while the writer has _WRITES_AHEAD batches in hand, items wait
        here, and Scrapy, whose responses are not done meanwhile, stops downloading. Without
        it every response the scraper held could queue a batch of its own, and a crawl
        outpacing its database grew by hundreds of megabytes."""
        while len(self._writes) >= _WRITES_AHEAD:
            await asyncio.wait(self._writes, return_when=asyncio.FIRST_COMPLETED)
            self._writes.difference_update([write for write in self._writes if write.done()])

    async def _flush(self) -> None:
        batch, self._buffer = self._buffer, []
        self._last_flush = time.monotonic()
        if batch:
            write = asyncio.ensure_future(self._write(batch))
            self._writes.add(write)
            await write

    async def _write(self, batch: list[StoredItem]) -> None:
        assert self._writer is not None
        self._unattached.update((a.url, a) for a in batch if isinstance(a, AliasItem))
        try:
            report = await self._writer.run(writer_process.write_batch, self._crawl_id, batch)
        except WorkerLost as exc:
            # Died twice on this batch: its items are lost to this crawl, and said so; the
            # next crawl of the site fetches them again.
            self._stats.inc_value("levantcrawl/store/write_errors", len(batch))
            logger.error("the store's writer died twice on a batch of %d: %s", len(batch), exc)
            return
        self._take(report)
        if self._writer.restarts != self._writer_starts:
            # A new writer process knows nothing of the aliases the dead one kept waiting.
            self._writer_starts = self._writer.restarts
            self._stats.set_value("levantcrawl/store/writer_restarts", self._writer.restarts)
            if self._unattached:
                resent = await self._writer.run(
                    writer_process.write_batch, self._crawl_id, [*self._unattached.values()]
                )
                resent.stats.pop(writer.STORE + "aliases_seen", None)  # counted when first seen
                self._take(resent)

    def _take(self, report: WriteReport) -> None:
        """The writer's stats and log lines, into the crawl's."""
        for key, count in report.stats.items():
            self._stats.inc_value(key, count)
        for level, text in report.messages:
            logger.log(level, "%s", text)
        for url in report.attached:
            self._unattached.pop(url, None)

    def _beat(self) -> None:
        if self._beating is None or self._beating.done():
            self._beating = asyncio.ensure_future(self._beat_once())

    async def _beat_once(self) -> None:
        assert self._writer is not None
        try:
            await self._writer.run(writer_process.beat, self._crawl_id)
        except Exception as exc:  # a missed beat is no reason to stop; the next one may do
            logger.warning("crawl heartbeat failed: %s", exc)

    async def close_spider(self) -> None:
        if self._heart is not None and self._heart.running:
            self._heart.stop()
        await self._flush()

    def _spider_closed(self, spider: Spider, reason: str) -> None:
        if self._writer is None or self._closed:
            return
        if self._on_kill is not None:
            reactor.removeSystemEventTrigger(self._on_kill)
        self._finish(reason)

    def _killed(self) -> None:
        """The reactor stops with the crawl still open (a second Ctrl-C stops it at once):
        the record says so, with the counts so far, instead of "running" until the next
        crawl finds it stale. What was not written yet is fetched again by the next crawl."""
        if self._writer is None or self._closed:
            return
        if self._heart is not None and self._heart.running:
            self._heart.stop()
        self._stats.set_value("finish_reason", KILLED)
        self._stats.set_value("finish_time", datetime.now(UTC))
        logger.info("crawl %s stopped at once; its record says killed", self._crawl_id)
        self._finish(KILLED)

    def _finish(self, reason: str) -> None:
        assert self._writer is not None
        self._closed = True
        if self._writer.restarts:
            self._stats.set_value("levantcrawl/store/writer_restarts", self._writer.restarts)
        stats = json.loads(json.dumps(self._stats.get_stats(), default=str))
        try:
            self._take(self._writer.call(writer_process.finish, self._crawl_id, reason, stats))
        finally:
            if self._own_writer:
                self._writer.shutdown()
