"""The writing half of a crawl's archive: batches of items, each in one transaction.

A `BatchWriter` lives in the crawl's writer process (storage/writer_process.py):
its SQLAlchemy work then runs beside Scrapy's reactor instead of sharing one interpreter
lock with it. What it has to say goes back to the crawl as a `WriteReport`: stats to add and
log lines, since the writer's process has neither the crawl's stats nor its log."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from levantcrawl.items import (
    AliasItem,
    FailureItem,
    GoneItem,
    NotModifiedItem,
    RefusedItem,
)
from levantcrawl.normalize.urls import article_key
from levantcrawl.outcome import DETAIL, FAILURE_KINDS, failure_kind, judge
from levantcrawl.record import ArticleRecord
from levantcrawl.schedule import RevisitPolicy
from levantcrawl.storage import (
    bulk,
    crawls,
    identity,
    keeping,
    revisions,
    revisits,
)
from levantcrawl.storage.db import Archive, open_archive
from levantcrawl.storage.keeping import KeepRules

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

T = TypeVar("T")
StoredItem = ArticleRecord | GoneItem | FailureItem | AliasItem | NotModifiedItem | RefusedItem
# Writes of one item retried after a unique-constraint conflict with a concurrent writer.
_CONFLICT_TRIES = 3
STORE = "levantcrawl/store/"


@dataclass(frozen=True, slots=True)
class StoreOptions:
    """Every number is a LEVANTCRAWL_* setting read by the store pipeline."""

    batch_size: int = 50
    flush_seconds: float = 5.0
    near_threshold: float | None = 0.4  # None: near-duplicates not looked for
    collapse: float = 0.5  # a capture losing this share of its words is a failure, not news
    lock_stale_seconds: float = 120.0
    shared: bool = False  # a frontier worker: other workers crawl the same site at once
    revisits: RevisitPolicy = field(default_factory=RevisitPolicy)

    @property
    def rules(self) -> KeepRules:
        return KeepRules(self.collapse, self.near_threshold, self.revisits)


@dataclass(slots=True)
class WriteReport:
    stats: Counter[str] = field(default_factory=Counter)  # full stats keys, increments
    messages: list[tuple[int, str]] = field(default_factory=list)  # (logging level, text)
    attached: list[str] = field(default_factory=list)  # alias URLs now on their article

    def log(self, level: int, text: str) -> None:
        self.messages.append((level, text))


class BatchWriter:
    """Writes a crawl's items: a batch in one transaction, and if that fails item by item,
    so one bad row costs one item."""

    def __init__(
        self, db_url: str, crawl_id: int, options: StoreOptions, archive: Archive | None = None
    ) -> None:
        self._archive = archive or open_archive(db_url)
        self._crawl_id = crawl_id
        self._options = options
        self._rules = options.rules
        # Aliases whose article is not stored yet, by URL (a link seen a hundred times waits
        # once) and by the canonical URL they wait for (a batch looks up only the aliases of
        # what it stored, however many wait), and the canonical URLs the current batch stored.
        self._pending_aliases: dict[str, AliasItem] = {}
        self._waiting_for: dict[str, set[str]] = {}
        self._stored_urls: set[str] = set()
        # The batch's article URLs already archived (canonical forms): a URL not among them
        # has no earlier revision to compare word counts with. None: ask for each item (a
        # shared frontier's other workers store articles while a batch is written). And the
        # numeric-id keys (article_key) of the batch's URLs that a stored article has.
        self._archived: set[str] | None = None
        self._url_keys: set[str] = set()

    def write(self, batch: list[StoredItem]) -> WriteReport:
        report = WriteReport()
        try:
            self._write_items(batch, report)
        except SQLAlchemyError as exc:
            report.log(logging.WARNING, f"batch of {len(batch)} failed ({exc}); one by one")
            report.stats.clear()
            report.attached.clear()
            for item in batch:
                self._write_alone(item, report)
        return report

    def beat(self) -> None:
        """Tell other processes this crawl is alive: batches beat too, but a crawl walking
        listings may store nothing for minutes."""
        with self._archive.sessions.begin() as session:
            crawls.heartbeat(session, self._crawl_id, datetime.now(UTC))

    def finish(self, reason: str, stats: dict[str, Any]) -> WriteReport:
        """The crawl's end: aliases still waiting, link targets, and the crawl's record.
        The archive is closed after it, so SQLite folds its write-ahead log into the file."""
        report = WriteReport()

        def close_crawl() -> tuple[int, WriteReport]:
            closing = WriteReport()
            with self._archive.sessions.begin() as session:
                self._attach_aliases(session, [], None, closing)
                resolved = identity.resolve_link_targets(session)
                outcome = judge(reason, stats, shared=self._options.shared)
                stats[DETAIL] = outcome.detail
                crawls.finish_crawl(
                    session,
                    self._crawl_id,
                    status=outcome.status,
                    reason=outcome.reason,
                    stats=stats,
                    now=_now(),
                )
            return resolved, closing

        try:
            resolved, closing = self._retrying_lost_races(close_crawl, report)
        finally:
            self.close()
        report.attached.extend(closing.attached)
        self._forget_attached(report)
        report.log(
            logging.INFO, f"crawl {self._crawl_id} closed ({reason}); {resolved} links resolved"
        )
        return report

    def close(self) -> None:
        self._archive.close()

    def _write_alone(self, item: StoredItem, report: WriteReport) -> None:
        """Another worker may have written the same article a moment ago: its unique
        constraints refuse our copy, and read again, the article is there to compare with."""

        def write() -> WriteReport:
            alone = WriteReport()
            self._write_items([item], alone)
            return alone

        try:
            alone = self._retrying_lost_races(write, report)
        except SQLAlchemyError as exc:
            report.stats[STORE + "write_errors"] += 1
            report.log(logging.ERROR, f"could not store {_url_of(item)}: {exc}")
            return
        report.stats.update(alone.stats)
        report.attached.extend(alone.attached)

    def _retrying_lost_races(self, transaction: Callable[[], T], report: WriteReport) -> T:
        """`transaction()`, run again while it loses races to another worker (see
        `lost_race`), at most _CONFLICT_TRIES times in all; any other error, or the last
        lost race, is raised."""
        for attempt in range(1, _CONFLICT_TRIES + 1):
            try:
                return transaction()
            except (IntegrityError, OperationalError) as exc:
                if attempt == _CONFLICT_TRIES or not lost_race(exc):
                    raise
                report.stats[STORE + "conflicts"] += 1
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _write_items(self, batch: list[StoredItem], report: WriteReport) -> None:
        self._stored_urls = set()
        with self._archive.sessions.begin() as session:
            if not self._options.shared:
                urls = [i.canonical_url for i in batch if isinstance(i, ArticleRecord)]
                self._archived = identity.archived_keys(session, urls)
                self._url_keys = identity.archived_url_keys(session, urls)
            unseen: list[ArticleRecord] = []
            for item in batch:
                if self._is_unseen(item):
                    unseen.append(item)
                    continue
                # Stored before this item, which may be one of theirs under another URL.
                self._write_unseen(session, unseen, report)
                unseen = []
                report.stats[STORE + self._write_one(session, item, report)] += 1
            self._write_unseen(session, unseen, report)
            aliases = [a for a in batch if isinstance(a, AliasItem)]
            self._attach_aliases(session, aliases, self._stored_urls, report)
            crawls.heartbeat(session, self._crawl_id, _now())
        self._forget_attached(report)

    def _forget_attached(self, report: WriteReport) -> None:
        """Committed: those aliases wait no more. (A rolled-back batch keeps them waiting.)"""
        for url in report.attached:
            alias = self._pending_aliases.pop(url, None)
            if alias is None:
                continue
            key = alias.canonical_url
            waiting = self._waiting_for.get(key, set())
            waiting.discard(url)
            if not waiting:
                self._waiting_for.pop(key, None)

    def _is_unseen(self, item: StoredItem) -> TypeGuard[ArticleRecord]:
        """Whether `item` is an article nothing in the archive or earlier in the batch has
        claimed: not its URL, not one of its aliases, not its numeric id under another
        slug. Such an article is new whatever save_article would look up, and is stored with
        its like in one go (storage/bulk.py). Its URLs are claimed on the way, so a later
        item of the batch for the same article is written one by one, after it."""
        archived = self._archived
        if archived is None or not isinstance(item, ArticleRecord):
            return False
        url_key = article_key(item.canonical_url)
        urls = {item.canonical_url, *item.aliases}
        if not archived.isdisjoint(urls) or url_key in self._url_keys:
            return False
        archived.update(urls)
        if url_key is not None:
            self._url_keys.add(url_key)
        return True

    def _write_unseen(
        self, session: Session, items: list[ArticleRecord], report: WriteReport
    ) -> None:
        if not items:
            return
        options = self._options
        stored = bulk.store_new_articles(
            session,
            self._crawl_id,
            items,
            near_threshold=options.near_threshold,
            policy=options.revisits,
        )
        report.stats[STORE + "new"] += len(items)
        if copies := sum(1 for article in stored if article.copy_of is not None):
            report.stats["levantcrawl/dedupe/near_duplicates"] += copies
        self._stored_urls.update(item.canonical_url for item in items)

    def _write_one(self, session: Session, item: StoredItem, report: WriteReport) -> str:
        options = self._options
        if isinstance(item, ArticleRecord):
            return self._write_article(session, item, report)
        if isinstance(item, NotModifiedItem):
            article_id = revisions.mark_not_modified(
                session, item.canonical_url, item.fetched_at, item.listed_lastmod
            )
            if article_id is None:
                return "not_modified_unknown"
            revisits.schedule_next_check(
                session, article_id, changed=False, now=item.fetched_at, policy=options.revisits
            )
            return "not_modified"
        if isinstance(item, GoneItem):
            if not revisions.mark_removed(session, self._crawl_id, item):
                return "gone_unknown"
            if (gone := identity.article_at(session, item.canonical_url)) is not None:
                revisits.schedule_next_check(
                    session,
                    gone.id,
                    changed=False,
                    now=item.capture.fetched_at,
                    policy=options.revisits,
                )
            return "removed"
        if isinstance(item, FailureItem):
            crawls.record_failure(session, self._crawl_id, item.url, item.reason, item.fetched_at)
            report.stats[FAILURE_KINDS + failure_kind(item.reason)] += 1
            return "failures"
        if isinstance(item, RefusedItem):  # a failure row like any other, counted as one
            reason = f"refused as no article: {item.reason}"
            crawls.record_failure(session, self._crawl_id, item.url, reason, item.fetched_at)
            report.stats[FAILURE_KINDS + failure_kind(reason)] += 1
            return "failures"
        return "aliases_seen"

    def _write_article(self, session: Session, item: ArticleRecord, report: WriteReport) -> str:
        key = item.canonical_url
        archived = self._archived
        kept = keeping.keep_article(
            session,
            self._crawl_id,
            item,
            self._rules,
            archived=archived is None or key in archived,
        )
        if kept.outcome == "collapsed":
            return kept.outcome
        if kept.copy_of is not None:
            report.stats["levantcrawl/dedupe/near_duplicates"] += 1
        self._stored_urls.add(key)
        if archived is not None:  # a later item of the batch may be this article again
            archived.add(key)
            archived.update(item.aliases)
            if (url_key := article_key(item.canonical_url)) is not None:
                self._url_keys.add(url_key)
        return kept.outcome

    def _attach_aliases(
        self,
        session: Session,
        aliases: list[AliasItem],
        stored: set[str] | None,
        report: WriteReport,
    ) -> None:
        """Aliases name articles that may be stored in a later batch: keep those for later.
        A waiting alias is looked up again when a batch stores its canonical URL (`stored`)
        and once at the end (None), not on every batch."""
        fresh = {alias.url for alias in aliases if alias.url not in self._pending_aliases}
        for new in aliases:
            self._pending_aliases[new.url] = new
            self._waiting_for.setdefault(new.canonical_url, set()).add(new.url)
        if stored is None:
            due = set(self._pending_aliases)
        else:
            due = fresh.union(*(self._waiting_for.get(url, ()) for url in stored))
        now = _now()
        for url in sorted(due):
            alias = self._pending_aliases.get(url)
            if alias is None:
                continue  # attached already, under another canonical URL it waited for
            article = identity.article_at(session, alias.canonical_url)
            if article is not None:
                identity.add_aliases(session, article.id, alias.forms, now)
                report.attached.append(url)


# PostgreSQL's deadlock_detected and serialization_failure: the transaction lost a race
# with another worker's and is worth running again.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def lost_race(exc: SQLAlchemyError) -> bool:
    """A unique-constraint conflict or a lost race: the same write may succeed next time."""
    if isinstance(exc, IntegrityError):
        return True
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in _RETRYABLE_SQLSTATES


def _now() -> datetime:
    return datetime.now(UTC)


def _url_of(item: StoredItem) -> str:
    if isinstance(item, ArticleRecord | GoneItem):
        return item.capture.url
    return item.url
