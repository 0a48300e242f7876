"""Near copies: a source article edited the way a second newsroom edits copy it takes in.

Edits are drawn in random order and kept while the measured word-level edit share stays
close to the share aimed for; a few swapped words then close the remaining gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks.dedupe_corpus._text import sentences, split_token, word_count
from benchmarks.dedupe_corpus.model import (
    MAX_BODY_WORDS,
    MIN_BODY_WORDS,
    NEAR_MAX_SHARE,
    NEAR_MIN_SHARE,
)
from benchmarks.dedupe_metrics import edit_share

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Sequence

    from benchmarks.dedupe_corpus._prose import Prose, Topic

    Edit = Callable[[random.Random, Prose, Topic, list[str]], list[str] | None]

# How far the measured share may land from the share aimed for.
TOLERANCE = 0.01
_ATTEMPTS = 40
_MAX_KINDS = 4
_PASSES = 3  # a sentence may be rewritten, or a paragraph added, more than once
# "A few words changed": more swaps than this would read as a rewrite.
_MAX_SWAPS = 12
_BYLINE_WORDS = 6
_ONCE = frozenset({"dateline", "byline", "credit", "correction", "remove"})


@dataclass(frozen=True, slots=True)
class NearCopy:
    paragraphs: tuple[str, ...]
    edits: tuple[str, ...]
    share: float


def near_copy(
    rng: random.Random, prose: Prose, topic: Topic, source: Sequence[str], target: float
) -> NearCopy:
    """Edit `source` until its edit share is within TOLERANCE of `target` (never outside
    the near range); when no attempt gets that close, the closest attempt in range."""
    best: NearCopy | None = None
    for _ in range(_ATTEMPTS):
        made = _attempt(rng, prose, topic, tuple(source), target)
        if not NEAR_MIN_SHARE <= made.share <= NEAR_MAX_SHARE:
            continue
        if abs(made.share - target) <= TOLERANCE:
            return made
        if best is None or abs(made.share - target) < abs(best.share - target):
            best = made
    if best is None:
        raise RuntimeError(f"no near copy within the near range for a share of {target:.3f}")
    return best


def _attempt(
    rng: random.Random, prose: Prose, topic: Topic, source: tuple[str, ...], target: float
) -> NearCopy:
    """One to four kinds of edit, each applied while the share stays below the aim, then
    swapped words up to it."""
    paragraphs, edits, share = list(source), [], 0.0
    kinds = rng.sample(sorted(_EDITS), rng.randint(1, _MAX_KINDS))
    for _ in range(_PASSES):
        for name in kinds:
            if share >= target - TOLERANCE / 2:
                break
            if name in _ONCE and name in edits:
                continue
            made = _EDITS[name](rng, prose, topic, paragraphs)
            if made is None or not MIN_BODY_WORDS <= word_count(made) <= MAX_BODY_WORDS:
                continue
            measured = edit_share(source, made)
            if measured <= target + TOLERANCE / 2:
                paragraphs, share = made, measured
                edits.append(name)
    swaps = 0
    while share < target - TOLERANCE / 2 and swaps < _MAX_SWAPS:
        # one swapped word moves the share by about one over the length
        wanted = round((target - share) * word_count(paragraphs)) or 1
        paragraphs, done = _swap_words(rng, prose, paragraphs, min(wanted, _MAX_SWAPS - swaps))
        if not done:
            break
        share = edit_share(source, paragraphs)
        swaps += done
    if swaps:
        edits.append("words")
    return NearCopy(tuple(paragraphs), tuple(sorted(set(edits))), share)


def _dateline(rng: random.Random, prose: Prose, topic: Topic, body: list[str]) -> list[str] | None:
    line = prose.dateline(topic)
    # the lead is the first paragraph of prose, after any byline
    at = next((at for at, text in enumerate(body) if len(sentences(text)) > 1), 0)
    if body[at].startswith(line):
        return None  # a copy of a copy may carry the dateline already
    return [*body[:at], f"{line} {body[at]}", *body[at + 1 :]]


def _byline(rng: random.Random, prose: Prose, topic: Topic, body: list[str]) -> list[str] | None:
    if len(body[0].split()) <= _BYLINE_WORDS:
        return None  # a copy of a copy may open with a byline already
    return [prose.byline(rng, topic, closing=False), *body]


def _credit(rng: random.Random, prose: Prose, topic: Topic, body: list[str]) -> list[str]:
    return [*body, prose.byline(rng, topic, closing=True)]


def _correction(rng: random.Random, prose: Prose, topic: Topic, body: list[str]) -> list[str]:
    return [*body, prose.correction(rng, topic)]


def _sentence(rng: random.Random, prose: Prose, topic: Topic, body: list[str]) -> list[str] | None:
    """One sentence rewritten: a fresh sentence about the same story in its place."""
    if (at := _prose_paragraph(rng, body)) is None:
        return None
    parts = sentences(body[at])
    parts[rng.randrange(len(parts))] = sentences(prose.paragraph(rng, topic))[0]
    return [*body[:at], " ".join(parts), *body[at + 1 :]]


def _trim(rng: random.Random, prose: Prose, topic: Topic, body: list[str]) -> list[str] | None:
    """One sentence cut, as an editor shortens a paragraph."""
    if (at := _prose_paragraph(rng, body)) is None:
        return None
    parts = sentences(body[at])
    del parts[rng.randrange(len(parts))]
    return [*body[:at], " ".join(parts), *body[at + 1 :]]


def _prose_paragraph(rng: random.Random, body: list[str]) -> int | None:
    """A paragraph of two sentences or more: not a byline or a one-line notice."""
    choices = [at for at, text in enumerate(body) if len(sentences(text)) > 1]
    return rng.choice(choices) if choices else None


def _rewrite(rng: random.Random, prose: Prose, topic: Topic, body: list[str]) -> list[str] | None:
    if len(body) < 2:
        return None
    at = rng.randrange(1, len(body))  # the lead paragraph stays, as it does on a rewrite
    return [*body[:at], prose.paragraph(rng, topic), *body[at + 1 :]]


def _add(rng: random.Random, prose: Prose, topic: Topic, body: list[str]) -> list[str]:
    at = rng.randint(1, len(body))
    return [*body[:at], prose.paragraph(rng, topic), *body[at:]]


def _remove(rng: random.Random, prose: Prose, topic: Topic, body: list[str]) -> list[str] | None:
    if len(body) < 2:
        return None
    # desks cut from the bottom of a story more often than from its middle
    at = len(body) - 1 if rng.random() < 0.6 else rng.randrange(1, len(body))
    return [*body[:at], *body[at + 1 :]]


def _swap_words(
    rng: random.Random, prose: Prose, body: list[str], count: int
) -> tuple[list[str], int]:
    """`body` with up to `count` words swapped at random places, and how many were."""
    tokens = [paragraph.split() for paragraph in body]
    spots = [(p, i) for p, words in enumerate(tokens) for i in range(len(words))]
    done = 0
    for p, i in rng.sample(spots, len(spots)):
        if done == count:
            break
        lead, core, tail = split_token(tokens[p][i])
        new = prose.swap(rng, core)
        if new is not None and new != core:
            tokens[p][i] = f"{lead}{new}{tail}"
            done += 1
    return [" ".join(words) for words in tokens], done


_EDITS: dict[str, Edit] = {
    "dateline": _dateline,
    "byline": _byline,
    "credit": _credit,
    "correction": _correction,
    "sentence": _sentence,
    "trim": _trim,
    "rewrite": _rewrite,
    "add": _add,
    "remove": _remove,
}
