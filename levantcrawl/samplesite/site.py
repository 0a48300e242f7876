"""SampleSite: one edition's pages behind a request router, with its ground truth."""

from __future__ import annotations

import re
from functools import cached_property
from itertools import groupby
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from levantcrawl.samplesite import _dates, feeds
from levantcrawl.samplesite._assets import LEAD_JPEG, LOGO_PATH, LOGO_PNG
from levantcrawl.samplesite._http import negotiate
from levantcrawl.samplesite.listings import (
    Listing,
    home_page,
    listing_page,
    message_page,
    search_page,
)
from levantcrawl.samplesite.model import Page
from levantcrawl.samplesite.render import amp_page, article_page

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date

    from levantcrawl.samplesite.model import (
        Edition,
        EditKind,
        Post,
        Response,
        Section,
        TruthArticle,
    )

HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
DEFAULT_BASE = "http://127.0.0.1"

_ARTICLE = re.compile(r"/(\d{4})/(\d{2})/(\d+)-([a-z0-9-]+)(/amp/?|/)?")
_LISTING = re.compile(r"/(category|tag|author)/([a-z0-9-]+)/(?:page/(\d+)/)?")
_LISTING_NO_SLASH = re.compile(r"/(category|tag|author)/([a-z0-9-]+)(?:/page/(\d+))?")
_MONTH_SITEMAP = re.compile(r"/sitemap-posts-(\d{4}-\d{2})\.xml")
_HOST = re.compile(r"[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


class SampleSite:
    """The generated Levant News site in one edition; `respond` answers any request."""

    def __init__(
        self,
        state: Edition,
        *,
        truth: Mapping[str, TruthArticle],
        edited: Mapping[str, EditKind],
        new_paths: frozenset[str],
    ) -> None:
        self._state = state
        self._truth = truth
        self._edited = edited
        self._new_paths = new_paths
        self._live = {p.path: p for p in state.posts}
        self._gone = {p.path: p for p in state.gone}
        self._by_id = {p.id: p for p in state.posts}

    # -- ground truth ----------------------------------------------------------------------

    @property
    def seed(self) -> int:
        return self._state.seed

    @property
    def edition(self) -> int:
        return self._state.number

    @property
    def articles(self) -> Mapping[str, TruthArticle]:
        """Live articles by canonical path."""
        return self._truth

    @property
    def gone_paths(self) -> frozenset[str]:
        return frozenset(self._gone)

    @property
    def edited(self) -> Mapping[str, EditKind]:
        """Edition 2's edits: canonical path -> "headline", "paragraph" or "correction"."""
        return self._edited

    @property
    def new_paths(self) -> frozenset[str]:
        return self._new_paths

    @property
    def sections(self) -> tuple[Section, ...]:
        return self._state.sections

    @staticmethod
    def header_date(today: date) -> str:
        """The exact "today" string every page prints in its header."""
        return _dates.header_date(today)

    # -- serving ---------------------------------------------------------------------------

    def respond(
        self, method: str, path_with_query: str, headers: Mapping[str, str], today: date
    ) -> Response:
        """Answer one request as the live site would; `today` is the server's local date."""
        request = {k.lower(): v for k, v in headers.items()}
        method = method.upper()
        if method not in ("GET", "HEAD"):
            page = Page(
                405,
                "text/plain; charset=UTF-8",
                b"Method Not Allowed\n",
                extra_headers={"Allow": "GET, HEAD"},
            )
            return negotiate(method, request, page)
        host = request.get("host", "")
        base = f"http://{host}" if _HOST.fullmatch(host) else DEFAULT_BASE
        parts = urlsplit(path_with_query)
        return negotiate(method, request, self._route(parts.path or "/", parts.query, base, today))

    def _route(self, path: str, query: str, base: str, today: date) -> Page:
        sections = self._state.sections
        if m := _ARTICLE.fullmatch(path):
            return self._article(
                path[: m.start(5)] if m.group(5) else path, m.group(5), base, today
            )
        if path == "/":
            wanted = parse_qs(query).get("p", [""])[0]
            if wanted.isdigit() and (post := self._by_id.get(int(wanted))):
                return _redirect(base + post.path)
            return _html(home_page(self._state.home, base=base, today=today, sections=sections))
        if path == "/robots.txt":
            return Page(200, "text/plain; charset=UTF-8", feeds.robots(base).encode())
        if path == "/sitemap_index.xml":
            return Page(200, XML, feeds.sitemap_index(self._state.posts, base).encode())
        if (m := _MONTH_SITEMAP.fullmatch(path)) and m.group(1) in self._months:
            return Page(200, XML, feeds.month_sitemap(self._months[m.group(1)], base).encode())
        if path == "/news-sitemap.xml":
            return Page(200, XML, feeds.news_sitemap(self._state.posts, base).encode())
        if path == "/feed/":
            body = feeds.rss(self._state.posts, base).encode()
            return Page(200, "application/rss+xml; charset=UTF-8", body)
        if path == "/feed":
            return _redirect(base + "/feed/")
        if path in ("/search", "/search/"):
            query_text = parse_qs(query).get("q", [""])[0]
            html = search_page(query_text, self._state.posts, today=today, sections=sections)
            return _html(html)
        if path == "/wp-admin" or path.startswith("/wp-admin/"):
            html = message_page(
                "Log In", "Please log in to continue.", today=today, sections=sections
            )
            return _html(html)
        if path.startswith("/wp-content/uploads/"):
            return self._image(path)
        if m := _LISTING.fullmatch(path):
            return self._listing(m.group(1), m.group(2), m.group(3), base, today)
        if (m := _LISTING_NO_SLASH.fullmatch(path)) and self._listings.get(
            (m.group(1), m.group(2))
        ):
            return _redirect(base + path + "/")
        return self._not_found(today)

    def _article(self, path: str, suffix: str | None, base: str, today: date) -> Page:
        sections = self._state.sections
        if path in self._gone:
            html = message_page(
                "Article Removed",
                "This article is no longer available.",
                today=today,
                sections=sections,
            )
            return _html(html, status=410)
        post = self._live.get(path)
        if post is None:
            return self._not_found(today)
        if suffix and suffix.startswith("/amp"):
            if not post.is_variant:
                return self._not_found(today)
            html = amp_page(post, base=base)
        else:
            html = article_page(post, base=base, today=today, sections=sections)
        return Page(
            200,
            HTML,
            html.encode(),
            last_modified=post.modified if post.has_machine_date else None,
            etag=True,
        )

    def _listing(self, kind: str, slug: str, page_text: str | None, base: str, today: date) -> Page:
        listing = self._listings.get((kind, slug))
        number = int(page_text or 1)
        if listing is None or number > listing.pages or number < 1:
            return self._not_found(today)
        if page_text is not None and number == 1:
            return _redirect(base + listing.url(1))  # WordPress sends /page/1/ to the archive
        html = listing_page(listing, number, base=base, today=today, sections=self._state.sections)
        return _html(html)

    def _image(self, path: str) -> Page:
        if path == LOGO_PATH:
            return Page(200, "image/png", LOGO_PNG)
        if path in self._images:
            return Page(200, "image/jpeg", LEAD_JPEG)
        return Page(404, "text/plain; charset=UTF-8", b"Not Found\n")

    def _not_found(self, today: date) -> Page:
        html = message_page(
            "Page Not Found",
            "Oops! That page can not be found. Try the menu above or a search.",
            today=today,
            sections=self._state.sections,
        )
        return _html(html, status=404)

    # -- indexes ---------------------------------------------------------------------------

    @cached_property
    def _months(self) -> dict[str, list[Post]]:
        oldest_first = sorted(self._state.posts, key=lambda p: p.published)
        return {k: list(g) for k, g in groupby(oldest_first, key=feeds.month_key)}

    @cached_property
    def _images(self) -> frozenset[str]:
        return frozenset(p.lead_image for p in (*self._state.posts, *self._state.gone))

    @cached_property
    def _listings(self) -> dict[tuple[str, str], Listing]:
        posts = self._state.posts  # newest first, so every listing is too
        out: dict[tuple[str, str], Listing] = {}
        for section in self._state.sections:
            chosen = tuple(p for p in posts if p.section == section)
            out["category", section.slug] = Listing("category", section.slug, section.label, chosen)
        tags = {t.slug: t.name for p in posts for t in p.tags}
        for slug, name in tags.items():
            chosen = tuple(p for p in posts if any(t.slug == slug for t in p.tags))
            out["tag", slug] = Listing("tag", slug, name, chosen)
        authors = {a.slug: a.name for p in posts for a in p.authors}
        for slug, name in authors.items():
            chosen = tuple(p for p in posts if any(a.slug == slug for a in p.authors))
            out["author", slug] = Listing("author", slug, name, chosen)
        return out


def _html(html: str, *, status: int = 200) -> Page:
    return Page(status, HTML, html.encode())


def _redirect(location: str) -> Page:
    return Page(301, HTML, b"", extra_headers={"Location": location})
