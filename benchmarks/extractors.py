"""The two extractors under test, each turned into `Extraction`s and timed.

Plain trafilatura runs with its defaults, page by page. levantcrawl runs through
`levantcrawl.extraction.site.extract_site`, which learns a site's template from all of its
pages before extracting each; when that function cannot be imported the caller is told why.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Protocol, cast
from zoneinfo import ZoneInfo

import trafilatura

from benchmarks.metrics import Extraction

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from benchmarks.corpus import LabelledPage

SITE_TZ = ZoneInfo("Asia/Beirut")
FETCHED_AT = datetime(2024, 11, 15, 9, 0, tzinfo=UTC)


class SiteResult(Protocol):
    """What extract_site returns for each page (the contract, read-only)."""

    @property
    def title(self) -> str | None: ...
    @property
    def paragraphs(self) -> tuple[str, ...]: ...
    @property
    def published(self) -> datetime | None: ...
    @property
    def published_source(self) -> str | None: ...
    @property
    def authors(self) -> tuple[str, ...]: ...
    @property
    def section(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...


if TYPE_CHECKING:
    from typing import TypeAlias

    SiteExtractor: TypeAlias = Callable[..., Sequence[SiteResult]]


@dataclass(frozen=True, slots=True)
class Run:
    """One extractor over one template: an extraction per page and the seconds it took."""

    extractions: tuple[Extraction, ...]
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return len(self.extractions) / self.seconds if self.seconds > 0 else float("inf")


# -- plain trafilatura -------------------------------------------------------------------------


def run_trafilatura(pages: Sequence[LabelledPage]) -> Run:
    _trafilatura_raw(pages[0])  # warm-up, untimed: imports, caches, lazy compiled patterns
    raw: list[tuple[Any, str | None]] = []
    seconds = 0.0
    for page in pages:
        start = time.perf_counter()
        raw.append(_trafilatura_raw(page))
        seconds += time.perf_counter() - start
    return Run(tuple(_from_trafilatura(doc, text) for doc, text in raw), seconds)


def time_text_only(pages: Sequence[LabelledPage]) -> float:
    """Seconds for trafilatura's text alone (`extract`, no metadata): the cheapest baseline,
    against which the per-page time target (at most 1.3 times) is read."""
    trafilatura.extract(pages[0].html, url=pages[0].url)
    start = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.html, url=page.url)
    return time.perf_counter() - start


def _trafilatura_raw(page: LabelledPage) -> tuple[Any, str | None]:
    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    text = trafilatura.extract(page.html, url=page.url, with_metadata=False)
    return doc, text


def _from_trafilatura(doc: Any, text: str | None) -> Extraction:
    lines = tuple(line.strip() for line in (text or "").split("\n") if line.strip())
    if doc is None:
        return Extraction(None, lines, None, (), None)
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    # the first category is the one a single-section archive would keep
    categories = [c for c in (doc.categories or []) if c.strip()]
    return Extraction(
        title=doc.title,
        paragraphs=lines,
        published=_iso_day(doc.date),
        authors=authors,
        section=categories[0] if categories else None,
    )


def _iso_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# -- levantcrawl -------------------------------------------------------------------------------


def load_extract_site() -> tuple[SiteExtractor | None, str | None]:
    """The levantcrawl entry point, or None and a note saying why it is missing."""
    try:
        from levantcrawl.extraction.site import (  # type: ignore[import-not-found,unused-ignore]
            extract_site,
        )
    except ImportError as exc:
        return None, (
            f"levantcrawl.extraction.site.extract_site is not importable ({exc}); "
            "the levantcrawl column repeats plain trafilatura"
        )
    return cast("SiteExtractor", extract_site), None


def run_levantcrawl(
    pages: Sequence[LabelledPage], extract_site: SiteExtractor, *, site_model: bool = True
) -> Run:
    """`site_model=False` reads every page on its own (a model that never warms up): what
    levantcrawl does on a site it has nothing to learn from."""
    pairs = [(page.html, page.url) for page in pages]
    options: dict[str, Any] = {} if site_model else {"policy": _never_warm()}
    extract_site(pages=pairs[:1], tz=SITE_TZ, fetched_at=FETCHED_AT)  # warm-up, untimed
    start = time.perf_counter()
    results = extract_site(pages=pairs, tz=SITE_TZ, fetched_at=FETCHED_AT, **options)
    seconds = time.perf_counter() - start
    if len(results) != len(pages):
        raise RuntimeError(f"extract_site returned {len(results)} results for {len(pages)} pages")
    return Run(tuple(_from_site(r) for r in results), seconds)


def _never_warm() -> Any:
    from levantcrawl.extraction.template import TemplatePolicy

    return TemplatePolicy(min_pages=sys.maxsize)


def _from_site(result: SiteResult) -> Extraction:
    return Extraction(
        title=result.title,
        paragraphs=tuple(result.paragraphs),
        published=publication_day(result.published, result.published_source),
        authors=tuple(result.authors),
        section=result.section,
    )


def publication_day(value: datetime | None, source: str | None) -> date | None:
    """The day a levantcrawl result says the article appeared, in the site's zone.

    An instant is converted to Asia/Beirut before taking its date: 23:30 UTC is already the
    next day in Beirut. A byline date has no time; levantcrawl stores it as 00:00 UTC of the
    printed day, so that date is taken as written rather than shifted through a zone.
    """
    if value is None:
        return None
    if value.tzinfo is None:  # the contract says aware UTC; read a stray naive value as UTC
        value = value.replace(tzinfo=UTC)
    as_utc = value.astimezone(UTC)
    if source == "byline" and as_utc.time() == datetime.min.time():
        return as_utc.date()
    return value.astimezone(SITE_TZ).date()
