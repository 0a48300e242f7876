"""Content hashes that decide identity: the body alone, and the whole clean article."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from levantcrawl.normalize.dates import iso_utc

if TYPE_CHECKING:
    from levantcrawl.items import ArticleItem


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def body_sha256(paragraphs: tuple[str, ...]) -> str:
    """Whitespace-insensitive hash of the body text."""
    return _sha256("\n".join(" ".join(p.split()) for p in paragraphs))


def content_sha256(item: ArticleItem) -> str:
    """Hash of everything a revision records: a change in any of it is a new revision."""
    extracted = item.extracted
    assert extracted is not None
    fields = {
        "title": " ".join((extracted.title or "").split()),
        "body": item.body_sha256,
        "authors": list(extracted.authors),
        "published": iso_utc(item.published_at) if item.published_at else None,
        "modified": iso_utc(item.modified_at) if item.modified_at else None,
        "section": item.section.name if item.section else None,
        "tags": sorted(extracted.tags),
    }
    return _sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False))
