"""Splitting prose into the sentences and words the corpus builder counts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

# Both writers end every sentence with ASCII punctuation and never abbreviate with a dot.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?؟])\s+")
# A token's leading and trailing punctuation, so a swap keeps "Tuesday," a comma.
_TOKEN = re.compile(r"(\W*)(.*?)(\W*)", re.DOTALL)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_BREAK.split(text.strip()) if s]


def word_count(paragraphs: Iterable[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def split_token(token: str) -> tuple[str, str, str]:
    """("(", "Tuesday", "),") for "(Tuesday),": the part a swap may change sits in the middle."""
    match = _TOKEN.fullmatch(token)
    assert match is not None  # the pattern matches any string
    lead, core, tail = match.groups()
    return lead, core, tail
