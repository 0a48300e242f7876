"""Extract a whole site's pages at once: learn its template from all of them, then extract
each with it. What `reextract`, `levantcrawl extract --site` and the benchmark use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from levantcrawl.assemble import normalise
from levantcrawl.extraction.article import extract_article, observe_page
from levantcrawl.extraction.template import SiteTemplate, TemplatePolicy

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from levantcrawl.extraction.article import ExtractedArticle


@dataclass(frozen=True, slots=True)
class CleanPage:
    """One page's article, normalised: what the archive would store for it."""

    url: str
    title: str | None
    paragraphs: tuple[str, ...]
    published: datetime | None
    published_source: str | None
    authors: tuple[str, ...]
    section: str | None
    language: str | None
    extracted: ExtractedArticle


# A site's first pages are read whole, which also names the element holding their article
# text (extraction/container.py); the rest are only observed, at a fraction of the cost.
READ_WHOLE = 8


def learn_site(
    pages: Sequence[tuple[str, str]], policy: TemplatePolicy | None = None
) -> SiteTemplate:
    model = SiteTemplate(policy)
    for index, (html, url) in enumerate(pages):
        if index < READ_WHOLE:
            model.add(extract_article(html, url, find_content=True).observation)
        else:
            model.add(observe_page(html))
    return model


def clean_page(extracted: ExtractedArticle, *, tz: ZoneInfo, fetched_at: datetime) -> CleanPage:
    """The page normalised as the crawl normalises it (assemble.normalise)."""
    normalised = normalise(extracted, canonical=extracted.url, tz=tz, fetched_at=fetched_at)
    published, section = normalised.published, normalised.section
    return CleanPage(
        url=extracted.url,
        title=extracted.title,
        paragraphs=extracted.paragraphs,
        published=published.value if published else None,
        published_source=published.source if published else None,
        authors=extracted.authors,
        section=section.name if section else None,
        language=extracted.language,
        extracted=extracted,
    )


def extract_site(
    pages: Sequence[tuple[str, str]],
    *,
    tz: ZoneInfo,
    fetched_at: datetime,
    policy: TemplatePolicy | None = None,
) -> list[CleanPage]:
    """`pages` are (html, url) of one site, in crawl order; the result is in the same order."""
    view = learn_site(pages, policy).view()
    return [
        clean_page(extract_article(html, url, view, learn=False), tz=tz, fetched_at=fetched_at)
        for html, url in pages
    ]
