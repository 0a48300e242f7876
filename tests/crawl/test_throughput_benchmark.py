"""benchmarks/throughput.py end to end on a tiny site, served by Python's threaded server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.throughput_site import build_site

pytestmark = [pytest.mark.crawl, pytest.mark.benchmark]
ROOT = Path(__file__).resolve().parents[2]
RUNS = {"bare", "trafilatura", "levantcrawl", "plain-extract", "reextract"}
# Each ratio is a run's rate over its baseline's (benchmarks/throughput.py).
BASELINE = {"bare": "trafilatura", "levantcrawl": "trafilatura", "reextract": "plain-extract"}
ARTICLES = 60


def test_generated_site_is_discoverable_and_news_sized(tmp_path: Path) -> None:
    base = "http://127.0.0.1:8765"
    site = build_site(tmp_path, ARTICLES, base)
    robots = (site.root / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {base}/sitemap.xml" in robots
    index = (site.root / "sitemap.xml").read_text("utf-8")
    months = [line for line in index.splitlines() if "<loc>" in line]
    listed = sum(
        (site.root / line.split("<loc>")[1].split("</loc>")[0].removeprefix(base + "/"))
        .read_text("utf-8")
        .count("<url>")
        for line in months
    )
    truth = site.truth.read_text("utf-8").splitlines()
    assert listed == len(truth) == ARTICLES
    assert 40 * 1024 <= site.smallest <= site.largest <= 125 * 1024
    assert build_site(tmp_path, ARTICLES, base) == site, "a second build reuses the first"


def test_benchmark_reports_every_run_as_json(tmp_path: Path) -> None:
    command = [
        *(sys.executable, "benchmarks/throughput.py", "--sizes", str(ARTICLES)),
        *("--server", "python", "--json", "--keep", str(tmp_path)),
    ]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=150, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    (size,) = report["sizes"]
    assert size["articles"] == ARTICLES
    assert size["server"] == "Python ThreadingHTTPServer"
    assert set(size["runs"]) == RUNS
    runs = size["runs"]
    assert "levantcrawl" in runs, "the crawl's own row"
    for name, run in runs.items():
        assert run["pages"] == ARTICLES, name
        # Each figure as the row's own others give it: the rate is pages over seconds (each
        # rounded), the PSS of every process at least the child's own, CPU per page the
        # run's CPU over its pages, and at least the sum of its roles' (sampled) shares.
        assert run["pages_per_second"] == pytest.approx(ARTICLES / run["seconds"], rel=0.05)
        assert run["pss_mb"] >= run["pss_main_mb"] > 0, name
        assert run["processes"] >= 1, name
        cpu = run["cpu_ms_per_page"]
        assert cpu["total"] == pytest.approx(1000 * run["cpu_seconds"] / ARTICLES, abs=1), name
        roles = sum(ms for role, ms in cpu.items() if role != "total")
        assert cpu["crawl"] > 0, name
        assert roles <= cpu["total"] + 0.05, name
    crawl = runs["levantcrawl"]
    assert crawl["processes"] > 1, "the extraction workers count in the memory"
    assert crawl["pss_mb"] > crawl["pss_main_mb"]
    # Each role named as the processes name themselves: two workers read pages, one writes.
    assert {"crawl", "extract", "writer"} <= set(crawl["cpu_ms_per_page"])
    assert set(runs["trafilatura"]["cpu_ms_per_page"]) == {"crawl", "total"}
    assert crawl["text_f1"] >= 0.95
    assert runs["trafilatura"]["text_f1"] >= 0.8
    assert size["ratios"] == {
        name: round(runs[name]["pages_per_second"] / runs[of]["pages_per_second"], 2)
        for name, of in BASELINE.items()
    }
    assert size["round_ratios"] == {name: [ratio] for name, ratio in size["ratios"].items()}
    # One round: its runs are the best ones, and levantcrawl's crawl against the naive
    # pipeline is that round's figures.
    (ran,) = size["rounds"]
    assert ran == runs
    (versus,) = size["versus"]
    assert versus["wall_ratio"] == size["ratios"]["levantcrawl"]
    assert versus["cpu_ms_per_page"] == crawl["cpu_ms_per_page"]
    naive = runs["trafilatura"]
    assert versus["cpu_ratio"] == round(
        crawl["cpu_ms_per_page"]["total"] / naive["cpu_ms_per_page"]["total"], 2
    )
    assert versus["pss_ratio"] == round(crawl["pss_mb"] / naive["pss_mb"], 2)
    assert report["memory_ratio"] is None, "one size: nothing to compare"


def test_the_many_sites_case_crawls_every_site_three_ways(tmp_path: Path) -> None:
    command = [
        *(sys.executable, "benchmarks/throughput.py", "--many-sites", "2"),
        *("--many-articles", "20", "--server", "python", "--json", "--keep", str(tmp_path)),
        *("--polite-seconds", "3"),
    ]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=200, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert (report["sites"], report["articles_per_site"]) == (2, 20)
    ways = report["ways"]
    assert set(ways) == {"one crawl", "one after the other", "at once"}
    for way in ways.values():
        assert way["articles"] == 40, way
        assert way["pages_per_second"] > 0, way
        assert way["peak_all_mb"] > 0, way
    assert ways["one crawl"]["crawls"] == 1
    assert ways["at once"]["crawls"] == ways["one after the other"]["crawls"] == 2
    # Twice the crawl processes, each with its own extraction workers and writer.
    assert ways["at once"]["processes"] > ways["one crawl"]["processes"]
    assert report["memory_vs_one_site"] > 0
    # The polite case ran both crawls (3 s with the default delay: too short for a rate
    # worth comparing, which is the benchmark's job, not this test's).
    polite = report["polite"]
    assert polite["seconds"] == 3
    assert set(polite) == {
        "seconds", "one_site_pages_per_second", "all_sites_pages_per_second", "speedup",
    }  # fmt: skip
    assert (tmp_path / "polite-one.json").exists()
    assert (tmp_path / "polite-all.json").exists()
