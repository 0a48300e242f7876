"""From an extracted page to the fields the archive stores: extract, then normalise. Each
step is one function here; the crawl's pipelines run them one by one on its item, and
`normalise` runs them all at once for re-extraction, `extract --site` and the goldens, so
every path applies exactly the same steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from levantcrawl.fingerprint import body_sha256, content_sha256
from levantcrawl.items import LinkItem
from levantcrawl.normalize.dates import choose_date
from levantcrawl.normalize.sections import choose_section
from levantcrawl.normalize.urls import canonical_url, url_forms
from levantcrawl.record import ArticleRecord

# Date sources less trusted than a sitemap's or a feed's publication date.
LAST_RESORT = ("url", "htmldate")

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from levantcrawl.extraction.article import ExtractedArticle
    from levantcrawl.items import ArticleItem, Capture
    from levantcrawl.normalize.dates import ChosenDate, DateCandidate
    from levantcrawl.normalize.sections import Section


def page_links(
    extracted: ExtractedArticle, canonical: str, tracking: frozenset[str]
) -> tuple[LinkItem, ...]:
    """The page's links, canonicalised; self-links and duplicates dropped."""
    links: dict[tuple[str, str, str], LinkItem] = {}
    for link in extracted.links:
        if not link.url.startswith(("http://", "https://")):
            continue
        target = canonical_url(link.url, tracking)
        if target != canonical:
            links.setdefault(
                (target, link.kind, link.anchor), LinkItem.from_extracted(link, target)
            )
    return tuple(links.values())


def chosen_dates(
    extracted: ExtractedArticle,
    hints: Sequence[DateCandidate],
    *,
    tz: ZoneInfo,
    now: datetime,
    warnings: list[str],
) -> tuple[ChosenDate | None, ChosenDate | None]:
    """Published and modified dates by trust, as aware UTC; unreadable ones become warnings.
    The page's own metadata and byline first, then what the sitemap or feed said (`hints`),
    then the URL, then htmldate's guess."""
    page = [c for c in extracted.published if c.source not in LAST_RESORT]
    late = [c for c in extracted.published if c.source in LAST_RESORT]
    published = choose_date([*page, *hints, *late], tz=tz, now=now, warnings=warnings)
    modified = choose_date(extracted.modified, tz=tz, now=now, warnings=warnings)
    return published, modified


def section_of(
    extracted: ExtractedArticle, canonical: str, aliases: Mapping[str, str] | None = None
) -> Section | None:
    return choose_section(
        extracted.breadcrumbs,
        extracted.section_labels,
        title=extracted.title,
        url_path=urlsplit(canonical).path,
        aliases=aliases,
    )


@dataclass(frozen=True, slots=True)
class Normalised:
    """What normalisation makes of one extracted page."""

    published: ChosenDate | None
    modified: ChosenDate | None
    section: Section | None
    links: tuple[LinkItem, ...]
    body_sha256: str
    content_sha256: str
    warnings: tuple[str, ...]


def normalise(
    extracted: ExtractedArticle,
    *,
    canonical: str,
    tz: ZoneInfo,
    fetched_at: datetime,
    hints: Sequence[DateCandidate] = (),
    tracking: frozenset[str] = frozenset(),
    section_aliases: Mapping[str, str] | None = None,
) -> Normalised:
    """Every step at once, as the crawl's pipelines run them one by one."""
    warnings: list[str] = []
    published, modified = chosen_dates(extracted, hints, tz=tz, now=fetched_at, warnings=warnings)
    section = section_of(extracted, canonical, section_aliases)
    body = body_sha256(extracted.paragraphs)
    return Normalised(
        published=published,
        modified=modified,
        section=section,
        links=page_links(extracted, canonical, tracking),
        body_sha256=body,
        content_sha256=content_sha256(
            extracted,
            body_sha256=body,
            published=published.value if published else None,
            modified=modified.value if modified else None,
            section=section,
        ),
        warnings=tuple(warnings),
    )


def record_of(
    extracted: ExtractedArticle,
    normalised: Normalised,
    *,
    canonical: str,
    capture: Capture,
    site_host: str,
    site_name: str | None = None,
    site_tz: str | None = None,
    template_lines: frozenset[str] = frozenset(),
    warnings: Sequence[str] = (),
    tracking: frozenset[str] = frozenset(),
) -> ArticleRecord:
    """The archive's record of a page read again from a stored capture."""
    published, modified = normalised.published, normalised.modified
    return ArticleRecord(
        canonical_url=canonical,
        site_host=site_host,
        capture=capture,
        extracted=extracted,
        body_sha256=normalised.body_sha256,
        content_sha256=normalised.content_sha256,
        site_name=site_name or extracted.site_name,
        site_tz=site_tz,
        aliases=url_forms((canonical,), tracking),
        published_at=published.value if published else None,
        published_source=published.source if published else None,
        published_has_time=published.has_time if published else True,
        published_offset=published.offset_minutes if published else None,
        modified_at=modified.value if modified else None,
        modified_source=modified.source if modified else None,
        section=normalised.section,
        links=normalised.links,
        template_lines=template_lines,
        warnings=(*normalised.warnings, *warnings),
    )


# --- The crawl's pipelines, one step each on the item -------------------------------------------


def attach_extraction(
    item: ArticleItem,
    extracted: ExtractedArticle,
    tracking: frozenset[str],
    template_lines: frozenset[str] = frozenset(),
) -> None:
    """Body, body hash and canonicalised links."""
    item.extracted = extracted
    item.template_lines = template_lines
    item.site_name = item.site_name or extracted.site_name
    item.body_sha256 = body_sha256(extracted.paragraphs)
    item.links = page_links(extracted, item.canonical_url, tracking)


def attach_dates(item: ArticleItem, tz: ZoneInfo) -> None:
    assert item.extracted is not None
    published, modified = chosen_dates(
        item.extracted, item.hint_dates, tz=tz, now=item.capture.fetched_at, warnings=item.warnings
    )
    if published is not None:
        item.published_at = published.value
        item.published_has_time = published.has_time
        item.published_source = published.source
        item.published_offset = published.offset_minutes
    if modified is not None:
        item.modified_at, item.modified_source = modified.value, modified.source


def attach_section(item: ArticleItem, aliases: Mapping[str, str] | None = None) -> None:
    assert item.extracted is not None
    item.section = section_of(item.extracted, item.canonical_url, aliases)


def seal(item: ArticleItem) -> None:
    """The content hash, once every field is final."""
    assert item.extracted is not None
    item.content_sha256 = content_sha256(
        item.extracted,
        body_sha256=item.body_sha256,
        published=item.published_at,
        modified=item.modified_at,
        section=item.section,
    )
