"""Topical look-alikes: a separate story that echoes claims of the article it resembles.

A rival's piece or a follow-up on the same subject restates some of the same reported claims
in its own words. Each restated claim shares a run of words with the target, never a whole
sentence; how many paragraphs carry one varies per article, from none to most.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.dedupe_corpus._text import sentences, word_count
from benchmarks.dedupe_corpus.model import MAX_BODY_WORDS

if TYPE_CHECKING:
    import random
    from collections.abc import Sequence

    from benchmarks.dedupe_corpus._prose import Prose, Topic

# The share of a look-alike's paragraphs that restate a claim is drawn from this range.
ECHO_RATE = (0.0, 1.0)
_ECHOES_PER_PARAGRAPH = 2


def echo_claims(
    rng: random.Random,
    prose: Prose,
    topic: Topic,
    body: Sequence[str],
    target: Sequence[str],
    used: set[str],
) -> tuple[str, ...]:
    """`body` with some of `target`'s claims restated; `used` keeps restatements unique."""
    claims = [claim for paragraph in target for claim in prose.claims(paragraph)]
    rng.shuffle(claims)
    rate = rng.uniform(*ECHO_RATE)
    paragraphs = list(body)
    for at in range(len(paragraphs)):
        for _ in range(_ECHOES_PER_PARAGRAPH):
            if not claims or rng.random() >= rate:
                break
            sentence = prose.restate(rng, topic, claims.pop())
            words = word_count(paragraphs) + len(sentence.split())
            if sentence in used or words > MAX_BODY_WORDS:
                continue
            used.add(sentence)
            parts = sentences(paragraphs[at])
            parts.insert(rng.randint(0, len(parts)), sentence)
            paragraphs[at] = " ".join(parts)
    return tuple(paragraphs)
