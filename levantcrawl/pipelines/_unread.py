"""What the extract pipeline makes of a page that yields no article: a refusal with the
detector's reason, or a failure."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from levantcrawl.extraction.detection import UNREADABLE
from levantcrawl.items import FailureItem, RefusedItem
from levantcrawl.normalize.urls import STORY_URLS, url_kind

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

    from levantcrawl.extraction.detection import Verdict
    from levantcrawl.items import ArticleItem

logger = logging.getLogger(__name__)


def refused(item: ArticleItem, verdict: Verdict, stats: StatsCollector) -> RefusedItem:
    """A page judged no article. One whose URL looks like an article's is kept as a failure
    for review, unless it is plainly a listing; the rest are only counted."""
    url = item.capture.url
    listing = verdict.code == "listing"
    article_like = (url_kind(url) in STORY_URLS and not listing) or (
        verdict.code == UNREADABLE.code
    )
    if article_like:
        stats.inc_value("levantcrawl/detect/refused_article_like")
    logger.debug("not an article: %s (%s)", url, verdict.reason)
    return RefusedItem(
        url=url,
        site_host=item.site_host,
        code=verdict.code,
        reason=verdict.reason,
        article_like=article_like,
        fetched_at=item.capture.fetched_at,
    )


def failure(item: ArticleItem, reason: str) -> FailureItem:
    return FailureItem(
        url=item.capture.url,
        site_host=item.site_host,
        reason=reason,
        fetched_at=item.capture.fetched_at,
    )
