"""The article container: learned from pages read whole, then the only part trafilatura reads."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.container import container_key, find_container
from levantcrawl.extraction.metadata import parse_html
from levantcrawl.extraction.site import extract_site, learn_site
from levantcrawl.extraction.template import (
    PageObservation,
    SiteTemplate,
    TemplatePolicy,
    TemplateView,
)
from tests.synthetic import page, prose

pytestmark = pytest.mark.unit
FETCHED = datetime(2024, 11, 15, 9, 0, tzinfo=UTC)


def learned(pages: int = 12) -> SiteTemplate:
    """A model fed as a crawl feeds it: every page read whole while it learns."""
    model = SiteTemplate(TemplatePolicy(min_pages=8, min_support=4, share=0.3))
    for i in range(pages):
        model.add(extract_article(*page(i), model.view(), find_content=True).observation)
    return model


def whole(view: TemplateView) -> TemplateView:
    return dataclasses.replace(view, content=None)


def test_the_element_holding_the_kept_paragraphs_is_learned() -> None:
    observation = extract_article(*page(1), find_content=True).observation
    assert observation.content == "div.story-body"
    assert learned().view().content == "div.story-body"


def test_reading_the_container_alone_gives_the_same_article_as_the_whole_page() -> None:
    view = learned().view()
    for i in range(20, 26):
        html, url = page(i, quote=i % 2 == 0)
        through = extract_article(html, url, view, learn=False)
        read_whole = extract_article(html, url, whole(view), learn=False)
        assert through.content_only
        assert not read_whole.content_only
        assert through.paragraphs == read_whole.paragraphs
        assert through.links == read_whole.links
        assert (through.title, through.published) == (read_whole.title, read_whole.published)
        assert "Share this article" not in through.text, "template lines are still stripped"
        assert "Friday, 15 November 2024" not in through.text


@pytest.mark.parametrize(
    ("number", "old", "new"),
    [
        (30, 'class="story-body"', 'class="gallery-text"'),
        (31, "</main>", '<div class="story-body"><p>Related</p></div></main>'),
    ],
    ids=["missing", "twice"],
)
def test_a_page_without_the_container_once_is_read_whole(number: int, old: str, new: str) -> None:
    view = learned().view()
    html, url = page(number)
    extracted = extract_article(html.replace(old, new), url, view, learn=False)
    assert not extracted.content_only
    assert prose(number * 5) in extracted.text


def test_a_container_holding_too_little_sends_the_page_to_a_whole_reading() -> None:
    """Another template's page (a gallery, a live blog) may have the element, nearly empty,
    with its text elsewhere: reading the element alone would lose the article."""
    view = learned().view()
    html, url = page(32)
    moved = html.replace(
        '<div class="story-body">',
        '<div class="story-body"><p>Gallery</p></div><div class="live-text">',
    )
    extracted = extract_article(moved, url, view, learn=False)
    assert not extracted.content_only
    assert prose(32 * 5) in extracted.text
    assert extracted.word_count >= 160


def test_pages_that_disagree_on_a_container_name_none() -> None:
    model = SiteTemplate(TemplatePolicy(min_pages=8, min_support=4, share=0.3))
    for i in range(12):
        content = "div.story-body" if i % 2 else "div.gallery-text"
        model.add(PageObservation(content=content))
    assert model.view().content is None, "half is not a majority"
    for _ in range(4):
        model.add(PageObservation(content="div.story-body"))
    assert model.view().content == "div.story-body"


def test_pages_not_read_whole_do_not_count_against_the_container() -> None:
    model = SiteTemplate(TemplatePolicy(min_pages=8, min_support=4, share=0.3))
    for i in range(40):
        model.add(PageObservation(content="div.story-body" if i < 5 else None))
    assert model.view().content == "div.story-body"
    for _ in range(6):
        model.add(PageObservation(content=""))  # read whole, and no element held it all
    assert model.view().content is None


def test_container_survives_the_model_s_round_trip_through_json() -> None:
    model = learned()
    again = SiteTemplate.from_json(model.to_json(), model.policy)
    assert again.view() == model.view()
    assert again.view().content == "div.story-body"


def test_container_keys_ignore_digits_and_class_order() -> None:
    tree = parse_html(
        '<html><body><div class="post-12 entry content"><p>a</p></div>'
        '<section id="story-77"><p>b</p></section><div><p>c</p></div></body></html>'
    )
    div, section, bare = tree.find("body")
    assert container_key(div) == "div.content.entry.post-"
    assert container_key(section) == "section#story-"
    assert container_key(bare) is None
    assert find_container(tree, "div.content.entry.post-") is div
    assert find_container(tree, "div.missing") is None


def test_a_site_extracted_at_once_learns_its_container_from_the_first_pages() -> None:
    """`extract --site` and the quality benchmark read a site's first pages whole, then the
    rest through the container they agree on, with the same text as a whole reading."""
    pages = [page(i, quote=i % 3 == 0) for i in range(20)]
    assert learn_site(pages).view().content == "div.story-body"
    results = extract_site(pages, tz=ZoneInfo("Asia/Beirut"), fetched_at=FETCHED)
    assert all(result.extracted.content_only for result in results)
    view = whole(learn_site(pages).view())
    for (html, url), result in zip(pages, results, strict=True):
        assert result.paragraphs == extract_article(html, url, view, learn=False).paragraphs
