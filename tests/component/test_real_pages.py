"""Bylines and article detection on real pages (tests/fixtures/real/pages.toml)."""

from __future__ import annotations

import gzip
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.site import clean_page
from levantcrawl.normalize.encoding import decode_html

pytestmark = pytest.mark.component
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
PAGES: dict[str, dict[str, Any]] = tomllib.loads((REAL / "pages.toml").read_text("utf-8"))["pages"]


@pytest.mark.parametrize("name", sorted(PAGES), ids=lambda name: name.split(".html")[0])
def test_a_real_page_reads_as_its_annotation_says(name: str) -> None:
    expected = PAGES[name]
    html = decode_html(gzip.decompress((REAL / name).read_bytes()), None)[0]
    extracted = extract_article(html, expected["url"], learn=False)
    assert extracted.verdict is not None
    assert extracted.verdict.basis == expected["basis"], extracted.verdict.reason
    assert extracted.is_article is (expected["basis"] != "none")
    if not extracted.is_article:
        assert extracted.verdict.code == "listing", extracted.verdict.reason
        return
    assert list(extracted.authors) == expected["authors"], expected["why"]
    page = clean_page(extracted, tz=ZoneInfo("UTC"), fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert page.published is not None
    assert page.published.date().isoformat() == expected["published"]
