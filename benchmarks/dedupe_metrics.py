"""Scoring a near-duplicate detector against the labelled set in benchmarks/dedupe_corpus.

A detector answers, for each article key, the key of an EARLIER article it duplicates (or
None). Answers are closed transitively into clusters and compared pair by pair with the truth.
Pure functions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from benchmarks.dedupe_corpus.model import CorpusArticle

Pair = frozenset[str]

# (label, low, high): a near copy's edit share falls in [low, high); the last bucket is closed.
EDIT_SHARE_BUCKETS = (
    ("1-5%", 0.0, 0.05),
    ("5-10%", 0.05, 0.10),
    ("10-15%", 0.10, 0.15),
    ("15-20%", 0.15, 1.0),
)
_EXAMPLES = 10


@dataclass(frozen=True, slots=True)
class DedupeScore:
    """Pairwise scores. `false_positives` and `false_negatives` hold up to ten example pairs
    (sorted keys). `recall_by_kind` and `recall_by_edit_share` count, per copy, whether the
    detector put it in one cluster with the article it was copied from; a kind or bucket
    without copies is left out. `topical_false_positives` counts wrong pairs that involve a
    topical article (same subject, different story)."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    false_positives: tuple[tuple[str, str], ...]
    false_negatives: tuple[tuple[str, str], ...]
    recall_by_kind: dict[str, float]
    recall_by_edit_share: dict[str, float]
    topical_false_positives: int


def pairs(clusters: Iterable[Iterable[str]]) -> set[Pair]:
    """Every unordered pair of keys that share a cluster."""
    return {frozenset(two) for cluster in clusters for two in combinations(set(cluster), 2)}


def predicted_clusters(duplicate_of: Mapping[str, str | None]) -> tuple[frozenset[str], ...]:
    """Clusters of two or more keys from "key duplicates earlier key" answers, transitively."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]  # path halving keeps the trees flat
            key = parent[key]
        return key

    for key, earlier in duplicate_of.items():
        if earlier is not None and earlier != key:
            parent[root(key)] = root(earlier)
    groups: defaultdict[str, set[str]] = defaultdict(set)
    for key in list(parent):
        groups[root(key)].add(key)
    found = (frozenset(group) for group in groups.values() if len(group) > 1)
    return tuple(sorted(found, key=sorted))


def score(
    truth_clusters: Iterable[Iterable[str]],
    predicted: Mapping[str, str | None],
    *,
    articles: Iterable[CorpusArticle] = (),
) -> DedupeScore:
    """Score `predicted` against the truth; pass the corpus `articles` for the per-kind,
    per-edit-share and topical figures."""
    found = predicted_clusters(predicted)
    truth, claimed = pairs(truth_clusters), pairs(found)
    correct = len(truth & claimed)
    # No claimed pair means no wrong claim: precision 1.0 by convention, recall tells the rest.
    precision = correct / len(claimed) if claimed else 1.0
    recall = correct / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    corpus = tuple(articles)
    topical = {a.key for a in corpus if a.kind == "topical"}
    wrong = claimed - truth
    by_kind, by_share = _copy_recall(corpus, found)
    return DedupeScore(
        precision=precision,
        recall=recall,
        f1=f1,
        true_pairs=len(truth),
        predicted_pairs=len(claimed),
        correct_pairs=correct,
        false_positives=_examples(wrong),
        false_negatives=_examples(truth - claimed),
        recall_by_kind=by_kind,
        recall_by_edit_share=by_share,
        topical_false_positives=sum(1 for pair in wrong if pair & topical),
    )


def edit_share(a: Sequence[str], b: Sequence[str]) -> float:
    """The share of words changed between two paragraph lists: 1 - matched / longer length.

    Words are whitespace tokens matched in order by difflib, as a diff tool does: unchanged
    paragraphs first, then word by word inside each changed stretch. Replacing k of n words
    gives k/n, deleting k gives k/n and inserting k gives k/(n+k).
    """
    longer = max(_word_count(a), _word_count(b))
    if not longer:
        return 0.0
    matched = 0
    for tag, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if tag == "equal":
            matched += _word_count(a[i1:i2])
        elif tag == "replace":
            left = [word for paragraph in a[i1:i2] for word in paragraph.split()]
            right = [word for paragraph in b[j1:j2] for word in paragraph.split()]
            matched += sum(block.size for block in _matcher(left, right).get_matching_blocks())
    return 1 - matched / longer


def _matcher(a: Sequence[str], b: Sequence[str]) -> SequenceMatcher[str]:
    # autojunk would treat "the" and "of" as junk once a text passes 200 words
    return SequenceMatcher(None, a, b, autojunk=False)


def _word_count(paragraphs: Iterable[str]) -> int:
    return sum(len(paragraph.split()) for paragraph in paragraphs)


def edit_share_bucket(share: float) -> str:
    return next(label for label, low, high in EDIT_SHARE_BUCKETS if low <= share < high)


def _copy_recall(
    corpus: Sequence[CorpusArticle], found: Sequence[frozenset[str]]
) -> tuple[dict[str, float], dict[str, float]]:
    cluster_of = {key: index for index, cluster in enumerate(found) for key in cluster}
    kinds: defaultdict[str, list[bool]] = defaultdict(list)
    shares: defaultdict[str, list[bool]] = defaultdict(list)
    for article in corpus:
        if article.copy_of is None:
            continue
        index = cluster_of.get(article.key)
        hit = index is not None and cluster_of.get(article.copy_of) == index
        kinds[article.kind].append(hit)
        if article.kind == "near" and article.edit_share is not None:
            shares[edit_share_bucket(article.edit_share)].append(hit)
    by_share = {
        label: sum(shares[label]) / len(shares[label])
        for label, _, _ in EDIT_SHARE_BUCKETS
        if shares[label]
    }
    return {kind: sum(hits) / len(hits) for kind, hits in sorted(kinds.items())}, by_share


def _examples(found: set[Pair]) -> tuple[tuple[str, str], ...]:
    ordered = sorted(tuple(sorted(pair)) for pair in found)
    return tuple((a, b) for a, b in ordered[:_EXAMPLES])
