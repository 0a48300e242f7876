"""The shared duplicate filter against a real Redis (tests/conftest.py's `redis_url`:
127.0.0.1:6379 db 0 unless LEVANTCRAWL_TEST_REDIS_URL says otherwise), alone and inside
scrapy-redis' Scheduler. Every test writes under its own key prefix, deleted afterwards."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
from redis import Redis
from scrapy import Request, Spider
from scrapy.utils.request import RequestFingerprinter
from scrapy.utils.test import get_crawler
from scrapy_redis.scheduler import Scheduler

from levantcrawl.frontier.dupefilter import (
    STAT_NEW,
    STAT_SEEN,
    BloomSize,
    ExpiringBloom,
    ExpiringBloomDupeFilter,
    bloom_size,
    window_number,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy.crawler import Crawler

pytestmark = pytest.mark.storage

HOUR = 3600
# scrapy-redis 0.9.1's Scheduler passes `spider=` to the stats, which Scrapy 2.19 deprecates;
# that is its code, not ours, so only this warning is let through in its tests.
scrapy_redis_stats_warning = pytest.mark.filterwarnings(
    "ignore:Passing a 'spider' argument to StatsCollector"
    ":scrapy.exceptions.ScrapyDeprecationWarning"
)
FINGERPRINTER = RequestFingerprinter()


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FrontierSpider(Spider):
    name = "frontier-test"


@pytest.fixture(scope="module")
def redis_server(redis_url: str) -> Iterator[Redis]:
    """A client of the Redis tests/conftest.py found (it skips, or fails in CI, if none)."""
    server = Redis.from_url(redis_url)
    yield server
    server.close()


@pytest.fixture
def prefix(frontier_prefix: str) -> str:
    """tests/conftest.py's key prefix of this test's own: `<prefix>:*` is deleted after it."""
    return frontier_prefix


def _fingerprint(url: str) -> bytes:
    return FINGERPRINTER.fingerprint(Request(url))


def _urls(start: int, stop: int) -> list[str]:
    return [f"https://news.example/politics/2024/11/15/story-{i}" for i in range(start, stop)]


def _bloom(
    server: Redis, key: str, *, size: BloomSize | None = None, **kwargs: Any
) -> ExpiringBloom:
    size = size or bloom_size(10_000, 0.001)
    return ExpiringBloom(server, key, size, kwargs.pop("window_seconds", HOUR), **kwargs)


def test_new_url_is_new_then_seen(redis_server: Redis, prefix: str) -> None:
    dupefilter = ExpiringBloomDupeFilter(_bloom(redis_server, f"{prefix}:df"))
    assert dupefilter.request_seen(Request("https://news.example/a")) is False
    assert dupefilter.request_seen(Request("https://news.example/a")) is True
    assert dupefilter.request_seen(Request("https://news.example/b")) is False


def test_racing_workers_let_each_url_through_once(redis_url: str, prefix: str) -> None:
    urls = _urls(0, 400)
    workers = 6
    start = threading.Barrier(workers)
    new: list[list[str]] = [[] for _ in range(workers)]

    def work(index: int) -> None:
        server = Redis.from_url(redis_url)  # a worker of its own: its own connection
        dupefilter = ExpiringBloomDupeFilter(_bloom(server, f"{prefix}:df"))
        requests = [Request(url) for url in urls]
        start.wait()
        new[index] = [r.url for r in requests if not dupefilter.request_seen(r)]
        server.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    let_through = [url for worker_new in new for url in worker_new]
    assert sorted(let_through) == sorted(urls)


def test_url_is_new_again_two_windows_later(redis_server: Redis, prefix: str) -> None:
    clock = FakeClock(1_000 * HOUR + 0.5 * HOUR)
    bloom = _bloom(redis_server, f"{prefix}:df", clock=clock)
    fingerprint = _fingerprint("https://news.example/a")
    assert bloom.seen(fingerprint) is False
    clock.now += 0.4 * HOUR  # same window
    assert bloom.seen(fingerprint) is True
    clock.now += HOUR  # next window: still seen through the previous one
    assert bloom.seen(fingerprint) is True
    clock.now += HOUR  # two windows after it went in: due again
    assert bloom.seen(fingerprint) is False
    assert bloom.seen(fingerprint) is True


def test_seeing_a_url_again_does_not_postpone_its_revisit(redis_server: Redis, prefix: str) -> None:
    clock = FakeClock(2_000 * HOUR)
    bloom = _bloom(redis_server, f"{prefix}:df", clock=clock)
    fingerprint = _fingerprint("https://news.example/front-page-link")
    assert bloom.seen(fingerprint) is False
    for _ in range(5):  # linked from front page after front page, into the next window
        clock.now += 0.35 * HOUR
        assert bloom.seen(fingerprint) is True
    clock.now = 2_002 * HOUR  # two windows after it went in, however often it was seen
    assert bloom.seen(fingerprint) is False


def test_window_keys_have_ttls_of_at_most_two_windows(redis_server: Redis, prefix: str) -> None:
    bloom = _bloom(redis_server, f"{prefix}:df")
    bloom.seen(_fingerprint("https://news.example/a"))
    current, previous = bloom.live_keys()
    ttl_ms = redis_server.pttl(current)
    assert HOUR * 1000 < ttl_ms <= 2 * HOUR * 1000
    assert redis_server.exists(previous) == 0  # testing never creates a window


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.time()))


def test_old_windows_vanish_so_at_most_two_exist(redis_server: Redis, prefix: str) -> None:
    """Real time, 1 s windows; checks fall 0.2 s into a window, clear of the boundaries."""
    bloom = _bloom(redis_server, f"{prefix}:df", window_seconds=1)
    start = int(time.time()) + 1
    _sleep_until(start + 0.2)
    for i in range(4):  # a new URL in each of four windows: only this one and the last live
        assert bloom.seen(_fingerprint(f"https://news.example/{i}")) is False
        alive = [w for w in range(start, start + 4) if redis_server.exists(f"{prefix}:df:{w}")]
        assert alive == [w for w in (start + i - 1, start + i) if w >= start]
        _sleep_until(start + i + 1.2)
    assert bloom.seen(_fingerprint("https://news.example/3")) is True  # the previous window's
    assert bloom.seen(_fingerprint("https://news.example/2")) is False  # two windows on: new


def test_false_positive_rate_is_within_twice_the_configured_rate(
    redis_server: Redis, prefix: str
) -> None:
    bloom = _bloom(redis_server, f"{prefix}:df", size=bloom_size(20_000, 0.001))
    inserted = [_fingerprint(url) for url in _urls(0, 20_000)]
    fresh = [_fingerprint(url) for url in _urls(20_000, 40_000)]
    wrongly_seen = sum(sum(bloom.seen_many(inserted[i : i + 1000])) for i in range(0, 20_000, 1000))
    assert all(bloom.contains_many(inserted))
    false_positives = sum(
        sum(bloom.contains_many(fresh[i : i + 1000])) for i in range(0, 20_000, 1000)
    )
    assert false_positives <= 2 * 0.001 * len(fresh)
    assert wrongly_seen <= 2 * 0.001 * len(inserted)  # filling stays under the rate too


def test_reads_frontier_settings(redis_url: str, prefix: str) -> None:
    crawler = get_crawler(
        FrontierSpider,
        {
            "REDIS_URL": redis_url,
            "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
            "LEVANTCRAWL_FRONTIER_SEEN_CAPACITY": 1000,
            "LEVANTCRAWL_FRONTIER_SEEN_ERROR_RATE": 0.01,
            "LEVANTCRAWL_FRONTIER_SEEN_WINDOW_SECONDS": 600,
            "DUPEFILTER_DEBUG": True,
        },
    )
    dupefilter = ExpiringBloomDupeFilter.from_spider(FrontierSpider.from_crawler(crawler))
    assert dupefilter.key == f"{prefix}:frontier-test:dupefilter"
    assert dupefilter.bloom.size == bloom_size(1000, 0.01)
    assert dupefilter.bloom.window_seconds == 600
    assert dupefilter.debug is True
    assert dupefilter.fingerprinter is crawler.request_fingerprinter


def test_scheduler_with_keys_of_its_own_can_name_the_filter_key(
    redis_server: Redis, redis_url: str, prefix: str
) -> None:
    crawler = get_crawler(FrontierSpider, {"REDIS_URL": redis_url})
    spider = FrontierSpider.from_crawler(crawler)
    dupefilter = ExpiringBloomDupeFilter.from_spider(spider, key=f"{prefix}:site:seen")
    assert dupefilter.request_seen(Request("https://news.example/a")) is False
    window = window_number(time.time(), dupefilter.bloom.window_seconds)
    assert redis_server.exists(f"{prefix}:site:seen:{window}") == 1

    dupefilter.key = f"{prefix}:other:seen"  # as a scheduler may set it after building
    assert dupefilter.request_seen(Request("https://news.example/a")) is False
    assert redis_server.exists(f"{prefix}:other:seen:{window}") == 1


def _scheduler_crawler(redis_url: str, prefix: str) -> Crawler:
    return get_crawler(
        FrontierSpider,
        {
            "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
            "DUPEFILTER_CLASS": "levantcrawl.frontier.dupefilter.ExpiringBloomDupeFilter",
            "REDIS_URL": redis_url,
            "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
            "SCHEDULER_PERSIST": True,
        },
    )


def _open_scheduler(crawler: Crawler) -> Scheduler:
    scheduler = Scheduler.from_crawler(crawler)
    scheduler.open(FrontierSpider.from_crawler(crawler))
    return scheduler


@scrapy_redis_stats_warning
def test_filters_duplicates_inside_scrapy_redis_scheduler(redis_url: str, prefix: str) -> None:
    crawler = _scheduler_crawler(redis_url, prefix)
    scheduler = _open_scheduler(crawler)
    assert isinstance(scheduler.df, ExpiringBloomDupeFilter)
    assert scheduler.df.key == f"{prefix}:frontier-test:dupefilter"

    assert scheduler.enqueue_request(Request("https://news.example/a")) is True
    assert scheduler.enqueue_request(Request("https://news.example/a")) is False
    dequeued = scheduler.next_request()
    assert dequeued is not None
    assert dequeued.url == "https://news.example/a"
    assert scheduler.next_request() is None

    assert crawler.stats is not None
    assert crawler.stats.get_value(STAT_NEW) == 1
    assert crawler.stats.get_value(STAT_SEEN) == 1
    assert crawler.stats.get_value("dupefilter/filtered") == 1
    scheduler.close("finished")


@scrapy_redis_stats_warning
def test_second_worker_refuses_what_the_first_enqueued(
    redis_server: Redis, redis_url: str, prefix: str
) -> None:
    first, second = (_open_scheduler(_scheduler_crawler(redis_url, prefix)) for _ in range(2))
    assert first.enqueue_request(Request("https://news.example/a")) is True
    assert second.enqueue_request(Request("https://news.example/a")) is False
    assert second.enqueue_request(Request("https://news.example/b")) is True
    first.close("finished")
    second.close("finished")
    assert redis_server.exists(*first.df.bloom.live_keys()) == 1  # persisted, shared


@scrapy_redis_stats_warning
def test_scheduler_without_persist_clears_the_filter(
    redis_server: Redis, redis_url: str, prefix: str
) -> None:
    crawler = _scheduler_crawler(redis_url, prefix)
    crawler.settings.frozen = False
    crawler.settings.set("SCHEDULER_PERSIST", False)
    scheduler = _open_scheduler(crawler)
    scheduler.enqueue_request(Request("https://news.example/a"))
    keys = scheduler.df.bloom.live_keys()
    assert redis_server.exists(*keys) == 1
    scheduler.close("finished")
    assert redis_server.exists(*keys) == 0
