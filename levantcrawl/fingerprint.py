"""Content hashes that decide identity: the body alone, and the whole clean article."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from levantcrawl.normalize.dates import iso_utc

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from levantcrawl.extraction.article import ExtractedArticle
    from levantcrawl.normalize.sections import Section


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def body_sha256(paragraphs: tuple[str, ...]) -> str:
    """Whitespace-insensitive hash of the body text."""
    return _sha256("\n".join(" ".join(p.split()) for p in paragraphs))


def fingerprint(
    *,
    title: str | None,
    body_sha256: str,
    authors: Sequence[str],
    published: datetime | None,
    modified: datetime | None,
    section: str | None,
    tags: Sequence[str],
) -> str:
    """Hash of everything a revision records: a change in any of it is a new revision."""
    fields = {
        "title": " ".join((title or "").split()),
        "body": body_sha256,
        "authors": list(authors),
        "published": iso_utc(published) if published else None,
        "modified": iso_utc(modified) if modified else None,
        "section": section,
        "tags": sorted(tags),
    }
    return _sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False))


def content_sha256(
    extracted: ExtractedArticle,
    *,
    body_sha256: str,
    published: datetime | None,
    modified: datetime | None,
    section: Section | None,
) -> str:
    """The fingerprint of a normalised article (see assemble.py)."""
    return fingerprint(
        title=extracted.title,
        body_sha256=body_sha256,
        authors=extracted.authors,
        published=published,
        modified=modified,
        section=section.name if section else None,
        tags=extracted.tags,
    )
