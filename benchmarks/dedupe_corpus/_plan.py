"""The mix of the set: which stories get copies, which get topical look-alikes, in what language.

Shares are of the whole set, so any `size` keeps the proportions; uniques fill the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from benchmarks.dedupe_corpus.model import NEAR_MAX_SHARE, NEAR_MIN_SHARE

if TYPE_CHECKING:
    import random

NEAR_RATE = 0.17
EXACT_RATE = 0.06
TOPICAL_RATE = 0.14
ARABIC_RATE = 0.10
# Topical articles that mimic a story with copies, so a false match also joins a cluster;
# the rest mimic an article that is unique.
_TOPICAL_ON_CLUSTERS = 0.6
_MAX_TOPICALS = 2
# Copies per story: one, two or three; the Arabic side has three sites, so at most two.
_COPY_COUNTS = (1, 2, 3)
_COPY_WEIGHTS = (5, 3, 2)
_MAX_COPIES = {"en": 3, "ar": 2}
# Aimed-for near shares stay inside the range by more than the builder's tolerance allows.
_LOWEST_TARGET = NEAR_MIN_SHARE + 0.002
_HIGHEST_TARGET = NEAR_MAX_SHARE - 0.004
MIN_SIZE = 100


CopyKind = Literal["exact", "near"]


@dataclass(frozen=True, slots=True)
class StoryPlan:
    language: str
    copies: tuple[CopyKind, ...]  # in publication order
    topicals: int


def plan_stories(rng: random.Random, size: int) -> list[StoryPlan]:
    """Story plans whose articles add up to `size`, in the order to write them."""
    if size < MIN_SIZE:
        raise ValueError(f"a dedupe corpus needs at least {MIN_SIZE} articles, not {size}")
    copies: list[CopyKind] = ["near"] * round(size * NEAR_RATE)
    copies += ["exact"] * round(size * EXACT_RATE)
    rng.shuffle(copies)
    clusters: list[tuple[str, list[CopyKind]]] = []
    while copies:
        language = _language(rng)
        count = rng.choices(_COPY_COUNTS, weights=_COPY_WEIGHTS)[0]
        count = min(count, _MAX_COPIES[language])
        clusters.append((language, copies[:count]))
        del copies[:count]
    topicals = [0] * len(clusters)
    total = round(size * TOPICAL_RATE)
    on_clusters = min(round(total * _TOPICAL_ON_CLUSTERS), len(clusters) * _MAX_TOPICALS)
    while sum(topicals) < on_clusters:
        at = rng.randrange(len(clusters))
        if topicals[at] < _MAX_TOPICALS:
            topicals[at] += 1
    plans = [
        StoryPlan(language, tuple(kinds), count)
        for (language, kinds), count in zip(clusters, topicals, strict=True)
    ]
    left = total - on_clusters
    while left:
        count = min(left, rng.randint(1, _MAX_TOPICALS))
        plans.append(StoryPlan(_language(rng), (), count))
        left -= count
    used = sum(1 + len(p.copies) + p.topicals for p in plans)
    if used > size:
        raise ValueError(f"size {size} is too small for the planned mix")
    arabic = sum(1 + len(p.copies) + p.topicals for p in plans if p.language == "ar")
    unique_arabic = min(max(round(size * ARABIC_RATE) - arabic, 0), size - used)
    plans += [StoryPlan("ar", (), 0)] * unique_arabic
    plans += [StoryPlan("en", (), 0)] * (size - used - unique_arabic)
    rng.shuffle(plans)
    return plans


def near_targets(rng: random.Random, count: int) -> list[float]:
    """Edit shares to aim for, spread evenly over the near range, in random order."""
    span = _HIGHEST_TARGET - _LOWEST_TARGET
    targets = [_LOWEST_TARGET + span * (i + rng.random()) / count for i in range(count)]
    rng.shuffle(targets)
    return targets


def _language(rng: random.Random) -> str:
    return "ar" if rng.random() < ARABIC_RATE else "en"
