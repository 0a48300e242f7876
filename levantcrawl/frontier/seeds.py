"""Seed URLs: what `levantcrawl enqueue` pushes and a worker pops to start a site's crawl."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from levantcrawl.frontier.keys import SiteKeys
from levantcrawl.normalize.dates import iso_utc

if TYPE_CHECKING:
    from collections.abc import Iterable

    from redis import Redis


class SeedError(ValueError):
    """A URL that cannot start a crawl."""


def site_host(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SeedError(f"not an http(s) URL: {url!r}")
    return parts.hostname.lower()


def push_seeds(server: Redis, prefix: str, urls: Iterable[str]) -> dict[str, int]:
    """Queue each URL for its site's workers; returns how many went to each host."""
    pushed: dict[str, int] = {}
    now = iso_utc(datetime.now(UTC))
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(site_host(url), []).append(url.strip())
    for host, group in by_host.items():
        payloads = [json.dumps({"url": url, "enqueued_at": now}) for url in group]
        server.rpush(SiteKeys(prefix, host).seeds, *payloads)
        pushed[host] = len(group)
    return pushed


def pop_seeds(server: Redis, keys: SiteKeys, limit: int = 16) -> list[str]:
    """Take up to `limit` seeds; LPOP is atomic, so each seed starts exactly one worker's
    discovery."""
    raw = server.lpop(keys.seeds, limit)
    if not raw:
        return []
    urls = []
    for item in raw:  # lpop with a count returns a list
        text = item.decode() if isinstance(item, bytes) else str(item)
        urls.append(str(json.loads(text)["url"]))
    return urls
