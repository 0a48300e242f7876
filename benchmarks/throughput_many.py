"""The many-sites case of benchmarks/throughput.py: N generated sites crawled three ways, all
with --fast: in one crawl (`levantcrawl crawl --sites`), one after the other (a crawl per
site, in turn), and N crawls at once (a crawl per site, all started together).

    .venv/bin/python benchmarks/throughput.py --many-sites 20 [--many-articles 200]
                                              [--server auto|nginx|python] [--keep DIR]

Site i is served on 127.0.0.(i+1), each by its own server (nginx when installed, else
Python's threaded server): a host per site, as the crawl's scopes and politeness slots
want. Each way is measured as throughput.py measures a run: from its start to its exit,
the peak of the proportional set size (PSS) summed over every process it started
("all": a page that processes share counts once). For "one after the
other" the time is the sum and the memory the largest single crawl's, which is also the
one-site figure the targets compare with. Each crawl of "at once" writes an archive of its
own (twenty writers on one SQLite file would mostly wait for each other's locks).

Targets (issue 22): one crawl at least as fast as N at once, and its peak memory at most
1.3 times a one-site crawl's.

Then politeness (`--polite-seconds`, 0 to skip): one site alone and the N sites in one
crawl, each with the default delay and concurrency (no --fast) for the same number of
seconds (CLOSESPIDER_TIMEOUT), articles stored per second. A polite crawl waits on each
site's delay, not on the machine, so N sites should go about N times as fast as one until
the CPU is the limit."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from benchmarks.throughput import StaticServer, free_port, measure
from benchmarks.throughput_site import build_site

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from benchmarks.throughput import Measured

TARGET_SPEED = 1.0  # one crawl's pages/s against N crawls at once: at least
TARGET_MEMORY = 1.3  # one crawl's peak (all processes) against a one-site crawl's: at most
CLI = (sys.executable, "-m", "levantcrawl")
# Starts every crawl it is given at once and waits for all; fails if any fails.
_AT_ONCE = """
import subprocess, sys
commands = [line.split("\\t") for line in open(sys.argv[1], encoding="utf-8").read().splitlines()]
children = [subprocess.Popen(command) for command in commands]
sys.exit(max(child.wait() for child in children))
"""


@dataclass
class Way:
    name: str
    crawls: int  # processes started as crawls
    articles: int  # articles stored, over every site
    seconds: float
    pages_per_second: float  # articles stored per second
    peak_all_mb: float
    processes: int


def _way(name: str, crawls: int, articles: int, seconds: float, peak_kb: int, procs: int) -> Way:
    return Way(
        name=name,
        crawls=crawls,
        articles=articles,
        seconds=round(seconds, 2),
        pages_per_second=round(articles / seconds, 1) if seconds else 0.0,
        peak_all_mb=round(peak_kb / 1024, 1),
        processes=procs,
    )


def _peak_kb(measured: Measured) -> int:
    return measured.pss_kb


def _stored(summary: Path) -> int:
    """Articles a crawl stored, from its --summary-json."""
    return int(json.loads(summary.read_text("utf-8"))["articles"]["new"])


def bench_many(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    count, size = args.many_sites, args.many_articles
    if not 1 <= count <= 250:
        raise SystemExit("--many-sites takes 1 to 250 sites (one loopback address each)")
    hosts = [f"127.0.0.{i + 1}" for i in range(count)]
    ports = [free_port(host) for host in hosts]
    bases = [f"http://{host}:{port}" for host, port in zip(hosts, ports, strict=True)]
    print(f"building {count} sites of {size} articles", file=sys.stderr, flush=True)
    sites = [build_site(work / f"site-{i}", size, base) for i, base in enumerate(bases)]
    with ExitStack() as servers:
        for i, (site, host, port) in enumerate(zip(sites, hosts, ports, strict=True)):
            folder = work / f"server-{i}"
            folder.mkdir(exist_ok=True)
            servers.enter_context(StaticServer(site.root, port, args.server, folder, host))
        ways = [
            _one_crawl(bases, work),
            _one_after_the_other(bases, work),
            _all_at_once(bases, work),
        ]
        polite = _polite(bases, work, args.polite_seconds) if args.polite_seconds else None
    one, alone, at_once = ways
    one_site = alone.peak_all_mb  # the largest of the one-site crawls
    return {
        "sites": count,
        "articles_per_site": size,
        "server": StaticServer(sites[0].root, 0, args.server, work).label,
        "ways": {way.name: asdict(way) for way in ways},
        "one_site_peak_mb": one_site,
        "speed_vs_at_once": round(one.pages_per_second / at_once.pages_per_second, 2),
        "memory_vs_one_site": round(one.peak_all_mb / one_site, 2),
        "targets": {"speed_vs_at_once": TARGET_SPEED, "memory_vs_one_site": TARGET_MEMORY},
        "polite": polite,
    }


def _crawl(url_or_sites: tuple[str, ...], db: Path, summary: Path) -> list[str]:
    return [
        *CLI, "crawl", *url_or_sites, "--db", str(db), "--fast",
        "--summary-json", str(summary),
    ]  # fmt: skip


def _polite(bases: list[str], work: Path, seconds: float) -> dict[str, Any]:
    """One site, then every site in one crawl, with the default politeness for `seconds`."""
    print(
        f"politeness: one site, then {len(bases)} in one crawl, {seconds:g} s each",
        file=sys.stderr,
        flush=True,
    )
    budget = ("-s", f"CLOSESPIDER_TIMEOUT={seconds:g}")
    listing = work / "sites.toml"  # written by _one_crawl
    rates = {}
    for name, target in (("one site", (bases[0] + "/",)), ("all sites", ("--sites", str(listing)))):
        summary = work / f"polite-{name[:3]}.json"
        command = [
            *CLI,
            "crawl",
            *target,
            "--db",
            str(work / f"polite-{name[:3]}.db"),
            "--summary-json",
            str(summary),
            *budget,
        ]
        measured = measure(command, work, f"polite-{name[:3]}")
        rates[name] = round(_stored(summary) / measured.seconds, 2)
    return {
        "seconds": seconds,
        "one_site_pages_per_second": rates["one site"],
        "all_sites_pages_per_second": rates["all sites"],
        "speedup": round(rates["all sites"] / rates["one site"], 1) if rates["one site"] else 0.0,
    }


def _one_crawl(bases: list[str], work: Path) -> Way:
    print("one crawl of every site", file=sys.stderr, flush=True)
    listing = work / "sites.toml"
    listing.write_text("".join(f'[[site]]\nurl = "{b}/"\n\n' for b in bases), "utf-8")
    summary = work / "one.json"
    measured = measure(_crawl(("--sites", str(listing)), work / "one.db", summary), work, "one")
    return _way(
        "one crawl", 1, _stored(summary), measured.seconds, _peak_kb(measured), measured.processes
    )


def _one_after_the_other(bases: list[str], work: Path) -> Way:
    print("a crawl per site, one after the other", file=sys.stderr, flush=True)
    seconds, peak, articles, processes = 0.0, 0, 0, 0
    for i, base in enumerate(bases):
        summary = work / f"seq-{i}.json"
        measured = measure(_crawl((base + "/",), work / f"seq-{i}.db", summary), work, f"seq-{i}")
        seconds += measured.seconds
        peak = max(peak, _peak_kb(measured))
        processes = max(processes, measured.processes)
        articles += _stored(summary)
    return _way("one after the other", len(bases), articles, seconds, peak, processes)


def _all_at_once(bases: list[str], work: Path) -> Way:
    print(f"{len(bases)} crawls at once", file=sys.stderr, flush=True)
    commands = [
        _crawl((base + "/",), work / f"once-{i}.db", work / f"once-{i}.json")
        for i, base in enumerate(bases)
    ]
    listing = work / "at-once.tsv"
    listing.write_text("".join("\t".join(c) + "\n" for c in commands), "utf-8")
    measured = measure([sys.executable, "-c", _AT_ONCE, str(listing)], work, "at-once")
    articles = sum(_stored(work / f"once-{i}.json") for i in range(len(bases)))
    return _way(
        "at once",
        len(bases),
        articles,
        measured.seconds,
        # The launcher itself is a small Python process; it counts, as a shell would.
        _peak_kb(measured),
        measured.processes,
    )


def report_many(result: dict[str, Any]) -> None:
    print(
        f"\n{result['sites']} sites of {result['articles_per_site']} articles "
        f"({result['server']}), all --fast"
    )
    print(f"{'':24}{'articles':>9}{'seconds':>9}{'pages/s':>9}{'peak all MB':>13}{'procs':>7}")
    for way in result["ways"].values():
        print(
            f"{way['name']:24}{way['articles']:>9}{way['seconds']:>9}"
            f"{way['pages_per_second']:>9}{way['peak_all_mb']:>13}{way['processes']:>7}"
        )
    speed, memory = result["speed_vs_at_once"], result["memory_vs_one_site"]
    print(
        f"one crawl against {result['sites']} at once: {speed}x the pages/s "
        f"(target at least {TARGET_SPEED}); peak memory {memory}x a one-site crawl's "
        f"({result['one_site_peak_mb']} MB; target at most {TARGET_MEMORY})"
    )
    if (polite := result.get("polite")) is not None:
        print(
            f"default politeness, {polite['seconds']:g} s each: one site "
            f"{polite['one_site_pages_per_second']} pages/s, {result['sites']} sites in one crawl "
            f"{polite['all_sites_pages_per_second']} pages/s ({polite['speedup']}x)"
        )
