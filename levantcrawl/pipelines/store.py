"""Write articles, captures, links, removals and failures to the archive in batches."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy import signals
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from twisted.internet import task

from levantcrawl.assemble import seal
from levantcrawl.items import AliasItem, ArticleItem, FailureItem, GoneItem, NotModifiedItem
from levantcrawl.normalize.urls import canonical_url
from levantcrawl.schedule import RevisitPolicy
from levantcrawl.storage import repositories as repo
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Article

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from sqlalchemy.orm import Session

    from levantcrawl.storage.db import Archive

logger = logging.getLogger(__name__)
StoredItem = ArticleItem | GoneItem | FailureItem | AliasItem | NotModifiedItem
_HEARTBEAT_SECONDS = 30.0
# Writes of one item retried after a unique-constraint conflict with a concurrent writer.
_CONFLICT_TRIES = 3
# Batches handed to the writer thread at once, the one it writes included.
_WRITES_AHEAD = 2
# Outcomes of save_article that are a change of content, for the revisit schedule.
CHANGED = frozenset({"new", "revised", "returned"})


class CrawlLocked(RuntimeError):
    """Another crawl of the same site is running: two would fetch and write everything twice."""


@dataclass(frozen=True, slots=True)
class StoreOptions:
    """Every number is a LEVANTCRAWL_* setting read in from_crawler."""

    batch_size: int = 50
    flush_seconds: float = 5.0
    near_threshold: float | None = 0.4  # None: near-duplicates not looked for
    collapse: float = 0.5  # a capture losing this share of its words is a failure, not news
    lock_stale_seconds: float = 120.0
    shared: bool = False  # a frontier worker: other workers crawl the same site at once
    revisits: RevisitPolicy = field(default_factory=RevisitPolicy)


class StorePipeline:
    """Batches items and writes each batch in one transaction on a single writer thread, so
    the reactor never waits on the database and SQLite never sees two writers."""

    def __init__(self, crawler: Crawler, db_url: str, options: StoreOptions) -> None:
        self._crawler = crawler
        self._options = options
        self._stats: StatsCollector = crawler.stats
        self._db_url = db_url
        self._batch_size = max(1, options.batch_size)
        self._flush_seconds = options.flush_seconds
        self._buffer: list[StoredItem] = []
        self._writes: set[asyncio.Future[None]] = set()  # batches handed to the writer
        # Aliases whose article is not stored yet, by URL (a link seen a hundred times waits
        # once), and the canonical URLs the current batch stored, which may be theirs.
        self._pending_aliases: dict[str, AliasItem] = {}
        self._stored_urls: set[str] = set()
        self._last_flush = time.monotonic()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="levantcrawl-store")
        self._archive: Archive | None = None
        self._crawl_id: int | None = None
        self._heart: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        options = StoreOptions(
            batch_size=settings.getint("LEVANTCRAWL_STORE_BATCH_SIZE"),
            flush_seconds=settings.getfloat("LEVANTCRAWL_STORE_FLUSH_SECONDS"),
            # Near-duplicates are recorded (never dropped) unless dedupe is switched off.
            near_threshold=settings.getfloat("LEVANTCRAWL_DEDUPE_NEAR_THRESHOLD")
            if settings.getbool("LEVANTCRAWL_DEDUPE_ENABLED")
            else None,
            collapse=settings.getfloat("LEVANTCRAWL_STORE_COLLAPSE_SHARE"),
            lock_stale_seconds=settings.getfloat("LEVANTCRAWL_STORE_LOCK_STALE_SECONDS"),
            shared=bool(settings.get("LEVANTCRAWL_FRONTIER_URL")),
            revisits=RevisitPolicy(
                age_fraction=settings.getfloat("LEVANTCRAWL_REVISIT_AGE_FRACTION"),
                backoff=settings.getfloat("LEVANTCRAWL_REVISIT_BACKOFF"),
                longest=int(settings.getfloat("LEVANTCRAWL_REVISIT_LONGEST_DAYS") * 86400),
            ),
        )
        pipeline = cls(crawler, settings.get("LEVANTCRAWL_DB_URL"), options)
        crawler.signals.connect(pipeline._spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def crawl_id(self) -> int | None:
        return self._crawl_id

    def open_spider(self) -> None:
        spider = self._crawler.spider
        assert spider is not None, "pipelines open after the spider exists"
        self._archive = open_archive(self._db_url)
        start_url = str(getattr(spider, "start_url", ""))
        host = urlsplit(start_url).hostname
        now = datetime.now(UTC)
        with self._archive.sessions.begin() as session:
            stale = timedelta(seconds=self._options.lock_stale_seconds)
            live = (
                None if self._options.shared else repo.live_crawl(session, host or "", now, stale)
            )
            if host and live is not None:
                raise CrawlLocked(
                    f"crawl {live.id} of {host} is still running (started "
                    f"{live.started_at:%Y-%m-%d %H:%M} UTC); wait for it or stop it first"
                )
            site = repo.site_for_host(session, host, None, now) if host else None
            crawl = repo.start_crawl(
                session, spider=spider.name, start_url=start_url, site=site, now=now
            )
            self._crawl_id = crawl.id
        self._stats.set_value("levantcrawl/store/crawl_id", self._crawl_id)
        # Batches beat too, but a crawl walking listings may store nothing for minutes.
        self._heart = task.LoopingCall(self._writer.submit, self._beat)
        self._heart.start(_HEARTBEAT_SECONDS, now=False)
        logger.info("archiving into %s as crawl %s", self._archive.engine.url, self._crawl_id)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, StoredItem):
            return item
        if isinstance(item, ArticleItem):
            seal(item)
        await self._room_in_writer()
        self._buffer.append(item)
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
            self._writes = {write for write in self._writes if not write.done()}

    async def _flush(self) -> None:
        batch, self._buffer = self._buffer, []
        self._last_flush = time.monotonic()
        if batch:
            write = asyncio.get_running_loop().run_in_executor(self._writer, self._write, batch)
            self._writes.add(write)
            await write

    def _write(self, batch: list[StoredItem]) -> None:
        """One transaction for the batch; if it fails, item by item so one bad row costs one."""
        try:
            self._write_items(batch)
        except SQLAlchemyError as exc:
            logger.warning("batch of %d failed (%s); writing items one by one", len(batch), exc)
            for item in batch:
                self._write_alone(item)

    def _write_alone(self, item: StoredItem) -> None:
        """Another worker may have written the same article a moment ago: its unique
        constraints refuse our copy, and read again, the article is there to compare with."""
        for attempt in range(1, _CONFLICT_TRIES + 1):
            try:
                self._write_items([item])
                return
            except IntegrityError as exc:
                if attempt == _CONFLICT_TRIES:
                    self._stats.inc_value("levantcrawl/store/write_errors")
                    logger.error("could not store %s: %s", _url_of(item), exc)
                else:
                    self._stats.inc_value("levantcrawl/store/conflicts")
            except SQLAlchemyError as exc:
                self._stats.inc_value("levantcrawl/store/write_errors")
                logger.error("could not store %s: %s", _url_of(item), exc)
                return

    def _write_items(self, batch: list[StoredItem]) -> None:
        assert self._archive is not None
        assert self._crawl_id is not None
        counts: dict[str, int] = {}
        self._stored_urls = set()
        with self._archive.sessions.begin() as session:
            for item in batch:
                event = self._write_one(session, item)
                counts[event] = counts.get(event, 0) + 1
            self._attach_aliases(
                session, [a for a in batch if isinstance(a, AliasItem)], self._stored_urls
            )
            repo.heartbeat(session, self._crawl_id, datetime.now(UTC))
        for event, count in counts.items():
            self._stats.inc_value(f"levantcrawl/store/{event}", count)

    def _write_one(self, session: Session, item: StoredItem) -> str:
        assert self._crawl_id is not None
        options = self._options
        if isinstance(item, ArticleItem):
            return self._write_article(session, item)
        if isinstance(item, NotModifiedItem):
            article_id = repo.mark_not_modified(session, item.canonical_url, item.fetched_at)
            if article_id is None:
                return "not_modified_unknown"
            repo.schedule_next_check(
                session, article_id, changed=False, now=item.fetched_at, policy=options.revisits
            )
            return "not_modified"
        if isinstance(item, GoneItem):
            if not repo.mark_removed(session, self._crawl_id, item):
                return "gone_unknown"
            if (gone := repo.article_by_url(session, item.canonical_url)) is not None:
                repo.schedule_next_check(
                    session,
                    gone.id,
                    changed=False,
                    now=item.capture.fetched_at,
                    policy=options.revisits,
                )
            return "removed"
        if isinstance(item, FailureItem):
            repo.record_failure(session, self._crawl_id, item.url, item.reason, item.fetched_at)
            return "failures"
        return "aliases_seen"

    def _write_article(self, session: Session, item: ArticleItem) -> str:
        assert self._crawl_id is not None
        options = self._options
        previous_words = repo.latest_word_count(session, item.canonical_url)
        assert item.extracted is not None
        words = item.extracted.word_count
        if previous_words and words < previous_words * (1 - options.collapse):
            # Still a 200, but most of the text is gone: a broken page or extraction, for a
            # person to review, not a new version of the news.
            reason = f"clean text collapsed from {previous_words} to {words} words"
            repo.record_failure(
                session, self._crawl_id, item.capture.url, reason, item.capture.fetched_at
            )
            return "collapsed"
        result = repo.save_article(session, self._crawl_id, item)
        changed = result.outcome in CHANGED
        if result.outcome != "unchanged" and item.signature and options.near_threshold is not None:
            match = repo.mark_near_duplicate(
                session,
                result.article_id,
                item.signature,
                options.near_threshold,
                first=result.outcome == "new",
            )
            if match is not None:
                self._stats.inc_value("levantcrawl/dedupe/near_duplicates")
        article = session.get(Article, result.article_id)
        assert article is not None
        # Whatever the outcome, the latest revision now carries this item's date.
        repo.schedule_after_save(
            article,
            item.published_at,
            changed=changed,
            now=item.capture.fetched_at,
            policy=options.revisits,
        )
        self._stored_urls.add(canonical_url(item.canonical_url))
        return result.outcome

    def _attach_aliases(
        self, session: Session, aliases: list[AliasItem], stored: set[str] | None
    ) -> None:
        """Aliases name articles that may be stored in a later batch: keep those for later.
        A waiting alias is looked up again when a batch stores its canonical URL (`stored`)
        and once at the end (None), not on every batch."""
        fresh = {alias.url for alias in aliases if alias.url not in self._pending_aliases}
        self._pending_aliases.update((alias.url, alias) for alias in aliases)
        now = datetime.now(UTC)
        for url, alias in list(self._pending_aliases.items()):
            if not (stored is None or url in fresh or canonical_url(alias.canonical_url) in stored):
                continue
            article = repo.article_by_url(session, alias.canonical_url)
            if article is not None:
                repo.add_aliases(session, article.id, [alias.url], now)
                del self._pending_aliases[url]

    def _beat(self) -> None:
        assert self._archive is not None
        assert self._crawl_id is not None
        with self._archive.sessions.begin() as session:
            repo.heartbeat(session, self._crawl_id, datetime.now(UTC))

    async def close_spider(self) -> None:
        if self._heart is not None and self._heart.running:
            self._heart.stop()
        await self._flush()

    def _spider_closed(self, spider: Spider, reason: str) -> None:
        if self._archive is None or self._crawl_id is None:
            return
        stats = json.loads(json.dumps(self._stats.get_stats(), default=str))
        try:
            with self._archive.sessions.begin() as session:
                self._attach_aliases(session, [], None)
                resolved = repo.resolve_link_targets(session)
                repo.finish_crawl(
                    session, self._crawl_id, status=reason, stats=stats, now=datetime.now(UTC)
                )
            logger.info(
                "crawl %s closed (%s); %d links resolved to articles",
                self._crawl_id,
                reason,
                resolved,
            )
        finally:
            self._writer.shutdown(wait=True)
            self._archive.close()


def _url_of(item: StoredItem) -> str:
    if isinstance(item, ArticleItem | GoneItem):
        return item.capture.url
    return item.url
