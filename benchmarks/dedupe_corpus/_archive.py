"""Drafts in the order an archive receives them, with keys, URLs, printed titles and clusters."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from benchmarks.dedupe_corpus.model import CorpusArticle, DedupeCorpus

if TYPE_CHECKING:
    from collections.abc import Sequence

    from benchmarks.dedupe_corpus._build import Draft

_FIRST_NUMBER = 240_000
_NUMBER_STEP = 7  # article numbers that do not read as positions


def archive(drafts: Sequence[Draft]) -> DedupeCorpus:
    """Order by publication time; a copy always comes after what it copies, as it is later."""
    ordered = sorted(drafts, key=lambda d: (d.published, d.ref))
    keys = {
        d.ref: f"{d.site.host.split('.')[0]}-{position:04d}"
        for position, d in enumerate(ordered, start=1)
    }
    articles = tuple(
        CorpusArticle(
            key=keys[d.ref],
            site=d.site.host,
            url=d.site.url(
                d.headline, d.topic.section, d.published, _FIRST_NUMBER + _NUMBER_STEP * position
            ),
            title=d.site.print_title(d.headline, d.topic.section),
            headline=d.headline,
            section=d.topic.section,
            published=d.published,
            paragraphs=d.paragraphs,
            language=d.topic.language,
            kind=d.kind,
            copy_of=None if d.copy_of is None else keys[d.copy_of],
            edit_share=d.edit_share,
            edits=d.edits,
            mimics=None if d.mimics is None else keys[d.mimics],
        )
        for position, d in enumerate(ordered)
    )
    return DedupeCorpus(articles, _clusters(articles))


def _clusters(articles: Sequence[CorpusArticle]) -> tuple[frozenset[str], ...]:
    root: dict[str, str] = {}
    members: defaultdict[str, list[str]] = defaultdict(list)
    for article in articles:  # archive order: a copy's source already has its root
        root[article.key] = article.key if article.copy_of is None else root[article.copy_of]
        members[root[article.key]].append(article.key)
    return tuple(frozenset(keys) for keys in members.values() if len(keys) > 1)
