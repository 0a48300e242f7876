"""The golden record of one saved page: what extraction and normalisation make of it.

Shared by the golden test and scripts/regenerate_goldens.py, so both see the same fields."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from levantcrawl.assemble import normalise
from levantcrawl.extraction.article import extract_article
from levantcrawl.normalize.dates import iso_utc

PAGES = Path(__file__).parent / "fixtures" / "pages"


@dataclass(frozen=True)
class SavedPage:
    path: Path
    url: str
    fetched_at: datetime
    tz: str

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
                )
            )
    return pages


def golden_record(page: SavedPage) -> dict[str, Any]:
    html = page.path.read_text("utf-8")
    extracted = extract_article(html, page.url)
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
    return {key: value for key, value in record.items() if value not in (None, [], "")}
