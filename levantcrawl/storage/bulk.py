"""Articles the archive has never seen, stored together: one statement per table for a run of
a batch's new articles, where `revisions.save_article` spends a dozen on each.

Most of a first crawl's articles are new, and for them every row is known before anything is
written: the article, its URLs, the raw body, the capture, the first revision and its links,
the MinHash signature and bands. What `save_article` decides one article at a time (which
article the URL belongs to, whether the content changed) has one answer for a new article,
so the writer sends here only articles whose URL, aliases' owner and numeric id it has
checked are unknown (see `writer.BatchWriter`), and stores the rest one by one. The rows
written are those `save_article` and `mark_near_duplicate` write for a new article.
Statements run on the session's connection: Core statements, spared the ORM's work."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from levantcrawl.normalize.urls import article_key
from levantcrawl.storage import _rows, identity, near_duplicates, revisions
from levantcrawl.storage.models import (
    Article,
    Body,
    Capture,
    Link,
    Revision,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from levantcrawl.record import ArticleRecord
    from levantcrawl.schedule import RevisitPolicy


@dataclass(frozen=True, slots=True)
class StoredNew:
    article_id: int
    copy_of: near_duplicates.NearDuplicate | None  # the earlier article it copies, if any


_ARTICLE = _rows.table_of(Article)
_BODY = _rows.table_of(Body)
_CAPTURE = _rows.table_of(Capture)
_REVISION = _rows.table_of(Revision)
_LINK = _rows.table_of(Link)


def store_new_articles(
    session: Session,
    crawl_id: int,
    items: Sequence[ArticleRecord],
    *,
    near_threshold: float | None,
    policy: RevisitPolicy,
) -> list[StoredNew]:
    """Store each item as a new article with its first revision, in the items' order (ids
    ascend with it, as one by one). The caller has made sure none of them is archived."""
    if not items:
        return []
    article_ids = _insert_articles(session, items, policy)
    identity.insert_aliases(
        session,
        [
            row
            for article_id, item in zip(article_ids, items, strict=True)
            for row in identity.alias_rows(article_id, item.aliases, item.capture.fetched_at)
        ],
    )
    body_ids = _body_ids(session, [item.capture.body for item in items])
    capture_ids = _insert_returning_ids(
        session,
        _CAPTURE,
        [
            {
                "crawl_id": crawl_id,
                "article_id": article_id,
                "url": item.capture.url,
                "status": item.capture.status,
                "headers": item.capture.headers,
                "body_id": body_id,
                "fetched_at": item.capture.fetched_at,
                "last_seen_at": item.capture.fetched_at,
            }
            for article_id, item, body_id in zip(article_ids, items, body_ids, strict=True)
        ],
        "article_id",  # one capture and one revision for each new article
    )
    revision_ids = _insert_returning_ids(
        session,
        _REVISION,
        [
            {
                "article_id": article_id,
                "number": 1,
                "crawl_id": crawl_id,
                "capture_id": capture_id,
                "fetched_at": item.capture.fetched_at,
                "text_delta": None,
                **revisions.revision_values(item),
            }
            for article_id, item, capture_id in zip(article_ids, items, capture_ids, strict=True)
        ],
        "article_id",
    )
    links = [
        {"revision_id": revision_id, "target_url": x.target_url, "anchor": x.anchor, "kind": x.kind}
        for revision_id, item in zip(revision_ids, items, strict=True)
        for x in item.links
    ]
    if links:
        session.connection().execute(insert(_LINK), links)
    copies: list[near_duplicates.NearDuplicate | None] = [None] * len(items)
    if near_threshold is not None:
        signed = [(i, item.signature) for i, item in zip(article_ids, items, strict=True)]
        copies = near_duplicates.mark_run(session, signed, near_threshold)
    return [StoredNew(i, copy) for i, copy in zip(article_ids, copies, strict=True)]


def _insert_articles(
    session: Session, items: Sequence[ArticleRecord], policy: RevisitPolicy
) -> list[int]:
    rows = []
    for item in items:
        now = item.capture.fetched_at
        site = identity.site_for_host(session, item.site_host, item.site_name, now, item.site_tz)
        # schedule_after_save for an article stored for the first time.
        published = item.published_at
        born = published if published and published <= now else now
        rows.append(
            {
                "site_id": site.id,
                "canonical_url": item.canonical_url,
                "url_key": article_key(item.canonical_url),
                "first_seen_at": now,
                "last_seen_at": now,
                "unchanged_checks": 0,
                "next_check_at": policy.next_check(now, born, 0),
                "listed_lastmod": item.listed_lastmod,
            }
        )
    return _insert_returning_ids(session, _ARTICLE, rows, "canonical_url")


def _insert_returning_ids(
    session: Session, table: Any, rows: list[dict[str, Any]], key: str
) -> list[int]:
    """The new rows' ids, in the rows' order; `key` is a column unique among the rows.
    RETURNING id and key, unordered: asked to keep the rows' order, SQLAlchemy inserts a row
    at a time on SQLite."""
    stmt = insert(table).returning(table.c.id, table.c[key])
    ids = {found: int(row_id) for row_id, found in session.connection().execute(stmt, rows)}
    return [ids[row[key]] for row in rows]


def _body_ids(session: Session, raw: Sequence[bytes]) -> list[int | None]:
    """Each body stored once, compressed; a body already archived is not compressed again."""
    digests = [hashlib.sha256(body).hexdigest() if body else None for body in raw]
    wanted = {d for d in digests if d is not None}
    known = _ids_by_digest(session, wanted)
    fresh: dict[str, dict[str, Any]] = {}
    for digest, body in zip(digests, raw, strict=True):
        if digest is not None and digest not in known and digest not in fresh:
            fresh[digest] = revisions.body_row(digest, body)
    if fresh:
        revisions.insert_bodies(session, list(fresh.values()))
        known.update(_ids_by_digest(session, set(fresh)))
    return [known[d] if d is not None else None for d in digests]


def _ids_by_digest(session: Session, digests: set[str]) -> dict[str, int]:
    if not digests:
        return {}
    stmt = select(_BODY.c.sha256, _BODY.c.id).where(_BODY.c.sha256.in_(digests))
    return {digest: int(body_id) for digest, body_id in session.connection().execute(stmt)}
