"""Which revisions an export holds, streamed from the archive in a fixed order.

Rows come from one server-side query in batches; each batch's aliases and links come from
two bulk queries, so memory depends on the batch size, never on the archive's size. Order is
(article id, revision number): the same archive and filters always give the same file."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import aliased

from levantcrawl.export.records import row_record
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.storage.filters import in_language, in_section
from levantcrawl.storage.models import Article, Capture, Link, Revision, Site, UrlAlias
from levantcrawl.storage.packing import unpack

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from datetime import datetime

    from sqlalchemy import Row, Select
    from sqlalchemy.orm import Session

Revisions = Literal["latest", "all"]


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Every filter narrows; None means no restriction. Dates are UTC-aware."""

    site: str | None = None  # host
    section: str | None = None  # canonical section, case-insensitive; "Russia" takes Russia/Iran
    language: str | None = None  # "en" also takes en-GB
    author: str | None = None  # one byline name, case-insensitive
    published_since: datetime | None = None
    published_until: datetime | None = None
    crawl: int | None = None  # only revisions recorded by this crawl
    changed_since: datetime | None = None  # only revisions first fetched at or after this
    include_duplicates: bool = False
    include_removed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            key: iso_utc(value) if hasattr(value, "tzinfo") else value
            for key, value in asdict(self).items()
        }


_COLUMNS: tuple[Any, ...] = (
    Article.id.label("article_id"),
    Article.canonical_url,
    Article.removed_at,
    Article.duplicate_of_id,
    Article.duplicate_similarity,
    Site.host,
    Revision.id.label("revision_id"),
    Revision.number,
    Revision.fetched_at,
    Revision.title,
    Revision.stored_text,
    Revision.text_delta,
    Revision.word_count,
    Revision.authors,
    Revision.source_agency,
    Revision.published_at,
    Revision.published_source,
    Revision.modified_at,
    Revision.section,
    Revision.section_path,
    Revision.tags,
    Revision.language,
    Revision.description,
    Revision.lead_image,
    Revision.content_sha256,
    Capture.url.label("fetched_url"),
)


def _conditions(filters: ExportFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.site:
        conditions.append(Site.host == filters.site.lower())
    if filters.section:
        conditions.append(in_section(Revision.section, filters.section))
    if filters.language:
        conditions.append(in_language(Revision.language, filters.language))
    if filters.published_since:
        conditions.append(Revision.published_at >= filters.published_since)
    if filters.published_until:
        conditions.append(Revision.published_at < filters.published_until)
    if filters.crawl is not None:
        conditions.append(Revision.crawl_id == filters.crawl)
    if filters.changed_since:
        conditions.append(Revision.fetched_at >= filters.changed_since)
    if not filters.include_duplicates:
        conditions.append(Article.duplicate_of_id.is_(None))
    if not filters.include_removed:
        conditions.append(Article.removed_at.is_(None))
    return conditions


def _statement(filters: ExportFilter, revisions: Revisions) -> Select[Any]:
    stmt: Select[Any] = (
        select(*_COLUMNS)
        .join(Article, Article.id == Revision.article_id)
        .join(Site, Site.id == Article.site_id)
        .outerjoin(Capture, Capture.id == Revision.capture_id)
        .where(*_conditions(filters))
    )
    if revisions == "latest":
        newer = aliased(Revision)
        has_newer = (
            select(newer.id)
            .where(and_(newer.article_id == Revision.article_id, newer.number > Revision.number))
            .exists()
        )
        stmt = stmt.where(~has_newer)
    return stmt


def count_revisions(session: Session, filters: ExportFilter, revisions: Revisions) -> int:
    """How many revisions match before the author filter: the progress bar's total."""
    stmt = _statement(filters, revisions).with_only_columns(func.count(Revision.id))
    return int(session.execute(stmt).scalar_one())


def iter_records(
    session: Session, filters: ExportFilter, revisions: Revisions = "latest", batch: int = 500
) -> Iterator[dict[str, Any]]:
    """Export records (see export/schema.py) in (article id, revision number) order."""
    stmt = _statement(filters, revisions).order_by(Revision.article_id, Revision.number)
    result = session.execute(stmt.execution_options(yield_per=batch))
    for rows in result.partitions():
        article_ids = sorted({row.article_id for row in rows})
        aliases = _aliases(session, article_ids)
        outlinks = _outlinks(session, [row.revision_id for row in rows])
        for row in rows:
            if filters.author and not _has_author(row.authors, filters.author):
                continue
            yield row_record(
                row._mapping,
                text=_text(session, row),
                aliases=aliases.get(row.article_id, []),
                outlinks=outlinks.get(row.revision_id, []),
            )


def revision_record(session: Session, article_id: int, number: int) -> dict[str, Any] | None:
    """One revision's record, exactly as an export of every revision would write it."""
    everything = ExportFilter(include_duplicates=True, include_removed=True)
    stmt = _statement(everything, "all").where(
        Revision.article_id == article_id, Revision.number == number
    )
    row = session.execute(stmt).first()
    if row is None:
        return None
    return row_record(
        row._mapping,
        text=_text(session, row),
        aliases=_aliases(session, [article_id]).get(article_id, []),
        outlinks=_outlinks(session, [row.revision_id]).get(row.revision_id, []),
    )


def _has_author(authors: Sequence[str], wanted: str) -> bool:
    folded = wanted.casefold().strip()
    return any(name.casefold().strip() == folded for name in authors)


def _text(session: Session, row: Row[Any]) -> str:
    """An older revision is stored as a delta against the next newer one: rebuild it."""
    if row.text_delta is None:
        return str(row.stored_text)
    chain = session.execute(
        select(Revision.number, Revision.stored_text, Revision.text_delta)
        .where(Revision.article_id == row.article_id, Revision.number >= row.number)
        .order_by(Revision.number.desc())
    ).all()
    paragraphs: list[str] = []
    for _number, stored, delta in chain:
        paragraphs = stored.split("\n\n") if delta is None else unpack(delta, paragraphs)
    return "\n\n".join(paragraphs)


def _aliases(session: Session, article_ids: Iterable[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    stmt = (
        select(UrlAlias.article_id, UrlAlias.url)
        .where(UrlAlias.article_id.in_(list(article_ids)))
        .order_by(UrlAlias.article_id, UrlAlias.url)
    )
    for article_id, url in session.execute(stmt):
        found[article_id].append(url)
    return found


def _outlinks(session: Session, revision_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    stmt = (
        select(Link.revision_id, Link.target_url, Link.target_article_id, Link.anchor, Link.kind)
        .where(Link.revision_id.in_(list(revision_ids)))
        .order_by(Link.revision_id, Link.id)
    )
    for revision_id, url, article_id, anchor, kind in session.execute(stmt):
        found[revision_id].append(
            {"url": url, "article_id": article_id, "anchor": anchor, "kind": kind}
        )
    return found
