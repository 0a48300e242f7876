"""Saved pages against their reviewed golden records (scripts/regenerate_goldens.py)."""

from __future__ import annotations

import json

import pytest

from tests.goldens import (
    SITE_GOLDEN,
    SavedPage,
    empty,
    golden_record,
    sample_site_view,
    saved_pages,
    site_golden,
)

pytestmark = pytest.mark.component
PAGES = saved_pages()
BOILERPLATE = (
    "Dark Mode",
    "Logo",
    "Read More",
    "Friday, 15 November 2024",
    "Levant News",
    "الوضع الليلي",
    "ليفانت نيوز",
    "اقرأ أيضاً",
    "تشرين الثاني",
)


def test_every_site_folder_has_saved_pages() -> None:
    assert {page.path.parent.name for page in PAGES} == {"levantnews", "arabicnews"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path.stem)
def test_extraction_matches_golden(page: SavedPage) -> None:
    expected = json.loads(page.expected_path.read_text("utf-8"))
    assert page.absent <= set(expected), "pages.toml names a field the golden does not have"
    wrongly_empty = sorted(k for k, v in expected.items() if empty(v) and k not in page.absent)
    assert wrongly_empty == [], "golden fields empty but not declared absent in pages.toml"
    absent_but_found = sorted(k for k in page.absent if not empty(expected[k]))
    assert absent_but_found == [], "fields declared absent in pages.toml hold a value"
    assert golden_record(page) == expected


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path.stem)
def test_golden_text_holds_no_boilerplate(page: SavedPage) -> None:
    expected = json.loads(page.expected_path.read_text("utf-8"))
    text = "\n".join(expected["paragraphs"])
    for junk in BOILERPLATE:
        assert junk not in text
    assert expected["title"] not in expected["paragraphs"]
    kinds = [kind for kind, _, _ in expected["links"]]
    assert kinds.count("related") == 1, "each saved page carries one inline teaser"


def test_the_golden_crawl_reads_through_the_learned_site_model() -> None:
    """The sample site's saved pages as a crawl stores them once its site model has settled:
    the model learned from the site's article pages, then dates and sections normalised as
    the crawl's pipelines do (assemble.normalise). No line the model calls the theme's is
    left, no paragraph is one the page read cold lacks, and every other field is as cold."""
    expected = json.loads(SITE_GOLDEN.read_text("utf-8"))
    assert site_golden() == expected
    view = sample_site_view()
    assert view.lines, "a settled model knows the theme's lines"
    assert sorted(expected) == sorted(
        p.path.name for p in PAGES if p.path.parent.name == "levantnews"
    )
    for name, record in expected.items():
        page = next(p for p in PAGES if p.path.name == name)
        cold = json.loads(page.expected_path.read_text("utf-8"))
        assert not any(view.is_template_line(line) for line in record["paragraphs"]), name
        assert set(record["paragraphs"]) <= set(cold["paragraphs"]), name
        assert {k: v for k, v in record.items() if k not in ("paragraphs", "word_count")} == {
            k: v for k, v in cold.items() if k not in ("paragraphs", "word_count")
        }, name
