"""Extraction quality: levantcrawl against plain trafilatura on the labelled corpus.

    .venv/bin/python benchmarks/quality.py                  # tables per template, then overall
    .venv/bin/python benchmarks/quality.py --json           # the same figures as JSON
    .venv/bin/python benchmarks/quality.py --template amp   # one template only

Every figure is deterministic except pages per second.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Run as a script, Python puts benchmarks/ on the path, not the repository root above it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import TEMPLATES, LabelledPage, build_template
from benchmarks.extractors import (
    Run,
    load_extract_site,
    run_levantcrawl,
    run_trafilatura,
)
from benchmarks.metrics import PageScore, score_page, summarise
from benchmarks.report import Comparison, Figures, json_report, text_report


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    names = [args.template] if args.template else list(TEMPLATES)
    extract_site, note = load_extract_site()
    if note:
        print(f"note: {note}", file=sys.stderr)
    comparisons: list[Comparison] = []
    totals: dict[str, tuple[list[PageScore], float]] = {"lc": ([], 0.0), "tr": ([], 0.0)}
    for name in names:
        pages = build_template(name, args.seed)
        plain = run_trafilatura(pages)
        ours = run_levantcrawl(pages, extract_site) if extract_site else plain
        comparison = Comparison(name, _figures(pages, ours), _figures(pages, plain))
        comparisons.append(comparison)
        for key, run in (("lc", ours), ("tr", plain)):
            scores, seconds = totals[key]
            scores.extend(score_page(p, e) for p, e in zip(pages, run.extractions, strict=True))
            totals[key] = (scores, seconds + run.seconds)
    overall = Comparison("overall", *(_overall(*totals[key]) for key in ("lc", "tr")))
    if args.json:
        print(json_report(comparisons, overall, seed=args.seed, note=note))
    else:
        print(text_report(comparisons, overall, note=note, bold=sys.stdout.isatty()))
    return 0


def _figures(pages: list[LabelledPage], run: Run) -> Figures:
    scores = [score_page(p, e) for p, e in zip(pages, run.extractions, strict=True)]
    return Figures(summarise(scores), run.pages_per_second)


def _overall(scores: list[PageScore], seconds: float) -> Figures:
    return Figures(summarise(scores), len(scores) / seconds if seconds > 0 else float("inf"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--template", choices=TEMPLATES, help="run one template only")
    parser.add_argument("--seed", type=int, default=11, help="corpus seed (default: 11)")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
