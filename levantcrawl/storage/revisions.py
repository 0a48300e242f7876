"""Captures and revisions: raw bodies stored once, a capture per differing response, a new
revision only when the clean content changes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from levantcrawl import bodies
from levantcrawl.extraction.lines import line_key
from levantcrawl.fingerprint import body_sha256, fingerprint
from levantcrawl.storage._rows import insert_ignore, insert_ignoring_conflicts, table_of
from levantcrawl.storage.identity import (
    add_aliases,
    article_at,
    article_for,
    ids_at,
    site_for_host,
)
from levantcrawl.storage.models import Article, Body, Capture, Link, Revision
from levantcrawl.version import EXTRACTOR

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from levantcrawl.items import Capture as CaptureItem
    from levantcrawl.items import GoneItem
    from levantcrawl.record import ArticleRecord


def latest_word_count(session: Session, key: str) -> int | None:
    """Words in the latest revision of the live article at `key`, if archived (one query:
    it runs before every article is stored, most of them new)."""
    stmt = (
        select(Revision.word_count)
        .join(Article, Article.id == Revision.article_id)
        .where(Article.id.in_(ids_at(key)), Article.removed_at.is_(None))
        # The article the key is an alias of first, as article_at does.
        .order_by((Article.canonical_url == key).asc(), Revision.number.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def mark_not_modified(
    session: Session, key: str, fetched_at: datetime, listed_lastmod: str | None = None
) -> int | None:
    """A 304 for an archived article: seen again, unchanged. Returns its id."""
    article = article_at(session, key)
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


def mark_removed(session: Session, crawl_id: int, item: GoneItem) -> bool:
    """Mark a known article removed (kept, never deleted). False when it was unknown."""
    article = article_at(session, item.canonical_url)
    if article is None:
        return False
    record_capture(session, crawl_id, article, item.capture, first=False)
    if article.removed_at is None:
        article.removed_at = item.capture.fetched_at
    return True


def insert_bodies(session: Session, rows: list[dict[str, Any]]) -> None:
    """body rows, skipping each whose hash is stored already."""
    insert_ignore(session, Body, rows, "sha256")


def body_row(digest: str, body: bytes) -> dict[str, Any]:
    """The body row of raw bytes whose SHA-256 is `digest`, compressed for storage."""
    return {"sha256": digest, "size": len(body), "compressed": bodies.compress(body)}


def _body_id(session: Session, body: bytes) -> int:
    digest = hashlib.sha256(body).hexdigest()
    row = body_row(digest, body)
    if (ignoring := insert_ignoring_conflicts(session, Body.__table__)) is not None:
        # A new body (most are) gives its id back at once; a known one is looked up.
        created = session.scalar(ignoring.values(row).returning(Body.id))
        if created is not None:
            return int(created)
    else:
        insert_ignore(session, Body, row, "sha256")
    return session.scalars(select(Body.id).where(Body.sha256 == digest)).one()


def record_capture(
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


def revision_values(item: ArticleRecord) -> dict[str, Any]:
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


def _differs_by_template_only(previous: Revision, item: ArticleRecord) -> bool:
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
    session: Session, crawl_id: int, item: ArticleRecord, *, capture: Capture | None = None
) -> SaveResult:
    """Upsert the article, its aliases and capture; a revision only when content changed.
    `capture` names a stored capture the item was read from again (re-extraction)."""
    extracted = item.extracted
    assert extracted is not None, "the extract pipeline runs before the store"
    now = item.capture.fetched_at
    site = site_for_host(session, item.site_host, item.site_name, now, item.site_tz)
    article, created = article_for(session, site, item.canonical_url, now)
    add_aliases(session, article.id, item.aliases, now)
    if capture is None:
        capture = record_capture(session, crawl_id, article, item.capture, first=created)
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


def replace_revision_content(session: Session, revision: Revision, item: ArticleRecord) -> None:
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
