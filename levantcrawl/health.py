"""Extraction health: how complete and how long the clean articles of a crawl are, and
whether that fell suddenly against the site's earlier crawls (a redesign broke something)."""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field

# Crawl stats keys of the health figures, as the pipeline records them.
PREFIX = "levantcrawl/health/"
FIELDS = ("title", "published", "authors", "section")
# The figures compared between crawls: a fall of more than `drop` in any is an alert.
WATCHED = (*(f"fill/{name}" for name in FIELDS), "words/p50", "kept/p50")
# Article detection (extraction/detection.py): articles taken without marks, and pages at an
# article's address refused. More than REFUSED_ALERT of those refused is an alert.
DETECTION = ("detect/unmarked", "detect/refused_article_like")
REFUSED_ALERT = 0.5


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


@dataclass
class HealthTally:
    articles: int = 0
    filled: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    words: list[float] = field(default_factory=list)
    kept: list[float] = field(default_factory=list)
    unmarked: int = 0  # articles taken without article markup
    refused: int = 0  # pages refused as no article
    refused_article_like: int = 0  # of which at an article's address (an id, a date, a slug)

    def refuse(self, *, article_like: bool) -> None:
        self.refused += 1
        self.refused_article_like += int(article_like)

    def add(
        self,
        *,
        title: bool,
        published: bool,
        authors: bool,
        section: bool,
        words: int,
        kept: float | None,
        marked: bool = True,
    ) -> None:
        self.articles += 1
        self.unmarked += int(not marked)
        for name, present in zip(FIELDS, (title, published, authors, section), strict=True):
            self.filled[name] += int(present)
        self.words.append(words)
        if kept is not None:
            self.kept.append(kept)

    def summary(self) -> dict[str, float]:
        """Flat figures, stable names: fill rates in 0..1, word-count quantiles, kept share,
        and what detection took and refused."""
        judged = self.articles + self.refused_article_like
        detected: dict[str, float] = {
            "detect/refused": self.refused,
            "detect/refused_article_like": self.refused_article_like,
            "detect/refused_share": round(self.refused_article_like / judged, 4) if judged else 0,
        }
        if not self.articles:
            return {"articles": 0, **detected}
        figures: dict[str, float] = {"articles": self.articles, **detected}
        figures["detect/unmarked"] = round(self.unmarked / self.articles, 4)
        figures.update({f"fill/{k}": round(v / self.articles, 4) for k, v in self.filled.items()})
        for q in (0.1, 0.5, 0.9):
            figures[f"words/p{int(q * 100)}"] = _quantile(self.words, q)
        figures["kept/p50"] = round(statistics.median(self.kept), 4) if self.kept else 0.0
        return figures


def alerts(
    current: dict[str, float],
    earlier: list[dict[str, float]],
    *,
    drop: float = 0.3,
    min_articles: int = 10,
) -> list[str]:
    """What fell by more than `drop` against the mean of earlier crawls of the same site,
    and a crawl whose pages at articles' addresses were mostly refused as no article."""
    found: list[str] = []
    refused = current.get("detect/refused_article_like", 0)
    judged = current.get("articles", 0) + refused
    if judged >= min_articles and refused > REFUSED_ALERT * judged:
        found.append(
            f"detect/refused: {refused:.0f} of {judged:.0f} pages at articles' addresses were "
            "refused as no article (see `levantcrawl failures`)"
        )
    if current.get("articles", 0) < min_articles:
        return found
    usable = [e for e in earlier if e.get("articles", 0) >= min_articles]
    for name in WATCHED if usable else ():
        before = statistics.fmean(e.get(name, 0.0) for e in usable)
        now = current.get(name, 0.0)
        if before > 0 and now < before * (1 - drop):
            found.append(f"{name} fell from {before:.2f} to {now:.2f}")
    return found


class RedesignWatch:
    """Notices, page by page, when article text collapses across many recent pages at once:
    the site changed its template, and a model of the old one would strip the new news."""

    def __init__(self, drop: float, recent: int = 24, usual: int = 200) -> None:
        self._drop = drop
        self._recent: deque[int] = deque(maxlen=recent)
        self._usual: deque[int] = deque(maxlen=usual)

    def add(self, words: int) -> tuple[float, float] | None:
        """Record one page; (usual median, recent median) when a redesign shows, else None."""
        self._recent.append(words)
        enough = len(self._recent) == self._recent.maxlen
        if enough and len(self._usual) >= 2 * len(self._recent):
            usual, recent = statistics.median(self._usual), statistics.median(self._recent)
            if recent < usual * (1 - self._drop):
                self._usual.clear()
                self._usual.extend(self._recent)
                return usual, recent
        self._usual.append(words)
        return None
