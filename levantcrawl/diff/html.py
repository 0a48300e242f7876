"""A RevisionDiff as one self-contained HTML page: inline CSS, no scripts, no external assets.

The title change sits on top (the old title struck through, the new one highlighted), then the
revision numbers and capture times, the change labels, changed fields, and the paragraphs side
by side: deleted words in <del>, inserted words in <ins>, unchanged paragraphs dimmed, with
long unchanged runs folded into a <details> element (it opens without any script). Every text
element from the article has dir="auto" (and its language), so Arabic reads right to left in an
otherwise left-to-right page. Everything from the archive is escaped.
"""

from __future__ import annotations

from html import escape
from itertools import groupby
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from levantcrawl.diff.labels import change_labels, summarize
from levantcrawl.diff.render import capture_time

if TYPE_CHECKING:
    from collections.abc import Iterator

    from levantcrawl.diff.text import Chunk, ParagraphChange, RevisionDiff

# Unchanged paragraphs shown on each side of a change; the rest of a run is folded away when
# that hides at least FOLD_AT paragraphs.
CONTEXT = 1
FOLD_AT = 3

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; background: #fff; color: #1f2328;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Naskh Arabic",
  Tahoma, sans-serif; }
header { border-bottom: 1px solid #d0d7de; padding-bottom: 12px; margin-bottom: 16px; }
h1 { font-size: 1.6em; line-height: 1.3; margin: 0 0 8px; }
.old-title { font-size: 1.2em; margin: 0 0 6px; color: #57606a; }
.meta, .summary { margin: 4px 0; color: #57606a; font-size: 0.9em; }
.meta a { color: #0969da; word-break: break-all; }
.labels { list-style: none; margin: 10px 0 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 6px; }
.labels li { border: 1px solid #8c959f; border-radius: 12px; padding: 1px 10px;
  font-size: 0.85em; background: #f6f8fa; }
del { background: #ffc1c0; color: #82071e; text-decoration: line-through; }
ins { background: #a6f0b8; color: #0a4d1f; text-decoration: none; }
table.fields { border-collapse: collapse; margin: 0 0 16px; font-size: 0.9em; }
table.fields th, table.fields td { border: 1px solid #d0d7de; padding: 4px 10px;
  text-align: start; vertical-align: top; }
.columns { border: 1px solid #d0d7de; border-radius: 6px; overflow: hidden; }
.row { display: grid; grid-template-columns: 3em 1fr 3em 1fr; border-top: 1px solid #eaeef2; }
.row.head { border-top: 0; background: #f6f8fa; font-weight: 600; font-size: 0.9em; }
.num { color: #8c959f; font-size: 0.8em; text-align: end; padding: 10px 8px 0 0;
  user-select: none; }
.cell { padding: 8px 12px; min-width: 0; overflow-wrap: anywhere; }
.row.same .cell, .row.same .num { color: #8c959f; }
.row.changed .cell.old { background: #fff8f8; }
.row.changed .cell.new { background: #f6fff8; }
.row.changed .cell.empty, .row.same .cell.empty {
  background: repeating-linear-gradient(135deg, #fafbfc 0 6px, #f1f3f5 6px 12px); }
details.fold { border-top: 1px solid #eaeef2; }
details.fold > summary { cursor: pointer; color: #57606a; font-size: 0.85em; padding: 6px 12px;
  background: #f6f8fa; }
.nochange { padding: 12px; color: #57606a; }
"""


def render_html(
    diff: RevisionDiff,
    url: str,
    *,
    language: str | None = None,
    context: int = CONTEXT,
) -> str:
    """The whole page as text (UTF-8 when written). `language` (e.g. "ar") is the article's:
    the `lang` of its title and paragraphs."""
    labels = change_labels(diff)
    title = diff.new_title or diff.old_title or url
    text = ' dir="auto"' + (f' lang="{_e(language)}"' if language else "")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing may load or run: the page is one file, readable offline, safe to open.
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="levantcrawl">',
        f"<title>{_e(title)} (revision {diff.from_number} \u2192 {diff.to_number})</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        *_title(diff, text),
        f'<p class="meta">{_link(url)}</p>',
        f'<p class="meta">revision {diff.from_number}, captured '
        f"{_e(capture_time(diff.from_fetched_at))} \u2192 revision {diff.to_number}, "
        f"captured {_e(capture_time(diff.to_fetched_at))}</p>",
        f'<p class="summary">{_e(summarize(diff, labels))}</p>',
    ]
    if labels:
        parts.append(
            '<ul class="labels">' + "".join(f"<li>{_e(label)}</li>" for label in labels) + "</ul>"
        )
    parts.append("</header>")
    parts += _fields(diff.fields)
    parts += _columns(diff, context, text)
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _link(url: str) -> str:
    """The article's address; a link only when it is http(s), never javascript: or data:."""
    if urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{_e(url)}" rel="noreferrer" dir="ltr">{_e(url)}</a>'
    return f'<span dir="ltr">{_e(url)}</span>'


def _title(diff: RevisionDiff, text: str) -> list[str]:
    if not diff.title_changed:
        return [f"<h1{text}>{_e(diff.new_title)}</h1>"]
    old = f"<del>{_e(diff.old_title)}</del>" if diff.old_title else "(no title)"
    new = f"<ins>{_e(diff.new_title)}</ins>" if diff.new_title else "(no title)"
    return [f'<p class="old-title"{text}>{old}</p>', f"<h1{text}>{new}</h1>"]


def _field_value(value: Any) -> str:
    if value is None or value == []:
        return "\u2014"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _fields(fields: dict[str, tuple[Any, Any]]) -> list[str]:
    if not fields:
        return []
    rows = [
        f'<tr><th scope="row">{_e(key)}</th>'
        f'<td dir="auto"><del>{_e(_field_value(old))}</del></td>'
        f'<td dir="auto"><ins>{_e(_field_value(new))}</ins></td></tr>'
        for key, (old, new) in fields.items()
    ]
    head = '<tr><th scope="col">field</th><th scope="col">before</th><th scope="col">after</th>'
    return ['<table class="fields">', f"{head}</tr>", *rows, "</table>"]


def _words(chunks: tuple[Chunk, ...], side: str) -> str:
    """One side of a replaced paragraph: its own words, with the changed ones marked."""
    out: list[str] = []
    for chunk in chunks:
        if chunk.op == "equal":
            out.append(_e(chunk.text))
        elif chunk.op == "delete" and side == "old":
            out.append(f"<del>{_e(chunk.text)}</del>")
        elif chunk.op == "insert" and side == "new":
            out.append(f"<ins>{_e(chunk.text)}</ins>")
    return "".join(out)


def _row(
    text: str, kind: str, old_no: int | None, old: str | None, new_no: int | None, new: str | None
) -> str:
    def num(n: int | None) -> str:
        return f'<div class="num">{n}</div>' if n is not None else '<div class="num"></div>'

    def cell(side: str, html: str | None) -> str:
        if html is None:
            return f'<div class="cell {side} empty"></div>'
        return f'<div class="cell {side}"{text}>{html}</div>'

    inner = num(old_no) + cell("old", old) + num(new_no) + cell("new", new)
    return f'<div class="row {kind}">{inner}</div>'


def _change_row(change: ParagraphChange, old_no: int, new_no: int, text: str) -> str:
    if change.op == "insert":
        return _row(text, "changed", None, None, new_no, f"<ins>{_e(change.new)}</ins>")
    if change.op == "delete":
        return _row(text, "changed", old_no, f"<del>{_e(change.old)}</del>", None, None)
    if change.op == "replace":
        old, new = _words(change.words, "old"), _words(change.words, "new")
        return _row(text, "changed", old_no, old, new_no, new)
    return _row(text, "same", old_no, _e(change.old), new_no, _e(change.new))


def _numbered(body: tuple[ParagraphChange, ...]) -> Iterator[tuple[ParagraphChange, int, int]]:
    """Each change with its paragraph number in the older and the newer revision."""
    old_no = new_no = 0
    for change in body:
        old_no += change.old is not None
        new_no += change.new is not None
        yield change, old_no, new_no


def _columns(diff: RevisionDiff, context: int, text: str) -> list[str]:
    head = (
        '<div class="row head"><div class="num">\u00b6</div>'
        f'<div class="cell">revision {diff.from_number}</div><div class="num">\u00b6</div>'
        f'<div class="cell">revision {diff.to_number}</div></div>'
    )
    out = ['<main class="columns">', head]
    if not diff.body:
        out.append('<p class="nochange">Neither revision has any text.</p>')
    groups = [
        (same, list(rows))
        for same, rows in groupby(_numbered(diff.body), key=lambda row: row[0].op == "equal")
    ]
    for index, (same, rows) in enumerate(groups):
        shown = [_change_row(change, old_no, new_no, text) for change, old_no, new_no in rows]
        if same:
            shown = _fold(shown, context, first=index == 0, last=index == len(groups) - 1)
        out += shown
    out.append("</main>")
    return out


def _fold(rows: list[str], context: int, *, first: bool, last: bool) -> list[str]:
    """A run of unchanged rows: `context` rows next to each change stay, and the rest fold
    into a closed <details> when there are at least FOLD_AT of them."""
    keep_before = 0 if first else context
    keep_after = 0 if last else context
    if len(rows) - keep_before - keep_after < FOLD_AT:
        return rows
    hidden = rows[keep_before : len(rows) - keep_after]
    noun = "paragraph" if len(hidden) == 1 else "paragraphs"
    folded = [
        '<details class="fold">',
        f"<summary>{len(hidden)} unchanged {noun}</summary>",
        *hidden,
        "</details>",
    ]
    return [*rows[:keep_before], *folded, *rows[len(rows) - keep_after :]]
