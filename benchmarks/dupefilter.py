"""The shared seen-filter's Redis memory and speed for N distinct URLs: scrapy-redis' plain SET
of hex fingerprints against levantcrawl's expiring Bloom filter (levantcrawl/frontier/).

    .venv/bin/python benchmarks/dupefilter.py [--urls 1000000] [--redis-url URL]
                                              [--capacity N] [--error-rate P] [--json]

Every URL is generated, made a scrapy Request and fingerprinted by Scrapy's default request
fingerprinter; fingerprinting is timed on its own, so inserts/s is the Redis side only.
  set             one SADD of the 40-character hex fingerprint per request, as scrapy-redis'
                  RFPDupeFilter does, pipelined in batches;
  set, per request the same without the pipeline: RFPDupeFilter.request_seen's one round
                  trip per request, the scheduler's path (same memory, throughput only);
  bloom           ExpiringBloomDupeFilter.request_seen per request, the scheduler's path:
                  one EVALSHA round trip each;
  bloom pipelined ExpiringBloomDupeFilter.requests_seen per batch: the same script, pipelined.
Memory is MEMORY USAGE (SAMPLES 0: exact) summed over the structure's keys, and the change in
INFO used_memory across its phase (noisy if anything else writes to that Redis meanwhile).
The filter's clock is frozen at the start, so every URL lands in one window, as in a window
of a real crawl; a live filter holds at most two windows. False positives are measured on
N/10 fresh URLs, read-only, and counted while filling (a URL wrongly taken as seen is a URL
the crawl would drop). Every key is under a unique prefix and deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis import Redis
from scrapy import Request
from scrapy.utils.request import RequestFingerprinter

from levantcrawl.frontier.dupefilter import (
    DEFAULT_CAPACITY,
    DEFAULT_ERROR_RATE,
    DEFAULT_WINDOW_SECONDS,
    ExpiringBloom,
    ExpiringBloomDupeFilter,
    bloom_size,
    expected_error_rate,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

BATCH = 1000
MIB = 1024 * 1024
SECTIONS = ("politics", "economy", "lebanon", "syria", "region", "world", "sport", "culture")


@dataclass(frozen=True)
class Structure:
    name: str
    keys: int
    memory_usage_bytes: int  # MEMORY USAGE summed over its keys
    used_memory_delta_bytes: int  # INFO used_memory after its phase minus before
    inserts_per_second: float
    seen_while_filling: int  # distinct URLs reported as already seen (dropped by a crawl)
    false_positives: int | None  # among the fresh URLs; None: not measured (exact structure)
    fresh_urls: int

    @property
    def false_positive_rate(self) -> float | None:
        return None if self.false_positives is None else self.false_positives / self.fresh_urls


@dataclass(frozen=True)
class Report:
    urls: int
    redis_version: str
    capacity: int
    error_rate: float
    window_seconds: int
    bloom_bits: int
    bloom_hashes: int
    expected_false_positive_rate: float
    fingerprints_per_second: float
    structures: list[Structure]


def url(i: int) -> str:
    section = SECTIONS[i % len(SECTIONS)]
    return (
        f"https://www.levant-news.example/{section}/{2020 + i % 5}/{1 + i % 12:02d}/"
        f"{1 + i % 28:02d}/article-{i}.html"
    )


def batches(start: int, stop: int) -> Iterator[list[Request]]:
    for first in range(start, stop, BATCH):
        yield [Request(url(i)) for i in range(first, min(stop, first + BATCH))]


def used_memory(server: Redis) -> int:
    return int(server.info("memory")["used_memory"])


def memory_usage(server: Redis, keys: list[str]) -> int:
    return sum(int(server.memory_usage(key, samples=0) or 0) for key in keys)


def bench_set(
    server: Redis, key: str, n: int, fresh: int, *, pipelined: bool
) -> tuple[Structure, float]:
    fingerprinter = RequestFingerprinter()
    before = used_memory(server)
    fingerprint_seconds = insert_seconds = 0.0
    seen = 0
    for requests in batches(0, n):
        started = time.perf_counter()
        fingerprints = [fingerprinter.fingerprint(r).hex() for r in requests]
        fingerprint_seconds += time.perf_counter() - started
        started = time.perf_counter()
        if pipelined:
            with server.pipeline(transaction=False) as pipe:
                for fingerprint in fingerprints:
                    pipe.sadd(key, fingerprint)
                seen += sum(added == 0 for added in pipe.execute())
        else:
            seen += sum(server.sadd(key, fingerprint) == 0 for fingerprint in fingerprints)
        insert_seconds += time.perf_counter() - started
    structure = Structure(
        name="set, pipelined SADD" if pipelined else "set, SADD per request",
        keys=1,
        memory_usage_bytes=memory_usage(server, [key]),
        used_memory_delta_bytes=used_memory(server) - before,
        inserts_per_second=n / insert_seconds,
        seen_while_filling=seen,
        false_positives=None,
        fresh_urls=fresh,
    )
    return structure, n / fingerprint_seconds


def bench_bloom(
    dupefilter: ExpiringBloomDupeFilter, n: int, fresh: int, *, pipelined: bool
) -> Structure:
    server = dupefilter.server
    before = used_memory(server)
    insert_seconds = 0.0
    seen = 0
    for requests in batches(0, n):
        for request in requests:  # fingerprint now: request_seen then finds it cached
            dupefilter.fingerprinter.fingerprint(request)
        started = time.perf_counter()
        if pipelined:
            seen += sum(dupefilter.requests_seen(requests))
        else:
            seen += sum(dupefilter.request_seen(request) for request in requests)
        insert_seconds += time.perf_counter() - started
    after = used_memory(server)
    false_positives = 0
    for requests in batches(n, n + fresh):
        fingerprints = [dupefilter.fingerprinter.fingerprint(r) for r in requests]
        false_positives += sum(dupefilter.bloom.contains_many(fingerprints))
    keys = [key for key in dupefilter.bloom.live_keys() if server.exists(key)]
    return Structure(
        name="bloom, pipelined requests_seen" if pipelined else "bloom, request_seen",
        keys=len(keys),
        memory_usage_bytes=memory_usage(server, keys),
        used_memory_delta_bytes=after - before,
        inserts_per_second=n / insert_seconds,
        seen_while_filling=seen,
        false_positives=false_positives,
        fresh_urls=fresh,
    )


def run(redis_url: str, n: int, capacity: int, error_rate: float) -> Report:
    server = Redis.from_url(redis_url)
    prefix = f"levantcrawl-bench:{uuid.uuid4().hex}"
    size = bloom_size(capacity, error_rate)
    frozen = time.time()
    fresh = max(1, n // 10)

    def dupefilter(name: str) -> ExpiringBloomDupeFilter:
        bloom = ExpiringBloom(
            server, f"{prefix}:{name}", size, DEFAULT_WINDOW_SECONDS, clock=lambda: frozen
        )
        return ExpiringBloomDupeFilter(bloom, fingerprinter=RequestFingerprinter())

    try:
        plain, fingerprints_per_second = bench_set(
            server, f"{prefix}:set", n, fresh, pipelined=True
        )
        per_request, _ = bench_set(server, f"{prefix}:set-per-request", n, fresh, pipelined=False)
        single = bench_bloom(dupefilter("bloom"), n, fresh, pipelined=False)
        pipelined = bench_bloom(dupefilter("bloom-pipelined"), n, fresh, pipelined=True)
        return Report(
            urls=n,
            redis_version=str(server.info("server")["redis_version"]),
            capacity=capacity,
            error_rate=error_rate,
            window_seconds=DEFAULT_WINDOW_SECONDS,
            bloom_bits=size.bits,
            bloom_hashes=size.hashes,
            expected_false_positive_rate=expected_error_rate(size, n),
            fingerprints_per_second=fingerprints_per_second,
            structures=[plain, per_request, single, pipelined],
        )
    finally:
        keys = list(server.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            server.delete(*keys)
        server.close()


def _print(report: Report) -> None:
    print(
        f"shared seen-filter, {report.urls:,} distinct URLs, Redis {report.redis_version}; "
        f"Bloom sized for {report.capacity:,} URLs at {report.error_rate:g} "
        f"(m = {report.bloom_bits:,} bits, k = {report.bloom_hashes})"
    )
    header = (
        f"{'structure':<34}{'keys':>5}{'MEMORY USAGE':>14}{'used_memory Δ':>15}"
        f"{'bytes/URL':>11}{'inserts/s':>11}{'seen filling':>14}{'false pos.':>24}"
    )
    print(header)
    print("-" * len(header))
    for s in report.structures:
        rate = s.false_positive_rate
        fp = (
            "0 (exact)"
            if s.false_positives is None or rate is None
            else f"{rate:.5%} ({s.false_positives}/{s.fresh_urls:,})"
        )
        print(
            f"{s.name:<34}{s.keys:>5}{s.memory_usage_bytes / MIB:>10.1f} MiB"
            f"{s.used_memory_delta_bytes / MIB:>11.1f} MiB"
            f"{s.memory_usage_bytes / report.urls:>11.1f}"
            f"{s.inserts_per_second:>11,.0f}{s.seen_while_filling:>14,}{fp:>24}"
        )
    bloom = report.structures[-1]
    print(
        f"one window: a {report.bloom_bits // 8 / MIB:.1f} MiB bitmap"
        f" ({bloom.memory_usage_bytes / MIB:.1f} MiB as allocated); a live filter holds at most"
        f" 2 windows, {2 * bloom.memory_usage_bytes / MIB:.1f} MiB, whatever the number of URLs"
    )
    print(
        f"expected false positive rate at {report.urls:,} URLs in a window:"
        f" {report.expected_false_positive_rate:.5%}"
    )
    print(f"Scrapy fingerprinting (not in inserts/s): {report.fingerprints_per_second:,.0f} URLs/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--capacity", type=int, default=DEFAULT_CAPACITY, help="URLs per window")
    parser.add_argument("--error-rate", type=float, default=DEFAULT_ERROR_RATE)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = run(args.redis_url, args.urls, args.capacity, args.error_rate)
    if args.json:
        data = asdict(report)
        for entry, structure in zip(data["structures"], report.structures, strict=True):
            entry["false_positive_rate"] = structure.false_positive_rate
        print(json.dumps(data, indent=2))
    else:
        _print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
