"""Saved pages against their reviewed golden records (scripts/regenerate_goldens.py)."""

from __future__ import annotations

import json

import pytest

from tests.goldens import SavedPage, golden_record, saved_pages

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
    assert all(value not in (None, "", []) for value in expected.values()), "no empty golden fields"
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
