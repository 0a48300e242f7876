"""Show a RevisionDiff: coloured on a terminal, git-style word markers elsewhere, or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from levantcrawl.diff.text import Chunk, RevisionDiff

_RED, _GREEN, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[0m"
_CONTEXT_WORDS = 12


def _shorten(text: str, *, head: bool, tail: bool) -> str:
    words = text.split(" ")
    if len(words) <= 2 * _CONTEXT_WORDS:
        return text
    start = " ".join(words[:_CONTEXT_WORDS]) if head else ""
    end = " ".join(words[-_CONTEXT_WORDS:]) if tail else ""
    return f"{start} … {end}".strip()


def render_chunks(chunks: tuple[Chunk, ...], *, colour: bool, context: bool = True) -> str:
    """Deleted words as [-x-] (red), inserted as {+y+} (green); long equal runs shortened."""
    out: list[str] = []
    for index, chunk in enumerate(chunks):
        if chunk.op == "equal":
            text = chunk.text
            if context:
                text = _shorten(text, head=index > 0, tail=index < len(chunks) - 1)
            out.append(f"{_DIM}{text}{_RESET}" if colour and context else text)
        elif chunk.op == "delete":
            out.append(f"{_RED}[-{chunk.text}-]{_RESET}" if colour else f"[-{chunk.text}-]")
        else:
            out.append(f"{_GREEN}{{+{chunk.text}+}}{_RESET}" if colour else f"{{+{chunk.text}+}}")
    return "".join(out)


def render_text(diff: RevisionDiff, url: str, *, colour: bool) -> str:
    lines = [f"{url}: revision {diff.from_number} -> {diff.to_number}"]
    if not diff.changed:
        lines.append("no change")
        return "\n".join(lines)
    if any(c.op != "equal" for c in diff.title):
        lines.append("title: " + render_chunks(diff.title, colour=colour, context=False))
    for key, (old, new) in diff.fields.items():
        lines.append(f"{key}: {old!r} -> {new!r}")
    if any(c.op != "equal" for c in diff.body):
        lines.append(f"body: +{diff.words_added} words, -{diff.words_removed} words")
        lines.append(render_chunks(diff.body, colour=colour))
    return "\n".join(lines)


def as_json(diff: RevisionDiff, url: str) -> dict[str, Any]:
    return {
        "url": url,
        "from": diff.from_number,
        "to": diff.to_number,
        "changed": diff.changed,
        "title": [{"op": c.op, "text": c.text} for c in diff.title],
        "body": [{"op": c.op, "text": c.text} for c in diff.body],
        "fields": {k: {"from": old, "to": new} for k, (old, new) in diff.fields.items()},
        "words_added": diff.words_added,
        "words_removed": diff.words_removed,
    }
