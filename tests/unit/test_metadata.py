from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from levantcrawl.assemble import attach_dates
from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.metadata import (
    DateCandidate,
    PageMetadata,
    parse_html,
    read_metadata,
    split_authors,
)
from levantcrawl.items import ArticleItem, Capture

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


def meta_of(html: str, url: str = "https://site.example/a/story") -> PageMetadata:
    return read_metadata(parse_html(html), url)


def test_byline_date_after_a_title_outside_the_article_and_in_an_icon_tail() -> None:
    page = meta_of(
        "<html><body><header><span>Friday, 15 November 2024</span></header>"
        "<div class='page-title'><h1>Lawmakers split over mine clearance</h1></div>"
        "<article><div class='meta'><span><i class='icon'></i> Posted on 4 July 2024</span>"
        "</div><p>" + "Body words. " * 40 + "</p></article></body></html>"
    )
    assert [(c.raw, c.source) for c in page.published] == [("2024-07-04", "byline")]


def test_no_byline_date_is_taken_from_the_body_or_before_the_title() -> None:
    page = meta_of(
        "<html><body><span>15 November 2024</span><h1>A title of words</h1>"
        "<p>" + "On 3 March 2021 the council met and talked for hours. " * 5 + "</p>"
        "<p>Later, 5 May 2022.</p></body></html>"
    )
    assert page.published == ()


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Written by <a href='/u/1'>Reza Sadeghi</a>", ("Reza Sadeghi",)),
        ("بقلم: فادي شامي", ("فادي شامي",)),
        ("By Henrik Rossi, Economics Editor", ("Henrik Rossi",)),
    ],
)
def test_byline_authors_after_the_title(byline: str, authors: tuple[str, ...]) -> None:
    page = meta_of(f"<html><body><h1>The title here</h1><div>{byline}</div><p>x</p></body></html>")
    assert page.authors == authors


def test_title_is_the_visible_heading_not_the_og_title_with_the_site_name() -> None:
    page = meta_of(
        "<html><head><meta property='og:title' content='Talks resume | The Ledger'></head>"
        "<body><h1>Talks resume</h1></body></html>"
    )
    assert page.title == "Talks resume"
    no_heading = meta_of("<html><head><title>Talks resume - The Ledger</title></head></html>")
    assert no_heading.title == "Talks resume"


def test_sections_skip_generic_labels_and_read_the_kicker() -> None:
    page = meta_of(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"articleSection": ["News", "Opinion"]}</script></head><body>'
        "<div class='article-header'><a class='section-tag' href='/russia-iran'>Russia/Iran</a>"
        "<h1>A title of words</h1></div></body></html>"
    )
    assert page.section_labels == ("Opinion", "Russia/Iran")


def test_news_agencies_are_the_source_not_the_authors() -> None:
    page = meta_of(
        "<html><body><h1>Talks in Tehran</h1><div>By Rana Haddad and Reuters</div>"
        "<p>x</p></body></html>"
    )
    assert (page.authors, page.agencies) == (("Rana Haddad",), ("Reuters",))
    body = "BEIRUT (AFP) - " + "The talks went on past midnight with no deal in sight. " * 6
    html = (
        f"<html><head><meta property='og:type' content='article'></head><body><article>"
        f"<h1>Talks in Tehran go on</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )
    extracted = extract_article(html, "https://site.example/2024/08/1234-talks")
    assert extracted.agencies == ("AFP",)


def test_a_page_dated_nowhere_we_look_gets_htmldate_s_day_after_the_sitemap_s() -> None:
    html = (
        "<html><body><h2>Notes from the harbour</h2><p>" + "Words of the text here. " * 30 + "</p>"
        "<div class='post-date'>12.03.2019</div></body></html>"
    )
    url = "https://site.example/notes/harbour"
    page = meta_of(html, url)
    assert [(c.raw, c.source) for c in page.published] == [("2019-03-12", "htmldate")]
    extracted = extract_article(html, url)
    fetched = datetime(2024, 11, 15, tzinfo=UTC)
    item = ArticleItem(
        capture=Capture(url, 200, {}, b"", fetched),
        site_host="site.example",
        canonical_url=url,
        discovered_via="sitemap",
        hint_dates=(DateCandidate("2019-03-11T08:00:00+00:00", "sitemap"),),
    )
    item.extracted = extracted
    attach_dates(item, ZoneInfo("UTC"))
    assert (item.published_source, item.published_at) == (
        "sitemap",
        datetime(2019, 3, 11, 8, tzinfo=UTC),
    )
    item.hint_dates = ()
    attach_dates(item, ZoneInfo("UTC"))
    assert (item.published_source, item.published_has_time) == ("htmldate", False)


def test_an_xhtml_page_with_an_xml_declaration_is_read() -> None:
    html = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
        ' Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta property="og:type" '
        'content="article"/></head><body><article><h1>Harbour talks resume</h1><p>'
        + "The talks resumed in the harbour town after a week of silence. " * 8
        + "</p></article></body></html>"
    )
    extracted = extract_article(html, "https://site.example/2024/08/1234-talks")
    assert extracted.is_article
    assert extracted.title == "Harbour talks resume"
    assert extracted.word_count > 80
