"""Differences between two revisions of an article: paragraphs first, then words inside
each changed paragraph, so a person sees what moved where."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class Chunk:
    op: str  # equal | insert | delete
    text: str


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    """One paragraph of the newer revision's body compared with the older one."""

    op: str  # equal | insert | delete | replace
    old: str | None
    new: str | None
    words: tuple[Chunk, ...] = ()  # for replace: the word-level changes

    @property
    def words_added(self) -> int:
        if self.op == "insert":
            return len((self.new or "").split())
        return sum(len(c.text.split()) for c in self.words if c.op == "insert")

    @property
    def words_removed(self) -> int:
        if self.op == "delete":
            return len((self.old or "").split())
        return sum(len(c.text.split()) for c in self.words if c.op == "delete")


@dataclass(frozen=True, slots=True)
class RevisionDiff:
    """What changed between two revisions: title, body paragraphs, and other fields, with
    when each revision was captured (None when the snapshots did not say)."""

    from_number: int
    to_number: int
    title: tuple[Chunk, ...]
    body: tuple[ParagraphChange, ...]
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    from_fetched_at: datetime | None = None
    to_fetched_at: datetime | None = None

    @property
    def words_added(self) -> int:
        return sum(p.words_added for p in self.body)

    @property
    def words_removed(self) -> int:
        return sum(p.words_removed for p in self.body)

    @property
    def title_changed(self) -> bool:
        return any(c.op != "equal" for c in self.title)

    @property
    def changed(self) -> bool:
        return bool(self.fields) or self.title_changed or any(p.op != "equal" for p in self.body)

    @property
    def old_title(self) -> str:
        return "".join(c.text for c in self.title if c.op != "insert")

    @property
    def new_title(self) -> str:
        return "".join(c.text for c in self.title if c.op != "delete")

    @property
    def old_paragraphs(self) -> tuple[str, ...]:
        return tuple(p.old for p in self.body if p.old is not None)

    @property
    def new_paragraphs(self) -> tuple[str, ...]:
        return tuple(p.new for p in self.body if p.new is not None)


def word_diff(old: str, new: str) -> tuple[Chunk, ...]:
    """Chunks that turn `old` into `new`, compared word by word (whitespace kept as written)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    chunks: list[Chunk] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            chunks.append(Chunk("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            chunks.append(Chunk("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            chunks.append(Chunk("insert", "".join(b[j1:j2])))
    return tuple(_merge(chunks))


def _merge(chunks: list[Chunk]) -> list[Chunk]:
    merged: list[Chunk] = []
    for chunk in chunks:
        if not chunk.text:
            continue
        if merged and merged[-1].op == chunk.op:
            merged[-1] = Chunk(chunk.op, merged[-1].text + chunk.text)
        else:
            merged.append(chunk)
    return merged


def paragraph_diff(old: list[str], new: list[str]) -> tuple[ParagraphChange, ...]:
    """Align paragraphs; a replaced run is paired paragraph by paragraph for a word diff."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    changes: list[ParagraphChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [ParagraphChange("equal", p, p) for p in old[i1:i2]]
            continue
        olds, news = old[i1:i2], new[j1:j2]
        paired = min(len(olds), len(news)) if tag == "replace" else 0
        for before, after in zip(olds[:paired], news[:paired], strict=True):
            changes.append(ParagraphChange("replace", before, after, word_diff(before, after)))
        changes += [ParagraphChange("delete", p, None) for p in olds[paired:]]
        changes += [ParagraphChange("insert", None, p) for p in news[paired:]]
    return tuple(changes)


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _when(value: Any) -> datetime | None:
    """A snapshot's fetched_at: an aware datetime or ISO 8601 text (`…Z` allowed)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def diff_revisions(old: dict[str, Any], new: dict[str, Any]) -> RevisionDiff:
    """Diff two revision snapshots (dicts with number, title, text, optionally fetched_at,
    and other fields, each compared as a whole)."""
    ignored = {"number", "title", "text", "fetched_at"}
    fields = {
        key: (old.get(key), new.get(key))
        for key in sorted(set(old) | set(new))
        if key not in ignored and old.get(key) != new.get(key)
    }
    return RevisionDiff(
        from_number=int(old["number"]),
        to_number=int(new["number"]),
        title=word_diff(old.get("title") or "", new.get("title") or ""),
        body=paragraph_diff(_paragraphs(old.get("text") or ""), _paragraphs(new.get("text") or "")),
        fields=fields,
        from_fetched_at=_when(old.get("fetched_at")),
        to_fetched_at=_when(new.get("fetched_at")),
    )
