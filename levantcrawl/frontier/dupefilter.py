"""A shared duplicate filter for scrapy-redis whose memory is bounded and whose entries expire.

Fingerprints go into a time-windowed ("rotating") Bloom filter kept in Redis bitmaps, one
bitmap per window: `<key>:<window number>`, the number being `floor(now / window_seconds)`.
A request counts as seen when its bits are all set in the current or the previous window's
bitmap; a new one is added to the current window only, in the same atomic Lua call that
tested it. A window's bitmap expires once no window reads it any more, so at most two
filters exist whatever the number of URLs, and a URL is new again one to two windows after
it was first let through: a revisit. Being seen again does not refresh it, so a URL linked
from every front page still comes back.

The sizing and the bit positions are plain functions (`bloom_size`, `bit_positions`,
`window_number`, `window_ttl_ms`); `ExpiringBloom` is the Redis side and
`ExpiringBloomDupeFilter` the Scrapy component (scrapy-redis' scheduler or Scrapy's own).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy.dupefilters import BaseDupeFilter
from scrapy.utils.request import RequestFingerprinter, referer_str

# scrapy-redis ships no type information: see the mypy override in pyproject.toml.
from scrapy_redis import connection, defaults

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Self

    from redis import Redis
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector
    from scrapy.utils.request import RequestFingerprinterProtocol

logger = logging.getLogger(__name__)

CAPACITY_SETTING = "LEVANTCRAWL_FRONTIER_SEEN_CAPACITY"
ERROR_RATE_SETTING = "LEVANTCRAWL_FRONTIER_SEEN_ERROR_RATE"
WINDOW_SETTING = "LEVANTCRAWL_FRONTIER_SEEN_WINDOW_SECONDS"
# Fallbacks for when settings.py does not define them; settings.py holds the real defaults.
DEFAULT_CAPACITY = 2_000_000  # URLs let through per window
DEFAULT_ERROR_RATE = 0.001
DEFAULT_WINDOW_SECONDS = 6 * 3600

STAT_SEEN = "levantcrawl/frontier/seen"
STAT_NEW = "levantcrawl/frontier/new"

MAX_BITS = 2**32  # a Redis string holds at most 512 MB, so bit offsets stop at 2**32 - 1
_HASH_BYTES = 16  # two 64-bit halves for double hashing

# KEYS[1]: the current window's bitmap, KEYS[2]: the previous window's.
# ARGV[1]: TTL in milliseconds for KEYS[1], 0 to only test; ARGV[2..]: the bit positions.
# Returns 1 when every bit is set in either window (seen), else sets them in KEYS[1] and
# returns 0. One script call is atomic, so of two racing workers exactly one gets 0.
_TEST_AND_SET = """
local function has_all(key)
  for i = 2, #ARGV do
    if redis.call('GETBIT', key, ARGV[i]) == 0 then
      return false
    end
  end
  return true
end
if has_all(KEYS[1]) or has_all(KEYS[2]) then
  return 1
end
local ttl = tonumber(ARGV[1])
if ttl > 0 then
  for i = 2, #ARGV do
    redis.call('SETBIT', KEYS[1], ARGV[i], 1)
  end
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return 0
"""


@dataclass(frozen=True, slots=True)
class BloomSize:
    """`bits` (m, a multiple of 8, at most 2**32) and `hashes` (k) of one window's filter."""

    bits: int
    hashes: int

    @property
    def bytes(self) -> int:
        return self.bits // 8


def bloom_size(capacity: int, error_rate: float) -> BloomSize:
    """The standard sizing: m = -n ln p / (ln 2)^2 bits, k = (m / n) ln 2 hashes.

    m is rounded up to a whole byte and capped at Redis's 2**32 bits; k is then chosen for
    the m actually used, so a capped filter degrades its error rate, not its speed.
    """
    if capacity < 1:
        raise ValueError(f"capacity must be at least 1, not {capacity}")
    if not 0.0 < error_rate < 1.0:
        raise ValueError(f"error rate must be between 0 and 1, not {error_rate}")
    bits = math.ceil(-capacity * math.log(error_rate) / math.log(2) ** 2)
    bits = min(MAX_BITS, -(-bits // 8) * 8)
    hashes = max(1, round(bits / capacity * math.log(2)))
    return BloomSize(bits=bits, hashes=hashes)


def expected_error_rate(size: BloomSize, inserted: int) -> float:
    """The false positive rate of a filter of `size` holding `inserted` items."""
    return float((1.0 - math.exp(-size.hashes * inserted / size.bits)) ** size.hashes)


def bit_positions(fingerprint: bytes, size: BloomSize) -> list[int]:
    """k bit offsets in [0, m) by enhanced double hashing (Dillinger & Manolios) of the
    fingerprint's first 16 bytes; a shorter fingerprint is stretched with BLAKE2b first.

    Scrapy's request fingerprint is a SHA-1 digest (20 bytes), uniform enough to slice.
    """
    if len(fingerprint) < _HASH_BYTES:
        fingerprint = hashlib.blake2b(fingerprint, digest_size=_HASH_BYTES).digest()
    h1 = int.from_bytes(fingerprint[:8], "big")
    h2 = int.from_bytes(fingerprint[8:_HASH_BYTES], "big")
    m = size.bits
    return [(h1 + i * h2 + (i * i * i - i) // 6) % m for i in range(size.hashes)]


def window_number(now: float, window_seconds: int) -> int:
    return math.floor(now / window_seconds)


def window_ttl_ms(now: float, window_seconds: int) -> int:
    """Milliseconds the current window's bitmap must live: to the end of the next window,
    the last one that reads it as "previous". More than 1 window, at most 2."""
    end_of_next = (window_number(now, window_seconds) + 2) * window_seconds
    return max(1, math.ceil((end_of_next - now) * 1000))


class ExpiringBloom:
    """The rotating Bloom filter in Redis: `seen` tests and adds a fingerprint atomically."""

    def __init__(
        self,
        server: Redis,
        key: str,
        size: BloomSize,
        window_seconds: int,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if window_seconds < 1:
            raise ValueError(f"window must be at least 1 second, not {window_seconds}")
        self.server = server
        self.key = key
        self.size = size
        self.window_seconds = window_seconds
        self._clock = clock
        self._script = server.register_script(_TEST_AND_SET)

    def window_key(self, window: int) -> str:
        return f"{self.key}:{window}"

    def live_keys(self, now: float | None = None) -> list[str]:
        """The keys this filter reads now: the current window's, then the previous one's."""
        current = window_number(self._clock() if now is None else now, self.window_seconds)
        return [self.window_key(current), self.window_key(current - 1)]

    def seen(self, fingerprint: bytes) -> bool:
        """True when already seen in this window or the last; otherwise record it."""
        return self._many([fingerprint], add=True, pipelined=False)[0]

    def contains(self, fingerprint: bytes) -> bool:
        """Like `seen` but read-only: nothing is recorded."""
        return self._many([fingerprint], add=False, pipelined=False)[0]

    def seen_many(self, fingerprints: Iterable[bytes]) -> list[bool]:
        """`seen` for each fingerprint, pipelined: one round trip, each test still atomic."""
        return self._many(fingerprints, add=True, pipelined=True)

    def contains_many(self, fingerprints: Iterable[bytes]) -> list[bool]:
        return self._many(fingerprints, add=False, pipelined=True)

    def clear(self) -> None:
        """Delete the windows around now (older ones have expired or are about to)."""
        current = window_number(self._clock(), self.window_seconds)
        self.server.delete(*(self.window_key(w) for w in range(current - 2, current + 2)))

    def _many(self, fingerprints: Iterable[bytes], *, add: bool, pipelined: bool) -> list[bool]:
        # One reading of the clock for the keys and the TTL: a batch that straddles a window
        # boundary goes whole into one window, never with the other window's TTL.
        now = self._clock()
        keys = self.live_keys(now)
        ttl = window_ttl_ms(now, self.window_seconds) if add else 0
        if not pipelined:
            return [
                bool(self._script(keys=keys, args=[ttl, *bit_positions(fingerprint, self.size)]))
                for fingerprint in fingerprints
            ]
        with self.server.pipeline(transaction=False) as pipe:
            for fingerprint in fingerprints:
                args = [ttl, *bit_positions(fingerprint, self.size)]
                self._script(keys=keys, args=args, client=pipe)
            return [bool(result) for result in pipe.execute()]


@dataclass(frozen=True, slots=True)
class SeenFilterConfig:
    """The LEVANTCRAWL_FRONTIER_SEEN_* settings."""

    capacity: int = DEFAULT_CAPACITY
    error_rate: float = DEFAULT_ERROR_RATE
    window_seconds: int = DEFAULT_WINDOW_SECONDS

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Self:
        return cls(
            capacity=settings.getint(CAPACITY_SETTING, DEFAULT_CAPACITY),
            error_rate=settings.getfloat(ERROR_RATE_SETTING, DEFAULT_ERROR_RATE),
            window_seconds=settings.getint(WINDOW_SETTING, DEFAULT_WINDOW_SECONDS),
        )

    @property
    def size(self) -> BloomSize:
        return bloom_size(self.capacity, self.error_rate)


class ExpiringBloomDupeFilter(BaseDupeFilter):
    """DUPEFILTER_CLASS for scrapy-redis' Scheduler (built by `from_spider`, key from
    SCHEDULER_DUPEFILTER_KEY) or Scrapy's own scheduler (`from_crawler`). Redis comes from
    the REDIS_* settings, as for scrapy-redis. Unlike scrapy-redis' RFPDupeFilter, `close`
    keeps the shared state (other workers still use it; it expires by itself); `clear`,
    which scrapy-redis' scheduler calls unless SCHEDULER_PERSIST, deletes it.
    """

    def __init__(
        self,
        bloom: ExpiringBloom,
        *,
        fingerprinter: RequestFingerprinterProtocol | None = None,
        stats: StatsCollector | None = None,
        debug: bool = False,
    ) -> None:
        self.bloom = bloom
        self.server = bloom.server
        self.fingerprinter: RequestFingerprinterProtocol = fingerprinter or RequestFingerprinter()
        self.stats = stats
        self.debug = debug
        self.logdupes = True

    @property
    def key(self) -> str:
        """The key prefix of the window bitmaps (`<key>:<window number>`)."""
        return self.bloom.key

    @key.setter
    def key(self, value: str) -> None:
        self.bloom.key = value

    @classmethod
    def from_spider(cls, spider: Spider, *, key: str | None = None) -> Self:
        """What scrapy-redis' Scheduler calls when it opens: the key is SCHEDULER_DUPEFILTER_KEY
        with the spider's name, unless a scheduler with keys of its own passes `key`."""
        key = key or cls._spider_key(spider.settings, spider.name)
        return cls._build(spider.settings, key, spider.crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """For Scrapy's own scheduler: one key per spider name, shared by its workers."""
        if crawler.spider is None:
            return cls._build(crawler.settings, cls._one_time_key(), crawler)
        key = cls._spider_key(crawler.settings, crawler.spider.name)
        return cls._build(crawler.settings, key, crawler)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Self:
        """scrapy-redis' standalone form: a one-time `dupefilter:<timestamp>` key, no stats."""
        return cls._build(settings, cls._one_time_key(), None)

    @classmethod
    def _build(cls, settings: BaseSettings, key: str, crawler: Crawler | None) -> Self:
        config = SeenFilterConfig.from_settings(settings)
        server = connection.get_redis_from_settings(settings)
        bloom = ExpiringBloom(server, key, config.size, config.window_seconds)
        return cls(
            bloom,
            fingerprinter=crawler.request_fingerprinter if crawler else None,
            stats=crawler.stats if crawler else None,
            debug=settings.getbool("DUPEFILTER_DEBUG"),
        )

    @staticmethod
    def _spider_key(settings: BaseSettings, spider_name: str) -> str:
        pattern = settings.get("SCHEDULER_DUPEFILTER_KEY", defaults.SCHEDULER_DUPEFILTER_KEY)
        return str(pattern % {"spider": spider_name})

    @staticmethod
    def _one_time_key() -> str:
        return str(defaults.DUPEFILTER_KEY % {"timestamp": int(time.time())})

    def request_fingerprint(self, request: Request) -> str:
        """The hex fingerprint, as scrapy-redis' RFPDupeFilter names it."""
        return self.fingerprinter.fingerprint(request).hex()

    def request_seen(self, request: Request) -> bool:
        seen = self.bloom.seen(self.fingerprinter.fingerprint(request))
        if self.stats is not None:
            self.stats.inc_value(STAT_SEEN if seen else STAT_NEW)
        return seen

    def requests_seen(self, requests: Sequence[Request]) -> list[bool]:
        """`request_seen` for a batch in one pipelined round trip."""
        results = self.bloom.seen_many(self.fingerprinter.fingerprint(r) for r in requests)
        if self.stats is not None:
            seen = sum(results)
            self.stats.inc_value(STAT_SEEN, seen)
            self.stats.inc_value(STAT_NEW, len(results) - seen)
        return results

    def close(self, reason: str = "") -> None:
        """Nothing to release: the windows are shared and expire on their own."""

    def clear(self) -> None:
        self.bloom.clear()

    def log(self, request: Request, spider: Spider) -> None:
        """As Scrapy's RFPDupeFilter: every duplicate with DUPEFILTER_DEBUG, else the first."""
        if self.debug:
            logger.debug(
                "Filtered duplicate request: %(request)s (referer: %(referer)s)",
                {"request": request, "referer": referer_str(request)},
                extra={"spider": spider},
            )
        elif self.logdupes:
            logger.debug(
                "Filtered duplicate request: %(request)s - no more duplicates will be shown"
                " (see DUPEFILTER_DEBUG to show all duplicates)",
                {"request": request},
                extra={"spider": spider},
            )
            self.logdupes = False
        if self.stats is not None:
            self.stats.inc_value("dupefilter/filtered")
