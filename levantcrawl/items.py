"""Typed items that flow from the spider through the pipelines into the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from levantcrawl.normalize.urls import url_forms
from levantcrawl.record import ArticleRecord

if TYPE_CHECKING:
    from datetime import datetime

    from levantcrawl.extraction.article import ExtractedArticle, ExtractedLink
    from levantcrawl.firstread import FirstRead
    from levantcrawl.normalize.dates import DateCandidate
    from levantcrawl.normalize.sections import Section


@dataclass(frozen=True, slots=True)
class Capture:
    """A response exactly as fetched: what the archive keeps as the raw capture."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime


@dataclass(slots=True)
class ArticleItem:
    """An article page. The spider fills the capture; pipelines fill the rest in order."""

    capture: Capture  # its body goes to extraction as bytes: the worker decodes it
    site_host: str
    canonical_url: str
    discovered_via: str
    site_tz: str | None = None
    site_name: str | None = None
    aliases: tuple[str, ...] = ()
    hint_dates: tuple[DateCandidate, ...] = ()  # publication dates a sitemap or feed gave
    listed_lastmod: str | None = None  # the sitemap's or feed's lastmod that led here
    # Read by a worker before the spider went on from the page (firstread.py); the
    # extract pipeline takes it, and sends the page to no worker again.
    first_read: FirstRead | None = None
    extracted: ExtractedArticle | None = None
    published_at: datetime | None = None
    published_source: str | None = None
    published_has_time: bool = True
    published_offset: int | None = None  # minutes east of UTC, as the source printed it
    signature: bytes | None = None  # MinHash of the clean text (dedupe/minhash.py)
    modified_at: datetime | None = None
    modified_source: str | None = None
    section: Section | None = None
    links: tuple[LinkItem, ...] = ()
    body_sha256: str = ""
    content_sha256: str = ""
    # Keys of the lines the site model calls template (shared, not copied): an older
    # revision that differs from this one only by such lines is the same content.
    template_lines: frozenset[str] = frozenset()
    warnings: list[str] = field(default_factory=list)

    def to_record(self, tracking: frozenset[str] = frozenset()) -> ArticleRecord:
        """The finished item as the archive keeps it (once the store pipeline sealed it); the
        URLs it was seen under in every form the archive records (url_forms), with the
        crawl's tracking-parameter list."""
        assert self.extracted is not None, "the extract pipeline runs before the store"
        return ArticleRecord(
            canonical_url=self.canonical_url,
            site_host=self.site_host,
            capture=self.capture,
            extracted=self.extracted,
            body_sha256=self.body_sha256,
            content_sha256=self.content_sha256,
            site_name=self.site_name,
            site_tz=self.site_tz,
            aliases=url_forms((self.canonical_url, *self.aliases), tracking),
            listed_lastmod=self.listed_lastmod,
            published_at=self.published_at,
            published_source=self.published_source,
            published_has_time=self.published_has_time,
            published_offset=self.published_offset,
            modified_at=self.modified_at,
            modified_source=self.modified_source,
            section=self.section,
            links=self.links,
            template_lines=self.template_lines,
            warnings=tuple(self.warnings),
            signature=self.signature,
        )


@dataclass(frozen=True, slots=True)
class LinkItem:
    """An edge of the link graph, from the article that holds it; URLs canonicalised."""

    target_url: str
    anchor: str
    kind: str  # body | related | nav

    @classmethod
    def from_extracted(cls, link: ExtractedLink, target_url: str) -> LinkItem:
        return cls(target_url=target_url, anchor=link.anchor, kind=link.kind)


@dataclass(frozen=True, slots=True)
class GoneItem:
    """A known article that now answers 404 or 410: marked removed, never deleted."""

    capture: Capture
    site_host: str
    canonical_url: str


@dataclass(frozen=True, slots=True)
class FailureItem:
    """A page that should have been an article but gave no clean text: kept for review."""

    url: str
    site_host: str
    reason: str
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class RefusedItem:
    """A page detection judged no article (extraction/detection.py), with why. Counted; kept
    as a failure for review only when its URL looks like an article's (an id, a date, a
    slug) and it is no plain listing: a listing refused is no loss, an article refused is."""

    url: str
    site_host: str
    code: str  # the verdict's short name: listing, short, links, unlike...
    reason: str
    article_like: bool
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class AliasItem:
    """A page that names another URL as its canonical one (AMP, slash or parameter variants)."""

    url: str
    site_host: str
    canonical_url: str
    # What the archive records of `url` (normalize.urls.url_forms), filled by the store
    # pipeline with the crawl's tracking-parameter list.
    forms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NotModifiedItem:
    """A known article that answered 304 to a conditional request: seen, unchanged."""

    url: str
    site_host: str
    canonical_url: str
    fetched_at: datetime
    listed_lastmod: str | None = None
