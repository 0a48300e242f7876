"""Which article a URL names: sites, canonical URLs, aliases, numeric-id keys, and link
targets resolved to the articles their URLs now belong to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select, text, update

from levantcrawl.normalize.urls import article_key
from levantcrawl.storage._rows import insert_ignore
from levantcrawl.storage.models import Article, Link, Site, UrlAlias

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy.orm import Session


def site_for_host(
    session: Session, host: str, name: str | None, now: datetime, tz: str | None = None
) -> Site:
    # Looked up once per session (a store batch writes one site's articles).
    known: dict[str, Site] = session.info.setdefault("levantcrawl_sites", {})
    site = known.get(host)
    if site is None:
        insert_ignore(session, Site, {"host": host, "name": name, "created_at": now}, "host")
        site = known[host] = session.scalars(select(Site).where(Site.host == host)).one()
    if name and not site.name:
        site.name = name
    if tz and site.tz != tz:
        site.tz = tz
    return site


def article_at(session: Session, key: str) -> Article | None:
    """The article stored under the archive key `key` (a canonical URL), or seen under it."""
    stmt = (
        select(Article)
        .where(Article.id.in_(ids_at(key)))
        # An article that was only seen under `key` is the one it now belongs to.
        .order_by((Article.canonical_url == key).asc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def ids_at(key: str) -> Any:
    """Ids of articles stored under the canonical URL `key`, or seen under it."""
    return (
        select(UrlAlias.article_id)
        .where(UrlAlias.url == key)
        .union(select(Article.id).where(Article.canonical_url == key))
    )


def article_for(session: Session, site: Site, url: str, now: datetime) -> tuple[Article, bool]:
    """The article at `url`; or the one whose URL carries the same numeric id under an older
    slug (its canonical URL moves to the new one, the old stays an alias); or a new one.
    The flag says whether this call created it."""
    key = article_key(url)
    at_url = Article.canonical_url == url
    wanted = at_url
    if key is not None:
        wanted = or_(at_url, and_(Article.site_id == site.id, Article.url_key == key))
    # One query for both: the article stored at this URL comes before one with the same id.
    found = session.scalars(select(Article).where(wanted).order_by(at_url.desc()).limit(1)).first()
    if found is not None and found.canonical_url != url:
        add_aliases(session, found.id, [found.canonical_url], now)
        found.canonical_url = url
        session.flush()
    if found is not None:
        return found, False
    created = insert_ignore(
        session,
        Article,
        {
            "site_id": site.id,
            "canonical_url": url,
            "url_key": key,
            "first_seen_at": now,
            "last_seen_at": now,
        },
        "canonical_url",
    )
    article = session.scalars(select(Article).where(Article.canonical_url == url)).one()
    return article, created > 0


def add_aliases(session: Session, article_id: int, forms: Sequence[str], now: datetime) -> None:
    """Record URLs the article was seen under. A known URL stays."""
    insert_aliases(session, alias_rows(article_id, forms, now))


def alias_rows(article_id: int, forms: Sequence[str], now: datetime) -> list[dict[str, Any]]:
    """url_alias rows for the URLs an article was seen under, in the forms the crawl made of
    them (normalize.urls.url_forms): as seen, and as archive keys, which lookups use."""
    return [
        {"article_id": article_id, "url": url, "first_seen_at": now} for url in dict.fromkeys(forms)
    ]


def insert_aliases(session: Session, rows: list[dict[str, Any]]) -> None:
    """url_alias rows, skipping each URL already known (the first row of a URL wins)."""
    insert_ignore(session, UrlAlias, rows, "url")


def archived_keys(session: Session, urls: Sequence[str]) -> set[str]:
    """Which of `urls` (archive keys) an article is stored or seen under, in one query: a
    writer asks for its whole batch, and skips the per-item lookups for the rest."""
    keys = set(urls)
    if not keys:
        return set()
    stmt = (
        select(UrlAlias.url)
        .where(UrlAlias.url.in_(keys))
        .union(select(Article.canonical_url).where(Article.canonical_url.in_(keys)))
    )
    return set(session.scalars(stmt))


def archived_url_keys(session: Session, urls: Sequence[str]) -> set[str]:
    """The numeric-id keys (see article_key) of `urls` that a stored article has, on any
    site, in one query."""
    keys = {key for url in urls if (key := article_key(url)) is not None}
    if not keys:
        return set()
    stmt = select(Article.url_key).where(Article.url_key.in_(keys))
    return {key for key in session.scalars(stmt) if key is not None}


# pg_advisory_xact_lock key ("lclinks!" in ASCII) for resolving link targets: two workers
# closing together would otherwise update the same link rows in different orders and deadlock.
RESOLVE_LOCK = 0x6C636C696E6B7321


def resolve_link_targets(session: Session) -> int:
    """Point links at the articles their URLs now belong to; returns how many were resolved."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RESOLVE_LOCK})
    match = select(UrlAlias.article_id).where(UrlAlias.url == Link.target_url)
    result = session.execute(
        update(Link)
        .where(Link.target_article_id.is_(None), match.exists())
        .values(target_article_id=match.scalar_subquery())
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
