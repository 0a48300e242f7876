"""WARC: the archive's raw captures as standard web-archive records (WARC 1.1, gzip per record).

A `warcinfo` record comes first. Each capture, in capture id order, then gives a `request`
record and a `response` record that name each other in `WARC-Concurrent-To`; a capture whose
body was already written in this file as another capture's response becomes a `revisit`
record (identical payload digest) pointing at that first one, not a second copy."""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from importlib.metadata import version
from io import BytesIO
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import aliased
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from levantcrawl import __version__, bodies
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.settings import ROBOTSTXT_OBEY, USER_AGENT
from levantcrawl.storage.models import Article, Body, Capture, Site

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from sqlalchemy.orm import Session

WARC_VERSION = "1.1"
# Headers about the transfer, not the body we hold: Scrapy stored the body decoded (no gzip,
# no chunks), so these no longer describe it. Content-Length is written anew.
TRANSFER_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-encoding",
        "content-length",
    }
)
# What a Scrapy request of the crawler carries besides the User-Agent: its defaults (it adds
# br and zstd to Accept-Encoding only when their libraries are installed).
REQUEST_HEADERS = (
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("Accept-Language", "en"),
    ("Accept-Encoding", "gzip, deflate"),
)
DESCRIPTION = (
    "Raw captures of a levantcrawl archive. Response bodies are stored decoded, so "
    "Content-Encoding and Transfer-Encoding are dropped and Content-Length is the stored "
    "body's length; request records are rebuilt from the crawler's settings."
)


@dataclass(frozen=True, slots=True)
class CaptureFilter:
    """Which captures to write: the article's site host, and a fetch-time window [since, until)."""

    site: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class WarcCounts:
    records: int  # every record written, warcinfo included
    captures: int
    revisits: int


@dataclass(frozen=True, slots=True)
class _Stored:
    """One capture as read for writing; `first_*` name the earlier capture of the same body."""

    url: str
    status: int
    headers: dict[str, Any]
    fetched_at: datetime
    body: bytes
    first_url: str | None
    first_fetched_at: datetime | None


def write_warc(
    session: Session,
    filters: CaptureFilter,
    out: BinaryIO,
    *,
    filename: str,
    user_agent: str = USER_AGENT,
    batch: int = 100,
) -> WarcCounts:
    """Write the matching captures to `out` as a gzipped WARC; streamed, one body at a time."""
    writer = WARCWriter(out, gzip=True, warc_version=WARC_VERSION)
    writer.write_record(writer.create_warcinfo_record(filename, _warcinfo(filters, user_agent)))
    captures = revisits = 0
    for stored in _captures(session, filters, batch):
        request_id, response_id = _record_id(), _record_id()
        request = _warc_fields("request", request_id, stored, concurrent_to=response_id)
        writer.write_record(_request_record(writer, stored, user_agent, request))
        response = _warc_fields("response", response_id, stored, concurrent_to=request_id)
        writer.write_record(_response_record(writer, stored, response))
        captures += 1
        revisits += stored.first_url is not None
    return WarcCounts(records=1 + 2 * captures, captures=captures, revisits=revisits)


def _warcinfo(filters: CaptureFilter, user_agent: str) -> dict[str, str]:
    """The warcinfo fields (WARC 1.1 annex). Its WARC-Date is the export's own time."""
    return {
        "software": f"levantcrawl/{__version__} (warcio/{version('warcio')})",
        "format": f"WARC File Format {WARC_VERSION}",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
        f"warc-format/warc-{WARC_VERSION}/",
        "description": DESCRIPTION,
        "http-header-user-agent": user_agent,
        "robots": "obey" if ROBOTSTXT_OBEY else "ignore",
        "levantcrawl-filters": _describe(filters),
    }


def _describe(filters: CaptureFilter) -> str:
    """The export's filters as `name=value` pairs, or "none": what this file is a part of."""
    chosen = [
        ("site", filters.site),
        ("fetched-since", iso_utc(filters.since) if filters.since else None),
        ("fetched-until", iso_utc(filters.until) if filters.until else None),
    ]
    return "; ".join(f"{name}={value}" for name, value in chosen if value) or "none"


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _warc_fields(
    kind: str, record_id: str, stored: _Stored, *, concurrent_to: str
) -> dict[str, str]:
    """A record's own WARC fields, in the usual order; warcio adds digests and lengths."""
    return {
        "WARC-Type": kind,
        "WARC-Record-ID": record_id,
        "WARC-Date": iso_utc(stored.fetched_at),
        "WARC-Target-URI": stored.url,
        "WARC-Concurrent-To": concurrent_to,
    }


def _conditions(filters: CaptureFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.site:
        of_site = select(Article.id).join(Site, Site.id == Article.site_id)
        conditions.append(Capture.article_id.in_(of_site.where(Site.host == filters.site)))
    if filters.since:
        conditions.append(Capture.fetched_at >= filters.since)
    if filters.until:
        conditions.append(Capture.fetched_at < filters.until)
    return conditions


def _captures(session: Session, filters: CaptureFilter, batch: int) -> Iterator[_Stored]:
    """Matching captures by id, each with the first matching capture of its body when that is
    an earlier one. Worked out in SQL, so memory stays flat however large the archive."""
    conditions = _conditions(filters)
    first_of_body = (
        select(Capture.body_id, func.min(Capture.id).label("capture_id"))
        .where(Capture.body_id.is_not(None), *conditions)
        .group_by(Capture.body_id)
        .subquery()
    )
    first = aliased(Capture)
    stmt = (
        select(
            Capture.url,
            Capture.status,
            Capture.headers,
            Capture.fetched_at,
            Body.compressed,
            first.url,
            first.fetched_at,
        )
        .outerjoin(Body, Body.id == Capture.body_id)
        .outerjoin(first_of_body, first_of_body.c.body_id == Capture.body_id)
        .outerjoin(first, and_(first.id == first_of_body.c.capture_id, first.id != Capture.id))
        .where(*conditions)
        .order_by(Capture.id)
    )
    for row in session.execute(stmt.execution_options(yield_per=batch)):
        url, status, headers, fetched_at, compressed, first_url, first_fetched_at = row
        body = bodies.decompress(compressed) if compressed is not None else b""
        yield _Stored(url, status, headers, fetched_at, body, first_url, first_fetched_at)


def _request_record(
    writer: WARCWriter, stored: _Stored, user_agent: str, fields: dict[str, str]
) -> Any:
    """The GET the crawler sent, as its settings shape it (requests themselves are not kept)."""
    parts = urlsplit(stored.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc), ("User-Agent", user_agent), *REQUEST_HEADERS]
    http = StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)
    return writer.create_warc_record(
        stored.url,
        "request",
        http_headers=http,
        warc_headers_dict=fields,
    )


def _response_record(writer: WARCWriter, stored: _Stored, fields: dict[str, str]) -> Any:
    """A full response, or a revisit when this body was written earlier in the file."""
    http = response_headers(stored.status, stored.headers, len(stored.body))
    if stored.first_url is not None and stored.first_fetched_at is not None:
        return writer.create_revisit_record(
            stored.url,
            payload_digest(stored.body),
            stored.first_url,
            iso_utc(stored.first_fetched_at),
            http_headers=http,
            warc_headers_dict={**fields, "WARC-Type": "revisit"},
        )
    return writer.create_warc_record(
        stored.url,
        "response",
        payload=BytesIO(stored.body),
        length=len(stored.body),
        http_headers=http,
        warc_headers_dict=fields,
    )


def response_headers(status: int, stored: dict[str, Any], length: int) -> StatusAndHeaders:
    """Status line and stored headers, less those that described the transfer (and any a
    `Connection` header named), with the Content-Length of the body as stored."""
    connection = ",".join(str(v) for k, v in stored.items() if k.lower() == "connection")
    dropped = TRANSFER_HEADERS | {name.strip().lower() for name in connection.split(",")}
    kept = [(name, str(value)) for name, value in stored.items() if name.lower() not in dropped]
    kept.append(("Content-Length", str(length)))
    return StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol="HTTP/1.1")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""  # an unregistered status: the reason phrase may be empty (RFC 9112)


def payload_digest(body: bytes) -> str:
    """WARC-Payload-Digest as warcio writes it: SHA-1, base32. SHA-1 is what WARC tools
    compare on, not a security measure."""
    digest = hashlib.sha1(body, usedforsecurity=False).digest()
    return "sha1:" + base64.b32encode(digest).decode("ascii")
