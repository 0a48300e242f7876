"""A frontier worker's life: take seeds from Redis when idle, keep running while the shared
queue has work, stop after LEVANTCRAWL_FRONTIER_IDLE_SECONDS without any (0: never, as a
service), and report a heartbeat other commands can read (`levantcrawl workers`)."""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from redis import Redis
from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from levantcrawl.frontier.generation import META, current_generation, next_generation
from levantcrawl.frontier.keys import SiteKeys, workers_key
from levantcrawl.frontier.scheduler import site_keys
from levantcrawl.frontier.seeds import pop_seeds
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.shared import shared_workers
from levantcrawl.startup import StartupError, without_password

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 5.0
CONNECT_TIMEOUT = 10.0  # seconds for the frontier's Redis to accept a connection
# Stats a heartbeat carries, under short names.
REPORTED = {
    "pages": "response_received_count",
    "items": "item_scraped_count",
    "stored": "levantcrawl/store/new",
    "revised": "levantcrawl/store/revised",
    "failures": "levantcrawl/store/failures",
    "errors": "log_count/ERROR",
}


def reachable(url: str) -> Redis:
    """The frontier's Redis, once it answered: out of reach, the crawl does not start
    (StartupError, one line) rather than failing on its first request."""
    server = Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT)
    try:
        server.ping()
    except RedisError as exc:
        server.close()
        raise StartupError(
            f"cannot reach Redis at {without_password(url)} (the frontier): {exc}"
        ) from exc
    return server


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class FrontierWorker:
    def __init__(self, crawler: Crawler, server: Redis, idle_seconds: float, prefix: str) -> None:
        self._crawler = crawler
        self._server = server
        self._idle_seconds = idle_seconds
        self._prefix = prefix
        self._keys: SiteKeys | None = None
        self._idle_since: float | None = None
        self._started = datetime.now(UTC)
        self._beat: task.LoopingCall | None = None
        self.id = worker_id()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("LEVANTCRAWL_FRONTIER_URL")
        if not url:
            raise NotConfigured("LEVANTCRAWL_FRONTIER_URL is not set")
        worker = cls(
            crawler,
            reachable(url),
            crawler.settings.getfloat("LEVANTCRAWL_FRONTIER_IDLE_SECONDS"),
            str(crawler.settings.get("LEVANTCRAWL_FRONTIER_PREFIX")),
        )
        crawler.signals.connect(worker.opened, signal=signals.spider_opened)
        crawler.signals.connect(worker.idle, signal=signals.spider_idle)
        crawler.signals.connect(worker.closed, signal=signals.spider_closed)
        return worker

    def opened(self, spider: Spider) -> None:
        self._keys = site_keys(spider)
        if shared_workers(self._crawler) is not None:  # a process serving a site list
            self.id = f"{worker_id()}/{self._keys.host}"  # a worker per site, in one process
        self._beat = task.LoopingCall(self.heartbeat)
        self._beat.start(HEARTBEAT_SECONDS, now=True)
        logger.info("frontier worker %s serving %s", self.id, self._keys.host)

    def idle(self, spider: Spider) -> None:
        """Nothing in flight here: start from new seeds, or wait while others add work."""
        assert self._keys is not None
        seeds = pop_seeds(self._server, self._keys)
        for url in seeds:
            if spider.starts_whole_site(url):  # type: ignore[attr-defined]  # NewsSiteSpider
                generation = next_generation(self._server, self._keys)
            else:
                generation = current_generation(self._server, self._keys)
            logger.info("starting from seed %s (crawl generation %d)", url, generation)
            for request in spider.seed_requests(url):  # type: ignore[attr-defined]
                request.meta[META] = generation
                assert self._crawler.engine is not None
                self._crawler.engine.crawl(request)
        queued = int(self._server.zcard(self._keys.requests))
        if seeds or queued:
            self._idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if self._idle_seconds <= 0 or now - self._idle_since < self._idle_seconds:
            raise DontCloseSpider
        logger.info("frontier empty for %.0fs: stopping", now - self._idle_since)

    def heartbeat(self) -> None:
        assert self._keys is not None
        stats = self._crawler.stats.get_stats() if self._crawler.stats else {}
        report: dict[str, Any] = {
            "host": self._keys.host,
            "pid": os.getpid(),
            "started_at": iso_utc(self._started),
            "at": iso_utc(datetime.now(UTC)),
            "crawl_id": stats.get("levantcrawl/store/crawl_id"),
            **{name: int(stats.get(key, 0) or 0) for name, key in REPORTED.items()},
        }
        try:
            self._server.hset(workers_key(self._prefix), self.id, json.dumps(report))
        except RedisError as exc:  # Redis restarting: report, go on
            logger.warning("frontier heartbeat failed: %s", exc)

    def closed(self, spider: Spider, reason: str) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        try:
            self._server.hdel(workers_key(self._prefix), self.id)
        except RedisError as exc:
            logger.warning("could not sign out of the frontier: %s", exc)
        self._server.close()
