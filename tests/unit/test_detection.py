"""Article detection: marked pages, pages like the site's marked ones, and the generic
decision for a site that marks nothing; listings however long they look."""

from __future__ import annotations

import pytest

from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.site import learn_site
from levantcrawl.extraction.template import COLD, SiteTemplate, TemplatePolicy
from levantcrawl.health import HealthTally, alerts
from levantcrawl.normalize.urls import url_kind, url_pattern
from tests.synthetic import prose

pytestmark = pytest.mark.unit
SITE = "https://daily.example"


def article_page(
    i: int, *, marked: bool = False, byline: str = "", related: int = 0, body: int = 5
) -> str:
    head = "<meta property='og:type' content='article'>" if marked else ""
    paragraphs = "".join(f"<p>{prose(i * 11 + k, 45)}</p>" for k in range(body))
    more = "".join(
        f"<h3><a href='/news/{900 + k}'>Another story of the day number {k}</a></h3>"
        for k in range(related)
    )
    return (
        f"<html><head><title>Story {i} - Daily Example</title>{head}</head><body>"
        "<header><nav><a href='/'>Home</a><a href='/about'>About us</a></nav></header>"
        f"<main><article><h1>Harbour story number {i} of the week</h1>"
        f"<div class='meta'>{byline}</div><div class='story-body'>{paragraphs}</div>"
        f"</article><section class='more'>{more}</section></main>"
        "<footer><a href='/about'>About us</a></footer></body></html>"
    )


def listing_page(kind: str, *, bio: bool = False, items: int = 10, excerpt_words: int = 80) -> str:
    intro = f"<p>{prose(3, 120)}</p>" if bio else ""
    teasers = "".join(
        f"<article><h2><a href='/news/{1000 + k}/story-{k}'>A long headline about story {k} in "
        f"town</a></h2><div>By Rana Haddad | 30/10/2024 10:{k:02d}</div>"
        f"<p>{prose(k, excerpt_words)}</p></article>"
        for k in range(items)
    )
    return (
        f"<html><head><title>{kind} - Daily Example</title></head><body><main>"
        f"<h1>{kind}</h1>{intro}{teasers}</main></body></html>"
    )


def test_a_marked_page_is_an_article_and_says_so() -> None:
    extracted = extract_article(article_page(1, marked=True), f"{SITE}/news/a-page")
    assert extracted.verdict is not None
    assert (extracted.is_article, extracted.verdict.basis) == (True, "marked")
    assert extracted.verdict.reason == "marked as an article: og:type=article"


def test_an_unmarked_article_with_a_dated_byline_is_taken_and_says_why() -> None:
    byline = "By Reem Ghanem | Published 30 Oct 2024, 05:38 PM"
    extracted = extract_article(article_page(2, byline=byline), f"{SITE}/news/44219/harbour")
    verdict = extracted.verdict
    assert verdict is not None
    assert (verdict.article, verdict.basis) == (True, "generic")
    assert verdict.reason.startswith("unmarked article: a dated byline (2024-10-30T17:38)")
    assert "a numeric id in the URL" in verdict.reason
    assert "by Reem Ghanem" in verdict.reason


@pytest.mark.parametrize(
    ("html", "url"),
    [
        (listing_page("Lebanon"), f"{SITE}/news/lebanon/"),
        (listing_page("Power cuts", excerpt_words=150), f"{SITE}/topics/power-cuts-in-beirut"),
        (listing_page("Reem Ghanem", bio=True), f"{SITE}/journalists/reem-al-ghanem"),
        (listing_page("Reem Ghanem", bio=True, items=4), f"{SITE}/journalists/12345-reem"),
        (listing_page("Daily Example", items=20), f"{SITE}/"),
    ],
    ids=["section", "long-excerpts", "author-bio", "author-few-items", "home"],
)
def test_listings_that_look_long_are_refused(html: str, url: str) -> None:
    extracted = extract_article(html, url)
    assert extracted.verdict is not None
    assert not extracted.is_article, extracted.verdict.reason
    assert extracted.verdict.code == "listing"
    assert extracted.word_count > 300, "long enough to pass for an article by length alone"


def test_a_page_with_no_sign_of_an_article_is_refused_with_what_it_lacks() -> None:
    extracted = extract_article(article_page(3, body=1), f"{SITE}/about")
    assert extracted.verdict is not None
    assert not extracted.is_article
    assert extracted.verdict.reason.startswith("no sign of an article")


def test_an_article_with_related_headlines_below_is_still_an_article() -> None:
    html = article_page(4, byline="Published 30 Oct 2024", related=6)
    extracted = extract_article(html, f"{SITE}/news/harbour-story-of-the-week")
    assert extracted.is_article, extracted.verdict


def test_unmarked_pages_are_recognised_by_the_site_s_marked_articles() -> None:
    """A site that marks most articles: an unmarked one without byline or dated URL, which
    the generic decision would refuse, is taken because it looks like the marked ones."""
    marked = [(article_page(i, marked=True), f"{SITE}/stories/harbour-story{i}") for i in range(12)]
    view = learn_site(marked, TemplatePolicy(min_pages=8, min_support=4, share=0.3)).view()
    assert view.profile.marked >= 8
    assert view.content, "the model knows the site's article container"
    bare = article_page(40), f"{SITE}/stories/harbour-story40"
    alone = extract_article(*bare)
    assert not alone.is_article, "one page alone shows no sign"
    known = extract_article(*bare, view)
    assert known.verdict is not None
    assert (known.is_article, known.verdict.basis) == (True, "site")
    assert "URL /stories/SLUG" in known.verdict.reason
    contact = extract_article(article_page(41), f"{SITE}/pages/contact", view)
    assert not contact.is_article, "an unmarked page at an address unlike theirs is not"


def test_the_profile_survives_the_model_s_round_trip_through_json() -> None:
    model = SiteTemplate(TemplatePolicy(min_pages=8, min_support=4, share=0.3))
    for i in range(10):
        model.add(
            extract_article(article_page(i, marked=True), f"{SITE}/story/{5000 + i}").observation
        )
    again = SiteTemplate.from_json(model.to_json(), model.policy)
    assert again.view().profile == model.view().profile != COLD.profile


@pytest.mark.parametrize(
    ("url", "kind", "pattern"),
    [
        (f"{SITE}/2024/08/44219-deadline-looms", "id", "/Y/N/ID-SLUG"),
        (f"{SITE}/news/view.php?id=123", "id", "/news/view.php?id"),
        (f"{SITE}/blog/2019/08/02/json-parsing/", "date", "/blog/Y/N/N/SLUG"),
        (f"{SITE}/politics/talks-resume-in-the-capital", "slug", "/politics/SLUG"),
        (f"{SITE}/tag/beirut-port/", "listing", "/tag/SLUG"),
        (f"{SITE}/category/lebanon/page/2/", "listing", "/category/lebanon/page/N"),
        (f"{SITE}/", "home", "/"),
        (f"{SITE}/about-us", "other", "/SLUG"),
    ],
)
def test_url_shapes(url: str, kind: str, pattern: str) -> None:
    assert (url_kind(url), url_pattern(url)) == (kind, pattern)


def test_a_crawl_whose_article_addresses_are_mostly_refused_is_an_alert() -> None:
    tally = HealthTally()
    for _ in range(4):
        tally.add(title=True, published=True, authors=True, section=True, words=300, kept=0.5)
    for _ in range(8):
        tally.refuse(article_like=True)
    for _ in range(50):
        tally.refuse(article_like=False)  # listings: no loss
    summary = tally.summary()
    assert summary["detect/refused_article_like"] == 8
    assert alerts(summary, []) == [
        "detect/refused: 8 of 12 pages at articles' addresses were refused as no article "
        "(see `levantcrawl failures`)"
    ]
    for _ in range(4):
        tally.add(title=True, published=True, authors=True, section=True, words=300, kept=0.5)
    assert alerts(tally.summary(), []) == [], "8 of 16: not most"
