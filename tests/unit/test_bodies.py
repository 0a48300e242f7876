"""Stored response bodies: Zstandard frames now, zlib streams in older archives, both read."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from levantcrawl import bodies
from tests.synthetic import page

pytestmark = pytest.mark.unit


@given(st.binary(max_size=4096))
def test_a_body_comes_back_as_it_went_in(raw: bytes) -> None:
    assert bodies.decompress(bodies.compress(raw)) == raw


def test_new_bodies_are_zstandard_and_smaller_than_the_page() -> None:
    html = page(1)[0].encode()
    stored = bodies.compress(html)
    assert stored.startswith(b"\x28\xb5\x2f\xfd")
    assert len(stored) < len(html) / 3


@pytest.mark.parametrize("level", [1, 6, 9])
def test_a_body_an_older_archive_stored_with_zlib_is_read(level: int) -> None:
    html = page(2)[0].encode()
    assert bodies.decompress(zlib.compress(html, level)) == html


@pytest.mark.parametrize(
    "stored",
    [
        b"",
        b"<html>never compressed</html>",
        bodies.compress(b"<p>cut short</p>" * 100)[:-9],
        zlib.compress(b"<p>cut short</p>" * 100)[:-9],
    ],
    ids=["empty", "plain", "zstd-truncated", "zlib-truncated"],
)
def test_a_damaged_body_is_a_clear_error(stored: bytes) -> None:
    with pytest.raises(bodies.CorruptBody, match="stored body"):
        bodies.decompress(stored)
