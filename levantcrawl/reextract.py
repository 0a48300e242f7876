"""Re-run extraction over stored raw captures: the archive improves when the extractor (or
a site's learned template) does, without fetching anything again."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select

from levantcrawl.assemble import attach_dates, attach_extraction, attach_section, seal
from levantcrawl.extraction.article import ExtractedArticle, extract_article
from levantcrawl.items import ArticleItem
from levantcrawl.items import Capture as CaptureItem
from levantcrawl.normalize.encoding import decode_html
from levantcrawl.storage import repositories as repo
from levantcrawl.storage.models import Article, Capture, Revision, Site

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from datetime import datetime

    from sqlalchemy.orm import Session

    from levantcrawl.extraction.template import TemplateView

_CHUNK = 32


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


def decode(body: bytes, headers: dict[str, str]) -> str:
    """The page as text, by the same rules the crawl used (normalize/encoding.py)."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    return decode_html(body, content_type)[0]


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


def _extract(args: tuple[str, str, TemplateView]) -> ExtractedArticle:
    return extract_article(*args)


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
    progress: Callable[[int], None] | None = None,
) -> ReextractReport:
    """Extract each article's latest capture again. A changed clean result becomes a new
    revision; with `in_place` (the cold-start pass of a crawl) the revision is rewritten
    instead, since it is the same capture read better, and dropped if that makes it equal to
    the revision before it."""
    report = ReextractReport()
    rows = list(_targets(session, scope))
    pool = ProcessPoolExecutor(workers) if workers > 1 else None
    try:
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            jobs = []
            for _, _, capture, site in chunk:
                assert capture.body is not None
                html = decode(repo.decompress(capture.body), capture.headers)
                jobs.append((html, capture.url, view_for(site.host)))
            results = pool.map(_extract, jobs) if pool else map(_extract, jobs)
            for (article, revision, capture, site), extracted in zip(chunk, results, strict=True):
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
                )
            if progress:
                progress(len(chunk))
    finally:
        if pool:
            pool.shutdown()
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
) -> None:
    report.examined += 1
    if not extracted.is_article or extracted.word_count < min_words:
        report.failed.append(article.canonical_url)
        return
    item = ArticleItem(
        capture=CaptureItem(
            capture.url, capture.status, dict(capture.headers), b"", capture.fetched_at
        ),
        html="",
        site_host=site.host,
        canonical_url=article.canonical_url,
        discovered_via="reextract",
        site_tz=site.tz,
        site_name=site.name,
    )
    attach_extraction(item, extracted, tracking, view.lines)
    attach_dates(item, ZoneInfo(site.tz) if site.tz else default_tz)
    attach_section(item)
    seal(item)
    if item.content_sha256 == revision.content_sha256:
        report.unchanged += 1
        if in_place:
            revision.template_pages = max(revision.template_pages, view.pages)
    elif in_place:
        repo.replace_revision_content(session, revision, item)
        report.rewritten += 1
        if repo.drop_if_repeat(session, revision):
            report.collapsed += 1
    else:
        item.warnings.append("re-extracted from the stored capture")
        repo.save_article(session, revision.crawl_id, item, capture=capture)
        report.revised += 1
