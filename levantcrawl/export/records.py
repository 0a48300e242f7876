"""The export record: one flat dict per article revision, keys in schema order (schema.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from levantcrawl.normalize.dates import iso_utc

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime


def _iso(value: datetime | None) -> str | None:
    return iso_utc(value) if value else None


def row_record(
    row: Mapping[Any, Any],
    *,
    text: str,
    aliases: Sequence[str],
    outlinks: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """A record from one row of export/query.py's columns. Dates are ISO 8601 UTC strings;
    lists stay lists."""
    canonical = row["canonical_url"]
    return {
        "id": row["article_id"],
        "url": row["fetched_url"] or canonical,
        "canonical_url": canonical,
        "aliases": list(aliases),
        "site": row["host"],
        "title": row["title"],
        "authors": list(row["authors"]),
        "published": _iso(row["published_at"]),
        "published_source": row["published_source"],
        "modified": _iso(row["modified_at"]),
        "section": row["section"],
        "section_path": list(row["section_path"]),
        "tags": list(row["tags"]),
        "language": row["language"],
        "description": row["description"],
        "lead_image": row["lead_image"],
        "word_count": row["word_count"],
        "text": text,
        "revision": row["number"],
        "revision_fetched_at": _iso(row["fetched_at"]),
        "content_sha256": row["content_sha256"],
        "removed_at": _iso(row["removed_at"]),
        "duplicate_of": row["duplicate_of_id"],
        "duplicate_similarity": row["duplicate_similarity"],
        "source_agency": row["source_agency"],
        "outlinks": list(outlinks),
    }
