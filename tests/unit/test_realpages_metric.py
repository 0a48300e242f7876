"""The real-page benchmark's scores (benchmarks/shingles.py): the issue's metric, exactly."""

from __future__ import annotations

import pytest

from benchmarks.shingles import SnippetTally, harmonic, score_page, shingles, summarise

pytestmark = pytest.mark.unit


def test_tokens_are_unicode_word_runs_and_shingles_a_multiset() -> None:
    windows = shingles("Größe—über, naïve: größe über naïve größe")
    assert ("Größe", "über", "naïve", "größe") in windows
    assert sum(windows.values()) == 7 - 4 + 1
    assert shingles("a b a b a b") == {("a", "b", "a", "b"): 2, ("b", "a", "b", "a"): 1}


def test_a_short_text_is_one_window_and_an_empty_one_none() -> None:
    assert shingles("only three words") == {("only", "three", "words"): 1}
    assert shingles(" ... ") == {}


def test_a_page_counts_shared_extra_and_missing_windows() -> None:
    truth = "one two three four five six"
    score = score_page("zero one two three four five", truth)
    assert score is not None
    assert (score.tp, score.fp, score.fn) == (2, 1, 1)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)


def test_repeated_text_is_counted_each_time() -> None:
    truth = "one two three four five"
    score = score_page(f"{truth} {truth}", truth)
    assert score is not None
    assert score.tp == 2
    assert score.fp == 2 + 3  # the repeat's own windows, and the seam's


def test_an_empty_extraction_scores_zero_and_an_empty_truth_is_skipped() -> None:
    empty = score_page("", "one two three four five")
    assert empty is not None
    assert (empty.precision, empty.recall) == (0.0, 0.0)
    assert score_page("anything at all here", "") is None


def test_f1_is_the_harmonic_mean_of_the_mean_precision_and_recall() -> None:
    perfect = score_page("a b c d e", "a b c d e")
    half = score_page("a b c d e f g h", "a b c d e")  # precision 2/5, recall 1
    assert perfect is not None
    assert half is not None
    summary = summarise([perfect, half])
    assert summary.precision == pytest.approx((1 + 2 / 5) / 2)
    assert summary.recall == pytest.approx(1.0)
    assert summary.f1 == pytest.approx(harmonic(0.7, 1.0))
    assert summary.pages == 2


def test_snippets_are_counted_over_the_corpus_whitespace_aside() -> None:
    tally = SnippetTally()
    tally.add("The  article\nsays this. Menu", ["article says", "not there"], ["Menu", "Footer"])
    tally.add("", ["lost"], ["Imprint"])
    assert (tally.tp, tally.fn, tally.fp, tally.tn) == (1, 2, 1, 2)
    assert tally.precision == pytest.approx(0.5)
    assert tally.recall == pytest.approx(1 / 3)
