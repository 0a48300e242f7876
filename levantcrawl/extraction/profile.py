"""What a site's marked articles look like, learned from them: the part of the site model
that recognises the articles a site leaves unmarked.

Each marked article (JSON-LD, og:type=article, article:published_time) teaches an
ArticleShape: the shape of its URL (normalize/urls.url_pattern), where its byline date sits,
its length and its share of linked text. The counts live in the site model's generations
(template.py) and become a frozen SiteProfile in its view: an unmarked page whose URL has a
shape the site's articles share, in the site's article container or byline slot, as long and
as little linked as they are, is one of them."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# Marked articles the model must have seen before it judges unmarked pages by them.
MIN_MARKED = 8
# A URL shape (or byline slot) is the site's when this many of its marked articles share it,
# and this share of them.
MIN_SUPPORT = 3
PATTERN_SHARE = 0.05
SLOT_SHARE = 0.3
# The shortest and most linked marked articles are left out of the bounds.
_TAIL = 0.05
_DENSITY_STEPS = 20


@dataclass(frozen=True, slots=True)
class ArticleShape:
    """One marked article page, as the model learns it."""

    url_pattern: str
    byline_slot: str | None
    words: int
    link_density: float


def _words_bucket(words: int) -> str:
    return str(int(math.log2(max(1, words))))


def _density_bucket(density: float) -> str:
    return str(math.ceil(max(0.0, density) * _DENSITY_STEPS))


@dataclass
class ShapeCounts:
    """The shapes of one generation's marked articles, counted."""

    marked: int = 0
    patterns: Counter[str] = field(default_factory=Counter)
    slots: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)
    density: Counter[str] = field(default_factory=Counter)

    def add(self, shape: ArticleShape) -> None:
        self.marked += 1
        self.patterns[shape.url_pattern] += 1
        if shape.byline_slot:
            self.slots[shape.byline_slot] += 1
        self.words[_words_bucket(shape.words)] += 1
        self.density[_density_bucket(shape.link_density)] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "marked": self.marked,
            "patterns": dict(self.patterns),
            "slots": dict(self.slots),
            "words": dict(self.words),
            "density": dict(self.density),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ShapeCounts:
        data = data or {}
        return cls(
            int(data.get("marked", 0)),
            Counter(data.get("patterns", {})),
            Counter(data.get("slots", {})),
            Counter(data.get("words", {})),
            Counter(data.get("density", {})),
        )


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """The decisions detection needs about a site's articles, frozen with the view."""

    marked: int = 0
    patterns: tuple[tuple[str, int], ...] = ()
    slots: frozenset[str] = frozenset()
    words_floor: int = 0
    density_ceiling: float = 1.0

    def support(self, url_pattern: str) -> int:
        return next((n for pattern, n in self.patterns if pattern == url_pattern), 0)

    def likeness(
        self,
        *,
        url_pattern: str,
        byline_slot: str | None,
        words: int,
        link_density: float,
        in_container: bool,
    ) -> str | None:
        """Why a page looks like the site's marked articles, or None when it does not: a
        URL shape they share, their container or byline slot, their length and links."""
        support = self.support(url_pattern)
        if self.marked < MIN_MARKED or support == 0:
            return None
        if words < self.words_floor or link_density > self.density_ceiling:
            return None
        place = (
            "the site's article container"
            if in_container
            else "the byline slot of its articles"
            if byline_slot in self.slots
            else None
        )
        if place is None:
            return None
        return (
            f"like {support} of the site's {self.marked} marked articles: URL {url_pattern}, "
            f"{place}, {words} words"
        )


NO_PROFILE = SiteProfile()


def profile_of(*generations: ShapeCounts) -> SiteProfile:
    """The profile of the marked articles counted over the model's generations."""
    marked = sum(g.marked for g in generations)
    if marked < MIN_MARKED:
        return SiteProfile(marked)
    patterns: Counter[str] = Counter()
    slots: Counter[str] = Counter()
    words: Counter[str] = Counter()
    density: Counter[str] = Counter()
    for generation in generations:
        patterns.update(generation.patterns)
        slots.update(generation.slots)
        words.update(generation.words)
        density.update(generation.density)
    pattern_floor = max(MIN_SUPPORT, PATTERN_SHARE * marked)
    slot_floor = max(MIN_SUPPORT, SLOT_SHARE * marked)
    return SiteProfile(
        marked,
        tuple(sorted((p, n) for p, n in patterns.items() if n >= pattern_floor)),
        frozenset(s for s, n in slots.items() if n >= slot_floor),
        2 ** _quantile(words, _TAIL),
        # One step of slack above the most linked of them.
        (_quantile(density, 1 - _TAIL) + 1) / _DENSITY_STEPS,
    )


def _quantile(buckets: Counter[str], q: float) -> int:
    """The bucket holding the q-quantile of the counted values."""
    ordered = sorted((int(key), n) for key, n in buckets.items())
    total = sum(n for _, n in ordered)
    seen = 0
    for key, n in ordered:
        seen += n
        if seen >= q * total:
            return key
    return ordered[-1][0] if ordered else 0
