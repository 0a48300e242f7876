"""Reads for the CLI and exports: latest revisions by filter, an article's revisions and
captures, counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, func, select

from levantcrawl import bodies
from levantcrawl.normalize.urls import canonical_url
from levantcrawl.storage.filters import in_section
from levantcrawl.storage.identity import article_at
from levantcrawl.storage.models import Article, Body, Capture, Crawl, Failure, Link, Revision, Site

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    site: str | None = None
    section: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    include_removed: bool = True
    include_duplicates: bool = True


def latest_revision_ids() -> Any:
    return (
        select(Revision.article_id, func.max(Revision.number).label("number"))
        .group_by(Revision.article_id)
        .subquery()
    )


def latest_revisions(
    session: Session, filters: ArticleFilter, *, limit: int | None = None, batch: int = 200
) -> Iterator[tuple[Article, Revision, str, str | None]]:
    """The latest revision of each matching article, newest publication first, streamed:
    (article, revision, the site's host, the URL the revision was fetched from)."""
    latest = latest_revision_ids()
    conditions: list[ColumnElement[bool]] = []
    if filters.site:
        conditions.append(Site.host == filters.site)
    if filters.section:
        conditions.append(in_section(Revision.section, filters.section))
    if filters.since:
        conditions.append(Revision.published_at >= filters.since)
    if filters.until:
        conditions.append(Revision.published_at < filters.until)
    if not filters.include_removed:
        conditions.append(Article.removed_at.is_(None))
    if not filters.include_duplicates:
        conditions.append(Article.duplicate_of_id.is_(None))
    stmt = (
        select(Article, Revision, Site.host, Capture.url)
        .join(latest, latest.c.article_id == Article.id)
        .join(Revision, and_(Revision.article_id == Article.id, Revision.number == latest.c.number))
        .join(Site, Site.id == Article.site_id)
        .outerjoin(Capture, Capture.id == Revision.capture_id)
        .where(*conditions)
        .order_by(Revision.published_at.desc().nulls_last(), Article.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    yield from session.execute(stmt.execution_options(yield_per=batch))


def revisions_of(session: Session, article_id: int) -> list[Revision]:
    stmt = select(Revision).where(Revision.article_id == article_id).order_by(Revision.number)
    return list(session.scalars(stmt))


def captures_of(session: Session, article_id: int) -> list[Capture]:
    stmt = select(Capture).where(Capture.article_id == article_id).order_by(Capture.id)
    return list(session.scalars(stmt))


def decompress(body: Body) -> bytes:
    return bodies.decompress(body.compressed)


def archive_counts(session: Session) -> dict[str, int]:
    """Row counts a person wants to see first."""

    def count(stmt: Any) -> int:
        return int(session.scalar(stmt) or 0)

    return {
        "sites": count(select(func.count(Site.id))),
        "crawls": count(select(func.count(Crawl.id))),
        "articles": count(select(func.count(Article.id))),
        "removed articles": count(
            select(func.count(Article.id)).where(Article.removed_at.is_not(None))
        ),
        "revisions": count(select(func.count(Revision.id))),
        "captures": count(select(func.count(Capture.id))),
        "stored bodies": count(select(func.count(Body.id))),
        "links": count(select(func.count(Link.id))),
        "failures": count(select(func.count(Failure.id))),
    }


def recent_crawls(session: Session, limit: int = 10) -> list[Crawl]:
    return list(session.scalars(select(Crawl).order_by(Crawl.id.desc()).limit(limit)))


def latest_crawl_per_site(session: Session) -> list[tuple[str, Crawl]]:
    """(host, its latest crawl) for every site crawled, by host: a crawl of a site list
    leaves a record per site, more than the archive's latest few records show."""
    latest = select(func.max(Crawl.id)).where(Crawl.site_id.is_not(None)).group_by(Crawl.site_id)
    stmt = (
        select(Site.host, Crawl)
        .join(Crawl, Crawl.site_id == Site.id)
        .where(Crawl.id.in_(latest))
        .order_by(Site.host)
    )
    return [(host, crawl) for host, crawl in session.execute(stmt)]


def section_counts(session: Session) -> list[tuple[str, int]]:
    latest = latest_revision_ids()
    stmt = (
        select(Revision.section, func.count())
        .join(
            latest,
            and_(latest.c.article_id == Revision.article_id, latest.c.number == Revision.number),
        )
        .group_by(Revision.section)
        .order_by(func.count().desc(), Revision.section)
    )
    return [(section or "(none)", int(n)) for section, n in session.execute(stmt)]


def article_by_url(session: Session, url: str) -> Article | None:
    """The article at a URL a person gave (any form of it: tracking parameters, a trailing
    slash, an alias), made an archive key first."""
    return article_at(session, canonical_url(url))
