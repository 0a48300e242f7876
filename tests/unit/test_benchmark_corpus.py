"""The quality benchmark's labelled corpus is sound, and its metrics score what they claim."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import lxml.html
import pytest

from benchmarks.corpus import TEMPLATES, build_corpus, build_template
from benchmarks.corpus._draft import TODAY
from benchmarks.extractors import publication_day
from benchmarks.metrics import (
    body_overlap,
    leaked_lines,
    normalise_space,
    same_authors,
    same_section,
    same_title,
    tokens,
)

if TYPE_CHECKING:
    from benchmarks.corpus import LabelledPage

pytestmark = pytest.mark.unit
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[LabelledPage]]:
    return build_corpus()


@pytest.fixture(scope="module")
def pages(corpus: dict[str, list[LabelledPage]]) -> list[LabelledPage]:
    return [page for template in corpus.values() for page in template]


def visible_text(html: str) -> str:
    """What a reader sees: the document's text without scripts and styles, spaces collapsed."""
    root = lxml.html.fromstring(html)
    for node in root.xpath("//script | //style | //noscript"):
        node.drop_tree()
    return normalise_space(root.text_content())


def test_same_seed_gives_identical_pages(corpus: dict[str, list[LabelledPage]]) -> None:
    assert build_corpus() == corpus
    assert build_template("wordpress", seed=12) != corpus["wordpress"]


def test_seven_templates_of_at_least_24_pages(corpus: dict[str, list[LabelledPage]]) -> None:
    assert len(corpus) >= 7
    assert tuple(corpus) == TEMPLATES
    for name, template in corpus.items():
        assert len(template) >= 24, name
        assert {p.template for p in template} == {name}
        assert all(p.url.startswith(f"https://{name}.example/") for p in template)
        assert len({p.url for p in template}) == len(template), "URLs must be unique"


def test_truth_is_complete(pages: list[LabelledPage]) -> None:
    for page in pages:
        assert page.title, page.url
        assert page.paragraphs, page.url
        assert all(p == normalise_space(p) for p in page.paragraphs), page.url
        assert page.authors, page.url
        assert page.section, page.url
        assert date(2024, 6, 1) <= page.published < TODAY


def test_truth_paragraphs_are_visible_in_the_html(pages: list[LabelledPage]) -> None:
    for page in pages:
        text = visible_text(page.html)
        for paragraph in page.paragraphs:
            assert paragraph in text, (page.url, paragraph[:60])


def test_template_lines_are_visible_and_never_body(pages: list[LabelledPage]) -> None:
    for page in pages:
        text = visible_text(page.html)
        body = " ".join(page.paragraphs)
        assert len(set(page.template_lines)) == len(page.template_lines), page.url
        for line in page.template_lines:
            assert normalise_space(line) in text, (page.url, line)
            assert line not in body, (page.url, line)


def test_template_lines_recur_across_a_template(corpus: dict[str, list[LabelledPage]]) -> None:
    for name, template in corpus.items():
        seen = Counter(line for page in template for line in page.template_lines)
        recurring = [line for line, count in seen.items() if count == len(template)]
        assert len(recurring) >= 3, name


def test_each_template_keeps_one_correction_and_a_shared_paragraph(
    corpus: dict[str, list[LabelledPage]],
) -> None:
    for name, template in corpus.items():
        corrected = [
            p
            for p in template
            if any(x.startswith(("Correction:", "تصحيح:")) for x in p.paragraphs)
        ]
        assert len(corrected) == 1, name
        counts = Counter(x for page in template for x in set(page.paragraphs))
        assert any(count == 2 for count in counts.values()), name


def test_arabic_pages_are_right_to_left_arabic(corpus: dict[str, list[LabelledPage]]) -> None:
    for page in corpus["arabic"]:
        assert '<html lang="ar" dir="rtl">' in page.html
        for paragraph in page.paragraphs:
            assert _ARABIC.search(paragraph)
            assert not _LATIN.search(paragraph), paragraph
    styles = {("٢٠٢٤" in p.html.split("نشر في", 1)[1][:40]) for p in corpus["arabic"]}
    assert styles == {True, False}, "both digit styles must appear in visible dates"


def test_wordpress_header_shows_today_not_the_publication_date(
    corpus: dict[str, list[LabelledPage]],
) -> None:
    for page in corpus["wordpress"]:
        assert "Friday, 15 November 2024" in page.template_lines
    undated = [p for p in corpus["wordpress"] if "article:published_time" not in p.html]
    assert 0 < len(undated) < len(corpus["wordpress"]) / 2
    assert all("Posted on " in p.html for p in undated)


# -- metrics -----------------------------------------------------------------------------------


def test_tokens_ignore_case_and_punctuation() -> None:
    assert tokens('"Hello," she said. HELLO!') == Counter({"hello": 2, "she": 1, "said": 1})
    assert tokens("قال، «نعم».") == Counter({"قال": 1, "نعم": 1})
    assert tokens(" -- ... ") == Counter()


def test_body_overlap_perfect() -> None:
    overlap = body_overlap(["One two three.", "Four"], ["one two", "three four"])
    assert (overlap.precision, overlap.recall, overlap.f1) == (1.0, 1.0, 1.0)


def test_body_overlap_empty() -> None:
    assert body_overlap([], []).f1 == 1.0
    nothing = body_overlap([], ["some body text"])
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)
    assert body_overlap(["stray words"], []).f1 == 0.0


def test_body_overlap_partial_counts_repeats_once_each() -> None:
    # got: a a b c (4 tokens); want: a b b d e (5 tokens); common: a, b -> 2
    overlap = body_overlap(["a a b", "c"], ["a b b", "d e"])
    assert overlap.precision == pytest.approx(2 / 4)
    assert overlap.recall == pytest.approx(2 / 5)
    assert overlap.f1 == pytest.approx(2 * 0.5 * 0.4 / 0.9)


def test_leaked_lines_counts_each_template_line_found() -> None:
    extracted = ["Body text here.", "Read More :  Other\nheadline", "Share this:"]
    lines = ("Read More : Other headline", "Share this:", "Dark Mode", "share this:")
    assert leaked_lines(extracted, lines) == 2
    assert leaked_lines([], lines) == 0


def test_field_comparisons() -> None:
    assert same_title("  A  Title\n", "A Title")
    assert not same_title(None, "A Title")
    assert not same_title("A Title | Site", "A Title")
    assert same_authors(["rania khoury", "Samir  Haddad"], ("Samir Haddad", "Rania Khoury"))
    assert not same_authors(["Rania Khoury"], ("Rania Khoury", "Samir Haddad"))
    assert not same_authors([], ())
    assert same_section("Russia / Iran", "Russia/Iran")
    assert same_section("ECONOMY", "Economy")
    assert not same_section("Russia Iran", "Russia/Iran")
    assert not same_section(None, "Economy")


def test_publication_day_reads_instants_in_beirut_and_byline_days_as_written() -> None:
    late = datetime(2024, 8, 4, 22, 30, tzinfo=UTC)  # 01:30 on 5 August in Beirut
    assert publication_day(late, "json-ld") == date(2024, 8, 5)
    assert publication_day(datetime(2024, 8, 5, tzinfo=UTC), "byline") == date(2024, 8, 5)
    assert publication_day(None, None) is None
