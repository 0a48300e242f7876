"""The site template model: what recurs across a site's pages is stripped, nothing else."""

from __future__ import annotations

import pytest

from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.lines import line_key, teaser_shape
from levantcrawl.extraction.metadata import parse_html, visible_date
from levantcrawl.extraction.template import (
    COLD,
    PageObservation,
    SiteTemplate,
    TemplatePolicy,
    observe,
    visible_chars,
)
from tests.synthetic import page, prose

pytestmark = pytest.mark.unit


def learned(pages: int = 12) -> SiteTemplate:
    model = SiteTemplate(TemplatePolicy(min_pages=8, min_support=4, share=0.3))
    for i in range(pages):
        model.add(extract_article(*page(i, quote=i in (3, 7))).observation)
    return model


def test_teaser_shape_ignores_the_headline_in_any_language() -> None:
    assert teaser_shape("Read More : Mass escape", ["Mass escape"]) == "read more :⟨link⟩"
    assert teaser_shape("اقرأ أيضاً: عنوان آخر هنا", ["عنوان آخر هنا"]) == "اقرأ أيضاً:⟨link⟩"
    assert teaser_shape("A long sentence with a link in it somewhere", ["link"]) is None
    assert teaser_shape("Two links", ["a", "b"]) is None


def test_cold_extraction_keeps_what_only_the_model_can_know() -> None:
    extracted = extract_article(*page(1))
    text = extracted.text
    assert "Share this article" in text
    assert "Subscribe to our daily newsletter" in text
    assert "Don't miss" in text
    assert extracted.published[0].raw == "2024-11-15", "the ticker fools it"


def test_learned_model_strips_recurring_lines_and_turns_teasers_into_links() -> None:
    view = learned().view()
    assert view.warm
    extracted = extract_article(*page(20, quote=True), view)
    text = extracted.text
    assert "Share this article" not in text
    assert "Subscribe to our daily newsletter" not in text
    assert "Don't miss" not in text
    assert [(link.kind, link.anchor) for link in extracted.links] == [
        ("related", "Headline of another story 20")
    ]
    assert "the minister said" in text, "a quote two articles share is content"
    assert extracted.paragraphs[0].startswith(prose(100)[:20])
    assert extracted.template_lines_stripped == 2


def test_site_wide_date_is_never_the_publication_date() -> None:
    view = learned().view()
    assert "15 november 2024" in view.date_texts
    extracted = extract_article(*page(21), view)
    assert [c.source for c in extracted.published] == ["url"]
    assert extracted.published[0].raw == "2024-08-21"


def test_no_decision_before_enough_pages() -> None:
    model = learned(pages=5)
    assert model.view() == COLD
    assert "Share this article" in extract_article(*page(30), model.view()).text


def test_a_line_on_a_few_pages_only_is_not_template() -> None:
    model = SiteTemplate(TemplatePolicy(min_pages=4, min_support=4, share=0.3))
    rare = PageObservation(lines=frozenset({line_key("Correction: an earlier version erred.")}))
    common = PageObservation(lines=frozenset({line_key("Follow us")}))
    for i in range(20):
        model.add(rare if i < 3 else common)
    view = model.view()
    assert view.is_template_line("Follow us")
    assert not view.is_template_line("Correction: an earlier version erred.")


def test_window_forgets_an_old_template_and_reset_starts_over() -> None:
    model = SiteTemplate(TemplatePolicy(min_pages=4, min_support=4, share=0.3, window=10))
    old = PageObservation(lines=frozenset({line_key("Old footer")}))
    new = PageObservation(lines=frozenset({line_key("New footer")}))
    for _ in range(10):
        model.add(old)
    for _ in range(25):
        model.add(new)
    assert not model.view().is_template_line("Old footer")
    assert model.view().is_template_line("New footer")
    model.reset()
    assert model.pages == 0


def test_model_survives_a_round_trip_through_json() -> None:
    model = learned()
    again = SiteTemplate.from_json(model.to_json(), model.policy)
    assert again.view() == model.view()
    assert SiteTemplate.from_json({"schema": 999}).pages == 0, "an unknown schema starts cold"


def test_visible_chars_counts_what_observe_counts() -> None:
    """kept_ratio divides by one or the other (a learned page or not): they must agree,
    hidden elements' text and tails included."""
    html = (
        "<html><head><title>Skip me</title><style>p {}</style></head><body>"
        "<p>Seen <b>bold</b> tail</p><script>var x = 1;</script> hidden tail "
        "<!-- a comment --> comment tail <svg><text>drawn</text></svg> after svg"
        "<noscript>enable js</noscript><div> last </div></body></html>"
    )
    for document in (html, page(3)[0]):
        tree = parse_html(document)
        assert visible_chars(tree) == observe(tree, visible_date).chars
    assert visible_chars(parse_html(html)) == len("Seenboldtaildrawnlast")
