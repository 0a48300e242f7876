"""A generated, labelled test set for near-duplicate detection in a news archive.

About 1,200 articles in archive order from six hosts (a wire with English and Arabic
services, three English papers, two Arabic ones): originals, exact and near copies of them on
other sites, topical look-alikes (same section, people, place and subject, but a different
story) and unique articles; about a tenth in Arabic. Score a detector with
benchmarks/dedupe_metrics.py. The same seed always yields the same set.
"""

from __future__ import annotations

import random

from benchmarks.dedupe_corpus._archive import archive
from benchmarks.dedupe_corpus._build import Builder
from benchmarks.dedupe_corpus._plan import near_targets, plan_stories
from benchmarks.dedupe_corpus.model import (
    KINDS,
    MAX_BODY_WORDS,
    MIN_BODY_WORDS,
    NEAR_MAX_SHARE,
    NEAR_MIN_SHARE,
    CorpusArticle,
    DedupeCorpus,
    Kind,
)

__all__ = [
    "KINDS",
    "MAX_BODY_WORDS",
    "MIN_BODY_WORDS",
    "NEAR_MAX_SHARE",
    "NEAR_MIN_SHARE",
    "CorpusArticle",
    "DedupeCorpus",
    "Kind",
    "build_dedupe_corpus",
]


def build_dedupe_corpus(seed: int = 5, size: int = 1200) -> DedupeCorpus:
    """`size` articles (at least 100) drawn from random.Random(seed)."""
    rng = random.Random(seed)
    plans = plan_stories(rng, size)
    builder = Builder(rng, near_targets(rng, sum(p.copies.count("near") for p in plans)))
    for plan in plans:
        builder.story(plan)
    return archive(builder.drafts)
