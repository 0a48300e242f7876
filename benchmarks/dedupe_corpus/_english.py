"""English prose from the sample site's writer, with a fixed cast of people per story."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from benchmarks.dedupe_corpus._prose import Topic
from benchmarks.dedupe_corpus._text import sentences
from levantcrawl.samplesite import _vocab as v
from levantcrawl.samplesite.content import Story, Writer

if TYPE_CHECKING:
    import random
    from datetime import date

SECTIONS = tuple(v.SECTIONS)
WIRE_AGENCY = "Eastern Wire"
_CAST_SIZE = 3
# How often a sentence that names someone names one of the story's own people.
_CAST_RATE = 0.8
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A reported claim, "<group or topic> would <do something>", as the writer's frames end it.
_CLAIM = re.compile(
    r"(?:\bthat|\bwhether|^According to [^,]+,|\bsaid) "
    r"(?P<claim>[^,\"]+ would [^,\"]+?)(?:, but gave no further details)?\.$"
)
_NUMBER = re.compile(r"\d{1,3}(,\d{3})*")
# Swaps a copy desk makes without changing the sense; each reads right in the writer's frames.
_SWAPS = {
    "said": "stated",
    "reporters": "journalists",
    "would": "will",
    "expected": "due",
    "officials": "authorities",
    "residents": "locals",
    "discuss": "review",
    "added": "noted",
    "concerns": "worries",
    "families": "households",
    "details": "information",
    "several": "some",
    "latest": "newest",
    "main": "central",
    "quieter": "calmer",
    "meeting": "session",
    "weeks": "days",
    "months": "weeks",
    **{day.lower(): _WEEKDAYS[(i + 1) % 7] for i, day in enumerate(_WEEKDAYS)},
}


class _CastWriter(Writer):
    """The sample site's writer, except that most people quoted come from the story's cast.

    Sharing a cast is what makes a topical article hard: the same names and titles recur in
    sentences that are otherwise written afresh.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cast: tuple[str, ...] = ()

    def stranger(self, rng: random.Random, section: str) -> str:
        return super()._person(rng, section)

    def _person(self, rng: random.Random, section: str) -> str:
        if self.cast and rng.random() < _CAST_RATE:
            return rng.choice(self.cast)
        return super()._person(rng, section)


class EnglishProse:
    language = "en"

    def __init__(self) -> None:
        self._writer = _CastWriter()

    def topic(self, rng: random.Random, published: date) -> Topic:
        section = rng.choice(SECTIONS)
        vocab = v.SECTIONS[section]
        cast: list[str] = []
        while len(cast) < _CAST_SIZE:
            person = self._writer.stranger(rng, section)  # "Name Surname, a role,"
            if person not in cast:
                cast.append(person)
        return Topic(
            "en",
            section,
            rng.choice(vocab.topics),
            rng.choice(vocab.places),
            tuple(cast),
            published,
            rng.randrange(1000),
        )

    def headline(self, rng: random.Random, topic: Topic) -> str:
        return self._writer.headline(rng, _story(topic))

    def paragraph(self, rng: random.Random, topic: Topic) -> str:
        self._writer.cast = topic.cast
        try:
            return "".join(span.text for span in self._writer.paragraph(rng, _story(topic)))
        finally:
            self._writer.cast = ()

    def dateline(self, topic: Topic) -> str:
        return f"{topic.place.upper()} ({WIRE_AGENCY}) -"

    def byline(self, rng: random.Random, topic: Topic, *, closing: bool) -> str:
        one, other = (_name(self._writer.stranger(rng, topic.section)) for _ in range(2))
        if not closing:
            return f"By {one}"
        return rng.choice(
            (
                f"Reporting by {one}; Editing by {other}",
                f"Additional reporting by {one} in {topic.place}; Editing by {other}",
                f"Writing by {one}; Editing by {other}",
            )
        )

    def correction(self, rng: random.Random, topic: Topic) -> str:
        vocab = v.SECTIONS[topic.section]
        first, second = rng.sample(_WEEKDAYS, 2)
        return rng.choice(
            (
                f"This story has been corrected to show that the meeting in {topic.place} "
                f"took place on {first}, not {second}.",
                f"This story has been corrected to fix the spelling of "
                f"{_name(rng.choice(topic.cast))}'s name.",
                f"This story has been corrected to remove a reference to "
                f"{rng.choice(vocab.groups)} in paragraph {rng.randint(2, 6)}.",
                f"This story has been corrected to say that {rng.choice(vocab.groups)} "
                f"did not attend the talks in {topic.place}.",
            )
        )

    def claims(self, paragraph: str) -> list[str]:
        found = (_CLAIM.search(sentence) for sentence in sentences(paragraph))
        return [match["claim"] for match in found if match]

    def restate(self, rng: random.Random, topic: Topic, claim: str) -> str:
        return rng.choice(
            (
                f"{_name(rng.choice(topic.cast))} has long argued that {claim}.",
                f"Earlier reports had suggested that {claim}.",
                f"It is still unclear whether {claim}.",
                f"Few people in {topic.place} believe that {claim}.",
                f"Critics doubt that {claim}.",
                f"Some in {topic.place} had hoped that {claim}.",
            )
        )

    def swap(self, rng: random.Random, word: str) -> str | None:
        if _NUMBER.fullmatch(word):
            number = f"{rng.randint(12, 4800):,}"
            return number if number != word else f"{rng.randint(4801, 9999):,}"
        new = _SWAPS.get(word.lower())
        if new is None:
            return None
        return new[:1].upper() + new[1:] if word[:1].isupper() else new


def _story(topic: Topic) -> Story:
    return Story(topic.section, topic.subject, topic.place, topic.published)


def _name(person: str) -> str:
    return person.split(",", 1)[0]
