"""Scrapy 2.19 stopped passing `spider` to downloader-middleware methods (a method that
requires it is deprecated); older releases still pass it. Our methods take it as optional
and fall back to the crawler's spider."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler


def current_spider(given: Spider | None, crawler: Crawler | None) -> Spider:
    if given is not None:
        return given
    if crawler is None or crawler.spider is None:
        raise RuntimeError("middleware called outside a running crawl")
    return crawler.spider
