"""A hostile news site on 127.0.0.1: twelve honest articles from the bundled sample site,
and around them every trap, bomb and lie a crawler meets on the open web.

`HostileSite` holds the routes and the truth the tests check the archive against;
`HostileServer` serves it over real HTTP and records every request it receives. The server
is also an HTTP proxy (give the crawl `http_proxy` and `https_proxy` pointing at it, with
`no_proxy=127.0.0.1`): then a request the crawler sends to any other host lands here too,
is recorded with the host it was meant for, and never leaves the machine."""

from __future__ import annotations

import calendar
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from levantcrawl.samplesite import SampleSite, TruthArticle, build_site
from levantcrawl.samplesite.server import ThreadedServer
from tests.hostile import pages, payloads
from tests.hostile.arabic import ELECTRICITY, HARVEST, ArabicStory

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

# The sample site's header prints the server's "today"; fixed so its pages never change.
TODAY = date(2024, 11, 15)
SEED = 7
GOOD_ARTICLES = 12
# A trap stops growing after this many requests, so a crawler that falls in still ends (and
# the request log shows how deep it went). Tests budget far fewer requests than this.
TRAP_CEILING = 250
REDIRECT_HOPS = 30
HANG_SECONDS = 60.0  # the never-ending page stalls this long (or until the server stops)
RETRY_AFTER_503 = 1
RETRY_AFTER_429 = 86_400
DEEP_NESTING = 5_000
INTERNAL_MARKER = "INTERNAL-SECRET"
SYSTEM_FILE_MARKER = "root:x:0:0"  # the first line of /etc/passwd
LAUGH_MARKER = "LAUGH-ENTITY"
PDF_TEXT = "PDF-ONLY-TEXT"
HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"


@dataclass(frozen=True, slots=True)
class ExpectedArticle:
    """What the archive must hold for one page: its title, its paragraphs (in order) and its
    published date (aware UTC; None when the page has no believable date)."""

    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime | None
    published_has_time: bool


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as the server saw it. `host` is the host[:port] the client meant (from
    an absolute request target when it used us as a proxy, else the Host header)."""

    method: str
    target: str  # the request line's target: a path, or an absolute URL through the proxy
    host: str
    path: str  # path and query
    headers: tuple[tuple[str, str], ...]
    at: float  # time.monotonic() when the request arrived
    status: int
    bytes_sent: int  # body bytes written before the response ended or the client left

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    # A body produced while it is sent (bombs, huge and never-ending pages); the connection
    # is closed after it.
    stream: Callable[[], Iterator[bytes]] | None = None


def _html(text: str, status: int = 200, *headers: tuple[str, str]) -> Reply:
    return Reply(status, (("Content-Type", HTML), *headers), text.encode())


def _not_found() -> Reply:
    return _html(pages.listing_page("Page Not Found", ()), 404)


def _redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, (("Location", location), ("Content-Type", HTML)), b"")


def _bare_path(path: str) -> str:
    """A sample-site article path without its trailing slash or /amp suffix."""
    for suffix in ("/amp/", "/amp", "/"):
        if path.endswith(suffix) and len(path) > len(suffix):
            return path.removesuffix(suffix)
    return path


def _truth(article: TruthArticle) -> ExpectedArticle:
    published = article.published.astimezone(UTC)
    if not article.published_has_time:  # a bare day is stored as that calendar day
        day = article.published.date()
        published = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return ExpectedArticle(
        article.path, article.title, article.paragraphs, published, article.published_has_time
    )


class HostileSite:
    """Routes and ground truth of the hostile site served at `base_url` (http://host:port)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.netloc = urlsplit(base_url).netloc
        self.port = int(urlsplit(base_url).port or 80)
        self._sample: SampleSite = build_site(SEED, 1)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._trap_hits: dict[str, int] = {}
        self._flaky_served = False
        chosen = sorted(self._sample.articles.values(), key=lambda a: a.path)
        good, spare = chosen[:GOOD_ARTICLES], chosen[GOOD_ARTICLES:]
        self.good_articles: Mapping[str, ExpectedArticle] = MappingProxyType(
            {a.path: _truth(a) for a in good}
        )
        # The first request for this good article gets 503 + Retry-After: 1, later ones 200.
        self.flaky_path = next(a.path for a in good if a.published_has_time and a.related_path)
        self._borrowed = iter(spare)  # real generated prose for the hostile article pages

        # -- size and time ---------------------------------------------------------------------
        self.bomb_path = "/bomb/"
        self.huge_path = "/huge/"
        self.hang_path = "/hang/"
        self.busy_path = "/busy/"  # 429 with Retry-After: 86400
        self.hop_prefix = "/hop/"
        # -- traps -----------------------------------------------------------------------------
        self.trap_prefixes: tuple[str, ...] = ("/calendar/", "/archive/page/", "/story", "/a/")
        self.trap_entries: Mapping[str, str] = MappingProxyType(
            {
                "/calendar/": "/calendar/2024/08/05/",
                "/archive/page/": "/archive/page/1/",
                "/story": f"/story?id=1&sessionid={uuid.uuid4().hex}",
                "/a/": "/a/b/",
            }
        )
        # -- scope -----------------------------------------------------------------------------
        self.internal_path = "/internal"
        port = self.port
        self.off_site_links: tuple[str, ...] = (
            "file:///etc/passwd",
            "ftp://127.0.0.1/",
            f"http://127.0.0.2:{port}{self.internal_path}",
            f"http://0.0.0.0:{port}{self.internal_path}",
            f"http://[::1]:{port}{self.internal_path}",
            "http://169.254.169.254/latest/meta-data/",
        )
        self.off_site_redirects: Mapping[str, str] = MappingProxyType(
            {
                "/go/zero": f"http://0.0.0.0:{port}{self.internal_path}",
                "/go/alias": f"http://127.0.0.2:{port}{self.internal_path}",
                "/go/ipv6": f"http://[::1]:{port}{self.internal_path}",
                "/go/metadata": "http://169.254.169.254/latest/meta-data/",
                "/go/file": "file:///etc/passwd",
            }
        )
        self.disallowed_prefixes: tuple[str, ...] = ("/private/", "/wp-admin/")
        # -- XML -------------------------------------------------------------------------------
        self.sitemap_paths: tuple[str, ...] = (
            "/sitemap.xml",
            "/sitemap-xxe.xml",
            "/sitemap-laughs.xml",
            "/sitemap-broken.xml",
        )
        self.feed_path = "/feed/"
        # -- content ---------------------------------------------------------------------------
        self.pdf_paths: tuple[str, ...] = ("/documents/annual-report", "/files/annual-report.pdf")
        self.png_paths: tuple[str, ...] = ("/media/photo", "/media/photo.png")
        self.binary_path = "/binary-as-html"
        self.blank_path = "/blank/"
        self.empty_article_path = "/empty-article/"
        self.deep_path = "/deep/"
        self.soup_path = "/soup/"
        self.private_path = "/private/annual-bonus-list/"
        # path -> (story, bytes encoding, charset label): each story is served twice, and each
        # time the label (header and <meta>) names the other encoding.
        self._arabic: dict[str, tuple[ArabicStory, str, str]] = {
            f"/ar/{folder}/{story.slug}/": (story, actual, label)
            for story in (ELECTRICITY, HARVEST)
            for folder, actual, label in (
                ("cp1256", "windows-1256", "utf-8"),
                ("utf8", "utf-8", "windows-1256"),
            )
        }
        self.arabic_articles: Mapping[str, ExpectedArticle] = MappingProxyType(
            {
                path: ExpectedArticle(
                    path, s.title, s.paragraphs, s.published, s.published_has_time
                )
                for path, (s, _, _) in self._arabic.items()
            }
        )
        self.arabic_encodings: Mapping[str, tuple[str, str]] = MappingProxyType(
            {path: (actual, label) for path, (_, actual, label) in self._arabic.items()}
        )
        self.soup_article = self._borrow(self.soup_path)
        self._deep_article = self._borrow(self.deep_path)
        # -- dates -----------------------------------------------------------------------------
        # path -> (the page's only date, machine-readable; the same date as printed)
        self._bad_dates: dict[str, tuple[str, str]] = {
            "/dates/february-31/": ("2024-02-31T10:00:00+02:00", "31 February 2024"),
            "/dates/hour-25/": ("2024-08-05T25:10:00", "2024-08-05 25:10"),
            "/dates/year-zero/": ("0000-08-05T10:00:00Z", "5 August 0000"),
            "/dates/far-future/": ("2031-01-01T09:00:00+02:00", "1 January 2031"),
        }
        self.bad_date_paths: Mapping[str, str] = MappingProxyType(
            {path: machine for path, (machine, _) in self._bad_dates.items()}
        )
        self.bad_date_articles: Mapping[str, ExpectedArticle] = MappingProxyType(
            {path: self._borrow(path) for path in self._bad_dates}
        )
        # Pages that claim to be articles but hold none: the archive must record a failure.
        self.failure_paths: Mapping[str, str] = MappingProxyType(
            {
                self.binary_path: "random binary bytes served as text/html",
                self.empty_article_path: "an article page whose body is empty",
            }
        )
        self.forbidden_markers: tuple[str, ...] = (
            INTERNAL_MARKER,  # the internal page, served to any other host or via a redirect
            SYSTEM_FILE_MARKER,  # /etc/passwd through file:// or an XML external entity
            LAUGH_MARKER,  # an expanded billion-laughs entity
            "GZIP-BOMB-PAGE",
            "HUGE-PAGE-FILLER",
            "HANGING-PAGE",
            "RATE-LIMITED-BODY",
            "UNAVAILABLE-BODY",
            "ROBOTS-PRIVATE-PAGE",
            "%PDF-1.4",
            PDF_TEXT,
            "\x89PNG",
            "IHDR",
        )
        self._pdf = payloads.pdf_document(PDF_TEXT)
        self._png = payloads.png_image()
        self._binary = payloads.random_bytes(64 * 1024, seed=SEED)
        self.forbidden_bytes: tuple[bytes, ...] = (
            *(m.encode() for m in self.forbidden_markers if m.isascii()),
            b"%PDF-",
            b"\x89PNG\r\n\x1a\n",
            self._binary[:64],  # the start of the binary-as-html page
        )
        self._route_table = self._routes()

    # -- truth helpers ---------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def arabic_paths(self) -> frozenset[str]:
        return frozenset(self.arabic_articles)

    @property
    def cases(self) -> Mapping[str, str]:
        """Every hostile case by name, with where it lives (for messages and reports). The
        home page links every one of them."""
        pairs = [
            ("gzip bomb (2 GiB of spaces, ~2 MB gzip)", self.bomb_path),
            ("Content-Length 50 MiB", self.huge_path),
            ("headers, then silence", self.hang_path),
            ("503 Retry-After: 1, then 200", self.flaky_path),
            ("429 Retry-After: 86400", self.busy_path),
            (f"redirect chain of {REDIRECT_HOPS} hops", f"{self.hop_prefix}1"),
            *((f"trap {prefix}", entry) for prefix, entry in self.trap_entries.items()),
            *((f"off-site link {url}", url) for url in self.off_site_links),
            *((f"redirect to {to}", path) for path, to in self.off_site_redirects.items()),
            ("robots.txt Disallow, linked", self.private_path),
            *((f"XML {path}", path) for path in (*self.sitemap_paths[1:], self.feed_path)),
            *((f"PDF {path}", path) for path in self.pdf_paths),
            *((f"PNG {path}", path) for path in self.png_paths),
            ("binary as text/html", self.binary_path),
            *(
                (f"Arabic {story.slug}, {actual} labelled {label}", path)
                for path, (story, actual, label) in self._arabic.items()
            ),
            ("tag soup", self.soup_path),
            (f"nested {DEEP_NESTING} deep", self.deep_path),
            ("empty page", self.blank_path),
            ("article with an empty body", self.empty_article_path),
            *((f"date {raw}", path) for path, raw in self.bad_date_paths.items()),
        ]
        out = dict(pairs)
        assert len(out) == len(pairs), "two cases share a name: one would go missing"
        return MappingProxyType(out)

    def trap_of(self, path: str) -> str | None:
        return next((p for p in self.trap_prefixes if path.startswith(p)), None)

    def stop(self) -> None:
        """Release every stalled response (the never-ending page) at once."""
        self._stopping.set()

    def _borrow(self, path: str) -> ExpectedArticle:
        """Another sample-site article's title and first four paragraphs, for a page here
        (its date is the page's business: None until a test says otherwise)."""
        source = next(self._borrowed)
        return ExpectedArticle(path, source.title, source.paragraphs[:4], None, False)

    # -- routing ---------------------------------------------------------------------------------

    def respond(self, method: str, host: str, target: str, headers: Mapping[str, str]) -> Reply:
        """Answer one request meant for `host` (host[:port]); `target` is path and query."""
        if method == "CONNECT":
            return Reply(403, (("Content-Type", "text/plain"),), b"no tunnels\n")
        if host != self.netloc:
            return self._internal()  # any other host or port: what an SSRF would reach
        parts = urlsplit(target)
        path, query = parts.path or "/", parts.query
        if path in self.good_articles or _bare_path(path) in self.good_articles:
            return self._good(method, target, headers, _bare_path(path))
        if (trap := self.trap_of(path)) is not None:
            return self._trap(trap, path, query)
        if path.startswith(self.hop_prefix):
            return self._hop(path)
        if path in self.off_site_redirects:
            return _redirect(self.off_site_redirects[path])
        if path in self._arabic:
            return self._arabic_page(path)
        if path in self._bad_dates:
            return self._bad_date_page(path)
        if (route := self._route_table.get(path)) is not None:
            return route()
        return _not_found()

    def _routes(self) -> dict[str, Callable[[], Reply]]:
        xml = (("Content-Type", XML),)
        base = self.base_url
        return {
            "/": self._home,
            "/robots.txt": lambda: Reply(
                200,
                (("Content-Type", "text/plain; charset=utf-8"),),
                pages.robots(base, self.disallowed_prefixes, self.sitemap_paths).encode(),
            ),
            "/sitemap.xml": lambda: Reply(
                200, xml, pages.sitemap(self.url(p) for p in self.good_articles).encode()
            ),
            "/sitemap-xxe.xml": lambda: Reply(200, xml, pages.xxe_sitemap(base).encode()),
            "/sitemap-laughs.xml": lambda: Reply(
                200, xml, pages.billion_laughs_sitemap(base, LAUGH_MARKER).encode()
            ),
            "/sitemap-broken.xml": lambda: Reply(200, xml, pages.broken_sitemap(base)),
            self.feed_path: lambda: Reply(
                200,
                (("Content-Type", "application/rss+xml; charset=utf-8"),),
                pages.truncated_feed(base).encode(),
            ),
            self.bomb_path: self._bomb,
            self.huge_path: self._huge,
            self.hang_path: self._hang,
            self.busy_path: lambda: _html(
                "<p>RATE-LIMITED-BODY: slow down.</p>", 429, ("Retry-After", str(RETRY_AFTER_429))
            ),
            self.internal_path: self._internal,
            self.private_path: self._private,
            **{
                p: lambda: Reply(200, (("Content-Type", "application/pdf"),), self._pdf)
                for p in self.pdf_paths
            },
            **{
                p: lambda: Reply(200, (("Content-Type", "image/png"),), self._png)
                for p in self.png_paths
            },
            self.binary_path: lambda: Reply(200, (("Content-Type", HTML),), self._binary),
            self.blank_path: lambda: Reply(200, (("Content-Type", HTML),), b""),
            self.empty_article_path: lambda: _html(
                pages.article_page(
                    title="Cabinet Session Postponed Until Further Notice",
                    paragraphs=(),
                    canonical=self.url(self.empty_article_path),
                    date_html="Posted on 6 August 2024",
                    published="2024-08-06T08:00:00+03:00",
                )
            ),
            self.soup_path: lambda: _html(
                pages.tag_soup(
                    self.soup_article.title,
                    self.soup_article.paragraphs,
                    self.url(self.soup_path),
                    "2024-08-07T08:00:00+03:00",
                )
            ),
            self.deep_path: self._deep,
        }

    def _home(self) -> Reply:
        links: list[tuple[str, str]] = [
            (path, article.title) for path, article in self.good_articles.items()
        ]
        links += [(target, name) for name, target in self.cases.items()]
        intro = "Latest news, and everything else a crawler should not trust."
        return _html(pages.listing_page(pages.SITE_NAME, links, intro))

    def _good(self, method: str, target: str, headers: Mapping[str, str], path: str) -> Reply:
        if path == self.flaky_path and method == "GET":
            with self._lock:
                first, self._flaky_served = not self._flaky_served, True
            if first:
                return _html(
                    "<p>UNAVAILABLE-BODY: back in a second.</p>",
                    503,
                    ("Retry-After", str(RETRY_AFTER_503)),
                )
        response = self._sample.respond(method, target, headers, TODAY)
        return Reply(response.status, tuple(response.headers.items()), response.body)

    # -- size and time ---------------------------------------------------------------------------

    def _bomb(self) -> Reply:
        prefix = (
            b'<!DOCTYPE html><html><head><meta property="og:type" content="article">'
            b"<title>GZIP-BOMB-PAGE</title></head><body><h1>GZIP-BOMB-PAGE</h1><p>"
        )
        headers = (
            ("Content-Type", HTML),
            ("Content-Encoding", "gzip"),
            ("Content-Length", str(payloads.gzip_bomb_length(prefix))),
        )
        return Reply(200, headers, stream=lambda: payloads.gzip_bomb(prefix))

    def _huge(self) -> Reply:
        prefix = pages.article_page(
            title="HUGE-PAGE-FILLER Annual Budget, Every Line",
            paragraphs=(),
            canonical=self.url(self.huge_path),
            body_html="",
        ).encode()
        prefix = prefix[: prefix.index(b"</div>\n</article>")]  # the body never closes
        line = b"<p>HUGE-PAGE-FILLER line item, amount, department, remarks.</p>\n"
        headers = (("Content-Type", HTML), ("Content-Length", str(payloads.HUGE_BYTES)))
        return Reply(
            200,
            headers,
            stream=lambda: payloads.sized_filler(prefix, line, payloads.HUGE_BYTES),
        )

    def _hang(self) -> Reply:
        head = pages.article_page(
            title="HANGING-PAGE Live Coverage",
            paragraphs=("HANGING-PAGE live coverage continues below.",),
            canonical=self.url(self.hang_path),
        ).encode()

        def stall() -> Iterator[bytes]:
            yield head[:1000]
            self._stopping.wait(HANG_SECONDS)  # the rest never comes

        headers = (("Content-Type", HTML), ("Content-Length", str(len(head) + 100_000)))
        return Reply(200, headers, stream=stall)

    def _hop(self, path: str) -> Reply:
        number = path.removeprefix(self.hop_prefix).strip("/")
        if not number.isdigit() or not 1 <= int(number) <= REDIRECT_HOPS + 1:
            return _not_found()
        if int(number) <= REDIRECT_HOPS:
            return _redirect(f"{self.hop_prefix}{int(number) + 1}")
        return _html(pages.listing_page("End of the Redirect Chain", ()))

    # -- traps -----------------------------------------------------------------------------------

    def _trap(self, trap: str, path: str, query: str) -> Reply:
        with self._lock:
            hits = self._trap_hits[trap] = self._trap_hits.get(trap, 0) + 1
        exhausted = hits > TRAP_CEILING
        if trap == "/calendar/":
            return self._calendar(path, exhausted)
        if trap == "/archive/page/":
            number = path.removeprefix(trap).strip("/")
            if not number.isdigit():
                return _not_found()
            n = int(number)
            pager = (
                [] if exhausted else [(f"/archive/page/{n + k}/", str(n + k)) for k in range(1, 11)]
            )
            return _html(pages.listing_page(f"Archive, page {n}", pager, "Older posts."))
        if trap == "/story":
            story = parse_qs(query).get("id", ["1"])[0]
            links = (
                []
                if exhausted
                else [
                    (f"/story?id={k}&sessionid={uuid.uuid4().hex}", f"Story {k}") for k in (1, 2, 3)
                ]
            )
            return _html(pages.listing_page(f"Stories ({story})", links, "Your session."))
        segments = path.strip("/").split("/")
        if any(s not in ("a", "b") for s in segments) or not path.endswith("/"):
            return _not_found()
        relative = [] if exhausted else [("a/b/", "Section A"), ("b/a/", "Section B")]
        return _html(pages.listing_page("Sections", relative, "Browse the sections."))

    def _calendar(self, path: str, exhausted: bool) -> Reply:
        try:
            year, month, day = (int(part) for part in path.strip("/").split("/")[1:4])
            shown = date(year, month, day)
        except ValueError:
            return _not_found()
        links: list[tuple[str, str]] = []
        if not exhausted:
            for label, other in (
                ("Previous day", _shift_days(shown, -1)),
                ("Next day", _shift_days(shown, 1)),
                ("Previous month", _shift_months(shown, -1)),
                ("Next month", _shift_months(shown, 1)),
            ):
                if other is not None:
                    links.append((f"/calendar/{other:%Y/%m/%d}/", label))
        title = f"Events on {shown:%d %B %Y}"
        return _html(pages.listing_page(title, links, "No events on this day."))

    # -- scope -----------------------------------------------------------------------------------

    def _internal(self) -> Reply:
        marker = INTERNAL_MARKER
        return _html(
            pages.article_page(
                title=f"{marker} Operations Console",
                paragraphs=(
                    f"{marker}: this page is only for the intranet. The service accounts of the "
                    "newsroom, the database passwords and the cloud metadata token are listed "
                    "below for the operations team and nobody else.",
                    f"{marker}: no public crawler should ever read a word of it, whatever link, "
                    "redirect or XML entity pointed it here from the public site, and no "
                    "archive should ever keep a copy of it.",
                    f"{marker}: if you can read this in an archive, the crawler followed a "
                    "request to a host it was never asked to crawl.",
                ),
                canonical=self.url(self.internal_path),
                published="2024-08-05T10:00:00+03:00",
            )
        )

    def _private(self) -> Reply:
        marker = "ROBOTS-PRIVATE-PAGE"
        return _html(
            pages.article_page(
                title=f"{marker} Staff Bonus List",
                paragraphs=(
                    f"{marker}: robots.txt disallows this directory. A polite crawler never "
                    "requests it, however prominently the home page links to it.",
                    f"{marker}: the annual bonus of every editor, reporter and photographer "
                    "of the newsroom is listed here, department by department.",
                    f"{marker}: this text must never reach the archive, in any table, in "
                    "any form, because the site asked every robot to stay away from it.",
                ),
                canonical=self.url(self.private_path),
                published="2024-08-05T10:00:00+03:00",
            )
        )

    # -- content ---------------------------------------------------------------------------------

    def _arabic_page(self, path: str) -> Reply:
        story, actual, label = self._arabic[path]
        if story.json_ld_date:
            date_html = f'<time datetime="{story.json_ld_date}">{story.byline_date}</time>'
        else:
            date_html = f'<span class="posted-on">{story.byline_date}</span>'
        text = pages.article_page(
            title=story.title,
            paragraphs=story.paragraphs,
            canonical=self.url(path),
            date_html=date_html,
            published=story.json_ld_date,
            lang="ar",
            charset=label,
        )
        return Reply(200, (("Content-Type", f"text/html; charset={label}"),), text.encode(actual))

    def _bad_date_page(self, path: str) -> Reply:
        machine, printed = self._bad_dates[path]
        article = self.bad_date_articles[path]
        return _html(
            pages.article_page(
                title=article.title,
                paragraphs=article.paragraphs,
                canonical=self.url(path),
                date_html=f'<time datetime="{machine}">{printed}</time>',
                published=machine,
            )
        )

    def _deep(self) -> Reply:
        article = self._deep_article
        inner = "\n".join(f"<p>{pages.esc(p)}</p>" for p in article.paragraphs)
        return _html(
            pages.article_page(
                title=article.title,
                paragraphs=(),
                canonical=self.url(self.deep_path),
                published="2024-08-08T08:00:00+03:00",
                body_html=payloads.deeply_nested(DEEP_NESTING, inner),
            )
        )


def _shift_days(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _shift_months(day: date, months: int) -> date | None:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        return None
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


class HostileServer(ThreadedServer):
    """Serve a HostileSite on 127.0.0.1 (port 0 picks a free one) and log every request.

    The socket is bound on construction, so `base_url` and `site` exist before `start()`."""

    _thread_name = "hostile-site"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._thread: threading.Thread | None = None
        self._httpd = _HTTPServer((host, port), self)
        bound_host, bound_port = self._httpd.server_address[:2]
        self.site = HostileSite(f"http://{bound_host!s}:{bound_port}")

    @property
    def base_url(self) -> str:
        return self.site.base_url

    @property
    def port(self) -> int:
        return self.site.port

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request received so far, in order of arrival."""
        with self._lock:
            return sorted(self._records, key=lambda r: r.at)

    def stop(self) -> None:
        self.site.stop()
        super().stop()  # server_close joins the handler threads: the log is complete after

    def record(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)


class _HTTPServer(ThreadingHTTPServer):
    # Handler threads are joined on server_close(), so no request is missing from the log.
    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], owner: HostileServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a crawler hanging up mid-response is what half of these pages are for


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "HostileHerald/1.0"
    timeout = 90  # an idle keep-alive connection is dropped at last

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
        self._serve("POST")

    def do_CONNECT(self) -> None:
        self._serve("CONNECT")

    def log_message(self, format: str, *args: object) -> None:
        return  # quiet: tests read HostileServer.requests

    def _serve(self, method: str) -> None:
        arrived = time.monotonic()
        headers = dict(self.headers.items())
        target = self.path
        if method == "CONNECT":
            host, path = target, ""
        elif target.startswith(("http://", "https://")):
            parts = urlsplit(target)
            host = parts.netloc
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        else:
            host = next((v for k, v in headers.items() if k.lower() == "host"), "")
            path = target
        site = self.server.owner.site
        reply = site.respond(method, host, path, headers)
        sent = 0
        try:
            self.send_response(reply.status)
            names = {name.lower() for name, _ in reply.headers}
            for name, value in reply.headers:
                self.send_header(name, value)
            if reply.stream is None and "content-length" not in names:
                self.send_header("Content-Length", str(len(reply.body)))
            if reply.stream is not None or method == "CONNECT":
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if method == "HEAD":
                pass
            elif reply.stream is not None:
                for chunk in reply.stream():
                    self.wfile.write(chunk)
                    sent += len(chunk)
            elif reply.body:
                self.wfile.write(reply.body)
                sent = len(reply.body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        finally:
            self.server.owner.record(
                RequestRecord(
                    method=method,
                    target=target,
                    host=host,
                    path=path,
                    headers=tuple(headers.items()),
                    at=arrived,
                    status=reply.status,
                    bytes_sent=sent,
                )
            )
