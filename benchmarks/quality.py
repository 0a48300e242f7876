"""Extraction quality: levantcrawl against plain trafilatura on the labelled corpus.

    .venv/bin/python benchmarks/quality.py                  # tables per template, then overall
    .venv/bin/python benchmarks/quality.py --json           # the same figures as JSON
    .venv/bin/python benchmarks/quality.py --template amp   # one template only

Every figure is deterministic except pages per second.
"""

from __future__ import annotations

import argparse
import json
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
    time_text_only,
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
    alone: dict[str, Figures] = {}
    totals: dict[str, tuple[list[PageScore], float]] = {"lc": ([], 0.0), "tr": ([], 0.0)}
    for name in names:
        pages = build_template(name, args.seed)
        plain = run_trafilatura(pages)
        ours = run_levantcrawl(pages, extract_site) if extract_site else plain
        if extract_site:
            alone[name] = _figures(pages, run_levantcrawl(pages, extract_site, site_model=False))
        comparison = Comparison(name, _figures(pages, ours), _figures(pages, plain))
        comparisons.append(comparison)
        for key, run in (("lc", ours), ("tr", plain)):
            scores, seconds = totals[key]
            scores.extend(score_page(p, e) for p, e in zip(pages, run.extractions, strict=True))
            totals[key] = (scores, seconds + run.seconds)
    overall = Comparison("overall", *(_overall(*totals[key]) for key in ("lc", "tr")))
    pages_run = len(totals["lc"][0])
    text_only = sum(time_text_only(build_template(name, args.seed)) for name in names)
    speed = {
        "levantcrawl_ms_per_page": round(1000 * totals["lc"][1] / pages_run, 3),
        "trafilatura_text_only_ms_per_page": round(1000 * text_only / pages_run, 3),
        "ratio": round(totals["lc"][1] / text_only, 3),
    }
    if args.json:
        report = json.loads(json_report(comparisons, overall, seed=args.seed, note=note))
        report["speed"] = speed
        report["without_site_model"] = {
            name: {"f1": f.summary.f1, "leaked": f.summary.leaked} for name, f in alone.items()
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(text_report(comparisons, overall, note=note, bold=sys.stdout.isatty()))
        print(
            f"\ntime per page: levantcrawl {speed['levantcrawl_ms_per_page']} ms (learning the "
            f"site model included), trafilatura.extract text only "
            f"{speed['trafilatura_text_only_ms_per_page']} ms: {speed['ratio']}x"
        )
        print("\nlevantcrawl without its site model (each page on its own):")
        print("template   F1     leaks")
        for name, figures in alone.items():
            print(f"{name:<10} {figures.summary.f1:.3f}  {figures.summary.leaked:>5}")
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
