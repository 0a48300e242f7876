"""The revisit schedule: which archived articles are due, with the validators of their last
capture, and when each is checked next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from levantcrawl.storage.models import Article, Capture, Revision, Site

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from levantcrawl.schedule import RevisitPolicy


@dataclass(frozen=True, slots=True)
class KnownArticle:
    """What the spider needs to revisit an archived article politely."""

    url: str
    last_seen_at: datetime
    due: bool
    etag: str | None
    last_modified: str | None
    listed_lastmod: str | None = None  # the sitemap's or feed's lastmod at its last fetch


def known_articles(session: Session, host: str, now: datetime) -> dict[str, KnownArticle]:
    """The site's live articles by canonical URL, with whether each is due and the
    validators of its last full capture (for If-None-Match / If-Modified-Since)."""
    last_capture = (
        select(Capture.article_id, func.max(Capture.id).label("id"))
        .where(Capture.status == 200)
        .group_by(Capture.article_id)
        .subquery()
    )
    stmt = (
        select(
            Article.canonical_url,
            Article.last_seen_at,
            Article.next_check_at,
            Capture.headers,
            Article.listed_lastmod,
        )
        .join(Site, Site.id == Article.site_id)
        .outerjoin(last_capture, last_capture.c.article_id == Article.id)
        .outerjoin(Capture, Capture.id == last_capture.c.id)
        .where(Site.host == host, Article.removed_at.is_(None))
        .order_by(Article.id)
    )
    known = {}
    for url, last_seen, next_check, headers, listed in session.execute(stmt):
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        known[url] = KnownArticle(
            url,
            last_seen,
            next_check is None or next_check <= now,
            lowered.get("etag"),
            lowered.get("last-modified"),
            listed,
        )
    return known


def schedule_next_check(
    session: Session, article_id: int, *, changed: bool, now: datetime, policy: RevisitPolicy
) -> None:
    """After a check: unchanged stretches the wait, a change starts it over."""
    article = session.get(Article, article_id)
    if article is None:
        return
    published = session.scalar(
        select(Revision.published_at)
        .where(Revision.article_id == article_id)
        .order_by(Revision.number.desc())
        .limit(1)
    )
    schedule_after_save(article, published, changed=changed, now=now, policy=policy)


def schedule_after_save(
    article: Article,
    published: datetime | None,
    *,
    changed: bool,
    now: datetime,
    policy: RevisitPolicy,
) -> None:
    """schedule_next_check for an article just saved, whose latest revision's publication
    date the caller holds."""
    article.unchanged_checks = 0 if changed else article.unchanged_checks + 1
    born = published if published and published <= now else article.first_seen_at
    article.next_check_at = policy.next_check(now, born, article.unchanged_checks)
