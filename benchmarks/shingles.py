"""The scores of benchmarks/realpages.py, as pure functions.

Text against text (scrapinghub's article-extraction-benchmark): tokens are `\\w+` runs
(Unicode), shingles are overlapping windows of four tokens counted as a multiset; per page,
true positives are the shingles both texts share, false positives the extraction's extra
ones, false negatives the truth's missing ones. Precision is the mean over pages of
TP / (TP + FP), recall the mean of TP / (TP + FN), F1 the harmonic mean of the two means.
A page whose extraction is empty scores precision 0 (it found nothing right), a page whose
truth has no shingle is skipped.

Snippets (trafilatura's evaluation corpus): each page lists sentences that belong to its
article ("with") and page furniture that does not ("without"). A "with" snippet found in the
extraction is a true positive, missing a false negative; a "without" snippet found is a
false positive. Counted over the whole corpus, as trafilatura's own evaluation does, with
runs of whitespace read as one space on both sides. Neither score normalises Unicode, as
neither original evaluation does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token windows of a text (one window when it has fewer tokens)."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def ratio(right: int, wrong: int) -> float:
    """right / (right + wrong): a precision or a recall; 0 when there is nothing to count."""
    return right / (right + wrong) if right + wrong else 0.0


@dataclass(frozen=True, slots=True)
class PageScore:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.fn)

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)


def harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def score_page(extracted: str, truth: str) -> PageScore | None:
    """None when the truth has no shingle to find."""
    want = shingles(truth)
    if not want:
        return None
    got = shingles(extracted)
    tp = sum((got & want).values())
    return PageScore(tp, sum(got.values()) - tp, sum(want.values()) - tp)


@dataclass(frozen=True, slots=True)
class Summary:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)


def summarise(scores: Iterable[PageScore]) -> Summary:
    kept = list(scores)
    if not kept:
        return Summary(0.0, 0.0, 0)
    return Summary(fmean(s.precision for s in kept), fmean(s.recall for s in kept), len(kept))


def normalised(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(slots=True)
class SnippetTally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, extracted: str, with_: Sequence[str], without: Sequence[str]) -> None:
        text = normalised(extracted)
        for snippet in with_:
            if normalised(snippet) in text:
                self.tp += 1
            else:
                self.fn += 1
        for snippet in without:
            if normalised(snippet) in text:
                self.fp += 1
            else:
                self.tn += 1

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.fn)
