"""`scrapy crawl news -a start_url=URL`: the generic spider for any news site."""

from __future__ import annotations

from levantcrawl.spiders.base import NewsSiteSpider


class NewsSpider(NewsSiteSpider):
    """Discovers articles through robots.txt, sitemaps, news sitemaps, feeds and listings.

    Arguments: start_url (required), tz (zone for dates printed without an offset),
    follow_links (yes/no), revisit (due/all/none) and refresh (yes/no); defaults from
    settings."""

    name = "news"
