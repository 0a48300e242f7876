"""Show a RevisionDiff: coloured on a terminal, git-style word markers elsewhere, or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from levantcrawl.diff.text import Chunk, ParagraphChange, RevisionDiff

_RED, _GREEN, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[0m"


def _paint(text: str, code: str, *, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def render_chunks(chunks: tuple[Chunk, ...], *, colour: bool) -> str:
    """Deleted words as [-x-] (red), inserted as {+y+} (green), like `git diff --word-diff`."""
    out: list[str] = []
    for chunk in chunks:
        if chunk.op == "equal":
            out.append(chunk.text)
        elif chunk.op == "delete":
            out.append(_paint(f"[-{chunk.text}-]", _RED, colour=colour))
        else:
            out.append(_paint(f"{{+{chunk.text}+}}", _GREEN, colour=colour))
    return "".join(out)


def _render_body(changes: tuple[ParagraphChange, ...], *, colour: bool) -> list[str]:
    lines: list[str] = []
    unchanged = 0
    for number, change in enumerate(changes, start=1):
        if change.op == "equal":
            unchanged += 1
            continue
        if unchanged:
            lines.append(_paint(f"  … {unchanged} unchanged paragraph(s)", _DIM, colour=colour))
            unchanged = 0
        if change.op == "insert":
            lines.append(_paint(f"+ ¶{number} {change.new}", _GREEN, colour=colour))
        elif change.op == "delete":
            lines.append(_paint(f"- ¶{number} {change.old}", _RED, colour=colour))
        else:
            lines.append(f"~ ¶{number} " + render_chunks(change.words, colour=colour))
    if unchanged:
        lines.append(_paint(f"  … {unchanged} unchanged paragraph(s)", _DIM, colour=colour))
    return lines


def render_text(diff: RevisionDiff, url: str, *, colour: bool) -> str:
    lines = [f"{url}: revision {diff.from_number} -> {diff.to_number}"]
    if not diff.changed:
        lines.append("no change")
        return "\n".join(lines)
    if diff.title_changed:
        lines.append("title: " + render_chunks(diff.title, colour=colour))
    for key, (old, new) in diff.fields.items():
        lines.append(f"{key}: {old!r} -> {new!r}")
    if any(change.op != "equal" for change in diff.body):
        lines.append(f"body: +{diff.words_added} words, -{diff.words_removed} words")
        lines += _render_body(diff.body, colour=colour)
    return "\n".join(lines)


def as_json(diff: RevisionDiff, url: str) -> dict[str, Any]:
    return {
        "url": url,
        "from": diff.from_number,
        "to": diff.to_number,
        "changed": diff.changed,
        "title": [{"op": c.op, "text": c.text} for c in diff.title],
        "paragraphs": [
            {
                "op": p.op,
                "old": p.old,
                "new": p.new,
                "words": [{"op": c.op, "text": c.text} for c in p.words],
            }
            for p in diff.body
            if p.op != "equal"
        ],
        "fields": {k: {"from": old, "to": new} for k, (old, new) in diff.fields.items()},
        "words_added": diff.words_added,
        "words_removed": diff.words_removed,
    }
