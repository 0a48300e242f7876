"""The standfirst: the page's description, shown on the page, opens the article when a
reading holds it and the chosen one lacks it."""

from __future__ import annotations

import pytest

from levantcrawl.extraction.metadata import parse_html
from levantcrawl.extraction.standfirst import standfirst

pytestmark = pytest.mark.unit
LEAD = "Heat pumps are booming, partly because heating with fossil fuels has become dear."
BODY = "Installers report waiting lists of several months in most regions of the country."


def _page(where: str) -> str:
    return f"<html><body>{where}<article><p>{BODY}</p></article></body></html>"


def test_a_shown_description_a_reading_holds_opens_the_article() -> None:
    tree = parse_html(_page(f"<div class='teaser'><p>{LEAD}</p></div>"))
    assert standfirst(tree, LEAD, BODY, f"{LEAD}\n{BODY}") == LEAD


def test_a_truncated_description_gives_the_whole_shown_text() -> None:
    tree = parse_html(_page(f"<p>{LEAD} More follows here.</p>"))
    cut = f"{LEAD[:70]}..."
    assert standfirst(tree, cut, BODY, f"{LEAD}\n{BODY}") == f"{LEAD} More follows here."


@pytest.mark.parametrize(
    ("where", "read", "kept"),
    [
        (f"<p>{LEAD}</p>", BODY, BODY),  # no reading holds it: a headline's dek
        (f"<p>{LEAD}</p>", f"{LEAD}\n{BODY}", f"{LEAD}\n{BODY}"),  # already kept
        (f"<aside><p>{LEAD}</p></aside>", f"{LEAD}\n{BODY}", BODY),  # in the page's chrome
        (f"<a href='/x'>{LEAD}</a>", f"{LEAD}\n{BODY}", BODY),  # a teaser's link
        ("", f"{LEAD}\n{BODY}", BODY),  # not shown on the page
    ],
)
def test_no_standfirst(where: str, read: str, kept: str) -> None:
    assert standfirst(parse_html(_page(where)), LEAD, kept, read) is None
