"""The export benchmark runs end to end on tiny archives (its figures are for people)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.storage
@pytest.mark.benchmark
def test_export_benchmark_measures_every_size_and_format(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "benchmarks/export.py",
            "--sizes",
            "40,80",
            "--formats",
            "jsonl,parquet,jsonl-all",
            "--keep",
            str(tmp_path),
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    assert [(m["articles"], m["format"]) for m in measured] == [
        (40, "jsonl"),
        (40, "parquet"),
        (40, "jsonl-all"),
        (80, "jsonl"),
        (80, "parquet"),
        (80, "jsonl-all"),
    ]
    records = {(m["articles"], m["format"]): m["records"] for m in measured}
    assert records[(80, "jsonl")] == 80
    assert records[(80, "jsonl-all")] == 88  # every tenth article has an older revision
    for m in measured:
        # The rate leaves out the CLI's start-up: never below records over the whole time.
        assert m["records_per_second"] >= m["records"] / m["seconds"], m
        assert m["records"] >= m["articles"], m
    outputs = {(m["articles"], m["format"]): m["output_mb"] for m in measured}
    for fmt in ("jsonl", "parquet", "jsonl-all"):
        assert outputs[(80, fmt)] >= outputs[(40, fmt)], f"{fmt}: twice the articles, no less"
    assert outputs[(80, "jsonl-all")] >= outputs[(80, "jsonl")], "older revisions add records"
