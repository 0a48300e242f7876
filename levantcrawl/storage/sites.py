"""What the archive keeps per site beside its articles: the learned site model and the
health figures of earlier crawls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from levantcrawl.outcome import FINISHED
from levantcrawl.storage._rows import insert_ignore
from levantcrawl.storage.identity import site_for_host
from levantcrawl.storage.models import Crawl, Site, SiteTemplate

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session


def load_template(session: Session, host: str) -> dict[str, Any] | None:
    stmt = select(SiteTemplate.model).join(Site, Site.id == SiteTemplate.site_id)
    return session.scalars(stmt.where(Site.host == host)).first()


def save_template(
    session: Session, host: str, model: dict[str, Any], pages: int, now: datetime
) -> None:
    site = site_for_host(session, host, None, now)
    # Workers of a shared frontier save the same site's model: insert once, then update.
    insert_ignore(
        session,
        SiteTemplate,
        {"site_id": site.id, "pages": pages, "model": model, "updated_at": now},
        "site_id",
    )
    row = session.scalars(select(SiteTemplate).where(SiteTemplate.site_id == site.id)).one()
    row.pages, row.model, row.updated_at = pages, model, now


def keep_section_aliases(
    session: Session, host: str, aliases: dict[str, str], now: datetime
) -> None:
    """The aliases this crawl of the site applies: `reextract` applies the same."""
    site_for_host(session, host, None, now).section_aliases = dict(aliases)


def earlier_health(
    session: Session, host: str, prefix: str, limit: int = 5
) -> list[dict[str, float]]:
    """Health figures of the site's last finished crawls, newest first."""
    stmt = (
        select(Crawl.stats)
        .join(Site, Site.id == Crawl.site_id)
        .where(Site.host == host, Crawl.status == FINISHED)
        .order_by(Crawl.id.desc())
        .limit(limit)
    )
    found = []
    for stats in session.scalars(stmt):
        figures = {
            key.removeprefix(prefix): float(value)
            for key, value in stats.items()
            if key.startswith(prefix) and isinstance(value, int | float)
        }
        if figures:
            found.append(figures)
    return found
