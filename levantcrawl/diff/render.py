"""Show a RevisionDiff: coloured on a terminal, git-style word markers elsewhere, a unified
diff of the paragraphs, or JSON. The HTML page is in html.py."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from levantcrawl.diff.labels import change_labels, summarize
from levantcrawl.normalize.dates import iso_utc

if TYPE_CHECKING:
    from datetime import datetime

    from levantcrawl.diff.text import Chunk, ParagraphChange, RevisionDiff

_RED, _GREEN, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[0m"
_CYAN, _BOLD = "\x1b[36m", "\x1b[1m"


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


def capture_time(value: datetime | None) -> str:
    """A capture time for people: UTC to the second."""
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "time unknown"


def render_unified(diff: RevisionDiff, *, colour: bool, context: int = 3) -> str:
    """A unified diff, like `diff -u`, where each line is the title (line 1) or one paragraph.
    Empty when the title and the paragraphs are the same."""
    old = [diff.old_title, *diff.old_paragraphs]
    new = [diff.new_title, *diff.new_paragraphs]
    lines = difflib.unified_diff(
        [_one_line(p) for p in old],
        [_one_line(p) for p in new],
        fromfile=f"revision {diff.from_number} ({capture_time(diff.from_fetched_at)})",
        tofile=f"revision {diff.to_number} ({capture_time(diff.to_fetched_at)})",
        n=context,
        lineterm="",
    )
    return "\n".join(_paint_unified(line, colour=colour) for line in lines)


def _one_line(paragraph: str) -> str:
    return " ".join(paragraph.splitlines())


def _paint_unified(line: str, *, colour: bool) -> str:
    if line.startswith(("---", "+++")):
        return _paint(line, _BOLD, colour=colour)
    if line.startswith("@@"):
        return _paint(line, _CYAN, colour=colour)
    if line.startswith("-"):
        return _paint(line, _RED, colour=colour)
    if line.startswith("+"):
        return _paint(line, _GREEN, colour=colour)
    return line


def as_json(diff: RevisionDiff, url: str) -> dict[str, Any]:
    labels = change_labels(diff)
    return {
        "url": url,
        "from": diff.from_number,
        "to": diff.to_number,
        "from_fetched_at": iso_utc(diff.from_fetched_at) if diff.from_fetched_at else None,
        "to_fetched_at": iso_utc(diff.to_fetched_at) if diff.to_fetched_at else None,
        "changed": diff.changed,
        "labels": list(labels),
        "summary": summarize(diff, labels),
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
