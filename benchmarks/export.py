"""Corpus export speed and memory: a 10,000-article archive against a 100,000-article one.

Each export is the real `levantcrawl export` in a child process, so its peak resident
memory (the child's own maximum RSS) is measured alone. Memory should not grow with the
archive: the export streams, it never loads the archive.

    .venv/bin/python benchmarks/export.py [--sizes 10000,100000] [--formats jsonl,csv,...]
                                          [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.export_archive import build_archive

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("jsonl", "csv", "parquet", "text", "jsonl-all")


@dataclass(frozen=True)
class Measurement:
    articles: int  # in the archive
    format: str
    records: int
    seconds: float  # wall time of the whole command
    records_per_second: float  # after the CLI's start-up
    peak_mb: float
    output_mb: float


def _export_args(fmt: str) -> list[str]:
    if fmt == "jsonl-all":  # every revision: older ones rebuilt from their deltas
        return ["--format", "jsonl", "--revisions", "all"]
    return ["--format", fmt]


def startup_seconds() -> float:
    """What a child process spends importing the CLI before it exports anything: taken off
    each export's time, so small archives are not judged by the interpreter's start-up."""
    command = [sys.executable, "-m", "levantcrawl", "export", "--schema"]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # noqa: S603
        best = min(best, time.perf_counter() - started)
    return best


def measure(db: Path, articles: int, fmt: str, out: Path, startup: float) -> Measurement:
    command = [sys.executable, "-m", "levantcrawl", "export", "--db", str(db), "-o", str(out)]
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own CLI, arguments built here
        [*command, *_export_args(fmt)], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    stderr = child.stderr.read() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"export {fmt} failed: {stderr}")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    records = int(manifest["counts"]["records"])
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return Measurement(
        articles=articles,
        format=fmt,
        records=records,
        seconds=round(seconds, 2),
        records_per_second=round(records / max(seconds - startup, 1e-3), 1),
        peak_mb=round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        output_mb=round(size / 2**20, 1),
    )


def report(results: list[Measurement], sizes: list[int]) -> None:
    small, large = sizes[0], sizes[-1]
    print(f"\nexport of a generated archive: {small:,} against {large:,} articles")
    header = f"{'format':<10}"
    for size in (small, large):
        header += f" {'rec/s @' + format(size, ','):>16} {'peak MB @' + format(size, ','):>18}"
    print(header + f" {'memory ratio':>13}")
    by_key = {(m.format, m.articles): m for m in results}
    for fmt in dict.fromkeys(m.format for m in results):
        a, b = by_key[(fmt, small)], by_key[(fmt, large)]
        line = f"{fmt:<10}"
        for m in (a, b):
            line += f" {m.records_per_second:>16,.0f} {m.peak_mb:>18,.1f}"
        print(line + f" {b.peak_mb / a.peak_mb:>12.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="archive sizes, comma-separated")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--keep", type=Path, help="build the archives here and keep them")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    formats = [f for f in args.formats.split(",") if f]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="levantcrawl-export-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Measurement] = []
    startup = startup_seconds()
    print(f"CLI start-up: {startup:.2f} s (taken off each export)", file=sys.stderr)
    try:
        for size in sizes:
            db = work / f"archive-{size}.db"
            if not db.exists():
                started = time.perf_counter()
                print(f"building a {size:,}-article archive ...", file=sys.stderr, flush=True)
                build_archive(db, size)
                took = time.perf_counter() - started
                print(f"  built in {took:.1f} s", file=sys.stderr, flush=True)
            for fmt in formats:
                out = work / f"export-{size}-{fmt}"
                shutil.rmtree(out, ignore_errors=True)
                result = measure(db, size, fmt, out, startup)
                shutil.rmtree(out)
                print(
                    f"  {size:,} {fmt}: {result.records:,} records in {result.seconds} s, "
                    f"peak {result.peak_mb} MB",
                    file=sys.stderr,
                    flush=True,
                )
                results.append(result)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps([asdict(m) for m in results], indent=2))
    else:
        report(results, sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
