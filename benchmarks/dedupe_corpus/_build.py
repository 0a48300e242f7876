"""Writing the planned stories: an original or unique article, its copies and its look-alikes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from benchmarks.dedupe_corpus._arabic import ArabicProse
from benchmarks.dedupe_corpus._edits import near_copy
from benchmarks.dedupe_corpus._english import EnglishProse
from benchmarks.dedupe_corpus._sites import WIRE, sites_for
from benchmarks.dedupe_corpus._text import word_count
from benchmarks.dedupe_corpus._topical import echo_claims

if TYPE_CHECKING:
    import random
    from collections.abc import Iterable

    from benchmarks.dedupe_corpus._plan import StoryPlan
    from benchmarks.dedupe_corpus._prose import Prose, Topic
    from benchmarks.dedupe_corpus._sites import Site
    from benchmarks.dedupe_corpus.model import Kind

_FIRST = datetime(2024, 6, 3, 5, tzinfo=UTC)
_SECONDS = 165 * 24 * 3600
# Body lengths to aim for; a story that will be copied leaves room for paragraphs to be
# added or cut. A body ends at most one paragraph (<= 80 words) past its aim.
_WORDS = (200, 620)
_COPIED_WORDS = (260, 600)
_TOPICAL_WORDS = (200, 560)  # restated claims come on top
# A wire story is picked up within hours; a rewritten one may appear days later.
_EXACT_DELAY = (timedelta(minutes=4), timedelta(hours=8))
_NEAR_DELAY = (timedelta(minutes=30), timedelta(days=3))
# A look-alike may run before the story it resembles, not only after.
_TOPICAL_OFFSET = (timedelta(days=-2), timedelta(days=4))
_WIRE_ORIGINALS = 0.65
_CHAINED = 0.2  # a copy made from an earlier copy rather than from the original
_SAME_SITE_TOPICAL = 0.35  # a follow-up on the same site rather than a rival's piece
_NEW_HEADLINE = 0.5


@dataclass(frozen=True, slots=True)
class Draft:
    """An article before it has its place in the archive; `ref` orders drafts as written."""

    ref: int
    site: Site
    published: datetime
    topic: Topic
    headline: str
    paragraphs: tuple[str, ...]
    kind: Kind
    copy_of: int | None = None
    mimics: int | None = None
    edit_share: float | None = None
    edits: tuple[str, ...] = ()


class Builder:
    """Writes story plans one after another; prose stays fresh across the whole set."""

    def __init__(self, rng: random.Random, near_targets: Iterable[float]) -> None:
        self._rng = rng
        self._prose: dict[str, Prose] = {"en": EnglishProse(), "ar": ArabicProse()}
        self._targets = iter(near_targets)
        self.drafts: list[Draft] = []
        self._echoes: set[str] = set()

    def story(self, plan: StoryPlan) -> None:
        rng = self._rng
        prose = self._prose[plan.language]
        sites = sites_for(plan.language)
        wire = next(s for s in sites if s.host == WIRE)
        papers = [s for s in sites if s is not wire]
        # copies run on papers, never on the wire; a paper's story has one paper fewer to go to
        if not plan.copies:
            site = rng.choice(sites)
        elif rng.random() < _WIRE_ORIGINALS or len(plan.copies) >= len(papers):
            site = wire
        else:
            site = rng.choice(papers)
        published = _FIRST + timedelta(seconds=rng.randrange(_SECONDS))
        topic = prose.topic(rng, published.date())
        first = self._keep(
            Draft(
                ref=self._ref,
                site=site,
                published=published,
                topic=topic,
                headline=prose.headline(rng, topic),
                paragraphs=self._body(prose, topic, _COPIED_WORDS if plan.copies else _WORDS),
                kind="original" if plan.copies else "unique",
            )
        )
        family = [first]
        for kind in plan.copies:
            copies = family[1:]
            source = rng.choice(copies) if copies and rng.random() < _CHAINED else first
            taken = {d.site.host for d in family}
            site = rng.choice([s for s in papers if s.host not in taken])
            family.append(self._copy(kind, source, site))
        for _ in range(plan.topicals):
            self._topical(first)

    def _copy(self, kind: str, source: Draft, site: Site) -> Draft:
        rng = self._rng
        if kind == "exact":
            return self._keep(
                Draft(
                    ref=self._ref,
                    site=site,
                    published=source.published + _between(rng, _EXACT_DELAY),
                    topic=source.topic,
                    headline=source.headline,
                    paragraphs=source.paragraphs,
                    kind="exact",
                    copy_of=source.ref,
                    edit_share=0.0,
                )
            )
        prose = self._prose[source.topic.language]
        made = near_copy(rng, prose, source.topic, source.paragraphs, next(self._targets))
        headline, edits = source.headline, made.edits
        if rng.random() < _NEW_HEADLINE:
            headline, edits = prose.headline(rng, source.topic), ("headline", *edits)
        return self._keep(
            Draft(
                ref=self._ref,
                site=site,
                published=source.published + _between(rng, _NEAR_DELAY),
                topic=source.topic,
                headline=headline,
                paragraphs=made.paragraphs,
                kind="near",
                copy_of=source.ref,
                edit_share=made.share,
                edits=edits,
            )
        )

    def _topical(self, target: Draft) -> None:
        """Same section, subject, place and cast as `target`; every sentence written afresh,
        some restating a claim of the target's."""
        rng = self._rng
        prose = self._prose[target.topic.language]
        published = target.published + _between(rng, _TOPICAL_OFFSET)
        topic = replace(target.topic, published=published.date())
        if rng.random() < _SAME_SITE_TOPICAL:
            site = target.site
        else:
            site = rng.choice([s for s in sites_for(topic.language) if s.host != target.site.host])
        self._keep(
            Draft(
                ref=self._ref,
                site=site,
                published=published,
                topic=topic,
                headline=prose.headline(rng, topic),
                paragraphs=echo_claims(
                    rng,
                    prose,
                    topic,
                    self._body(prose, topic, _TOPICAL_WORDS),
                    target.paragraphs,
                    self._echoes,
                ),
                kind="topical",
                mimics=target.ref,
            )
        )

    def _body(self, prose: Prose, topic: Topic, words: tuple[int, int]) -> tuple[str, ...]:
        aim = self._rng.randint(*words)
        paragraphs: list[str] = []
        while word_count(paragraphs) < aim:
            paragraphs.append(prose.paragraph(self._rng, topic))
        return tuple(paragraphs)

    def _keep(self, draft: Draft) -> Draft:
        self.drafts.append(draft)
        return draft

    @property
    def _ref(self) -> int:
        return len(self.drafts)


def _between(rng: random.Random, bounds: tuple[timedelta, timedelta]) -> timedelta:
    low, high = bounds
    return timedelta(seconds=rng.uniform(low.total_seconds(), high.total_seconds()))
