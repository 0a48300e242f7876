"""From an extracted page to the fields the archive stores: the steps the pipelines run one
by one, as plain functions, so re-extraction applies exactly the same ones."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from levantcrawl.fingerprint import body_sha256, content_sha256
from levantcrawl.items import LinkItem
from levantcrawl.normalize.dates import choose_date
from levantcrawl.normalize.sections import choose_section
from levantcrawl.normalize.urls import canonical_url

# Date sources less trusted than a sitemap's or a feed's publication date.
LAST_RESORT = ("url", "htmldate")

if TYPE_CHECKING:
    from collections.abc import Mapping
    from zoneinfo import ZoneInfo

    from levantcrawl.extraction.article import ExtractedArticle
    from levantcrawl.items import ArticleItem


def attach_extraction(
    item: ArticleItem,
    extracted: ExtractedArticle,
    tracking: frozenset[str],
    template_lines: frozenset[str] = frozenset(),
) -> None:
    """Body, body hash and canonicalised links (self-links and duplicates dropped)."""
    item.extracted = extracted
    item.template_lines = template_lines
    item.site_name = item.site_name or extracted.site_name
    item.body_sha256 = body_sha256(extracted.paragraphs)
    links: dict[tuple[str, str, str], LinkItem] = {}
    for link in extracted.links:
        if not link.url.startswith(("http://", "https://")):
            continue
        target = canonical_url(link.url, tracking)
        if target != item.canonical_url:
            links.setdefault(
                (target, link.kind, link.anchor), LinkItem.from_extracted(link, target)
            )
    item.links = tuple(links.values())


def attach_dates(item: ArticleItem, tz: ZoneInfo) -> None:
    """Published and modified dates by trust, as aware UTC; unreadable ones become warnings."""
    assert item.extracted is not None
    now = item.capture.fetched_at
    # The page's own metadata and byline first, then what the sitemap or feed said, then the
    # URL, then htmldate's guess.
    page = [c for c in item.extracted.published if c.source not in LAST_RESORT]
    late = [c for c in item.extracted.published if c.source in LAST_RESORT]
    candidates = [*page, *item.hint_dates, *late]
    published = choose_date(candidates, tz=tz, now=now, warnings=item.warnings)
    if published is not None:
        item.published_at = published.value
        item.published_has_time = published.has_time
        item.published_source = published.source
        item.published_offset = published.offset_minutes
    modified = choose_date(item.extracted.modified, tz=tz, now=now, warnings=item.warnings)
    if modified is not None:
        item.modified_at, item.modified_source = modified.value, modified.source


def attach_section(item: ArticleItem, aliases: Mapping[str, str] | None = None) -> None:
    assert item.extracted is not None
    extracted = item.extracted
    item.section = choose_section(
        extracted.breadcrumbs,
        extracted.section_labels,
        title=extracted.title,
        url_path=urlsplit(item.canonical_url).path,
        aliases=aliases,
    )


def seal(item: ArticleItem) -> None:
    """The content hash, once every field is final."""
    item.content_sha256 = content_sha256(item)
