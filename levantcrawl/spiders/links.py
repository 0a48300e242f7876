"""The links of a page worth a look, each distinct link worked out once per crawl.

A news page repeats the same few hundred links (navigation, most-read, related) that the
pages before it had. Resolving, normalising and scheduling each of them again on every
page (what a LinkExtractor and the scheduler's duplicate filter do) was most of the crawl
process's CPU; a memo of the links already handled leaves only the new ones."""

from __future__ import annotations

import posixpath
import re
from collections import OrderedDict
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS
from w3lib.url import safe_url_string

if TYPE_CHECKING:
    from collections.abc import Iterable

    from levantcrawl.extraction.outline import PageOutline

# Enough for every link of a large site's crawl; beyond it the oldest are forgotten, which
# costs only a second look (the scheduler still drops a URL it has already queued).
DEFAULT_CAPACITY = 500_000
_DENIED_EXTENSIONS = {f".{ext}" for ext in IGNORED_EXTENSIONS}


class NewLinks:
    """Absolute http(s) URLs of a page's `<a href>`s not seen before in this crawl, on the
    crawl's host, and not denied by pattern or by a file extension that is never an article
    (images, archives)."""

    def __init__(self, host: str, deny: Iterable[str], capacity: int = DEFAULT_CAPACITY) -> None:
        self._host = host
        self._deny = [re.compile(pattern) for pattern in deny]
        self._capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()

    def forget(self) -> None:
        """A new crawl of the site (a shared frontier's next generation) looks again."""
        self._seen.clear()

    def __len__(self) -> int:
        return len(self._seen)

    def mark(self, url: str) -> None:
        """An absolute URL already requested (from a sitemap or feed): a page's link to it
        is not worked out again, nor turned into a request the scheduler only drops."""
        self._remember(url.partition("#")[0])

    def _remember(self, key: str) -> None:
        self._seen[key] = None
        if len(self._seen) > self._capacity:
            self._seen.popitem(last=False)

    def of(self, page: PageOutline) -> list[str]:
        found = []
        for key in page.links:
            if key in self._seen:
                continue
            self._remember(key)
            if (url := self._usable(key, page.encoding)) is not None:
                found.append(url)
        return found

    def _elsewhere(self, url: str) -> bool:
        """A link to another site (share buttons, ads, agencies: a few on every page), told
        before the costly quoting. An internationalised host is left to the scope check
        that follows, which sees it in its ASCII form."""
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return True
        return host is not None and host.isascii() and host != self._host

    def _usable(self, url: str, encoding: str) -> str | None:
        if self._elsewhere(url):
            return None
        try:
            url = safe_url_string(url, encoding=encoding)
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        if any(pattern.search(url) for pattern in self._deny):
            return None
        if posixpath.splitext(parts.path)[1].lower() in _DENIED_EXTENSIONS:
            return None
        return url
