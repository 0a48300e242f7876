"""Re-run extraction over stored raw captures: the archive improves when the extractor (or
a site's learned template) does, without fetching anything again."""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select

from levantcrawl.assemble import normalise, record_of
from levantcrawl.collector import settle_after_start_up
from levantcrawl.extraction.jobs import StoredPage, read_stored_batch, sign_batch
from levantcrawl.items import Capture as CaptureItem
from levantcrawl.storage import near_duplicates, revisions
from levantcrawl.storage.models import Article, Body, Capture, Revision, Site

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from concurrent.futures import Future
    from datetime import datetime

    from sqlalchemy.orm import Session

    from levantcrawl.extraction.article import ExtractedArticle
    from levantcrawl.extraction.template import TemplateView

_CHUNK = 32  # rows between progress reports
_BATCH = 16  # pages per task a worker gets: the site's view is pickled once per task
_AHEAD = 4  # tasks queued per worker, so workers never wait while results are written


@dataclass
class ReextractReport:
    examined: int = 0
    revised: int = 0  # a new revision: the clean result changed
    rewritten: int = 0  # a cold-start revision read again, in place
    collapsed: int = 0  # ...which then equalled the revision before it, and was dropped
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)  # URLs whose capture gave no article


@dataclass(frozen=True, slots=True)
class Scope:
    """Which articles: every one, or by site, by the crawl that made their latest
    revision, by publication date, or only those extracted before a site model existed."""

    site: str | None = None
    crawl_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    cold_only: bool = False
    template_below: int | None = None  # only revisions extracted with a smaller site model


def _targets(session: Session, scope: Scope) -> Iterator[tuple[Article, Revision, Capture, Site]]:
    latest = (
        select(Revision.article_id, func.max(Revision.number).label("number"))
        .group_by(Revision.article_id)
        .subquery()
    )
    stmt = (
        select(Article, Revision, Capture, Site)
        .join(latest, latest.c.article_id == Article.id)
        .join(Revision, and_(Revision.article_id == Article.id, Revision.number == latest.c.number))
        .join(Capture, Capture.id == Revision.capture_id)
        .join(Site, Site.id == Article.site_id)
        .where(Capture.body_id.is_not(None), Article.removed_at.is_(None))
        .order_by(Article.id)
    )
    if scope.site:
        stmt = stmt.where(Site.host == scope.site)
    if scope.crawl_id is not None:
        stmt = stmt.where(Revision.crawl_id == scope.crawl_id)
    if scope.since:
        stmt = stmt.where(Revision.published_at >= scope.since)
    if scope.until:
        stmt = stmt.where(Revision.published_at < scope.until)
    if scope.cold_only:
        stmt = stmt.where(Revision.template_pages == 0)
    if scope.template_below is not None:
        stmt = stmt.where(Revision.template_pages < scope.template_below)
    yield from session.execute(stmt)


def _extracted(
    session: Session,
    rows: list[tuple[Article, Revision, Capture, Site]],
    view_for: Callable[[str], TemplateView],
    pool: ProcessPoolExecutor | None,
    workers: int,
) -> Iterator[ExtractedArticle]:
    """Each row's extraction, in row order; with a pool, batches are extracted ahead of the
    caller, who writes the results meanwhile."""
    batches = (
        _jobs(session, rows[at : at + _BATCH], view_for) for at in range(0, len(rows), _BATCH)
    )
    if pool is None:
        for batch in batches:
            yield from read_stored_batch(batch)
        return
    pending: deque[Future[list[ExtractedArticle]]] = deque()
    for batch in batches:
        pending.append(pool.submit(read_stored_batch, batch))
        if len(pending) >= workers * _AHEAD:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


class _Resigner:
    """Changed articles signed again, in the workers when there is a pool (datasketch and
    the scipy it imports stay out of this process: in a crawl's cold-start pass, importing
    them cost half a second), then looked up for near-duplicates in the order they came."""

    def __init__(
        self, session: Session, pool: ProcessPoolExecutor | None, threshold: float
    ) -> None:
        self._session = session
        self._pool = pool
        self._threshold = threshold
        self._waiting: list[tuple[int, str, tuple[str, ...]]] = []
        self._signing: deque[tuple[list[int], Future[list[bytes]]]] = deque()

    def add(self, article_id: int, title: str, paragraphs: tuple[str, ...]) -> None:
        self._waiting.append((article_id, title, paragraphs))
        if len(self._waiting) >= _BATCH:
            self._send()
            self._mark(wait=False)

    def finish(self) -> None:
        self._send()
        self._mark(wait=True)

    def _send(self) -> None:
        if not self._waiting:
            return
        ids = [article_id for article_id, _, _ in self._waiting]
        texts = [(title, paragraphs) for _, title, paragraphs in self._waiting]
        self._waiting = []
        if self._pool is None:
            self._mark_signed(ids, sign_batch(texts))
        else:
            self._signing.append((ids, self._pool.submit(sign_batch, texts)))

    def _mark(self, *, wait: bool) -> None:
        """The batches back from the workers, in the order they went out."""
        while self._signing and (wait or self._signing[0][1].done()):
            ids, signing = self._signing.popleft()
            self._mark_signed(ids, signing.result())

    def _mark_signed(self, ids: list[int], signatures: list[bytes]) -> None:
        for article_id, signed in zip(ids, signatures, strict=True):
            near_duplicates.mark_near_duplicate(self._session, article_id, signed, self._threshold)


def _jobs(
    session: Session,
    rows: list[tuple[Article, Revision, Capture, Site]],
    view_for: Callable[[str], TemplateView],
) -> list[StoredPage]:
    """The batch's stored bodies in one query, still compressed: the worker unpacks them."""
    ids = {capture.body_id for _, _, capture, _ in rows}
    found = session.execute(select(Body.id, Body.compressed).where(Body.id.in_(ids)))
    bodies: dict[int, bytes] = dict(found.all())
    jobs: list[StoredPage] = []
    for _, _, capture, site in rows:
        assert capture.body_id is not None  # _targets keeps captures with a body only
        jobs.append(
            (bodies[capture.body_id], dict(capture.headers), capture.url, view_for(site.host))
        )
    return jobs


def reextract(
    session: Session,
    scope: Scope,
    *,
    view_for: Callable[[str], TemplateView],
    default_tz: ZoneInfo,
    tracking: frozenset[str] = frozenset(),
    min_words: int = 40,
    in_place: bool = False,
    workers: int = 1,
    pool: ProcessPoolExecutor | None = None,
    progress: Callable[[int], None] | None = None,
    near_threshold: float | None = None,
) -> ReextractReport:
    """Extract each article's latest capture again. A changed clean result becomes a new
    revision; with `in_place` (the cold-start pass of a crawl) the revision is rewritten
    instead, since it is the same capture read better, and dropped if that makes it equal to
    the revision before it. A caller's `pool` of `workers` processes is used, not shut
    down; without one, `workers` above 1 start a pool of their own. With `near_threshold`,
    a changed article is signed again and its near-duplicate looked for again, as the
    store does for an article a crawl finds changed."""
    report = ReextractReport()
    rows = list(_targets(session, scope))
    # Workers from a forkserver, as the crawl's: a fork of this process would copy every
    # loaded row into each of them (and its threads with them).
    own_pool = None
    if pool is None and workers > 1:
        context = multiprocessing.get_context("forkserver")
        pool = own_pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=settle_after_start_up
        )
    done = 0
    resigner = None if near_threshold is None else _Resigner(session, pool, near_threshold)
    try:
        results = _extracted(session, rows, view_for, pool, workers)
        for (article, revision, capture, site), extracted in zip(rows, results, strict=True):
            _apply(
                session,
                report,
                article,
                revision,
                capture,
                site,
                extracted,
                view_for(site.host),
                default_tz=default_tz,
                tracking=tracking,
                min_words=min_words,
                in_place=in_place,
                resigner=resigner,
                section_aliases=site.section_aliases,
            )
            done += 1
            if progress and done % _CHUNK == 0:
                progress(_CHUNK)
        if progress and done % _CHUNK:
            progress(done % _CHUNK)
        if resigner is not None:
            resigner.finish()
    finally:
        if own_pool:
            own_pool.shutdown(cancel_futures=True)
    return report


def _apply(
    session: Session,
    report: ReextractReport,
    article: Article,
    revision: Revision,
    capture: Capture,
    site: Site,
    extracted: ExtractedArticle,
    view: TemplateView,
    *,
    default_tz: ZoneInfo,
    tracking: frozenset[str],
    min_words: int,
    in_place: bool,
    resigner: _Resigner | None,
    section_aliases: Mapping[str, str] | None = None,
) -> bool:
    """Whether the clean result changed."""
    report.examined += 1
    if not extracted.is_article or extracted.word_count < min_words:
        report.failed.append(article.canonical_url)
        return False
    normalised = normalise(
        extracted,
        canonical=article.canonical_url,
        tz=ZoneInfo(site.tz) if site.tz else default_tz,
        fetched_at=capture.fetched_at,
        tracking=tracking,
        section_aliases=section_aliases,
    )
    warnings = () if in_place else ("re-extracted from the stored capture",)
    record = record_of(
        extracted,
        normalised,
        canonical=article.canonical_url,
        capture=CaptureItem(
            capture.url, capture.status, dict(capture.headers), b"", capture.fetched_at
        ),
        site_host=site.host,
        site_name=site.name,
        site_tz=site.tz,
        template_lines=view.lines,
        warnings=warnings,
        tracking=tracking,
    )
    changed = record.content_sha256 != revision.content_sha256
    if not changed:
        report.unchanged += 1
        if in_place:
            revision.template_pages = max(revision.template_pages, view.pages)
    elif in_place:
        revisions.replace_revision_content(session, revision, record)
        report.rewritten += 1
        if revisions.drop_if_repeat(session, revision):
            report.collapsed += 1
    else:
        revisions.save_article(session, revision.crawl_id, record, capture=capture)
        report.revised += 1
    if changed and resigner is not None:
        # The stored signature is of the text replaced (a cold reading still holds template
        # lines): sign the new text as a crawl would have.
        resigner.add(article.id, extracted.title or "", extracted.paragraphs)
    return changed


# --- The crawl's cold-start pass: read by the crawl's writer, extracted by its workers -------

# A stored page to read again: revision id, compressed body, headers, URL.
ColdPage = tuple[int, bytes, dict[str, str], str]
# What the crawl's workers made of one: revision id, the reading, its MinHash signature.
Reading = tuple[int, "ExtractedArticle", bytes | None]


def cold_pages(session: Session, scope: Scope) -> list[ColdPage]:
    """The latest captures in `scope`, still compressed, for the crawl's workers."""
    rows = list(_targets(session, scope))
    ids = {capture.body_id for _, _, capture, _ in rows}
    found = session.execute(select(Body.id, Body.compressed).where(Body.id.in_(ids)))
    bodies: dict[int, bytes] = dict(found.all())
    pages: list[ColdPage] = []
    for _, revision, capture, _ in rows:
        assert capture.body_id is not None  # _targets keeps captures with a body only
        pages.append((revision.id, bodies[capture.body_id], dict(capture.headers), capture.url))
    return pages


def rewrite_cold(
    session: Session,
    readings: Sequence[Reading],
    *,
    view: TemplateView,
    default_tz: ZoneInfo,
    tracking: frozenset[str],
    min_words: int,
    near_threshold: float | None,
    section_aliases: Mapping[str, str] | None = None,
) -> ReextractReport:
    """Each revision rewritten in place with its new reading (as reextract with `in_place`),
    and a changed article's near duplicate looked for again with its new signature. The
    site's section aliases are the crawl's, as its pipelines applied them."""
    report = ReextractReport()
    by_revision = {revision_id: (extracted, signed) for revision_id, extracted, signed in readings}
    rows = session.execute(
        select(Article, Revision, Capture, Site)
        .join(Revision, Revision.article_id == Article.id)
        .join(Capture, Capture.id == Revision.capture_id)
        .join(Site, Site.id == Article.site_id)
        .where(Revision.id.in_(by_revision))
        .order_by(Article.id)
    )
    for article, revision, capture, site in rows:
        extracted, signed = by_revision[revision.id]
        changed = _apply(
            session,
            report,
            article,
            revision,
            capture,
            site,
            extracted,
            view,
            default_tz=default_tz,
            tracking=tracking,
            min_words=min_words,
            in_place=True,
            resigner=None,
            section_aliases=section_aliases,
        )
        if changed and near_threshold is not None and signed is not None:
            near_duplicates.mark_near_duplicate(session, article.id, signed, near_threshold)
    return report
