"""What the builder asks of a language's prose: stories, headlines, paragraphs and edit lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import random
    from datetime import date


@dataclass(frozen=True, slots=True)
class Topic:
    """What one article is about. A topical article reuses its target's topic with a new date,
    so it quotes the same `cast` about the same subject in the same place."""

    language: str
    section: str
    subject: str
    place: str
    cast: tuple[str, ...]  # the people the story quotes
    published: date
    habit: int  # picks per-story house habits, such as the Arabic digit style


class Prose(Protocol):
    """Fresh (never repeated) text in one language."""

    @property
    def language(self) -> str: ...

    def topic(self, rng: random.Random, published: date) -> Topic: ...

    def headline(self, rng: random.Random, topic: Topic) -> str: ...

    def paragraph(self, rng: random.Random, topic: Topic) -> str: ...

    def dateline(self, topic: Topic) -> str:
        """A wire dateline to put before the first paragraph: "BEIRUT (Eastern Wire) -"."""
        ...

    def byline(self, rng: random.Random, topic: Topic, *, closing: bool) -> str:
        """A byline paragraph to open the body or, with `closing`, a credit line to end it."""
        ...

    def correction(self, rng: random.Random, topic: Topic) -> str: ...

    def claims(self, paragraph: str) -> list[str]:
        """The reported claims in a paragraph: "the cabinet would review the plan by spring"."""
        ...

    def restate(self, rng: random.Random, topic: Topic, claim: str) -> str:
        """A sentence repeating `claim` in a frame the writer itself never uses."""
        ...

    def swap(self, rng: random.Random, word: str) -> str | None:
        """Another word a copy editor could put in place of `word`, or None."""
        ...
