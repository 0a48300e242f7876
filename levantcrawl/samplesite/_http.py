"""HTTP negotiation on a rendered page: validators, conditional GET, gzip and HEAD."""

from __future__ import annotations

import gzip
import hashlib
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from levantcrawl.samplesite._dates import http_date
from levantcrawl.samplesite.model import Response

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from levantcrawl.samplesite.model import Page


def negotiate(method: str, request: Mapping[str, str], page: Page) -> Response:
    """Turn a page into the response for this request; `request` keys are lower-case."""
    headers: dict[str, str] = {"Content-Type": page.content_type}
    if page.content_type.startswith(("text/", "application/")):
        headers["Vary"] = "Accept-Encoding"
    tag = f'"{hashlib.sha1(page.body, usedforsecurity=False).hexdigest()[:24]}"'
    if page.etag:
        headers["ETag"] = tag
    if page.last_modified is not None:
        headers["Last-Modified"] = http_date(page.last_modified)
    headers.update(page.extra_headers)

    if (
        page.status == 200
        and (page.etag or page.last_modified)
        and _not_modified(request, page, tag)
    ):
        return Response(304, headers, b"")

    body = page.body
    if body and "Vary" in headers and _accepts_gzip(request.get("accept-encoding", "")):
        # mtime=0 keeps the compressed bytes identical from one request to the next
        body = gzip.compress(body, mtime=0)
        headers["Content-Encoding"] = "gzip"
        if page.etag:
            headers["ETag"] = _gzip_tag(tag)  # a strong tag names one exact byte sequence
    headers["Content-Length"] = str(len(body))
    return Response(page.status, headers, b"" if method == "HEAD" else body)


def _gzip_tag(tag: str) -> str:
    return tag[:-1] + '-gzip"'


def _not_modified(request: Mapping[str, str], page: Page, tag: str) -> bool:
    if (if_none_match := request.get("if-none-match")) is not None:
        if not page.etag:
            return False
        offered = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return bool(offered & {tag, _gzip_tag(tag), "*"})
    if (since := request.get("if-modified-since")) and page.last_modified is not None:
        return _seconds(page.last_modified) <= _parsed_seconds(since)
    return False


def _seconds(moment: datetime) -> float:
    return float(int(moment.timestamp()))


def _parsed_seconds(value: str) -> float:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return float("-inf")
    # "-0000" dates parse naive; HTTP dates are always GMT
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()


def _accepts_gzip(value: str) -> bool:
    for part in value.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        quality = params.strip().removeprefix("q=")
        try:
            return not params.strip() or float(quality) > 0
        except ValueError:
            return True
    return False
