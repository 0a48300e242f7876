"""`export --format warc`: the raw captures as WARC records, read back with warcio."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select
from warcio.archiveiterator import ArchiveIterator

from levantcrawl import __version__
from levantcrawl.assemble import seal
from levantcrawl.export.warc import CaptureFilter, response_headers, write_warc
from levantcrawl.extraction.article import ExtractedArticle
from levantcrawl.fingerprint import body_sha256
from levantcrawl.items import ArticleItem, Capture, GoneItem
from levantcrawl.settings import USER_AGENT
from levantcrawl.storage import crawls, identity, listings, revisions
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Body
from levantcrawl.storage.models import Capture as CaptureRow
from tests.crawl.conftest import levantcrawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import BinaryIO

    from sqlalchemy.orm import Session

    from tests.crawl.conftest import CrawlSequence

T0 = datetime(2024, 11, 15, 9, 0, 0, 250000, tzinfo=UTC)
BASE = "http://127.0.0.1:9"
PAGE = b"<html><body><button>Dark Mode</button><p>Talks in Tehran.</p></body></html>"
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"


@dataclass(frozen=True)
class Record:
    type: str
    warc: dict[str, str]
    status: int | None
    http: dict[str, str]
    payload: bytes


def read_warc(stream: BinaryIO) -> list[Record]:
    """Every record, its payload read in full; warcio raises on any digest that does not match."""
    records = []
    for raw in ArchiveIterator(stream, check_digests="raise"):
        http: Any = raw.http_headers
        status = int(http.get_statuscode()) if http and raw.rec_type != "request" else None
        records.append(
            Record(
                type=raw.rec_type,
                warc=dict(raw.rec_headers.headers),
                status=status,
                http=dict(http.headers) if http else {},
                payload=raw.content_stream().read(),
            )
        )
    return records


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode()


def pairs(records: list[Record]) -> list[tuple[Record, Record]]:
    """(request, response or revisit) per capture, after the warcinfo record."""
    body = records[1:]
    assert len(body) % 2 == 0
    return list(zip(body[0::2], body[1::2], strict=True))


def warc_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


# --- The real CLI on real crawls ---------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(crawled: CrawlSequence, tmp_path_factory: pytest.TempPathFactory) -> list[Record]:
    folder = tmp_path_factory.mktemp("warc") / "levant"
    result = levantcrawl(
        "export", "--format", "warc", "-o", str(folder), "--db", crawled.second.db_url
    )
    assert result.returncode == 0, result.stderr
    assert not folder.with_name(folder.name + ".partial").exists()
    out = folder / "levant.warc.gz"
    with out.open("rb") as stream:
        records = read_warc(stream)
    captures = (len(records) - 1) // 2
    assert (
        result.stderr.strip() == f"exported {len(records)} records ({captures} captures) to {out}"
    )
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["counts"] == {"records": len(records), "captures": captures}
    [entry] = manifest["files"]
    assert entry["path"] == "levant.warc.gz"
    assert entry["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    return records


@pytest.fixture(scope="module")
def stored(crawled: CrawlSequence) -> Iterator[list[tuple[CaptureRow, bytes]]]:
    """The archive's captures by id, each with its raw body (empty when none was kept)."""
    archive = open_archive(crawled.second.db_url)
    with archive.sessions() as session:
        rows = session.scalars(select(CaptureRow).order_by(CaptureRow.id)).all()
        yield [(row, listings.decompress(row.body) if row.body else b"") for row in rows]
    archive.close()


@pytest.mark.crawl
def test_warcinfo_comes_first_and_names_the_software(exported: list[Record]) -> None:
    info = exported[0]
    assert info.type == "warcinfo"
    assert info.warc["WARC-Filename"] == "levant.warc.gz"
    fields = dict(line.split(": ", 1) for line in info.payload.decode().splitlines())
    assert fields["software"].startswith(f"levantcrawl/{__version__} ")
    assert fields["format"] == "WARC File Format 1.1"
    assert fields["http-header-user-agent"] == USER_AGENT
    assert fields["levantcrawl-filters"] == "none"
    assert [r.type for r in exported].count("warcinfo") == 1


@pytest.mark.crawl
def test_every_capture_is_a_request_and_response_pair(
    exported: list[Record], stored: list[tuple[CaptureRow, bytes]]
) -> None:
    written = pairs(exported)
    assert len(written) == len(stored)
    assert sum(r.type in ("response", "revisit") for r in exported) == len(stored)
    for (request, response), (capture, body) in zip(written, stored, strict=True):
        assert request.type == "request"
        assert response.type in ("response", "revisit")
        assert request.warc["WARC-Concurrent-To"] == response.warc["WARC-Record-ID"]
        assert response.warc["WARC-Concurrent-To"] == request.warc["WARC-Record-ID"]
        assert request.warc["WARC-Target-URI"] == response.warc["WARC-Target-URI"] == capture.url
        assert warc_time(response.warc["WARC-Date"]) == capture.fetched_at
        assert request.warc["WARC-Date"] == response.warc["WARC-Date"]
        assert request.http["User-Agent"] == USER_AGENT
        assert response.status == capture.status
        assert response.http["Content-Length"] == str(len(body))
        assert "Content-Encoding" not in response.http
        assert response.warc["WARC-Payload-Digest"] == sha1_base32(body)
        if response.type == "response":
            assert response.payload == body


@pytest.mark.crawl
def test_removed_article_keeps_its_410(exported: list[Record], crawled: CrawlSequence) -> None:
    gone = [response for _, response in pairs(exported) if response.status == 410]
    assert len(gone) == 1
    assert gone[0].type == "response"
    assert gone[0].warc["WARC-Target-URI"].startswith(crawled.base_url)


@pytest.mark.crawl
def test_article_payload_is_the_raw_page(exported: list[Record], crawled: CrawlSequence) -> None:
    path = next(iter(crawled.second.site.articles))
    (page,) = [
        r
        for _, r in pairs(exported)
        if r.warc["WARC-Target-URI"] == crawled.base_url + path and r.type == "response"
    ]
    assert page.http["Content-Type"].startswith("text/html")
    assert b"Dark Mode" in page.payload  # the page as served, not the clean text
    assert b"<html" in page.payload


@pytest.mark.crawl
def test_filters_select_captures_by_site_and_fetch_time(
    crawled: CrawlSequence, stored: list[tuple[CaptureRow, bytes]], tmp_path: Path
) -> None:
    def export(*args: str) -> list[Record]:
        out = tmp_path / "part"
        result = levantcrawl("export", "--format", "warc", "-o", str(out), "--overwrite", *args)
        assert result.returncode == 0, result.stderr
        with (out / "part.warc.gz").open("rb") as stream:
            return read_warc(stream)

    db = ("--db", crawled.second.db_url)
    assert [r.type for r in export(*db, "--site", "nowhere.example")] == ["warcinfo"]
    last_crawl = max(c.crawl_id for c, _ in stored)
    cut = min(c.fetched_at for c, _ in stored if c.crawl_id == last_crawl).replace(microsecond=0)
    later = export(*db, "--since", cut.isoformat())
    expected = [c.url for c, _ in stored if c.fetched_at >= cut]
    assert [r.warc["WARC-Target-URI"] for _, r in pairs(later)] == expected
    assert all(r.type == "response" for _, r in pairs(later))  # nothing refers outside the file


@pytest.mark.crawl
@pytest.mark.parametrize(
    ("output", "extra", "message"),
    [
        (None, (), "give -o DIR"),
        ("captures", ("--section", "Lebanon"), "--section selects articles"),
        ("captures", ("--revisions", "all"), "--format warc writes every capture"),
    ],
)
def test_warc_without_a_warc_file_is_refused(
    output: str | None, extra: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    to_file = ("-o", str(tmp_path / output)) if output else ()
    db = ("--db", str(tmp_path / "none.db"))
    result = levantcrawl("export", "--format", "warc", *to_file, *extra, *db)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not list(tmp_path.iterdir())


# --- A small archive built with the repository functions --------------------------------------


def article(url: str, html: bytes, fetched_at: datetime, title: str = "Talks") -> ArticleItem:
    paragraphs = (f"{title} in Tehran.",)
    item = ArticleItem(
        capture=Capture(url, 200, {"Content-Type": "text/html"}, html, fetched_at),
        site_host="127.0.0.1",
        canonical_url=url,
        discovered_via="sitemap",
        extracted=ExtractedArticle(url=url, is_article=True, title=title, paragraphs=paragraphs),
    )
    item.body_sha256 = body_sha256(paragraphs)
    seal(item)
    return item


@pytest.fixture
def shared_body(session: Session) -> list[str]:
    """Two articles served the very same bytes (one body row), then a removal: its URLs."""
    site = identity.site_for_host(session, "127.0.0.1", "Levant News", T0)
    crawl = crawls.start_crawl(session, spider="news", start_url=f"{BASE}/", site=site, now=T0)
    urls = [f"{BASE}/2024/08/1-talks", f"{BASE}/2024/08/2-talks-copy"]
    revisions.save_article(session, crawl.id, article(urls[0], PAGE, T0).to_record())
    later = T0 + timedelta(hours=1)
    revisions.save_article(
        session, crawl.id, article(urls[1], PAGE, later, title="Copy").to_record()
    )
    gone = Capture(urls[0], 410, {}, b"", T0 + timedelta(hours=2))
    assert revisions.mark_removed(session, crawl.id, GoneItem(gone, "127.0.0.1", urls[0]))
    session.flush()
    assert session.scalar(select(func.count(Body.id))) == 1
    return urls


def export_to_memory(session: Session, filters: CaptureFilter) -> list[Record]:
    out = io.BytesIO()
    counts = write_warc(session, filters, out, filename="test.warc.gz")
    out.seek(0)
    records = read_warc(out)
    assert counts.records == len(records)
    assert counts.revisits == sum(r.type == "revisit" for r in records)
    return records


@pytest.mark.storage
def test_identical_body_is_written_once_then_revisited(
    session: Session, shared_body: list[str]
) -> None:
    records = export_to_memory(session, CaptureFilter())
    types = [r.type for r in records]
    assert types == [
        "warcinfo",
        *["request", "response", "request", "revisit"],
        "request",
        "response",
    ]
    (_, first), (_, revisit), (_, gone) = pairs(records)
    assert first.payload == PAGE
    assert revisit.payload == b""  # headers only: the body is the first record's
    assert revisit.warc["WARC-Target-URI"] == shared_body[1]
    assert revisit.warc["WARC-Profile"] == REVISIT_PROFILE
    assert revisit.warc["WARC-Refers-To-Target-URI"] == shared_body[0]
    assert revisit.warc["WARC-Refers-To-Date"] == first.warc["WARC-Date"]
    assert warc_time(first.warc["WARC-Date"]) == T0
    assert revisit.warc["WARC-Payload-Digest"] == first.warc["WARC-Payload-Digest"]
    assert revisit.warc["WARC-Payload-Digest"] == sha1_base32(PAGE)
    assert (revisit.status, revisit.http["Content-Length"]) == (200, str(len(PAGE)))
    assert (gone.type, gone.status, gone.payload) == ("response", 410, b"")
    assert gone.http["Content-Length"] == "0"


@pytest.mark.storage
def test_revisit_never_refers_to_a_capture_left_out(
    session: Session, shared_body: list[str]
) -> None:
    records = export_to_memory(session, CaptureFilter(since=T0 + timedelta(minutes=30)))
    (_, copy), (_, gone) = pairs(records)
    assert (copy.type, copy.warc["WARC-Target-URI"], copy.payload) == (
        "response",
        shared_body[1],
        PAGE,
    )
    assert gone.status == 410
    elsewhere = export_to_memory(session, CaptureFilter(site="other.example"))
    assert [r.type for r in elsewhere] == ["warcinfo"]
    assert b"levantcrawl-filters: site=other.example\r\n" in elsewhere[0].payload
    here = export_to_memory(session, CaptureFilter(site="127.0.0.1"))
    assert [r.warc["WARC-Target-URI"] for _, r in pairs(here)] == [*shared_body, shared_body[0]]


@pytest.mark.unit
def test_transfer_headers_give_way_to_the_stored_body_length() -> None:
    stored = {
        "Content-Type": "text/html",
        "Content-Encoding": "gzip",
        "Content-Length": "999",
        "Transfer-Encoding": "chunked",
        "connection": "keep-alive, X-Hop",
        "X-Hop": "1",
        "Etag": '"abc"',
    }
    http = response_headers(404, stored, 12)
    assert http.to_str() == (
        'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nEtag: "abc"\r\nContent-Length: 12\r\n'
    )
