"""Scoring one extraction against its page's truth, and averaging the scores. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import date

    from benchmarks.corpus import LabelledPage

_SPACE = re.compile(r"\s+")
_SLASH = re.compile(r"\s*/\s*")


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one extractor said about one page, in the shape the truth has."""

    title: str | None
    paragraphs: tuple[str, ...]
    published: date | None  # the publication day in the site's zone
    authors: tuple[str, ...]
    section: str | None


@dataclass(frozen=True, slots=True)
class Overlap:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class PageScore:
    body: Overlap
    leaked: int
    title: bool
    published: bool
    authors: bool
    section: bool


@dataclass(frozen=True, slots=True)
class Summary:
    """Means over pages; `leaked` is a sum."""

    pages: int
    precision: float
    recall: float
    f1: float
    leaked: int
    title: float
    published: float
    authors: float
    section: float


def normalise_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def tokens(text: str) -> Counter[str]:
    """Lower-case whitespace tokens with every punctuation character removed."""
    out: Counter[str] = Counter()
    for raw in text.split():
        token = "".join(c for c in raw if not unicodedata.category(c).startswith("P")).lower()
        if token:
            out[token] += 1
    return out


def body_overlap(extracted: Iterable[str], truth: Iterable[str]) -> Overlap:
    """Bag-of-words precision, recall and F1 (multiset overlap of tokens).

    Both sides empty is a perfect score; one side empty scores zero, so an extractor that
    gives up is never rewarded with a precision of 1.
    """
    got, want = tokens(" ".join(extracted)), tokens(" ".join(truth))
    if not got and not want:
        return Overlap(1.0, 1.0, 1.0)
    common = (got & want).total()
    if not common:
        return Overlap(0.0, 0.0, 0.0)
    precision, recall = common / got.total(), common / want.total()
    return Overlap(precision, recall, 2 * precision * recall / (precision + recall))


def leaked_lines(extracted: Iterable[str], template_lines: Iterable[str]) -> int:
    """How many template lines appear in the extracted text (whitespace-normalised, exact case)."""
    text = normalise_space(" ".join(extracted))
    return sum(1 for line in template_lines if normalise_space(line) in text)


def same_title(got: str | None, want: str) -> bool:
    return got is not None and normalise_space(got) == normalise_space(want)


def same_day(got: date | None, want: date) -> bool:
    return got == want


def same_authors(got: Iterable[str], want: Iterable[str]) -> bool:
    """Set equality, ignoring case and spacing; an empty answer is never right."""
    found = {normalise_space(a).casefold() for a in got if a.strip()}
    return bool(found) and found == {normalise_space(a).casefold() for a in want}


def same_section(got: str | None, want: str) -> bool:
    """Case-insensitive; "Russia / Iran" and "Russia/Iran" are one label."""
    return got is not None and _section_key(got) == _section_key(want)


def _section_key(label: str) -> str:
    return _SLASH.sub("/", normalise_space(label)).casefold()


def score_page(page: LabelledPage, got: Extraction) -> PageScore:
    return PageScore(
        body=body_overlap(got.paragraphs, page.paragraphs),
        leaked=leaked_lines(got.paragraphs, page.template_lines),
        title=same_title(got.title, page.title),
        published=same_day(got.published, page.published),
        authors=same_authors(got.authors, page.authors),
        section=same_section(got.section, page.section),
    )


def summarise(scores: Sequence[PageScore]) -> Summary:
    if not scores:
        raise ValueError("no pages to summarise")
    return Summary(
        pages=len(scores),
        precision=fmean(s.body.precision for s in scores),
        recall=fmean(s.body.recall for s in scores),
        f1=fmean(s.body.f1 for s in scores),
        leaked=sum(s.leaked for s in scores),
        title=fmean(s.title for s in scores),
        published=fmean(s.published for s in scores),
        authors=fmean(s.authors for s in scores),
        section=fmean(s.section for s in scores),
    )
