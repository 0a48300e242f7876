"""Word-level differences between two revisions of an article."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class Chunk:
    op: str  # equal | insert | delete
    text: str


@dataclass(frozen=True, slots=True)
class RevisionDiff:
    """What changed between two revisions: title, body words, and other fields."""

    from_number: int
    to_number: int
    title: tuple[Chunk, ...]
    body: tuple[Chunk, ...]
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def words_added(self) -> int:
        return sum(len(c.text.split()) for c in self.body if c.op == "insert")

    @property
    def words_removed(self) -> int:
        return sum(len(c.text.split()) for c in self.body if c.op == "delete")

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(c.op != "equal" for c in (*self.title, *self.body))


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


def diff_revisions(old: dict[str, Any], new: dict[str, Any]) -> RevisionDiff:
    """Diff two revision snapshots (dicts with number, title, text and other fields)."""
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
        body=word_diff(old.get("text") or "", new.get("text") or ""),
        fields=fields,
    )
