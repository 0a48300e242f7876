"""Reads and writes of the archive. Each function takes a Session and never commits:
the caller owns the transaction."""

from __future__ import annotations

import hashlib
import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from w3lib.url import canonicalize_url as w3lib_canonical

from levantcrawl.dedupe.minhash import band_keys, similarities
from levantcrawl.extraction.template import line_key
from levantcrawl.fingerprint import body_sha256, fingerprint
from levantcrawl.normalize.urls import article_key, canonical_url
from levantcrawl.outcome import FINISHED, INTERRUPTED, KILLED
from levantcrawl.storage import bodies
from levantcrawl.storage.filters import in_section
from levantcrawl.storage.models import (
    Article,
    ArticleSignature,
    Body,
    Capture,
    Crawl,
    Failure,
    Link,
    MinhashBand,
    Revision,
    Site,
    SiteTemplate,
    UrlAlias,
)
from levantcrawl.version import EXTRACTOR

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from datetime import datetime, timedelta

    from sqlalchemy.orm import Session

    from levantcrawl.items import ArticleItem, GoneItem
    from levantcrawl.items import Capture as CaptureItem
    from levantcrawl.schedule import RevisitPolicy


def _insert_ignore(
    session: Session, model: type[Any], values: dict[str, Any] | list[dict[str, Any]], key: str
) -> int:
    """INSERT of one row or several that skips each whose `key` already exists: safe under
    concurrent writers. Returns how many rows it inserted."""
    rows = values if isinstance(values, list) else [values]
    if not rows:
        return 0
    table = model.__table__
    if (ignoring := _insert_ignoring_conflicts(session, table)) is not None:
        # Several rows as one executemany: its statement is compiled once and cached, where
        # a VALUES list of each length would be compiled anew.
        result = (
            session.execute(ignoring, rows)
            if len(rows) > 1
            else session.execute(ignoring.values(rows[0]))
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
    inserted = 0
    for row in rows:
        if session.scalar(select(table.c.id).where(table.c[key] == row[key])) is None:
            session.execute(table.insert().values(row))
            inserted += 1
    return inserted


def table_of(model: type[Any]) -> Table:
    """A mapped class's table, for Core statements that skip the ORM's per-row work."""
    table: Table = model.__table__
    return table


def _insert_ignoring_conflicts(session: Session, table: Any) -> Any | None:
    """INSERT … ON CONFLICT DO NOTHING into `table` on PostgreSQL and SQLite; None elsewhere."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return None


def site_for_host(
    session: Session, host: str, name: str | None, now: datetime, tz: str | None = None
) -> Site:
    # Looked up once per session (a store batch writes one site's articles).
    known: dict[str, Site] = session.info.setdefault("levantcrawl_sites", {})
    site = known.get(host)
    if site is None:
        _insert_ignore(session, Site, {"host": host, "name": name, "created_at": now}, "host")
        site = known[host] = session.scalars(select(Site).where(Site.host == host)).one()
    if name and not site.name:
        site.name = name
    if tz and site.tz != tz:
        site.tz = tz
    return site


def start_crawl(
    session: Session, *, spider: str, start_url: str, site: Site | None, now: datetime
) -> Crawl:
    crawl = Crawl(
        owner=process_owner(),
        site_id=site.id if site else None,
        spider=spider,
        start_url=start_url,
        started_at=now,
        status="running",
        stats={},
    )
    session.add(crawl)
    session.flush()
    return crawl


def finish_crawl(
    session: Session,
    crawl_id: int,
    *,
    status: str,
    reason: str | None,
    stats: dict[str, Any],
    now: datetime,
) -> None:
    session.execute(
        update(Crawl)
        .where(Crawl.id == crawl_id)
        .values(status=status, reason=reason, stats=stats, finished_at=now)
    )


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


def latest_word_count(session: Session, url: str) -> int | None:
    """Words in the latest revision of the live article at `url`, if archived (one query:
    it runs before every article is stored, most of them new)."""
    key = canonical_url(url)
    stmt = (
        select(Revision.word_count)
        .join(Article, Article.id == Revision.article_id)
        .where(Article.id.in_(_ids_at(key)), Article.removed_at.is_(None))
        # The article the URL is an alias of first, as article_by_url does.
        .order_by((Article.canonical_url == key).asc(), Revision.number.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def archived_keys(session: Session, urls: Sequence[str]) -> set[str]:
    """The canonical forms of `urls` an article is stored or seen under, in one query: a
    writer asks for its whole batch, and skips the per-item lookups for the rest."""
    keys = {canonical_url(url) for url in urls}
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


def _ids_at(key: str) -> Any:
    """Ids of articles stored under the canonical URL `key`, or seen under it."""
    return (
        select(UrlAlias.article_id)
        .where(UrlAlias.url == key)
        .union(select(Article.id).where(Article.canonical_url == key))
    )


def mark_not_modified(
    session: Session, url: str, fetched_at: datetime, listed_lastmod: str | None = None
) -> int | None:
    """A 304 for an archived article: seen again, unchanged. Returns its id."""
    article = article_by_url(session, url)
    if article is None:
        return None
    article.last_seen_at = max(article.last_seen_at, fetched_at)
    article.listed_lastmod = listed_lastmod or article.listed_lastmod
    latest = session.scalars(
        select(Capture)
        .where(Capture.article_id == article.id, Capture.status == 200)
        .order_by(Capture.id.desc())
        .limit(1)
    ).first()
    if latest is not None:
        latest.last_seen_at = max(latest.last_seen_at, fetched_at)
    return article.id


def live_crawl(session: Session, host: str, now: datetime, stale_after: timedelta) -> Crawl | None:
    """A crawl of `host` still running (its heartbeat is recent). Older "running" crawls
    were killed: they are marked interrupted on the way."""
    stmt = (
        select(Crawl)
        .join(Site, Site.id == Crawl.site_id)
        .where(Site.host == host, Crawl.status == "running")
        .order_by(Crawl.id)
    )
    live = None
    for crawl in session.scalars(stmt):
        beat = crawl.heartbeat_at or crawl.started_at
        if now - beat > stale_after or _owner_is_dead(crawl.owner):
            crawl.status, crawl.reason = INTERRUPTED, KILLED
        else:
            live = crawl
    return live


def process_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _owner_is_dead(owner: str | None) -> bool:
    """True when the crawl's process ran on this machine and is gone."""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False


def heartbeat(session: Session, crawl_id: int, now: datetime) -> None:
    session.execute(update(Crawl).where(Crawl.id == crawl_id).values(heartbeat_at=now))


def article_by_url(session: Session, url: str) -> Article | None:
    """The article stored under `url` or any URL it was seen under."""
    key = canonical_url(url)
    stmt = (
        select(Article)
        .where(Article.id.in_(_ids_at(key)))
        # An article that was only seen under `url` is the one it now belongs to.
        .order_by((Article.canonical_url == key).asc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def _article_for(session: Session, site: Site, url: str, now: datetime) -> tuple[Article, bool]:
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
    created = _insert_ignore(
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


def add_aliases(session: Session, article_id: int, urls: Sequence[str], now: datetime) -> None:
    """Record URLs the article was seen under. A known URL stays."""
    insert_aliases(session, alias_rows(article_id, urls, now))


def alias_rows(article_id: int, urls: Sequence[str], now: datetime) -> list[dict[str, Any]]:
    """url_alias rows for URLs an article was seen under: each as seen (tracking parameters,
    trailing slash and all) and in canonical form, which is what lookups use."""
    seen = [w3lib_canonical(u, keep_fragments=False) for u in urls]
    return [
        {"article_id": article_id, "url": url, "first_seen_at": now}
        for url in dict.fromkeys([*(canonical_url(u) for u in urls), *seen])
    ]


def insert_aliases(session: Session, rows: list[dict[str, Any]]) -> None:
    """url_alias rows, skipping each URL already known (the first row of a URL wins)."""
    _insert_ignore(session, UrlAlias, rows, "url")


def insert_bodies(session: Session, rows: list[dict[str, Any]]) -> None:
    """body rows, skipping each whose hash is stored already."""
    _insert_ignore(session, Body, rows, "sha256")


def body_row(digest: str, body: bytes) -> dict[str, Any]:
    """The body row of raw bytes whose SHA-256 is `digest`, compressed for storage."""
    return {"sha256": digest, "size": len(body), "compressed": bodies.compress(body)}


def _body_id(session: Session, body: bytes) -> int:
    digest = hashlib.sha256(body).hexdigest()
    row = body_row(digest, body)
    if (ignoring := _insert_ignoring_conflicts(session, Body.__table__)) is not None:
        # A new body (most are) gives its id back at once; a known one is looked up.
        created = session.scalar(ignoring.values(row).returning(Body.id))
        if created is not None:
            return int(created)
    else:
        _insert_ignore(session, Body, row, "sha256")
    return session.scalars(select(Body.id).where(Body.sha256 == digest)).one()


def _record_capture(
    session: Session, crawl_id: int, article: Article, capture: CaptureItem, *, first: bool
) -> Capture:
    """A new capture row only when the response differs from the last one of this URL.
    `first`: the article was created just now, so it has no captures to compare with."""
    body_id = _body_id(session, capture.body) if capture.body else None
    previous = None
    if not first:
        previous = session.scalars(
            select(Capture)
            .where(Capture.article_id == article.id, Capture.url == capture.url)
            .order_by(Capture.id.desc())
            .limit(1)
        ).first()
    if previous is not None and (previous.body_id, previous.status) == (body_id, capture.status):
        previous.last_seen_at = max(previous.last_seen_at, capture.fetched_at)
        return previous
    row = Capture(
        crawl_id=crawl_id,
        article_id=article.id,
        url=capture.url,
        status=capture.status,
        headers=capture.headers,
        body_id=body_id,
        fetched_at=capture.fetched_at,
        last_seen_at=capture.fetched_at,
    )
    session.add(row)
    session.flush()
    return row


def latest_revision(session: Session, article_id: int) -> Revision | None:
    stmt = (
        select(Revision).where(Revision.article_id == article_id).order_by(Revision.number.desc())
    )
    return session.scalars(stmt.limit(1)).first()


def revision_values(item: ArticleItem) -> dict[str, Any]:
    """The clean content of a revision, from a finished item."""
    extracted = item.extracted
    assert extracted is not None
    return {
        "content_sha256": item.content_sha256,
        "body_sha256": item.body_sha256,
        "title": extracted.title or "",
        "text": extracted.text,
        "word_count": extracted.word_count,
        "authors": list(extracted.authors),
        "published_at": item.published_at,
        "published_source": item.published_source,
        "published_has_time": item.published_has_time,
        "published_offset": item.published_offset,
        "source_agency": extracted.agencies[0] if extracted.agencies else None,
        "modified_at": item.modified_at,
        "modified_source": item.modified_source,
        "section": item.section.name if item.section else None,
        "section_path": list(item.section.path) if item.section else [],
        "tags": list(extracted.tags),
        "language": extracted.language,
        "lead_image": extracted.lead_image,
        "description": extracted.description,
        "extractor": EXTRACTOR,
        "template_pages": extracted.template_pages,
        "kept_ratio": extracted.kept_ratio,
        "warnings": list(item.warnings),
    }


def _differs_by_template_only(previous: Revision, item: ArticleItem) -> bool:
    if not item.template_lines:
        return False
    kept = [p for p in previous.paragraphs if line_key(p) not in item.template_lines]
    if len(kept) == len(previous.paragraphs):
        return False
    cleaned = fingerprint(
        title=previous.title,
        body_sha256=body_sha256(tuple(kept)),
        authors=previous.authors,
        published=previous.published_at,
        modified=previous.modified_at,
        section=previous.section,
        tags=previous.tags,
    )
    return cleaned == item.content_sha256


@dataclass(frozen=True, slots=True)
class SaveResult:
    article_id: int
    outcome: str  # new | revised | unchanged | cleaned | returned


def save_article(
    session: Session, crawl_id: int, item: ArticleItem, *, capture: Capture | None = None
) -> SaveResult:
    """Upsert the article, its aliases and capture; a revision only when content changed.
    `capture` names a stored capture the item was read from again (re-extraction)."""
    extracted = item.extracted
    assert extracted is not None, "the extract pipeline runs before the store"
    now = item.capture.fetched_at
    site = site_for_host(session, item.site_host, item.site_name, now, item.site_tz)
    article, created = _article_for(session, site, item.canonical_url, now)
    add_aliases(session, article.id, [item.canonical_url, *item.aliases], now)
    if capture is None:
        capture = _record_capture(session, crawl_id, article, item.capture, first=created)
    article.last_seen_at = max(article.last_seen_at, now)
    # Kept when this fetch came without one (a link, a scheduled revisit): the next lastmod
    # that differs asks once more, at worst for a 304.
    article.listed_lastmod = item.listed_lastmod or article.listed_lastmod
    previous = None if created else latest_revision(session, article.id)
    was_removed = article.removed_at is not None
    if previous is not None and previous.content_sha256 == item.content_sha256 and not was_removed:
        return SaveResult(article.id, "unchanged")
    if previous is not None and not was_removed and _differs_by_template_only(previous, item):
        # The same article, read better: the old reading kept lines now known as template.
        replace_revision_content(session, previous, item)
        return SaveResult(article.id, "cleaned")
    article.removed_at = None
    revision = Revision(
        article_id=article.id,
        number=(previous.number + 1) if previous else 1,
        crawl_id=crawl_id,
        capture_id=capture.id,
        fetched_at=now,
        **revision_values(item),
    )
    revision.article = article  # in article.revisions too, where older revisions unpack from
    session.add(revision)
    if previous is not None:
        previous.pack_against(revision.text)
    session.flush()
    # One multi-row statement, not an ORM object (and a RETURNING) per link.
    links = [
        {"revision_id": revision.id, "target_url": x.target_url, "anchor": x.anchor, "kind": x.kind}
        for x in item.links
    ]
    if links:
        # Core's executemany on the table: the ORM's bulk path spends Python on every row.
        session.execute(insert(table_of(Link)), links)
    if previous is None:
        return SaveResult(article.id, "new")
    return SaveResult(article.id, "returned" if was_removed else "revised")


def load_template(session: Session, host: str) -> dict[str, Any] | None:
    stmt = select(SiteTemplate.model).join(Site, Site.id == SiteTemplate.site_id)
    return session.scalars(stmt.where(Site.host == host)).first()


def save_template(
    session: Session, host: str, model: dict[str, Any], pages: int, now: datetime
) -> None:
    site = site_for_host(session, host, None, now)
    # Workers of a shared frontier save the same site's model: insert once, then update.
    _insert_ignore(
        session,
        SiteTemplate,
        {"site_id": site.id, "pages": pages, "model": model, "updated_at": now},
        "site_id",
    )
    row = session.scalars(select(SiteTemplate).where(SiteTemplate.site_id == site.id)).one()
    row.pages, row.model, row.updated_at = pages, model, now


def replace_revision_content(session: Session, revision: Revision, item: ArticleItem) -> None:
    """Rewrite a revision with a better reading of the same capture (a cold-start page read
    again with the site model, or template lines now known): not a new version. An older
    revision stored as a delta against this one is re-packed against the new text."""
    older = session.scalars(
        select(Revision).where(
            Revision.article_id == revision.article_id, Revision.number == revision.number - 1
        )
    ).first()
    older_text = older.text if older is not None and older.text_delta is not None else None
    for key, value in revision_values(item).items():
        setattr(revision, key, value)
    revision.links = [
        Link(target_url=link.target_url, anchor=link.anchor, kind=link.kind) for link in item.links
    ]
    if older is not None and older_text is not None:
        older.text = older_text
        older.pack_against(revision.text)
    session.flush()


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


def drop_if_repeat(session: Session, revision: Revision) -> bool:
    """Delete `revision` when it now holds exactly what the revision before it holds (a cold
    reading that made a revision of its own and was then read again with the site model)."""
    if revision.number < 2:
        return False
    before = session.scalars(
        select(Revision).where(
            Revision.article_id == revision.article_id, Revision.number == revision.number - 1
        )
    ).first()
    if before is None or before.content_sha256 != revision.content_sha256:
        return False
    before.text = before.text  # whole again: the revision it was packed against goes
    session.delete(revision)
    session.flush()
    return True


# Signatures compared per stored article, at most (see mark_near_duplicate).
CANDIDATES = 64


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    article_id: int  # the earliest article of the story
    similarity: float


# The earlier articles sharing the most bands, at most CANDIDATES of them: a copy shares
# several bands, and on a site whose articles all sound alike the plain list of articles
# sharing any band grows with the archive (each store would cost more than the last). Built
# once: building the statement for every article cost as much as running it.
_CANDIDATES_OF = (
    select(MinhashBand.article_id)
    .where(
        MinhashBand.band_key.in_(bindparam("keys", expanding=True)),
        MinhashBand.article_id < bindparam("article_id"),
    )
    .group_by(MinhashBand.article_id)
    .order_by(func.count().desc(), MinhashBand.article_id.desc())
    .limit(CANDIDATES)
)
_ARTICLES_BY_BAND = select(MinhashBand.band_key, MinhashBand.article_id).where(
    MinhashBand.band_key.in_(bindparam("keys", expanding=True))
)
_SIGNATURES_OF = (
    select(ArticleSignature.article_id, ArticleSignature.signature, Article.duplicate_of_id)
    .join(Article, Article.id == ArticleSignature.article_id)
    .where(ArticleSignature.article_id.in_(bindparam("ids", expanding=True)))
)


def candidates_sharing_bands(session: Session, keys: list[str], before: int) -> set[int]:
    """The stored articles older than `before` that share the most of `keys`."""
    # On the session's connection: a plain Core query, spared the ORM's per-statement work.
    rows = session.connection().execute(_CANDIDATES_OF, {"keys": keys, "article_id": before})
    return {int(article_id) for (article_id,) in rows}


# Band keys per query in articles_by_band: SQLite allows 32,766 bound values.
_KEYS_PER_QUERY = 4096


def articles_by_band(session: Session, keys: set[str]) -> dict[str, list[int]]:
    """The stored articles holding each of `keys`, for a whole run of new articles at once
    (see bulk.py)."""
    found: dict[str, list[int]] = {}
    ordered = sorted(keys)
    for at in range(0, len(ordered), _KEYS_PER_QUERY):
        chunk = ordered[at : at + _KEYS_PER_QUERY]
        rows = session.connection().execute(_ARTICLES_BY_BAND, {"keys": chunk})
        for key, article_id in rows:
            found.setdefault(key, []).append(int(article_id))
    return found


def signatures_of(session: Session, ids: set[int]) -> list[tuple[int, bytes, int | None]]:
    """(article id, signature, the article it copies) of each of `ids` that is signed."""
    if not ids:
        return []
    rows = session.connection().execute(_SIGNATURES_OF, {"ids": sorted(ids)})
    return [(int(i), sig, original) for i, sig, original in rows]


def most_similar(
    signature: bytes, others: Sequence[tuple[int, bytes, int | None]], threshold: float
) -> NearDuplicate | None:
    """The most similar of `others` at or above `threshold`, followed to the original of
    its story (the first of equals)."""
    best: NearDuplicate | None = None
    scores = similarities(signature, [other_signature for _, other_signature, _ in others])
    for (other_id, _, other_original), score in zip(others, scores, strict=True):
        if score >= threshold and (best is None or score > best.similarity):
            best = NearDuplicate(other_original or other_id, score)
    return best


def mark_near_duplicate(
    session: Session, article_id: int, signature: bytes, threshold: float, *, first: bool = False
) -> NearDuplicate | None:
    """Store the article's signature and bands, and record whether it copies an earlier
    article (never itself, never a later one): the most similar candidate at or above
    `threshold`, followed to the original of its story. Core statements throughout: this
    runs once per stored article. `first`: the article is new and has no signature yet."""
    session.flush()  # the article row must exist before rows that point at it
    keys = band_keys(signature)
    candidates = candidates_sharing_bands(session, keys, article_id)
    best = most_similar(signature, signatures_of(session, candidates), threshold)
    if not first:
        session.execute(delete(MinhashBand).where(MinhashBand.article_id == article_id))
        session.execute(delete(ArticleSignature).where(ArticleSignature.article_id == article_id))
    # Core statements on the tables: the ORM's bulk insert spends Python on each of the bands.
    session.execute(
        insert(table_of(ArticleSignature)).values(article_id=article_id, signature=signature)
    )
    session.execute(
        insert(table_of(MinhashBand)), [{"band_key": k, "article_id": article_id} for k in keys]
    )
    if first and best is None:
        return None  # a new article's row already says it copies nothing
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(
            duplicate_of_id=best.article_id if best else None,
            duplicate_similarity=round(best.similarity, 4) if best else None,
        )
        .execution_options(synchronize_session="fetch")
    )
    return best


def duplicate_clusters(
    session: Session, site: str | None = None
) -> list[tuple[Article, list[Article]]]:
    """Each original with the articles recorded as its copies, largest clusters first."""
    stmt = select(Article).where(Article.duplicate_of_id.is_not(None))
    if site:
        stmt = stmt.join(Site, Site.id == Article.site_id).where(Site.host == site)
    copies: dict[int, list[Article]] = {}
    for copy in session.scalars(stmt.order_by(Article.id)):
        assert copy.duplicate_of_id is not None
        copies.setdefault(copy.duplicate_of_id, []).append(copy)
    originals = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(copies)))}
    clusters = [(originals[i], members) for i, members in copies.items() if i in originals]
    return sorted(clusters, key=lambda c: (-len(c[1]), c[0].id))


def mark_removed(session: Session, crawl_id: int, item: GoneItem) -> bool:
    """Mark a known article removed (kept, never deleted). False when it was unknown."""
    article = article_by_url(session, item.canonical_url)
    if article is None:
        return False
    _record_capture(session, crawl_id, article, item.capture, first=False)
    if article.removed_at is None:
        article.removed_at = item.capture.fetched_at
    return True


def record_failure(session: Session, crawl_id: int, url: str, reason: str, at: datetime) -> None:
    session.add(Failure(crawl_id=crawl_id, url=url, reason=reason, at=at))


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


# --- Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    site: str | None = None
    section: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    include_removed: bool = True
    include_duplicates: bool = True


def _latest_revision_ids() -> Any:
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
    latest = _latest_revision_ids()
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


def section_counts(session: Session) -> list[tuple[str, int]]:
    latest = _latest_revision_ids()
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
