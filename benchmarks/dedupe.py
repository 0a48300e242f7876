"""Near-duplicate detection on a generated archive with known copies.

Every article goes through the archive's own dedupe step (store, MinHash signature, band
lookup in the database, similarity), in arrival order, on a fresh SQLite archive. Prints
pairwise precision, recall and F1 at the threshold, recall by edit share, false positives
on same-topic articles, the throughput of the dedupe step, and the resident memory as the
archive grows (it should stay flat: the index is in the database).

    .venv/bin/python benchmarks/dedupe.py [--threshold 0.4] [--size 1200] [--sweep] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dedupe_corpus import CorpusArticle, build_dedupe_corpus
from benchmarks.dedupe_metrics import DedupeScore, score
from levantcrawl.assemble import attach_extraction, seal
from levantcrawl.dedupe.minhash import signature, similarity
from levantcrawl.extraction.article import ExtractedArticle
from levantcrawl.items import ArticleItem, Capture
from levantcrawl.settings import LEVANTCRAWL_DEDUPE_NEAR_THRESHOLD
from levantcrawl.storage import crawls, identity, near_duplicates, revisions
from levantcrawl.storage.db import open_archive

FETCHED = datetime(2024, 11, 15, 9, 0, tzinfo=UTC)
CHECKPOINTS = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Run:
    threshold: float
    score: DedupeScore
    articles_per_second: float  # through signature + lookup + recording
    memory_mb: dict[str, float]  # resident memory at 25/50/75/100% of the archive


def _rss_mb() -> float:
    """Resident memory of this process (Linux); tracing allocations instead would slow the
    very step whose speed is measured."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _item(article: CorpusArticle) -> ArticleItem:
    extracted = ExtractedArticle(
        url=article.url,
        is_article=True,
        title=article.title,
        paragraphs=article.paragraphs,
        language=article.language,
    )
    item = ArticleItem(
        capture=Capture(article.url, 200, {}, "\n\n".join(article.paragraphs).encode(), FETCHED),
        site_host=article.site,
        canonical_url=article.url,
        discovered_via="benchmark",
    )
    attach_extraction(item, extracted, frozenset())
    seal(item)
    return item


def run(threshold: float, size: int, seed: int) -> Run:
    corpus = build_dedupe_corpus(seed=seed, size=size)
    predicted: dict[str, str | None] = {}
    key_of: dict[int, str] = {}
    dedupe_seconds = 0.0
    memory: dict[str, float] = {}
    marks = {int(len(corpus.articles) * share): share for share in CHECKPOINTS}
    with tempfile.TemporaryDirectory() as folder:
        archive = open_archive(f"sqlite:///{folder}/dedupe.db")
        with archive.sessions.begin() as session:
            site = identity.site_for_host(session, "benchmark.example", None, FETCHED)
            crawl = crawls.start_crawl(
                session, spider="benchmark", start_url="", site=site, now=FETCHED
            )
            crawl_id = crawl.id
        for count, article in enumerate(corpus.articles, start=1):
            with archive.sessions.begin() as session:
                saved = revisions.save_article(session, crawl_id, _item(article).to_record())
                key_of[saved.article_id] = article.key
                session.flush()  # the store's own writes are not the dedupe step's
                start = time.perf_counter()
                sig = signature(article.title, article.paragraphs)
                match = near_duplicates.mark_near_duplicate(
                    session, saved.article_id, sig, threshold
                )
                dedupe_seconds += time.perf_counter() - start
            predicted[article.key] = key_of[match.article_id] if match else None
            if count in marks:
                gc.collect()
                memory[f"{int(marks[count] * 100)}%"] = _rss_mb()
        archive.close()
    result = score(corpus.clusters, predicted, articles=corpus.articles)
    return Run(threshold, result, len(corpus.articles) / dedupe_seconds, memory)


def sweep(size: int, seed: int) -> list[tuple[float, float, float]]:
    """Precision and recall over thresholds, from all-pairs similarities (no index): what
    the default threshold is chosen from."""
    corpus = build_dedupe_corpus(seed=seed, size=size)
    sigs = [(a.key, signature(a.title, a.paragraphs)) for a in corpus.articles]
    rows = []
    for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
        predicted: dict[str, str | None] = {}
        for index, (key, sig) in enumerate(sigs):
            best = max(
                ((similarity(sig, other), other_key) for other_key, other in sigs[:index]),
                default=(0.0, None),
            )
            predicted[key] = best[1] if best[0] >= threshold else None
        result = score(corpus.clusters, predicted, articles=corpus.articles)
        rows.append((threshold, result.precision, result.recall))
    return rows


def _print(result: Run) -> None:
    s = result.score
    print(f"near-duplicates at threshold {result.threshold}")
    print(f"  pairs: {s.true_pairs} true, {s.predicted_pairs} predicted, {s.correct_pairs} correct")
    print(f"  precision {s.precision:.4f}   recall {s.recall:.4f}   F1 {s.f1:.4f}")
    for bucket, recall in s.recall_by_edit_share.items():
        print(f"  recall, near copies with {bucket} of words edited: {recall:.3f}")
    for kind, recall in s.recall_by_kind.items():
        print(f"  recall, {kind} copies: {recall:.3f}")
    print(f"  false positives involving same-topic articles: {s.topical_false_positives}")
    for a, b in s.false_positives[:5]:
        print(f"    false positive: {a} ~ {b}")
    for a, b in s.false_negatives[:5]:
        print(f"    missed: {a} ~ {b}")
    print(f"throughput: {result.articles_per_second:.0f} articles/s through the dedupe step")
    memory = ", ".join(f"{k}: {v} MB" for k, v in result.memory_mb.items())
    print(f"resident memory as the archive grows: {memory}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--threshold", type=float, default=LEVANTCRAWL_DEDUPE_NEAR_THRESHOLD)
    parser.add_argument("--size", type=int, default=1200, help="articles (at least 1000)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--sweep", action="store_true", help="precision/recall per threshold")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.sweep:
        for threshold, precision, recall in sweep(args.size, args.seed):
            print(f"threshold {threshold:.2f}: precision {precision:.4f} recall {recall:.4f}")
        return 0
    result = run(args.threshold, args.size, args.seed)
    if args.json:
        print(json.dumps(asdict(result), indent=2, default=str))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
