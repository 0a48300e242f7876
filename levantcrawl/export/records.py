"""The export record: one flat, versioned dict per article revision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from levantcrawl.normalize.dates import iso_utc

if TYPE_CHECKING:
    from datetime import datetime

    from levantcrawl.storage.models import Article, Revision

EXPORT_SCHEMA_VERSION = "1"
FIELDS: tuple[str, ...] = (
    "id",
    "url",
    "title",
    "authors",
    "published",
    "published_source",
    "modified",
    "section",
    "section_path",
    "tags",
    "language",
    "description",
    "lead_image",
    "word_count",
    "text",
    "revision",
    "revision_fetched_at",
    "content_sha256",
    "removed_at",
    "duplicate_of",
    "duplicate_similarity",
    "source_agency",
)


def _iso(value: datetime | None) -> str | None:
    return iso_utc(value) if value else None


def article_record(article: Article, revision: Revision) -> dict[str, Any]:
    """Stable field names and order; dates as ISO 8601 UTC; lists stay lists."""
    return {
        "id": article.id,
        "url": article.canonical_url,
        "title": revision.title,
        "authors": list(revision.authors),
        "published": _iso(revision.published_at),
        "published_source": revision.published_source,
        "modified": _iso(revision.modified_at),
        "section": revision.section,
        "section_path": list(revision.section_path),
        "tags": list(revision.tags),
        "language": revision.language,
        "description": revision.description,
        "lead_image": revision.lead_image,
        "word_count": revision.word_count,
        "text": revision.text,
        "revision": revision.number,
        "revision_fetched_at": _iso(revision.fetched_at),
        "content_sha256": revision.content_sha256,
        "removed_at": _iso(article.removed_at),
        "duplicate_of": article.duplicate_of_id,
        "duplicate_similarity": article.duplicate_similarity,
        "source_agency": revision.source_agency,
    }
