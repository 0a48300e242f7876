"""The frontier's Bloom filter without Redis: sizing, bit positions and windows."""

from __future__ import annotations

import hashlib
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from levantcrawl.frontier.dupefilter import (
    MAX_BITS,
    BloomSize,
    bit_positions,
    bloom_size,
    expected_error_rate,
    window_number,
    window_ttl_ms,
)

pytestmark = pytest.mark.unit


def _sha1(i: int) -> bytes:
    return hashlib.sha1(f"https://news.example/{i}".encode()).digest()  # noqa: S324 - as Scrapy


@pytest.mark.parametrize(
    ("capacity", "error_rate", "bits", "hashes"),
    [
        # m = ceil(-n ln p / ln(2)^2) rounded up to a byte, k = round(m / n ln 2)
        (1_000_000, 0.01, 9_585_064, 7),
        (2_000_000, 0.001, 28_755_176, 10),
        (20_000, 0.001, 287_552, 10),
        (1, 0.5, 8, 6),  # one byte at least; k follows the rounded m
    ],
)
def test_sizes_by_the_standard_formulas(
    capacity: int, error_rate: float, bits: int, hashes: int
) -> None:
    assert bloom_size(capacity, error_rate) == BloomSize(bits=bits, hashes=hashes)


@given(st.integers(1, 10**9), st.floats(1e-9, 0.5))
def test_bits_are_whole_bytes_within_redis_limit(capacity: int, error_rate: float) -> None:
    size = bloom_size(capacity, error_rate)
    assert size.bits % 8 == 0
    assert 8 <= size.bits <= MAX_BITS
    assert size.hashes >= 1
    assert size.bytes * 8 == size.bits


def test_caps_bits_at_redis_string_limit_and_rechooses_hashes() -> None:
    size = bloom_size(10_000_000_000, 0.001)
    assert size.bits == 2**32
    assert size.hashes == max(1, round(2**32 / 10_000_000_000 * math.log(2)))


@pytest.mark.parametrize(("capacity", "error_rate"), [(0, 0.01), (-5, 0.01), (10, 0.0), (10, 1.0)])
def test_refuses_impossible_sizes(capacity: int, error_rate: float) -> None:
    with pytest.raises(ValueError, match="must be"):
        bloom_size(capacity, error_rate)


@pytest.mark.parametrize(("capacity", "error_rate"), [(20_000, 0.001), (2_000_000, 0.01)])
def test_full_filter_has_about_the_configured_error_rate(capacity: int, error_rate: float) -> None:
    size = bloom_size(capacity, error_rate)
    assert expected_error_rate(size, capacity) == pytest.approx(error_rate, rel=0.1)
    assert expected_error_rate(size, capacity // 2) < error_rate / 10


@given(st.binary(min_size=0, max_size=40), st.integers(1, 10**8), st.floats(1e-6, 0.3))
def test_positions_are_deterministic_and_in_range(
    fingerprint: bytes, capacity: int, error_rate: float
) -> None:
    size = bloom_size(capacity, error_rate)
    positions = bit_positions(fingerprint, size)
    assert positions == bit_positions(fingerprint, size)
    assert len(positions) == size.hashes
    assert all(0 <= p < size.bits for p in positions)


def test_short_fingerprints_are_stretched_not_refused() -> None:
    size = bloom_size(1000, 0.01)
    assert bit_positions(b"\x01" * 8, size) != bit_positions(b"\x02" * 8, size)


def test_positions_spread_evenly_over_the_bitmap() -> None:
    size = bloom_size(100_000, 0.001)
    buckets = [0] * 16
    for i in range(5_000):
        for position in bit_positions(_sha1(i), size):
            buckets[position * 16 // size.bits] += 1
    expected = 5_000 * size.hashes / 16
    assert all(abs(count - expected) < 0.1 * expected for count in buckets)


def test_double_hashing_meets_the_configured_error_rate() -> None:
    """The same measurement as against Redis, on a bytearray: 20k in, 20k fresh."""
    size = bloom_size(20_000, 0.001)
    bitmap = bytearray(size.bytes)
    for i in range(20_000):
        for position in bit_positions(_sha1(i), size):
            bitmap[position >> 3] |= 0x80 >> (position & 7)
    false_positives = sum(
        all(bitmap[p >> 3] & (0x80 >> (p & 7)) for p in bit_positions(_sha1(i), size))
        for i in range(20_000, 40_000)
    )
    assert false_positives <= 2 * 0.001 * 20_000


@pytest.mark.parametrize(
    ("now", "window", "number"),
    [(0.0, 60, 0), (59.9, 60, 0), (60.0, 60, 1), (1_700_000_123.5, 21_600, 78_703)],
)
def test_window_number_is_floor_of_time_over_window(now: float, window: int, number: int) -> None:
    assert window_number(now, window) == number


@pytest.mark.parametrize(
    ("now", "ttl_ms"),
    [
        (600.0, 1_200_000),  # at a window's start: two whole windows
        (1_199.5, 600_500),  # at its end: the next window and half a second
        (900.25, 899_750),
    ],
)
def test_window_lives_until_the_end_of_the_next_window(now: float, ttl_ms: int) -> None:
    assert window_ttl_ms(now, 600) == ttl_ms
