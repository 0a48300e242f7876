"""Deterministic news prose: headlines, paragraphs and captions from a seeded random.Random.

The writer remembers every sentence and headline it has handed out, so no two articles of a
site share one; callers must therefore ask for articles in a fixed order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from levantcrawl.samplesite import _vocab as v
from levantcrawl.samplesite._dates import month_name, weekday_name
from levantcrawl.samplesite.model import Span

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Sequence

MIN_WORDS = 30
MAX_WORDS = 80
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "for", "in", "of", "on", "the", "to"})
_MAX_TRIES = 400
_SHAPES_PER_STORY = 3


class ExhaustedError(RuntimeError):
    """The vocabulary could not produce a fresh sentence; widen the word lists."""


@dataclass(frozen=True, slots=True)
class Story:
    """What one article is about; sentences lean on it so a piece reads as one story."""

    section: str
    topic: str
    place: str
    published: date


@dataclass(frozen=True, slots=True)
class LinkSpec:
    """A link the writer must weave into a sentence; `href` is written as-is."""

    href: str
    text: str
    internal: bool
    absolute: bool = False


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def title_case(text: str) -> str:
    out = [
        w.lower() if (i and w.lower() in _SMALL_WORDS) else (w[:1].upper() + w[1:])
        for i, w in enumerate(text.split())
    ]
    return " ".join(out)


def words(text: str) -> int:
    return len(text.split())


def _headline_topic(topic: str) -> str:
    return title_case(topic.removeprefix("the "))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Hands out never-repeated prose for one site build."""

    def __init__(self) -> None:
        self._sentences: set[str] = set()
        self._headlines: set[str] = set()
        self._shapes: dict[Story, Counter[int]] = {}

    # -- stories and headlines -------------------------------------------------------------

    def story(self, rng: random.Random, section: str, published: date) -> Story:
        vocab = v.SECTIONS[section]
        return Story(section, rng.choice(vocab.topics), rng.choice(vocab.places), published)

    def headline(self, rng: random.Random, story: Story) -> str:
        vocab = v.SECTIONS[story.section]
        for attempt in range(_MAX_TRIES):
            # the story's own topic first, then any topic of the section once those run out
            topic = story.topic if attempt < _MAX_TRIES // 4 else rng.choice(vocab.topics)
            t = _headline_topic(topic)
            place = rng.choice((story.place, rng.choice(vocab.places)))
            place = _cap(place)
            if story.section == "Opinion":
                text = rng.choice(v.OPINION_HEADLINES).format(t=t)
                if rng.random() < 0.5:
                    text += f" in {place}"
            else:
                text = rng.choice(v.HEADLINE_FRAMES).format(
                    t=t,
                    p=place,
                    a=rng.choice(v.HEADLINE_ACTORS),
                    vb=rng.choice(v.HEADLINE_VERBS),
                    e=rng.choice(v.HEADLINE_PLACE_EVENTS),
                )
            text = title_case(text)
            if text not in self._headlines:
                self._headlines.add(text)
                return text
        raise ExhaustedError(f"no fresh headline for {story.section}")

    def caption(self, rng: random.Random, story: Story) -> str:
        scene = rng.choice(v.SECTIONS[story.section].scenes)
        return (
            f"{scene} in {story.place}, {month_name(story.published)} {story.published.day}. "
            f"(Photo: Levant News / {rng.choice(v.PHOTOGRAPHERS)})"
        )

    # -- paragraphs ------------------------------------------------------------------------

    def paragraph(
        self, rng: random.Random, story: Story, link: LinkSpec | None = None
    ) -> tuple[Span, ...]:
        """A body paragraph of 30-80 words; with `link`, one sentence carries the anchor."""
        linked = self._link_sentence(rng, story, link) if link else None
        count = sum(words(s.text) for s in linked) if linked else 0
        target = rng.randint(MIN_WORDS + 6, 70)
        plain: list[str] = []
        kinds: set[int] = set()
        used = self._shapes.setdefault(story, Counter())
        for attempt in range(_MAX_TRIES):
            if count >= target:
                break
            kind, sentence = self._fresh(lambda: self._sentence(rng, story))
            strict = attempt < _MAX_TRIES // 2  # a long article may run out of fresh shapes
            if kind in kinds or (strict and used[kind] >= _SHAPES_PER_STORY):
                continue  # repeated sentence shapes read like a template
            n = words(sentence)
            if count + n > MAX_WORDS:
                if count >= MIN_WORDS and plain:
                    break  # close enough to the target; a shorter sentence may never come
                continue
            self._sentences.add(sentence)
            plain.append(sentence)
            kinds.add(kind)
            used[kind] += 1
            count += n
        else:
            raise ExhaustedError(f"no paragraph fits for {story.section}")
        if linked is None:
            return (Span(" ".join(plain)),)
        return _splice(plain, linked, rng.randint(0, len(plain)))

    def correction(self, rng: random.Random, story: Story, when: date) -> str:
        what = rng.choice(v.CORRECTIONS)
        return (
            f"Correction: An earlier version of this article {what} in {story.place}. "
            f"The text was updated on {weekday_name(when)} to reflect "
            f"information provided by {rng.choice(v.SECTIONS[story.section].groups)}, "
            f"and the rest of the report is unchanged."
        )

    # -- sentences -------------------------------------------------------------------------

    def _fresh(self, make: Callable[[], tuple[int, str]]) -> tuple[int, str]:
        for _ in range(_MAX_TRIES):
            kind, sentence = make()
            if sentence not in self._sentences:
                return kind, sentence
        raise ExhaustedError("vocabulary exhausted: no fresh sentence")

    def _link_sentence(self, rng: random.Random, story: Story, link: LinkSpec) -> tuple[Span, ...]:
        vocab = v.SECTIONS[story.section]

        def make() -> str:
            if link.internal:
                return rng.choice(
                    (
                        f"{_cap(rng.choice(vocab.groups))} had raised the same concerns "
                        f"{self._when(rng, story)}, as described in {{a}}.",
                        f"The dispute over {rng.choice(vocab.topics)} in "
                        f"{rng.choice(vocab.places)} was covered in {{a}}.",
                        f"For the background to {story.topic}, see {{a}}.",
                        f"Readers can find the earlier stage of the {rng.choice(v.EVENT_NOUNS)} "
                        f"in {rng.choice(vocab.places)} in {{a}}.",
                    )
                )
            return rng.choice(
                (
                    f"{rng.choice(v.EXTERNAL_PUBLISHERS)} published {{a}} on {story.topic} "
                    f"{self._when(rng, story)}.",
                    f"{rng.choice(v.EXTERNAL_PUBLISHERS)} set out its own numbers for "
                    f"{rng.choice(vocab.places)} in {{a}}, released {self._when(rng, story)}.",
                    f"The figures echo {{a}} from {rng.choice(v.EXTERNAL_PUBLISHERS).lower()} "
                    f"about {rng.choice(vocab.topics)}.",
                )
            )

        for _ in range(_MAX_TRIES):
            pattern = make()
            if pattern.format(a=link.text) not in self._sentences:
                break
        else:
            raise ExhaustedError("no fresh link sentence")
        self._sentences.add(pattern.format(a=link.text))
        before, after = pattern.split("{a}")
        return (Span(before), Span(link.text, link.href, link.absolute), Span(after))

    def _when(self, rng: random.Random, story: Story) -> str:
        if rng.random() < 0.6:
            day = story.published - timedelta(days=rng.randint(0, 3))
            return rng.choice(v.WEEKDAY_TEMPLATES).format(d=weekday_name(day))
        return rng.choice(v.LOOSE_TIMES)

    def _person(self, rng: random.Random, section: str) -> str:
        vocab = v.SECTIONS[section]
        first, last = vocab.first_names, vocab.last_names
        if vocab.other_first_names and rng.random() < 0.5:
            first, last = vocab.other_first_names, vocab.other_last_names
        name = f"{rng.choice(first)} {rng.choice(last)}"
        return f"{name}, {rng.choice(vocab.roles)},"

    def _claim(self, rng: random.Random, story: Story) -> str:
        vocab = v.SECTIONS[story.section]
        topic = story.topic if rng.random() < 0.4 else rng.choice(vocab.topics)
        who = rng.choice(vocab.groups)
        return f"{who} would {rng.choice(v.ACTIONS)} {topic} {rng.choice(v.DEADLINES)}"

    def _sentence(self, rng: random.Random, story: Story) -> tuple[int, str]:
        """A sentence and the index of its shape (opinion shapes count from 100)."""
        if story.section == "Opinion" and rng.random() < 0.5:
            return self._opinion_sentence(rng, story)
        vocab = v.SECTIONS[story.section]
        topic = story.topic if rng.random() < 0.55 else rng.choice(vocab.topics)
        place = story.place if rng.random() < 0.5 else rng.choice(vocab.places)
        makers: Sequence[Callable[[], str]] = (
            lambda: (
                f"{_cap(self._person(rng, story.section))} said {self._when(rng, story)} "
                f"that {self._claim(rng, story)}."
            ),
            lambda: f"According to {rng.choice(v.SOURCES)}, {self._claim(rng, story)}.",
            lambda: (
                f'"{rng.choice(v.QUOTE_OPENERS)} {topic}{rng.choice(v.QUOTE_TAILS)}," '
                f"{self._person(rng, story.section)} told reporters in {place}."
            ),
            lambda: (
                f"The {rng.choice(v.EVENT_NOUNS)} in {place} came {self._when(rng, story)} "
                f"after {rng.choice(v.BACKGROUNDS)} {topic}."
            ),
            lambda: (
                f"{_cap(rng.choice(v.SOURCES))} counted {rng.randint(12, 4800):,} "
                f"{rng.choice(vocab.counts)} in {place} {self._when(rng, story)}."
            ),
            lambda: (
                f"{_cap(rng.choice(vocab.groups))} {rng.choice(v.REACTIONS)} {topic}, "
                f"{rng.choice(v.DEMANDS)}."
            ),
            lambda: (
                f"{rng.choice(v.ANALYSTS)} said {topic} would {rng.choice(v.EFFECTS)} "
                f"{rng.choice(v.EFFECT_OBJECTS)}."
            ),
            lambda: f"In {place}, {rng.choice(v.OBSERVATIONS)} {self._when(rng, story)}.",
            lambda: f"{rng.choice(v.UNCERTAIN)} {self._claim(rng, story)}.",
            lambda: (
                f"A spokesperson for {rng.choice(v.NO_COMMENT_BODIES)} did not respond to a "
                f"request for comment on {topic} in {place}."
            ),
            lambda: (
                f"{_cap(self._person(rng, story.section))} added that "
                f"{self._claim(rng, story)}, but gave no further details."
            ),
            lambda: (
                f"Residents of {place} have lived with uncertainty over {topic} since "
                f"{month_name(story.published - timedelta(days=rng.randint(20, 300)))}."
            ),
            lambda: (
                f"Asked about {topic}, {self._person(rng, story.section)} said "
                f"{self._claim(rng, story)}."
            ),
            lambda: (
                f"{_cap(rng.choice(vocab.groups))} are expected to meet "
                f"{rng.choice(v.SOON)} to discuss {topic}, {rng.choice(v.SOURCES)} said."
            ),
        )
        kind = rng.randrange(len(makers))
        return kind, makers[kind]()

    def _opinion_sentence(self, rng: random.Random, story: Story) -> tuple[int, str]:
        vocab = v.SECTIONS[story.section]
        topic = story.topic if rng.random() < 0.6 else rng.choice(vocab.topics)
        makers: Sequence[Callable[[], str]] = (
            lambda: (
                f"{rng.choice(v.OPINION_OPENERS)} {topic} as {rng.choice(v.OPINION_VIEWS)}, "
                f"but {rng.choice(v.OPINION_COUNTERS)}."
            ),
            lambda: (
                f"What {rng.choice(vocab.places)} needs now is {rng.choice(v.OPINION_NEEDS)} "
                f"on {topic}."
            ),
            lambda: (
                f"For years, {rng.choice(vocab.groups)} have argued that {self._claim(rng, story)}."
            ),
            lambda: (
                f"The real test of {topic} will come when {rng.choice(vocab.groups)} "
                f"have to choose between it and {rng.choice(vocab.topics)}."
            ),
            lambda: (
                f"None of this will matter if {rng.choice(vocab.groups)} keep treating "
                f"{topic} as {rng.choice(v.OPINION_VIEWS)}."
            ),
        )
        kind = rng.randrange(len(makers))
        return 100 + kind, makers[kind]()


def _splice(plain: list[str], linked: tuple[Span, ...], at: int) -> tuple[Span, ...]:
    """Put the linked sentence between plain ones, merging neighbouring text runs."""
    before = " ".join(plain[:at])
    after = " ".join(plain[at:])
    first, anchor, last = linked
    head = f"{before} {first.text}" if before else first.text
    tail = f"{last.text} {after}" if after else last.text
    return (Span(head), anchor, Span(tail))
