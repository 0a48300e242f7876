"""Reading the crawl records by site: each site's latest crawl, for `levantcrawl stats`. A
crawl of a site list leaves a record per site, so the latest few records of the archive
would show only a few of its sites."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from levantcrawl.storage.models import Crawl, Site

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def latest_crawl_per_site(session: Session) -> list[tuple[str, Crawl]]:
    """(host, its latest crawl) for every site crawled, by host."""
    latest = select(func.max(Crawl.id)).where(Crawl.site_id.is_not(None)).group_by(Crawl.site_id)
    stmt = (
        select(Site.host, Crawl)
        .join(Crawl, Crawl.site_id == Site.id)
        .where(Crawl.id.in_(latest))
        .order_by(Site.host)
    )
    return [(host, crawl) for host, crawl in session.execute(stmt)]
