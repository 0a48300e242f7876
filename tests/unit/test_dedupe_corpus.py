"""The near-duplicate test set is labelled as it claims, and its metrics score what they say."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from benchmarks.dedupe_corpus import (
    MAX_BODY_WORDS,
    MIN_BODY_WORDS,
    NEAR_MAX_SHARE,
    NEAR_MIN_SHARE,
    CorpusArticle,
    DedupeCorpus,
    Kind,
    build_dedupe_corpus,
)
from benchmarks.dedupe_metrics import (
    edit_share,
    edit_share_bucket,
    pairs,
    predicted_clusters,
    score,
)

pytestmark = pytest.mark.unit
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def corpus() -> DedupeCorpus:
    return build_dedupe_corpus()


@pytest.fixture(scope="module")
def by_key(corpus: DedupeCorpus) -> dict[str, CorpusArticle]:
    return {a.key: a for a in corpus.articles}


def of_kind(corpus: DedupeCorpus, kind: str) -> list[CorpusArticle]:
    return [a for a in corpus.articles if a.kind == kind]


def words(article: CorpusArticle) -> int:
    return sum(len(p.split()) for p in article.paragraphs)


# -- the set -----------------------------------------------------------------------------


def test_same_seed_builds_the_same_set(corpus: DedupeCorpus) -> None:
    assert build_dedupe_corpus() == corpus


def test_seed_and_size_change_the_set(corpus: DedupeCorpus) -> None:
    small = build_dedupe_corpus(seed=6, size=150)
    assert len(small.articles) == 150
    assert small.articles[0] != corpus.articles[0]


def test_refuses_a_size_too_small_for_the_mix() -> None:
    with pytest.raises(ValueError, match="at least"):
        build_dedupe_corpus(size=50)


def test_mix_of_kinds_meets_the_brief(corpus: DedupeCorpus) -> None:
    kinds = Counter(a.kind for a in corpus.articles)
    assert len(corpus.articles) == 1200
    assert kinds["exact"] + kinds["near"] >= 150
    assert kinds["near"] >= 100
    assert kinds["exact"] >= 30
    assert kinds["topical"] >= 150
    assert kinds["unique"] >= 300
    assert set(kinds) == {"original", "exact", "near", "topical", "unique"}


def test_about_a_tenth_is_arabic_with_near_copies(corpus: DedupeCorpus) -> None:
    arabic = [a for a in corpus.articles if a.language == "ar"]
    assert 0.08 <= len(arabic) / len(corpus.articles) <= 0.12
    kinds = Counter(a.kind for a in arabic)
    assert kinds["near"] >= 10
    assert kinds["exact"] >= 3
    assert kinds["topical"] >= 5


def test_articles_come_from_at_least_five_sites(corpus: DedupeCorpus) -> None:
    sites = Counter(a.site for a in corpus.articles)
    assert len(sites) >= 5
    assert min(sites.values()) >= 30


def test_arabic_articles_are_written_in_arabic(corpus: DedupeCorpus) -> None:
    for article in corpus.articles:
        text = " ".join((article.title, *article.paragraphs))
        if article.language == "ar":
            assert not _LATIN.search(text), article.key
        else:
            assert not _ARABIC.search(text), article.key


def test_keys_and_urls_are_unique(corpus: DedupeCorpus) -> None:
    assert len({a.key for a in corpus.articles}) == len(corpus.articles)
    assert len({a.url for a in corpus.articles}) == len(corpus.articles)
    assert all(a.url.startswith(f"https://{a.site}/") for a in corpus.articles)


def test_titles_carry_site_and_rubric_parts(corpus: DedupeCorpus) -> None:
    titles = [a.title for a in corpus.articles]
    assert any(t.startswith("Opinion | ") and t.endswith(" - Levant News") for t in titles)
    assert any(t.endswith(" | Gulf Daily") for t in titles)
    assert any(t.endswith(" | صدى المشرق") for t in titles)
    assert all(a.headline in a.title for a in corpus.articles)


def test_bodies_are_200_to_700_words(corpus: DedupeCorpus) -> None:
    counts = [words(a) for a in corpus.articles]
    assert min(counts) >= MIN_BODY_WORDS
    assert max(counts) <= MAX_BODY_WORDS


def test_archive_order_is_by_time_and_interleaves_sites(corpus: DedupeCorpus) -> None:
    times = [a.published for a in corpus.articles]
    assert times == sorted(times)
    assert all(t.tzinfo is UTC for t in times)
    assert times[0] >= datetime(2024, 6, 1, tzinfo=UTC)
    assert len({a.site for a in corpus.articles[:50]}) >= 5


def test_originals_precede_their_copies(
    corpus: DedupeCorpus, by_key: dict[str, CorpusArticle]
) -> None:
    position = {a.key: i for i, a in enumerate(corpus.articles)}
    copies = [a for a in corpus.articles if a.copy_of is not None]
    assert {a.kind for a in copies} == {"exact", "near"}
    for copy in copies:
        source = by_key[copy.copy_of or ""]
        assert position[source.key] < position[copy.key]
        assert source.site != copy.site
        assert source.language == copy.language


def test_clusters_are_exactly_the_copy_links(
    corpus: DedupeCorpus, by_key: dict[str, CorpusArticle]
) -> None:
    cluster_of = {key: i for i, cluster in enumerate(corpus.clusters) for key in cluster}
    assert sum(len(c) for c in corpus.clusters) == len(cluster_of)  # disjoint
    assert all(len(c) >= 2 for c in corpus.clusters)
    for article in corpus.articles:
        clustered: set[Kind] = {"original", "exact", "near"}
        assert (article.key in cluster_of) == (article.kind in clustered), article.key
        if article.copy_of is not None:
            assert cluster_of[article.key] == cluster_of[article.copy_of]
    for cluster in corpus.clusters:
        assert [by_key[k].kind for k in cluster].count("original") == 1


def test_exact_copies_repeat_the_text(
    corpus: DedupeCorpus, by_key: dict[str, CorpusArticle]
) -> None:
    for copy in of_kind(corpus, "exact"):
        source = by_key[copy.copy_of or ""]
        assert copy.paragraphs == source.paragraphs
        assert copy.headline == source.headline  # the printed titles differ only by decoration
        assert copy.edit_share == 0.0


def test_near_copies_measure_the_share_they_record(
    corpus: DedupeCorpus, by_key: dict[str, CorpusArticle]
) -> None:
    for copy in of_kind(corpus, "near"):
        measured = edit_share(by_key[copy.copy_of or ""].paragraphs, copy.paragraphs)
        assert NEAR_MIN_SHARE <= measured <= NEAR_MAX_SHARE, copy.key
        assert copy.edit_share == pytest.approx(measured, abs=1e-9)
        assert copy.edits, copy.key


def test_near_shares_spread_over_the_range(corpus: DedupeCorpus) -> None:
    near = of_kind(corpus, "near")
    buckets = Counter(edit_share_bucket(a.edit_share or 0.0) for a in near)
    assert set(buckets) == {"1-5%", "5-10%", "10-15%", "15-20%"}
    assert min(buckets.values()) >= 25
    shares = [a.edit_share or 0.0 for a in near]
    assert min(shares) < 0.02
    assert max(shares) > 0.18
    edits = Counter(e for a in near for e in a.edits)
    for kind in ("headline", "dateline", "byline", "rewrite", "add", "remove", "correction"):
        assert edits[kind] >= 10, kind


def test_topical_articles_share_subject_but_no_sentence(
    corpus: DedupeCorpus, by_key: dict[str, CorpusArticle]
) -> None:
    for topical in of_kind(corpus, "topical"):
        target = by_key[topical.mimics or ""]
        assert target.kind in {"original", "unique"}
        assert (target.section, target.language) == (topical.section, topical.language)
        mine = {s for p in topical.paragraphs for s in _SENTENCE_END.split(p)}
        theirs = {s for p in target.paragraphs for s in _SENTENCE_END.split(p)}
        assert not mine & theirs, topical.key
        vocabulary = {w for p in topical.paragraphs for w in p.split()}
        shared = vocabulary & {w for p in target.paragraphs for w in p.split()}
        assert len(shared) / len(vocabulary) >= 0.3, topical.key


# -- the metrics -------------------------------------------------------------------------


def article(
    key: str, kind: Kind, copy_of: str | None = None, share: float | None = None
) -> CorpusArticle:
    return CorpusArticle(
        key=key,
        site="levant.example",
        url=f"https://levant.example/{key}",
        title=key,
        headline=key,
        section="Lebanon",
        published=datetime(2024, 7, 1, tzinfo=UTC),
        paragraphs=(key,),
        language="en",
        kind=kind,
        copy_of=copy_of,
        edit_share=share,
    )


def test_pairs_lists_every_pair_within_a_cluster() -> None:
    found = pairs([frozenset("abc"), frozenset("de")])
    assert found == {frozenset(p) for p in ("ab", "ac", "bc", "de")}


def test_predicted_clusters_are_transitive() -> None:
    answers = {"a": None, "b": "a", "c": "b", "d": None, "e": "d", "f": None}
    assert predicted_clusters(answers) == (frozenset("abc"), frozenset("de"))


def test_predicted_clusters_join_two_chains_through_one_answer() -> None:
    # a <- b <- e and c <- d <- g; c's own answer ties the second chain to the first
    answers = {"b": "a", "e": "b", "d": "c", "g": "d", "x": None}
    assert len(predicted_clusters(answers)) == 2
    assert predicted_clusters({**answers, "c": "e"}) == (frozenset("abcdeg"),)


def test_perfect_detector_scores_one(corpus: DedupeCorpus) -> None:
    result = score(
        corpus.clusters,
        {a.key: a.copy_of for a in corpus.articles},
        articles=corpus.articles,
    )
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.true_pairs == result.predicted_pairs == len(pairs(corpus.clusters))
    assert result.false_positives == result.false_negatives == ()
    assert result.recall_by_kind == {"exact": 1.0, "near": 1.0}
    assert result.recall_by_edit_share == dict.fromkeys(("1-5%", "5-10%", "10-15%", "15-20%"), 1.0)
    assert result.topical_false_positives == 0


def test_false_positive_is_counted_and_shown() -> None:
    truth = [frozenset("ab")]
    result = score(truth, {"b": "a", "c": "a"})
    assert result.predicted_pairs == 3  # a-b, a-c and, transitively, b-c
    assert result.correct_pairs == 1
    assert result.precision == pytest.approx(1 / 3)
    assert result.recall == 1.0
    assert result.false_positives == (("a", "c"), ("b", "c"))


def test_missed_pair_is_a_false_negative() -> None:
    result = score([frozenset("ab"), frozenset("cd")], {"b": "a"})
    assert result.recall == 0.5
    assert result.precision == 1.0
    assert result.false_negatives == (("c", "d"),)
    assert result.f1 == pytest.approx(2 / 3)


def test_no_predictions_is_precise_but_recalls_nothing() -> None:
    result = score([frozenset("ab")], {"a": None, "b": None})
    assert (result.precision, result.recall, result.f1) == (1.0, 0.0, 0.0)
    assert result.predicted_pairs == 0


def test_recall_by_edit_share_and_topical_false_positives() -> None:
    corpus = [
        article("a", "original"),
        article("b", "near", "a", 0.02),
        article("c", "near", "a", 0.17),
        article("d", "exact", "a", 0.0),
        article("t", "topical"),
    ]
    truth = [frozenset("abcd")]
    result = score(truth, {"b": "a", "d": "b", "t": "a"}, articles=corpus)
    assert result.recall_by_edit_share == {"1-5%": 1.0, "15-20%": 0.0}
    assert result.recall_by_kind == {"exact": 1.0, "near": 0.5}
    # t joins a, b and d: three wrong pairs, each with the topical article on one side
    assert result.topical_false_positives == 3


def test_edit_share_counts_changed_words() -> None:
    ten = ("one two three four five", "six seven eight nine ten")
    assert edit_share(ten, ten) == 0.0
    assert edit_share((), ()) == 0.0
    assert edit_share(ten, ("one two THREE four five", ten[1])) == pytest.approx(0.1)
    assert edit_share(ten, (ten[0],)) == pytest.approx(0.5)
    assert edit_share(ten[:1], (*ten[:1], "six")) == pytest.approx(1 / 6)
    assert edit_share(ten, ("BEIRUT - " + ten[0], ten[1])) == pytest.approx(2 / 12)
    assert edit_share(ten, ten[::-1]) == pytest.approx(0.5)
