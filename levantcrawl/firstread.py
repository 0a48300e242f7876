"""An article page read by an extraction worker before the spider goes on from it.

The worker that reads a page's text gives its outline too (links, canonical URL, article
signals: extraction/outline.py), so the crawl process does not parse the page as well. The
spider waits for the outline to follow the page's links and name its canonical URL; the
article comes with the page's item to the extract pipeline, which read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from levantcrawl.extraction.article import ExtractedArticle
    from levantcrawl.extraction.outline import PageOutline
    from levantcrawl.items import Capture

    # The article, whether the site model learns from it, and its signature.
    Article = tuple[ExtractedArticle, bool, bytes | None]

_ATTRIBUTE = "levantcrawl_page_reader"


@dataclass(frozen=True, slots=True)
class FirstRead:
    """A page as a worker read it: its outline (None when the worker could not read it
    whole, or failed), and its article or the error that took its place."""

    outline: PageOutline | None
    article: Article | None = None
    error: Exception | None = None

    def taken(self) -> Article:
        """The article; raises what its reading raised."""
        if self.error is not None:
            raise self.error
        assert self.article is not None
        return self.article


class PageReader(Protocol):
    def reads_first(self) -> bool:
        """Whether a page sent now is read without waiting for the site model to warm up:
        until then the spider parses its pages itself, as the first pages' links are the
        crawl's next pages."""

    async def read_first(self, capture: Capture) -> FirstRead: ...

    def settle(self, first: FirstRead) -> None:
        """The page is kept as an article page: the site model learns from it. Called
        before the spider gives Scrapy anything of the page, so that the next page sent to
        a worker goes with the model this one taught."""


def attach_reader(crawler: Crawler, reader: PageReader) -> None:
    """Made by the extract pipeline, which owns the workers and the site model."""
    setattr(crawler, _ATTRIBUTE, reader)


def reader_of(crawler: Crawler | None) -> PageReader | None:
    """The crawl's reader; None in a crawl without the extract pipeline, whose spider
    parses every page itself."""
    return getattr(crawler, _ATTRIBUTE, None)
