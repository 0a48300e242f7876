"""Name the kind of change a RevisionDiff is: stable labels, always in the same order, and a
one-line summary built from them ("headline changed; +1 paragraph (+60 words, -0)")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from levantcrawl.diff.text import ParagraphChange, RevisionDiff

HEADLINE_CHANGED = "headline changed"
PARAGRAPHS_ADDED = "paragraphs added"  # new paragraphs other than correction notices
PARAGRAPHS_REMOVED = "paragraphs removed"
CORRECTION_APPENDED = "correction appended"
MINOR_WORDING = "minor wording"  # only small edits inside paragraphs, none added or removed
PARAGRAPHS_REWRITTEN = "paragraphs rewritten"  # an edit inside a paragraph that is not small
DATES_CHANGED = "dates changed"
AUTHORS_CHANGED = "authors changed"
SECTION_CHANGED = "section changed"
TAGS_CHANGED = "tags changed"

# Every label, in the order labels are reported. Names are part of the JSON output: keep them.
LABELS: tuple[str, ...] = (
    HEADLINE_CHANGED,
    PARAGRAPHS_ADDED,
    PARAGRAPHS_REMOVED,
    CORRECTION_APPENDED,
    MINOR_WORDING,
    PARAGRAPHS_REWRITTEN,
    DATES_CHANGED,
    AUTHORS_CHANGED,
    SECTION_CHANGED,
    TAGS_CHANGED,
)

# An edit inside a paragraph is minor when it changes at most this share of its words (a
# replaced word counts once), or a single word in a short paragraph.
MINOR_SHARE = 0.10
# difflib pairs a replaced run of paragraphs by position; a pair that keeps less than this
# share of its words is not an edit but one paragraph removed and another added.
KEPT_SHARE = 0.5

# Revision fields (as diff/text.py's snapshots name them) and the label a change to each gets.
_FIELD_LABELS: dict[str, str] = {
    "published": DATES_CHANGED,
    "published_at": DATES_CHANGED,
    "modified": DATES_CHANGED,
    "modified_at": DATES_CHANGED,
    "authors": AUTHORS_CHANGED,
    "section": SECTION_CHANGED,
    "section_path": SECTION_CHANGED,
    "tags": TAGS_CHANGED,
}

# How a correction notice starts, after any leading punctuation ("*", "[", "(", a dash).
_CORRECTION = re.compile(
    r"""^[\W_]*(?:
        corrections?\b
      | clarifications?\b
      | updated?(?:\s+\d+)?\s*[:\u2013\u2014-]
      | editor(?:['\u2019]s|s['\u2019]?)\s+notes?\b
      | \u062a\u0635\u062d\u064a\u062d   # تصحيح, correction
      | \u062a\u0648\u0636\u064a\u062d   # توضيح, clarification
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def is_correction(paragraph: str) -> bool:
    """Whether a paragraph is a correction, clarification, update or editor's note."""
    return _CORRECTION.match(paragraph.strip()) is not None


def _words(text: str | None) -> int:
    return len((text or "").split())


def is_minor(change: ParagraphChange) -> bool:
    """A replaced paragraph whose words changed only a little."""
    if change.op != "replace":
        return False
    words = max(_words(change.old), _words(change.new))
    changed = max(change.words_added, change.words_removed)
    return changed <= max(1.0, MINOR_SHARE * words)


def is_edit(change: ParagraphChange) -> bool:
    """A replaced paragraph that is the same paragraph reworded, not another one in its place."""
    if change.op != "replace":
        return False
    kept = sum(_words(c.text) for c in change.words if c.op == "equal")
    return kept >= KEPT_SHARE * max(_words(change.old), _words(change.new), 1)


@dataclass(frozen=True, slots=True)
class BodyChanges:
    """The body's changes as a person counts them: paragraphs added, removed and edited."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    edited: tuple[ParagraphChange, ...]


def body_changes(diff: RevisionDiff) -> BodyChanges:
    added: list[str] = []
    removed: list[str] = []
    edited: list[ParagraphChange] = []
    for change in diff.body:
        if is_edit(change):
            edited.append(change)
            continue
        if change.old is not None and change.op != "equal":
            removed.append(change.old)
        if change.new is not None and change.op != "equal":
            added.append(change.new)
    return BodyChanges(tuple(added), tuple(removed), tuple(edited))


def change_labels(diff: RevisionDiff) -> tuple[str, ...]:
    """The labels that describe `diff`, in LABELS order; empty when nothing changed."""
    body = body_changes(diff)
    found: set[str] = set()
    if diff.title_changed:
        found.add(HEADLINE_CHANGED)
    if any(not is_correction(p) for p in body.added):
        found.add(PARAGRAPHS_ADDED)
    if body.removed:
        found.add(PARAGRAPHS_REMOVED)
    if any(is_correction(p) for p in body.added):
        found.add(CORRECTION_APPENDED)
    if any(not is_minor(p) for p in body.edited):
        found.add(PARAGRAPHS_REWRITTEN)
    elif body.edited and not body.added and not body.removed:
        found.add(MINOR_WORDING)
    found.update(_FIELD_LABELS[key] for key in diff.fields if key in _FIELD_LABELS)
    return tuple(label for label in LABELS if label in found)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summarize(diff: RevisionDiff, labels: tuple[str, ...] | None = None) -> str:
    """One line for a person: "headline changed; +1 paragraph (+60 words, -0); dates changed".

    Paragraphs are counted as +added, -removed and ~edited (a paragraph replaced by an unrelated
    one counts as one removed and one added); the other labels follow in order.
    """
    labels = change_labels(diff) if labels is None else labels
    parts: list[str] = []
    if HEADLINE_CHANGED in labels:
        parts.append(HEADLINE_CHANGED)
    body = body_changes(diff)
    counts = [
        f"{sign}{_count(n, 'paragraph')}"
        for sign, n in (("+", len(body.added)), ("-", len(body.removed)), ("~", len(body.edited)))
        if n
    ]
    if counts:
        words = f"+{_count(diff.words_added, 'word')}, -{diff.words_removed}"
        parts.append(f"{', '.join(counts)} ({words})")
    shown_by_counts = {HEADLINE_CHANGED, PARAGRAPHS_ADDED, PARAGRAPHS_REMOVED, PARAGRAPHS_REWRITTEN}
    parts += [label for label in labels if label not in shown_by_counts]
    if not parts:
        return "no change" if not diff.changed else "other fields changed"
    return "; ".join(parts)
