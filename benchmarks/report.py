"""The benchmark's figures as aligned plain-text tables or as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from benchmarks.metrics import Summary

EXTRACTORS = ("levantcrawl", "trafilatura")
_BOLD, _RESET = "\033[1m", "\033[0m"


@dataclass(frozen=True, slots=True)
class Figures:
    """One extractor over a set of pages."""

    summary: Summary
    pages_per_second: float


@dataclass(frozen=True, slots=True)
class Comparison:
    """Both extractors over the same pages: one template, or all of them ("overall")."""

    name: str
    levantcrawl: Figures
    trafilatura: Figures

    @property
    def pages(self) -> int:
        return self.trafilatura.summary.pages

    def figures(self) -> tuple[Figures, Figures]:
        return self.levantcrawl, self.trafilatura


_ROWS: tuple[tuple[str, Callable[[Figures], str]], ...] = (
    ("body precision", lambda f: f"{f.summary.precision:.3f}"),
    ("body recall", lambda f: f"{f.summary.recall:.3f}"),
    ("body F1", lambda f: f"{f.summary.f1:.3f}"),
    ("leaked template lines", lambda f: str(f.summary.leaked)),
    ("title accuracy", lambda f: f"{f.summary.title:.3f}"),
    ("published-day accuracy", lambda f: f"{f.summary.published:.3f}"),
    ("author accuracy", lambda f: f"{f.summary.authors:.3f}"),
    ("section accuracy", lambda f: f"{f.summary.section:.3f}"),
    ("pages / second", lambda f: f"{f.pages_per_second:.1f}"),
)


def text_report(
    templates: Sequence[Comparison], overall: Comparison, *, note: str | None, bold: bool
) -> str:
    parts = [f"NOTE: {note}\n"] if note else []
    parts += [_table(c, f"{c.name} ({c.pages} pages)", bold) for c in templates]
    parts.append(_table(overall, f"overall ({overall.pages} pages, mean over pages)", bold))
    parts.append(_overview(templates, bold))
    return "\n".join(parts)


def _table(comparison: Comparison, heading: str, bold: bool) -> str:
    rows: list[tuple[str, ...]] = [("", *EXTRACTORS)]
    rows += [(label, *(cell(f) for f in comparison.figures())) for label, cell in _ROWS]
    return _heading(heading, bold) + "\n" + _align(rows) + "\n"


def _overview(templates: Sequence[Comparison], bold: bool) -> str:
    """One line per template: the figures a per-site model should move, side by side."""
    rows: list[tuple[str, ...]] = [
        ("template", "F1 lc", "F1 tr", "leaks lc", "leaks tr", "date lc", "date tr")
    ]
    for c in templates:
        lc, tr = c.levantcrawl.summary, c.trafilatura.summary
        rows.append(
            (
                c.name,
                f"{lc.f1:.3f}",
                f"{tr.f1:.3f}",
                str(lc.leaked),
                str(tr.leaked),
                f"{lc.published:.3f}",
                f"{tr.published:.3f}",
            )
        )
    return (
        _heading("overview (lc = levantcrawl, tr = plain trafilatura)", bold) + "\n" + _align(rows)
    )


def _heading(text: str, bold: bool) -> str:
    return f"{_BOLD}{text}{_RESET}" if bold else text


def _align(rows: Sequence[Sequence[str]]) -> str:
    """First column left-aligned, the figures right-aligned under their headers."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def json_report(
    templates: Sequence[Comparison], overall: Comparison, *, seed: int, note: str | None
) -> str:
    data = {
        "seed": seed,
        "levantcrawl_available": note is None,
        "note": note,
        "templates": {c.name: _comparison_json(c) for c in templates},
        "overall": _comparison_json(overall),
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def _comparison_json(comparison: Comparison) -> dict[str, object]:
    out: dict[str, object] = {"pages": comparison.pages}
    for name, figures in zip(EXTRACTORS, comparison.figures(), strict=True):
        s = figures.summary
        out[name] = {
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
            "leaked_lines": s.leaked,
            "title_accuracy": round(s.title, 4),
            "published_accuracy": round(s.published, 4),
            "author_accuracy": round(s.authors, 4),
            "section_accuracy": round(s.section, 4),
            "pages_per_second": round(figures.pages_per_second, 1),
        }
    return out
