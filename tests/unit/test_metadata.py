from __future__ import annotations

import pytest

from levantcrawl.extraction.metadata import split_authors

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Rana Haddad and Karim Saab", ["Rana Haddad", "Karim Saab"]),
        ("Rana Haddad, Staff Writer", ["Rana Haddad"]),
        ("By Rana Haddad & Karim Saab, Reuters", ["Rana Haddad", "Karim Saab", "Reuters"]),
        ("بقلم: ريم خليل", ["ريم خليل"]),
    ],
)
def test_bylines_become_author_lists(byline: str, authors: list[str]) -> None:
    assert split_authors(byline) == authors
