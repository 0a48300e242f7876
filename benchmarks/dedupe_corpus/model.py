"""The labelled near-duplicate set: articles in archive order and the true story clusters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from datetime import datetime

Kind = Literal["original", "exact", "near", "topical", "unique"]
KINDS: tuple[Kind, ...] = ("original", "exact", "near", "topical", "unique")
COPY_KINDS: frozenset[str] = frozenset({"exact", "near"})
# The range a near copy's word-level edit share falls in, both ends included.
NEAR_MIN_SHARE = 0.01
NEAR_MAX_SHARE = 0.20
# Every body, copies included, has this many words.
MIN_BODY_WORDS = 200
MAX_BODY_WORDS = 700


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One article as the archive receives it, with its label.

    `copy_of` is the key of the earlier article an exact or near copy was made from (itself
    possibly a copy); `edit_share` is the word-level edit share against that article (0.0 for
    an exact copy, None when not a copy) and `edits` names the edits a near copy received.
    A topical article records in `mimics` the article whose section, people, place and topic
    it shares without being the same story.
    """

    key: str
    site: str
    url: str
    title: str  # as the site prints it, rubric and site name included
    headline: str  # the title without the site's decoration
    section: str
    published: datetime  # UTC
    paragraphs: tuple[str, ...]
    language: str  # "en" | "ar"
    kind: Kind
    copy_of: str | None = None
    edit_share: float | None = None
    edits: tuple[str, ...] = ()
    mimics: str | None = None


@dataclass(frozen=True, slots=True)
class DedupeCorpus:
    """`articles` in archive order (originals before their copies); `clusters` are the truth:
    sets of two or more keys that are one story. Any key in no cluster is its own story."""

    articles: tuple[CorpusArticle, ...]
    clusters: tuple[frozenset[str], ...]
