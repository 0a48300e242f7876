"""Authors, dates and article detection on real pages: levantcrawl against plain trafilatura.

    .venv/bin/python benchmarks/metadata.py /work/devsets/tests/evaldata.json
    .venv/bin/python benchmarks/metadata.py EVALDATA --json          # figures for programs
    .venv/bin/python benchmarks/metadata.py EVALDATA --misses 40     # the pages each gets wrong
    .venv/bin/python benchmarks/metadata.py EVALDATA --aeb /work/devsets/aeb   # + 181 articles

EVALDATA is trafilatura's evaluation corpus index (url -> {file, author, date, title, ...});
each page is read from the `eval/` or `cache/` folder beside it. Every page is a page of a
different site, so levantcrawl reads each one cold, without a site model, as the first page
of a new site.

- author: over the pages whose annotation names an author, the share where the set of names
  is exactly the annotation's. Both sides are split the same way ("A und B", "A, B", "A; B",
  "A/dpa" are two names; case and a leading "By"/"Von" ignored); levantcrawl's agencies count
  as names, since the annotation keeps "dpa" in the byline. trafilatura's "A; B" is two names.
- date: over the pages whose annotation has a date, the share where the published day (in
  the page's own offset when it printed one) is the annotation's.
- refused: pages levantcrawl would not store as an article, with the reason; the corpus is
  nearly all articles and blog posts. With --aeb, the same over the 181 pages of
  scrapinghub's article-extraction-benchmark (html/*.html.gz and ground-truth.json), every
  one of them an article. "Of which dated" counts those whose annotation has a
  date: most likely articles or posts, each one refused a lost article.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# Run as a script, Python puts benchmarks/ on the path, not the repository root above it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura

from levantcrawl.extraction.article import extract_article
from levantcrawl.normalize.dates import choose_date
from levantcrawl.normalize.encoding import decode_html
from levantcrawl.settings import LEVANTCRAWL_EXTRACT_MIN_WORDS

UTC_ZONE = ZoneInfo("UTC")
# What separates two names in a byline, in the languages of the corpus.
_NAME_SPLIT = re.compile(
    r"\s*(?:;|,|/|\||&| und | and | et | y | e | og | en | i )\s*", re.IGNORECASE
)
_LEADING_BY = re.compile(r"^(?:by|von|par|por|door|de|di|da)\s+", re.IGNORECASE)


def names(values: list[str]) -> frozenset[str]:
    """The set of names in one or more byline strings, compared loosely: case folded,
    whitespace collapsed, surrounding punctuation dropped."""
    out: set[str] = set()
    for value in values:
        for part in _NAME_SPLIT.split(value):
            part = _LEADING_BY.sub("", " ".join(part.split())).strip(" .:-–—()[]'\"").casefold()
            if part:
                out.add(part)
    return frozenset(out)


def truth_authors(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


@dataclass
class Tally:
    """One extractor's results."""

    author_right: int = 0
    author_pages: int = 0
    author_none: int = 0
    date_right: int = 0
    date_pages: int = 0
    date_none: int = 0
    author_misses: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    date_misses: list[tuple[str, str, str | None]] = field(default_factory=list)

    def author(self, url: str, truth: list[str], found: list[str]) -> None:
        self.author_pages += 1
        if not found:
            self.author_none += 1
        if names(found) == names(truth):
            self.author_right += 1
        else:
            self.author_misses.append((url, truth, found))

    def date(self, url: str, truth: str, found: date | None) -> None:
        self.date_pages += 1
        if found is None:
            self.date_none += 1
        if found is not None and found.isoformat() == truth:
            self.date_right += 1
        else:
            self.date_misses.append((url, truth, found.isoformat() if found else None))

    def figures(self) -> dict[str, Any]:
        return {
            "author_exact": round(self.author_right / self.author_pages, 4),
            "author_pages": self.author_pages,
            "author_right": self.author_right,
            "author_none": self.author_none,
            "date_match": round(self.date_right / self.date_pages, 4),
            "date_pages": self.date_pages,
            "date_right": self.date_right,
            "date_none": self.date_none,
        }


def _local_day(value: datetime, offset_minutes: int | None) -> date:
    return (value + timedelta(minutes=offset_minutes or 0)).date()


def levantcrawl_read(html: str, url: str, now: datetime) -> tuple[list[str], date | None, str]:
    """(authors and agencies, the published day, "" or why the page is refused)."""
    extracted = extract_article(html, url, learn=False)
    chosen = choose_date(extracted.published, tz=UTC_ZONE, now=now, warnings=[])
    day = _local_day(chosen.value, chosen.offset_minutes) if chosen else None
    refused = ""
    if extracted.verdict is not None and not extracted.verdict.article:
        refused = extracted.verdict.reason
    elif extracted.word_count < LEVANTCRAWL_EXTRACT_MIN_WORDS:
        refused = f"too short ({extracted.word_count} words)"
    return [*extracted.authors, *extracted.agencies], day, refused


def trafilatura_read(html: str, url: str) -> tuple[list[str], date | None]:
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if document is None:
        return [], None
    author = getattr(document, "author", None) or ""
    raw = getattr(document, "date", None)
    try:
        day = date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        day = None
    return [a for a in author.split("; ") if a], day


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    index_path = Path(args.evaldata)
    corpus = json.loads(index_path.read_text("utf-8"))
    folders = [index_path.parent / "eval", index_path.parent / "cache"]
    now = datetime.now(UTC)
    ours, theirs = Tally(), Tally()
    refused: list[tuple[str, str]] = []
    refused_dated = 0  # of which the annotation dates: most likely articles or posts
    pages = 0
    for number, (url, entry) in enumerate(corpus.items(), start=1):
        path = next((f / entry["file"] for f in folders if (f / entry["file"]).is_file()), None)
        if path is None:
            continue
        pages += 1
        html = decode_html(path.read_bytes(), None)[0]
        found, day, why = levantcrawl_read(html, url, now)
        their_found, their_day = trafilatura_read(html, url)
        if why:
            refused.append((url, why))
            refused_dated += bool(entry.get("date"))
        if authors := truth_authors(entry.get("author")):
            ours.author(url, authors, found)
            theirs.author(url, authors, their_found)
        if truth_date := entry.get("date"):
            ours.date(url, truth_date, day)
            theirs.date(url, truth_date, their_day)
        if sys.stderr.isatty() and number % 50 == 0:
            print(f"\r{number}/{len(corpus)} pages", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    report = {
        "pages": pages,
        "levantcrawl": ours.figures() | {"refused": len(refused), "refused_dated": refused_dated},
        "trafilatura": theirs.figures(),
    }
    aeb_refused: list[tuple[str, str]] = []
    if args.aeb:
        aeb_refused, report["aeb_pages"] = _aeb(Path(args.aeb), now)
        report["levantcrawl"]["aeb_refused"] = len(aeb_refused)
        refused += aeb_refused
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    if args.misses:
        _print_misses(ours, theirs, refused, args.misses)
    return 0


def _aeb(folder: Path, now: datetime) -> tuple[list[tuple[str, str]], int]:
    """The article-extraction-benchmark's pages levantcrawl refuses, and how many it has."""
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    refused = []
    for key, entry in truth.items():
        body = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        _, _, why = levantcrawl_read(decode_html(body, None)[0], entry["url"], now)
        if why:
            refused.append((entry["url"], why))
    return refused, len(truth)


def _print(report: dict[str, Any]) -> None:
    ours, theirs = report["levantcrawl"], report["trafilatura"]
    print(f"{report['pages']} pages")
    print(f"{'':28} {'levantcrawl':>12} {'trafilatura':>12}")
    for label, key, total in (
        ("authors exactly right", "author_exact", "author_pages"),
        ("published day right", "date_match", "date_pages"),
    ):
        print(f"{label + f' ({ours[total]})':28} {ours[key]:>12.1%} {theirs[key]:>12.1%}")
    print(f"{'  no author at all':28} {ours['author_none']:>12} {theirs['author_none']:>12}")
    print(f"{'  no date at all':28} {ours['date_none']:>12} {theirs['date_none']:>12}")
    print(f"{'refused as no article':28} {ours['refused']:>12} {'-':>12}")
    print(f"{'  of which dated':28} {ours['refused_dated']:>12} {'-':>12}")
    if "aeb_pages" in report:
        label = f"articles refused (aeb, {report['aeb_pages']})"
        print(f"{label:28} {ours['aeb_refused']:>12} {'-':>12}")


def _print_misses(ours: Tally, theirs: Tally, refused: list[tuple[str, str]], limit: int) -> None:
    print("\nlevantcrawl: authors wrong (truth -> found)")
    for url, truth, found in ours.author_misses[:limit]:
        print(f"  {url}\n    {truth} -> {found}")
    print("\nlevantcrawl: dates wrong (truth -> found)")
    for url, truth_day, found_day in ours.date_misses[:limit]:
        print(f"  {url}: {truth_day} -> {found_day}")
    print("\nlevantcrawl: refused")
    for url, why in refused[:limit]:
        print(f"  {url}: {why}")
    print(
        f"\n(trafilatura: {len(theirs.author_misses)} author and "
        f"{len(theirs.date_misses)} date misses)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("evaldata", help="trafilatura's evaldata.json (eval/ and cache/ beside it)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--aeb", help="also the article-extraction-benchmark folder")
    parser.add_argument("--misses", type=int, default=0, help="list this many misses of each kind")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
