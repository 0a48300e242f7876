"""The golden record of one saved page: what extraction and normalisation make of it.

Shared by the golden test and scripts/regenerate_goldens.py, so both see the same fields.
Every field is kept, empty or not: a field the page does not have is named in its
pages.toml entry (`absent`), and the golden test fails on any other empty field."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from levantcrawl.assemble import normalise
from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.site import learn_site
from levantcrawl.extraction.template import COLD, TemplateView
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.samplesite import build_site

PAGES = Path(__file__).parent / "fixtures" / "pages"
# The header date the levantnews pages were saved with (scripts/regenerate_goldens.py).
SAMPLE_TODAY = date(2024, 11, 15)


@dataclass(frozen=True)
class SavedPage:
    path: Path
    url: str
    fetched_at: datetime
    tz: str
    absent: frozenset[str] = frozenset()  # fields this page does not have (reviewed)

    @property
    def expected_path(self) -> Path:
        return self.path.with_suffix(".expected.json")


def saved_pages() -> list[SavedPage]:
    """Every page listed in a site folder's pages.toml, in name order."""
    pages: list[SavedPage] = []
    for listing in sorted(PAGES.glob("*/pages.toml")):
        config = tomllib.loads(listing.read_text("utf-8"))
        for name, entry in sorted(config["pages"].items()):
            pages.append(
                SavedPage(
                    listing.parent / name,
                    entry["url"],
                    datetime.fromisoformat(entry["fetched_at"]),
                    entry["tz"],
                    frozenset(entry.get("absent", ())),
                )
            )
    return pages


def golden_record(page: SavedPage, view: TemplateView | None = None) -> dict[str, Any]:
    """The page read cold, or with a site model's `view` as a crawl reads it once it has
    learned the site."""
    html = page.path.read_text("utf-8")
    extracted = extract_article(html, page.url, view or COLD, learn=False)
    normalised = normalise(
        extracted, canonical=page.url, tz=ZoneInfo(page.tz), fetched_at=page.fetched_at
    )
    published, modified, section = normalised.published, normalised.modified, normalised.section
    record: dict[str, Any] = {
        "url": page.url,
        "is_article": extracted.is_article,
        "title": extracted.title,
        "paragraphs": list(extracted.paragraphs),
        "authors": list(extracted.authors),
        "published": published and [iso_utc(published.value), published.source],
        "modified": modified and [iso_utc(modified.value), modified.source],
        "section": section and section.name,
        "section_path": section and list(section.path),
        "tags": list(extracted.tags),
        "language": extracted.language,
        "lead_image": extracted.lead_image,
        "description": extracted.description,
        "canonical": extracted.canonical,
        "links": [[link.kind, link.url, link.anchor] for link in extracted.links],
        "word_count": extracted.word_count,
    }
    return record


def empty(value: Any) -> bool:
    return value in (None, [], "")


# The golden crawl: the saved pages of the bundled sample site (levantnews/) read as a crawl
# reads them once its site model has settled, learned from the site's own article pages.
SITE_GOLDEN = PAGES / "levantnews" / "site-model.expected.json"
LEARNED_PAGES = 64  # as many as the crawl learns from before its model settles (EARLY_PAGES)


def sample_site_view() -> TemplateView:
    site = build_site(edition=1)
    host = {"Host": "127.0.0.1:8765"}
    pages = []
    for path in sorted(site.articles)[:LEARNED_PAGES]:
        response = site.respond("GET", path, host, SAMPLE_TODAY)
        pages.append((response.body.decode("utf-8"), "http://127.0.0.1:8765" + path))
    view = learn_site(pages).view()
    assert view.warm, "the sample site's model should be settled"
    return view


def site_golden() -> dict[str, dict[str, Any]]:
    """Each levantnews page, by name, read through the sample site's learned model."""
    view = sample_site_view()
    return {
        page.path.name: golden_record(page, view)
        for page in saved_pages()
        if page.path.parent.name == "levantnews"
    }
