"""The throughput benchmark's two baselines, each run alone in a child process:

    python benchmarks/throughput_spiders.py bare|trafilatura START_URL FEED STATS

- bare: Scrapy alone; robots.txt, the sitemaps, every article page, one {"url"} item each.
- trafilatura: the same crawl with trafilatura.extract(output_format="json",
  with_metadata=True) in the callback, each page's JSON an item of a JSON Lines feed.

Both discover the site the way levantcrawl does (robots.txt Sitemap: lines, then the
sitemap index and monthly sitemaps) and run with levantcrawl's own download and concurrency
settings (read from levantcrawl.settings), without its pipelines, middlewares or extensions.
The crawl's stats are written to STATS as JSON when it ends."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiders import SitemapSpider

from levantcrawl import settings as project

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy.http import Response

# levantcrawl's settings that decide how fast pages arrive, copied as they are; `levantcrawl
# crawl --fast` turns off AutoThrottle and the delay, and so do the baselines.
SHARED_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_TIMEOUT",
    "RETRY_TIMES",
    "REDIRECT_MAX_TIMES",
    "DOWNLOAD_MAXSIZE",
    "DOWNLOAD_WARNSIZE",
    "COOKIES_ENABLED",
    "TELNETCONSOLE_ENABLED",
    "REMOTE_CONTROL_ENABLED",
    "WARN_ON_GENERATOR_RETURN_VALUE",
    "TWISTED_REACTOR",
    "DOWNLOAD_HANDLERS",
    "FEED_EXPORT_ENCODING",
)


class BareSpider(SitemapSpider):
    """Fetch every article the sitemaps list; yield its URL and nothing else."""

    name = "bare"

    def __init__(self, start_url: str, **kwargs: Any) -> None:
        self.sitemap_urls = [start_url.rstrip("/") + "/robots.txt"]
        super().__init__(**kwargs)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        yield {"url": response.url}


class TrafilaturaSpider(BareSpider):
    """The same crawl, with plain trafilatura in the callback: text and metadata as JSON."""

    name = "trafilatura"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        result = trafilatura.extract(
            response.text, url=response.url, output_format="json", with_metadata=True
        )
        if result:
            yield json.loads(result)


SPIDERS = {"bare": BareSpider, "trafilatura": TrafilaturaSpider}


def settings_for(feed: Path) -> Settings:
    settings = Settings()
    for name in SHARED_SETTINGS:
        settings.set(name, getattr(project, name))
    settings.setdict(
        {
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "LOG_LEVEL": "WARNING",
            "FEEDS": {str(feed): {"format": "jsonlines", "overwrite": True}},
        }
    )
    return settings


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[0] not in SPIDERS:
        print(__doc__, file=sys.stderr)
        return 2
    kind, start_url, feed, stats_path = argv
    process = CrawlerProcess(settings_for(Path(feed)), install_root_handler=True)
    crawler = process.create_crawler(SPIDERS[kind])
    process.crawl(crawler, start_url=start_url)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    Path(stats_path).write_text(json.dumps(stats, default=str, indent=2), "utf-8")
    return 0 if stats.get("finish_reason") == "finished" else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
