"""The small rules that keep a crawl out of traps and away from binary junk."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from levantcrawl.middlewares.retry_after import retry_after_seconds
from levantcrawl.normalize.encoding import looks_binary
from levantcrawl.normalize.urls import canonical_url, trap_reason, url_shape

pytestmark = pytest.mark.unit
NOW = datetime(2024, 11, 15, 12, 0, tzinfo=UTC)


def test_relative_link_loops_are_traps() -> None:
    counts: dict[str, int] = {}
    assert trap_reason("http://h/a/b/a/b/a/b/", counts, budget=200, max_repeats=2) == (
        "repeated-segments"
    )
    assert trap_reason("http://h/2024/08/08/story", counts, budget=200, max_repeats=2) is None


def test_a_shape_of_listing_pages_has_a_budget_articles_do_not_spend() -> None:
    listings: dict[str, int] = {}
    for day in range(1, 11):  # ten calendar pages seen, none an article
        shape = url_shape(f"http://h/calendar/2024/08/{day:02d}/")
        listings[shape] = listings.get(shape, 0) + 1
    follow = "http://h/calendar/2024/09/01/"
    assert trap_reason(follow, listings, budget=10, max_repeats=2) == "shape-budget"
    assert trap_reason("http://h/2024/08/1234-a-story", listings, budget=10, max_repeats=2) is None


def test_session_ids_are_not_part_of_a_url() -> None:
    base = "http://h/story?id=7"
    assert canonical_url(base + "&sessionid=abc123") == base
    assert canonical_url("http://h/story;jsessionid=ABC?id=7") == base
    assert canonical_url("http://h/article.php?sid=42") == "http://h/article.php?sid=42"


@pytest.mark.parametrize(
    ("body", "binary"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", True),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
        (bytes(range(256)) * 4, True),
        ("<html><body><p>نص عربي</p></body></html>".encode(), False),
        (b"", False),
    ],
)
def test_binary_bodies_are_recognised(body: bytes, binary: bool) -> None:
    assert looks_binary(body) is binary


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("1", 1.0),
        ("86400", 86400.0),
        ("Fri, 15 Nov 2024 12:00:30 GMT", 30.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(header: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header, NOW) == seconds
