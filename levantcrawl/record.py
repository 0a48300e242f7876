"""An article as the archive keeps one reading of it: storage-neutral, frozen, complete.

The crawl makes one from its finished item (`ArticleItem.to_record`), re-extraction from a
stored capture (`assemble.record_of`); the writer and the repositories take nothing else, so
neither needs a crawl's item nor knows where a reading came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from levantcrawl.extraction.article import ExtractedArticle
    from levantcrawl.items import Capture, LinkItem
    from levantcrawl.normalize.sections import Section


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    canonical_url: str  # the article's key, canonical already (normalize/urls.py)
    site_host: str
    capture: Capture  # the response it was read from (its body empty when already stored)
    extracted: ExtractedArticle
    body_sha256: str
    content_sha256: str
    site_name: str | None = None
    site_tz: str | None = None
    # The URLs it was seen under, its own included, in every form the archive records
    # (normalize.urls.url_forms): the archive stores them as they are.
    aliases: tuple[str, ...] = ()
    listed_lastmod: str | None = None  # the sitemap's or feed's lastmod that led here
    published_at: datetime | None = None
    published_source: str | None = None
    published_has_time: bool = True
    published_offset: int | None = None  # minutes east of UTC, as the source printed it
    modified_at: datetime | None = None
    modified_source: str | None = None
    section: Section | None = None
    links: tuple[LinkItem, ...] = ()
    # Keys of the lines the site model calls template: an older revision that differs from
    # this reading only by such lines is the same content (storage/revisions.py).
    template_lines: frozenset[str] = frozenset()
    warnings: tuple[str, ...] = ()
    signature: bytes | None = None  # MinHash of the clean text (dedupe/minhash.py)
