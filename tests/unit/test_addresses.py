from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from levantcrawl.middlewares.addresses import AddressGuardMiddleware, is_internal

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("address", "internal"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("192.168.0.1", True),
        ("172.16.5.4", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),
        ("93.184.216.34", False),
        ("2606:4700::1111", False),
    ],
)
def test_internal_addresses(address: str, internal: bool) -> None:
    assert is_internal(address) is internal


def _run(url: str) -> None:
    """The guard of a crawl started at http://127.0.0.1:8765/."""
    guard = AddressGuardMiddleware(frozenset({"127.0.0.1"}))
    asyncio.run(guard.process_request(Request(url)))


def test_the_start_urls_own_address_is_allowed_and_others_refused() -> None:
    _run("http://127.0.0.1:8765/2024/08/1-a")
    for url in (
        "http://0.0.0.0:8765/",
        "http://169.254.169.254/latest/",
        "http://[::1]:8765/",
        "http://localhost:8765/",
    ):
        with pytest.raises(IgnoreRequest, match="internal address"):
            _run(url)
