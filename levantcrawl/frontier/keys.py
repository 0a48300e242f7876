"""Where a shared frontier keeps things in Redis: one queue, seed list and seen-filter per site,
and one hash of live workers. Every key starts with the deployment's prefix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SiteKeys:
    prefix: str
    host: str

    @property
    def requests(self) -> str:
        """scrapy-redis' priority queue (a sorted set) of serialised requests."""
        return f"{self.prefix}:{self.host}:requests"

    @property
    def seeds(self) -> str:
        """URLs pushed by `levantcrawl enqueue`, waiting for a worker to start from them."""
        return f"{self.prefix}:{self.host}:seeds"

    @property
    def crawl_delay(self) -> str:
        """robots.txt's Crawl-delay for the site, seconds, as one worker read it."""
        return f"{self.prefix}:{self.host}:crawl_delay"

    @property
    def slot(self) -> str:
        """Held for one Crawl-delay after each request to the site, by whichever worker."""
        return f"{self.prefix}:{self.host}:slot"

    @property
    def generation(self) -> str:
        """Counter: one more for each whole-site crawl started from a seed."""
        return f"{self.prefix}:{self.host}:generation"

    @property
    def seen(self) -> str:
        """The duplicate filter's windows are `<seen>:<window number>`."""
        return f"{self.prefix}:{self.host}:seen"


def workers_key(prefix: str) -> str:
    """Hash: worker id -> its last heartbeat (JSON)."""
    return f"{prefix}:workers"


def host_of_requests_key(prefix: str, key: str) -> str | None:
    """The site host a `<prefix>:<host>:requests` key belongs to."""
    head, tail = f"{prefix}:", ":requests"
    if key.startswith(head) and key.endswith(tail):
        return key[len(head) : -len(tail)]
    return None
