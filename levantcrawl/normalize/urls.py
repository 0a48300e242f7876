"""URL identity: one canonical form per article URL, however it was linked."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

if TYPE_CHECKING:
    from collections.abc import Iterable

# Parameters that say where a click came from, never what page it is.
DEFAULT_TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_ga",
        "ref_src",
        # Session ids: a new URL on every visit is a trap, never a different page. ("sid"
        # is not one of them: old PHP news sites name their stories with it.)
        "sessionid",
        "session_id",
        "phpsessid",
        "jsessionid",
        "sessid",
        "oscsid",
    }
)
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid)=[^/?#]*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
TRACKING_PREFIXES: tuple[str, ...] = ("utm_",)
_AMP_SUFFIX = re.compile(r"/amp/?$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def strip_tracking(url: str, extra: frozenset[str] = frozenset()) -> str:
    """Drop click-tracking query parameters, keeping every other one in order."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[" and friends: nothing to strip from an unreadable URL
        return url
    if _PATH_SESSION.search(parts.path):
        parts = parts._replace(path=_PATH_SESSION.sub("", parts.path))
        url = urlunsplit(parts)
    if not parts.query:
        return url
    blocked = DEFAULT_TRACKING_PARAMS | extra
    kept = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in blocked and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def canonical_url(url: str, extra_tracking: frozenset[str] = frozenset()) -> str:
    """The archive key of a URL: no tracking, no fragment, sorted query, lower-case host,
    no default port, no trailing slash on a path that is not the root. A URL too broken to
    parse is returned as written, so it can be recorded rather than crash the crawl."""
    try:
        return _canonical(url.strip(), extra_tracking)
    except ValueError:
        return url.strip()


# A site's pages link the same menu, most-read and related URLs over and over.
@lru_cache(maxsize=16384)
def _canonical(url: str, extra_tracking: frozenset[str]) -> str:
    url = canonicalize_url(strip_tracking(url, extra_tracking), keep_fragments=False)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = host
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        netloc = f"{host}:{parts.port}"
    path = parts.path or "/"
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def without_amp(url: str) -> str:
    """The non-AMP address of a WordPress-style AMP page (`.../slug/amp`)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=_AMP_SUFFIX.sub("", parts.path) or "/"))


def same_site(url: str, host: str) -> bool:
    """True when `url` is on `host` or one of its subdomains."""
    try:
        url_host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    host = host.lower()
    return url_host == host or url_host.endswith("." + host)


def _usable_canonical(page_url: str, declared: str | None, site_host: str) -> str | None:
    if not declared or not declared.strip():
        return None
    try:
        target = strip_tracking(urljoin(page_url, declared.strip()))
    except ValueError:
        return None  # a canonical link too broken to follow is no canonical link
    key = canonical_url(target)
    return target if same_site(key, site_host) and urlsplit(key).path not in ("", "/") else None


def pick_canonical(
    page_url: str, declared: str | None, site_host: str, tracking: frozenset[str] = frozenset()
) -> str:
    """The archive key: rel=canonical when it stays on the site and is not the home page;
    otherwise the page's own URL (AMP suffix removed); canonicalised either way."""
    target = _usable_canonical(page_url, declared, site_host)
    return canonical_url(target or without_amp(page_url), tracking)


def url_forms(urls: Iterable[str], tracking: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """What the archive records of URLs an article was seen under, each form once: the
    archive key of each, which lookups use, and each as seen (tracking parameters, trailing
    slash and all, in w3lib's canonical form)."""
    listed = list(urls)
    seen = [canonicalize_url(url, keep_fragments=False) for url in listed]
    return tuple(dict.fromkeys([*(canonical_url(url, tracking) for url in listed), *seen]))


def variant_of(
    page_url: str, declared: str | None, site_host: str, redirected_from: tuple[str, ...] = ()
) -> str | None:
    """The address (as the site writes it) of the page this one is a variant of; None when
    this page is the canonical one. A site that redirects its canonical address here is
    taken at its word that this is the page, so no article is lost to a redirect loop."""
    target = _usable_canonical(page_url, declared, site_host)
    if target is None:
        target = without_amp(page_url)
        return None if target == page_url else target
    fetched = {canonicalize_url(u, keep_fragments=False) for u in (page_url, *redirected_from)}
    return None if canonicalize_url(target, keep_fragments=False) in fetched else target


# A numeric article id in the last path segment: "/2024/08/1234-some-slug", "/1234567/",
# "/news/some-slug-123456.html". Four digits at least, so a year is never taken for one.
_ID_FIRST = re.compile(r"^(\d{4,})(?:[-_].*)?$")
_ID_LAST = re.compile(r"^.*[-_](\d{5,})(?:\.[a-z]{2,5})?$")


def article_key(url: str) -> str | None:
    """The part of a canonical URL that names the article whatever its slug says, or None.

    An edited headline that changes the slug ("/2024/08/1234-old" then "/2024/08/1234-new")
    keeps the key, so the archive sees one article with a new revision, not two."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return None
    last = segments[-1].lower()
    match = _ID_FIRST.match(last) or _ID_LAST.match(last)
    if match is None or (last.isdigit() and len(segments) == 1 and len(last) == 4):
        return None
    return f"{(hostname or '').lower()}/{'/'.join(segments[:-1])}#{match.group(1)}"


def url_shape(url: str) -> str:
    """A URL with its digits folded: /calendar/2024/08/05/ and /calendar/2025/01/31/ are
    one shape, /archive/page/7/ and /archive/page/8/ another."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    keys = sorted(k for k, _ in parse_qsl(parts.query, keep_blank_values=True))
    return _DIGITS.sub("0", parts.path) + ("?" + "&".join(keys) if keys else "")


def trap_reason(url: str, listings: dict[str, int], *, budget: int, max_repeats: int) -> str | None:
    """Why following `url` would be a trap: its path repeats its segments, or pages of its
    shape already gave `budget` listings (pages that were not articles) in this crawl."""
    try:
        segments = [s for s in urlsplit(url).path.split("/") if s]
    except ValueError:
        return "unreadable"
    if segments and max(segments.count(s) for s in segments) > max_repeats:
        return "repeated-segments"
    if listings.get(url_shape(url), 0) >= budget:
        return "shape-budget"
    return None


# Path segments and query keys of listing pages in the common CMSs: a tag, category or
# author archive, a page of results.
_LISTING_SEGMENTS = frozenset(
    {"tag", "tags", "category", "categories", "author", "authors", "topic", "topics"}
    | {"archive", "archives", "search", "label", "labels", "feed"}
)
_LISTING_KEYS = frozenset({"page", "paged", "s", "q", "tag", "cat", "category", "author"})
_EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|cms|jsp)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[-_+.,;~]+")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# "/2024/08/", "/2024/08/05/", "/2016-04-15/", "/2019-12-22-a-slug": a dated path.
_DATE_PATH = re.compile(r"/(?:19|20)\d\d(?:/[01]?\d(?:/[0-3]?\d)?/|-[01]\d-[0-3]\d[-/])")
_LONG_NUMBER = re.compile(r"(?<!\d)\d{5,}(?!\d)")
_HOME_PATHS = (["index.html"], ["index.htm"], ["index.php"], ["default.aspx"])
# url_kind's shapes of an address that names one story.
STORY_URLS = frozenset({"id", "date", "slug"})
# A slug of this many words names one story ("deadline-looms-for-electricity-tariffs").
SLUG_WORDS = 3


def _segments(url: str) -> tuple[list[str], list[tuple[str, str]]] | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segments = [s for s in parts.path.split("/") if s]
    return segments, parse_qsl(parts.query, keep_blank_values=True)


def url_kind(url: str) -> str:
    """What a URL's shape says about its page: "home", "listing" (a tag, category, author
    or results page), "id" (a numeric article id), "date" (a dated path to a slug), "slug"
    (a headline-like last segment) or "other"."""
    found = _segments(url)
    if found is None:
        return "other"
    segments, query = found
    keys = {key.lower() for key, _ in query}
    ids = [v for k, v in query if k.lower() not in _LISTING_KEYS and v.isdigit() and len(v) >= 3]
    if not segments or [s.lower() for s in segments] in _HOME_PATHS:
        return "id" if ids else "home"
    lowered = [s.lower() for s in segments]
    paged = any(a == "page" and b.isdigit() for a, b in itertools.pairwise(lowered))
    if ids:  # "news_view.html?idx=8576&page=1": the story's id outweighs the page number
        return "id"
    if _LISTING_SEGMENTS & set(lowered) or keys & _LISTING_KEYS or paged:
        return "listing"
    long_number = any(_LONG_NUMBER.search(s) and not _DATE_PATH.search(f"/{s}/") for s in segments)
    if long_number or article_key(url) is not None:
        return "id"
    words = _LETTERS.findall(_EXTENSION.sub("", segments[-1]))
    if _DATE_PATH.search("/" + "/".join(segments) + "/") and len(words) >= 2:
        return "date"
    return "slug" if len(words) >= SLUG_WORDS else "other"


def _token(segment: str) -> str:
    extension = match.group(0).lower() if (match := _EXTENSION.search(segment)) else ""
    base = segment[: len(segment) - len(extension)] if extension else segment
    if base.isdigit():
        kind = (
            "Y" if len(base) == 4 and base[:2] in ("19", "20") else "N" if len(base) <= 2 else "ID"
        )
        return kind + extension
    pieces = [p for p in _SEPARATORS.split(base) if p]
    if len(pieces) >= 2:
        numbered = [p.isdigit() and len(p) >= 3 for p in pieces]
        kind = "ID-SLUG" if numbered[0] else "SLUG-ID" if any(numbered) else "SLUG"
        return kind + extension
    if len(base) > 24 or _DIGITS.search(base):
        return _DIGITS.sub("0", base.lower()) if len(base) <= 24 else "WORD" + extension
    return base.lower() + extension


def url_pattern(url: str) -> str:
    """A URL's shape with its story-specific parts folded: "/2024/08/44219-deadline-looms"
    is "/Y/N/ID-SLUG", "/news/view.php?id=123" is "/news/view.php?id". A site's articles
    share a few such shapes."""
    found = _segments(url)
    if found is None:
        return url
    segments, query = found
    keys = sorted({key for key, _ in query})
    return "/" + "/".join(_token(s) for s in segments) + ("?" + "&".join(keys) if keys else "")
