"""Crawl generations: each time a worker starts a whole-site crawl from a seed, the site's
generation number goes up, and every request that crawl leads to carries it in its meta.

The shared seen-filter keeps one filter per generation, so a new crawl of a site starts with
a clean slate: what an earlier crawl queued but never finished (a worker killed with requests
in hand) is fetched again, while within one crawl no URL is fetched twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import Request

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable, Iterator

    from redis import Redis
    from scrapy.http import Response

    from levantcrawl.frontier.keys import SiteKeys

META = "frontier_generation"


def next_generation(server: Redis, keys: SiteKeys) -> int:
    return int(server.incr(keys.generation))


def current_generation(server: Redis, keys: SiteKeys) -> int:
    value = server.get(keys.generation)
    return int(value) if value is not None else 0


def generation_of(request: Request) -> int:
    return int(request.meta.get(META, 0))


class GenerationMiddleware:
    """Spider middleware: a request found on a page inherits the page's generation."""

    def _inherit(self, response: Response, result: Any) -> Any:
        generation = response.meta.get(META)
        if generation is not None and isinstance(result, Request):
            result.meta.setdefault(META, generation)
        return result

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for item in result:
            yield self._inherit(response, item)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for item in result:
            yield self._inherit(response, item)
