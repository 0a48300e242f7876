"""Article text on real pages nobody here wrote: levantcrawl against plain extractors.

    .venv/bin/python benchmarks/realpages.py --aeb /work/devsets/aeb \\
        --trafilatura /work/devsets/tests
    .venv/bin/python benchmarks/realpages.py --aeb DIR --only levantcrawl,trafilatura --worst 20
    .venv/bin/python benchmarks/realpages.py --aeb DIR --json          # figures for programs

--aeb is scrapinghub's article-extraction-benchmark (html/*.html.gz and ground-truth.json:
181 news pages, each with its article's text): token-shingle precision, recall and F1 as
benchmarks/shingles.py defines them. --trafilatura is the `tests` folder of adbar/trafilatura
(evaldata.json, and the pages in eval/ and cache/ beside it: 990 pages, each with sentences
its article holds and furniture it must not): snippet precision and recall.
DEVELOPERS.md says where to get both.

Each page is read alone, as `levantcrawl extract FILE --url URL` reads it (no site model,
nothing learned for one): the reading every page of a crawl gets until its site's model is
warm. (In a crawl, a cold page is also observed for the site model, and the CLI counts the
page's visible text for kept_ratio: neither is extraction, and neither is timed here;
benchmarks/quality.py times the site model's learning.) The plain extractors
run with their own settings: trafilatura's default, favor_precision and fast (no fallback
extractors), and readability-lxml's summary as text. `cold time` is levantcrawl's time
over trafilatura.extract's (default) on the same pages, timed page by page in turn, so that
the machine's load weighs on both alike.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Run as a script, Python puts benchmarks/ on the path, not the repository root above it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.shingles import PageScore, SnippetTally, score_page, summarise
from levantcrawl.normalize.encoding import decode_html

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    Extractor = Callable[[str, str], str]
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "tr", "td", "th", "blockquote", "pre", "section", "article"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "figure", "figcaption", "dd"}
)
_SPACE = re.compile(r"[ \t]+")


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    url: str
    html: str
    truth: str = ""  # the article's text (AEB)
    with_: tuple[str, ...] = ()  # snippets (trafilatura's corpus)
    without: tuple[str, ...] = ()


def aeb_pages(folder: Path) -> Iterator[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    for key, entry in sorted(truth.items()):
        body = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        html = decode_html(body, None)[0]
        yield Page(key, entry["url"], html, truth=entry.get("articleBody") or "")


def trafilatura_pages(folder: Path) -> Iterator[Page]:
    index = json.loads((folder / "evaldata.json").read_text("utf-8"))
    for url, entry in index.items():
        found = [p for sub in ("eval", "cache") if (p := folder / sub / entry["file"]).is_file()]
        if not found:
            continue
        html = decode_html(found[0].read_bytes(), None)[0]
        yield Page(
            entry["file"], url, html, with_=tuple(entry["with"]), without=tuple(entry["without"])
        )


# -- extractors ----------------------------------------------------------------------------


def levantcrawl_text(html: str, url: str) -> str:
    from levantcrawl.extraction.article import extract_article

    return "\n".join(extract_article(html, url, learn=False).paragraphs)


def _trafilatura(**options: Any) -> Extractor:
    def run(html: str, url: str) -> str:
        import trafilatura

        return trafilatura.extract(html, url=url, **options) or ""

    return run


def readability_text(html: str, url: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    try:
        summary = Document(html, url=url).summary(html_partial=True)
    except Exception:  # readability raises bare errors on pages it cannot read
        return ""
    if not summary.strip():
        return ""
    parts: list[str] = []
    _text_of(lxml_html.fromstring(summary), parts)
    return "\n".join(line.strip() for line in _SPACE.sub(" ", "".join(parts)).split("\n"))


def _text_of(element: Any, parts: list[str]) -> None:
    """The text under an element, a line break at each block's end: block boundaries are
    word boundaries."""
    if not isinstance(element.tag, str):  # a comment: only its tail is text
        return
    parts.append(element.text or "")
    for child in element:
        _text_of(child, parts)
        parts.append(child.tail or "")
    if element.tag in _BLOCKS:
        parts.append("\n")


EXTRACTORS: dict[str, Extractor] = {
    "levantcrawl": levantcrawl_text,
    "trafilatura": _trafilatura(),
    "trafilatura precision": _trafilatura(favor_precision=True),
    "trafilatura fast": _trafilatura(fast=True),
    "readability-lxml": readability_text,
}
TIMED = ("levantcrawl", "trafilatura")  # the cold-time ratio: the first over the second


# -- runs -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Run:
    """Every extractor over one set: scores or snippet tallies, and seconds."""

    pages: int = 0
    scores: dict[str, list[tuple[str, PageScore]]] = field(default_factory=dict)
    snippets: dict[str, SnippetTally] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def ratio(self) -> float | None:
        ours, theirs = (self.seconds.get(name) for name in TIMED)
        return ours / theirs if ours is not None and theirs else None


def run(pages: Iterator[Page], names: list[str], *, snippets: bool) -> Run:
    result = Run()
    warmed = False
    for page in pages:
        if not warmed:  # imports, caches, lazily compiled patterns: untimed
            for name in names:
                EXTRACTORS[name](page.html, page.url)
            warmed = True
        result.pages += 1
        for name in names:
            start = time.perf_counter()
            text = EXTRACTORS[name](page.html, page.url)
            result.seconds[name] = result.seconds.get(name, 0.0) + time.perf_counter() - start
            if snippets:
                result.snippets.setdefault(name, SnippetTally()).add(text, page.with_, page.without)
            elif (score := score_page(text, page.truth)) is not None:
                result.scores.setdefault(name, []).append((page.key, score))
    return result


def figures(aeb: Run | None, corpus: Run | None, names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        row: dict[str, Any] = {}
        if aeb is not None:
            summary = summarise(score for _, score in aeb.scores.get(name, []))
            row["aeb"] = {
                "precision": round(summary.precision, 4),
                "recall": round(summary.recall, 4),
                "f1": round(summary.f1, 4),
                "pages": summary.pages,
            }
        if corpus is not None:
            tally = corpus.snippets.get(name, SnippetTally())
            row["snippets"] = {
                "precision": round(tally.precision, 4),
                "recall": round(tally.recall, 4),
            }
        out[name] = row
    for label, data in (("aeb", aeb), ("trafilatura_corpus", corpus)):
        if data is not None and (ratio := data.ratio()) is not None:
            out.setdefault("cold_time_ratio", {})[label] = round(ratio, 3)
    return out


def _print(report: dict[str, Any], names: list[str]) -> None:
    print(
        "| extractor | AEB precision | AEB recall | AEB F1 | snippet precision | snippet recall |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name in names:
        row = report[name]
        aeb, snip = row.get("aeb"), row.get("snippets")
        cells = [f"{aeb[k]:.3f}" if aeb else "—" for k in ("precision", "recall", "f1")]
        cells += [f"{snip[k]:.3f}" if snip else "—" for k in ("precision", "recall")]
        print(f"| {name} | " + " | ".join(cells) + " |")
    for label, ratio in report.get("cold_time_ratio", {}).items():
        print(f"cold time, levantcrawl / trafilatura.extract ({label}): {ratio:.2f}x")


def _print_worst(aeb: Run, limit: int) -> None:
    """levantcrawl's pages furthest below the best plain extractor on the same page."""
    plain: dict[str, float] = {}
    for name, scores in aeb.scores.items():
        if name != "levantcrawl":
            for key, score in scores:
                plain[key] = max(plain.get(key, 0.0), score.f1)
    ours = dict(aeb.scores.get("levantcrawl", []))
    rows = sorted(ours.items(), key=lambda item: item[1].f1 - plain.get(item[0], 1.0))
    print(f"\nlevantcrawl's worst pages against the best plain extractor (first {limit}):")
    for key, score in rows[:limit]:
        other = f"  best plain {plain[key]:.3f}" if key in plain else ""
        print(
            f"  {key[:16]}  F1 {score.f1:.3f}  P {score.precision:.3f}  R {score.recall:.3f}{other}"
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aeb", type=Path, help="article-extraction-benchmark folder")
    parser.add_argument("--trafilatura", type=Path, help="trafilatura's tests folder")
    parser.add_argument(
        "--only", default=",".join(EXTRACTORS), help="comma-separated extractors (default: all)"
    )
    parser.add_argument("--worst", type=int, default=0, help="list levantcrawl's N worst pages")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.aeb is None and args.trafilatura is None:
        _parser().error("name at least one set: --aeb DIR and/or --trafilatura DIR")
    names = [name.strip() for name in args.only.split(",") if name.strip()]
    if unknown := [name for name in names if name not in EXTRACTORS]:
        _parser().error(
            f"unknown extractor(s): {', '.join(unknown)}; known: {', '.join(EXTRACTORS)}"
        )
    if "readability-lxml" in names:
        try:
            import readability  # noqa: F401
        except ImportError:
            _parser().error("readability-lxml is not installed: pip install -e '.[bench]'")
    for folder in (args.aeb, args.trafilatura):
        if folder is not None and not folder.is_dir():
            _parser().error(f"no such folder: {folder}")
    aeb = run(aeb_pages(args.aeb), names, snippets=False) if args.aeb else None
    corpus = (
        run(trafilatura_pages(args.trafilatura), names, snippets=True) if args.trafilatura else None
    )
    report = figures(aeb, corpus, names)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print(report, names)
        if aeb is not None and args.worst:
            _print_worst(aeb, args.worst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
