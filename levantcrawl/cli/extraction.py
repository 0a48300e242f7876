"""`levantcrawl extract FILE|URL` (one page, as JSON) and `levantcrawl reextract` (the
archive's stored captures again, with today's extractor and site models)."""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.request
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rich.progress import Progress
from rich.table import Table

from levantcrawl import settings as defaults
from levantcrawl.cli._common import (
    DATE_HELP,
    CliError,
    add_db_option,
    add_format_option,
    archive_session,
    console,
    existing_archive,
    parse_since,
    parse_until,
    positive_int,
    resolved_db,
)
from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.detection import UNREADABLE
from levantcrawl.extraction.jobs import decode
from levantcrawl.extraction.site import clean_page
from levantcrawl.extraction.template import COLD, SiteTemplate, TemplateView
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.normalize.encoding import looks_binary
from levantcrawl.reextract import Scope, reextract
from levantcrawl.storage import listings, sites
from levantcrawl.storage.db import open_archive

if TYPE_CHECKING:
    import argparse

    from sqlalchemy.orm import Session

    from levantcrawl.extraction.detection import Verdict

MAX_FETCH_BYTES = 10 * 1024 * 1024
# What a file that is not HTML usually is, by its first bytes.
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PAR1", "a Parquet file"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "gzip data"),
    (b"PK\x03\x04", "a zip archive"),
)
_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*[\s/>]|!doctype|!--)", re.IGNORECASE)
USER_AGENT = "levantcrawl/0.1 (+https://github.com/levantcrawl/levantcrawl; news archiver)"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    one = subparsers.add_parser("extract", help="extract one page (a file or URL) as JSON")
    one.add_argument("page", help="an HTML file, or a URL (archived capture first, else fetched)")
    one.add_argument("--url", help="the page's address, for a file (resolves its links)")
    one.add_argument("--site", help="use this host's stored site model (default: the URL's)")
    one.add_argument("--tz", default="UTC", help="zone for dates printed without an offset")
    one.add_argument("--fetch", action="store_true", help="fetch the URL even if archived")
    add_db_option(one)
    one.set_defaults(func=run_extract)

    again = subparsers.add_parser(
        "reextract", help="extract stored captures again; new revisions where the result changed"
    )
    add_db_option(again)
    again.add_argument("--site", help="only this host")
    again.add_argument(
        "--since", type=parse_since, metavar="DATE", help=f"published from {DATE_HELP}"
    )
    again.add_argument(
        "--until", type=parse_until, metavar="DATE", help="published up to the end of DATE"
    )
    again.add_argument(
        "--workers",
        type=positive_int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="extraction processes (default: one per core)",
    )
    again.add_argument("--tz", default="UTC", help="zone for sites with none recorded")
    add_format_option(again)
    again.set_defaults(func=run_reextract)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CliError(f"unknown time zone {name!r}") from exc


def _stored_view(session: Session, host: str) -> TemplateView:
    return SiteTemplate.from_json(sites.load_template(session, host)).view()


def _fetch(url: str) -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - http(s) only
            body = response.read(MAX_FETCH_BYTES + 1)
            headers = {"Content-Type": response.headers.get("Content-Type", "")}
            final = response.geturl()
    except OSError as exc:
        raise CliError(f"cannot fetch {url}: {exc}") from exc
    if len(body) > MAX_FETCH_BYTES:
        raise CliError(f"{url} is larger than 10 MB: not a news page")
    content_type = headers["Content-Type"].split(";")[0].strip().lower()
    if content_type and "html" not in content_type and not content_type.startswith("text/"):
        raise CliError(f"{url} is not an HTML page (Content-Type {content_type})")
    return html_text(body, headers, url), final


def html_text(body: bytes, headers: dict[str, str], where: str) -> str:
    """The page as text, or CliError for what is not HTML: an empty file, an image, a
    Parquet file or any binary, text without a single tag."""
    if not body.strip():
        raise CliError(f"{where} is empty: not an HTML page")
    if looks_binary(body):
        kind = next((name for magic, name in _MAGIC if body.startswith(magic)), "binary data")
        raise CliError(f"{where} is not an HTML page ({kind})")
    html = decode(body, headers)
    if not _TAG.search(html):
        raise CliError(f"{where} is not an HTML page (no markup in it)")
    return html


def _page(args: argparse.Namespace, session: Session | None) -> tuple[str, str, str]:
    """(html, url, where it came from)."""
    if not args.page.startswith(("http://", "https://")):
        path = Path(args.page)
        if not path.is_file():
            raise CliError(f"no such file: {path}")
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise CliError(f"cannot read {path}: {exc.strerror or exc}") from exc
        # Without --url the page has no address: nothing (a section, a site, a link's
        # target) may be read from where the file happens to lie on this machine.
        return html_text(body, {}, str(path)), args.url or "", "file"
    if session is not None and not args.fetch:
        article = listings.article_by_url(session, args.page)
        captures = listings.captures_of(session, article.id) if article else []
        stored = [c for c in captures if c.body is not None]
        if stored:
            capture = stored[-1]
            assert capture.body is not None
            body = listings.decompress(capture.body)
            html = html_text(body, capture.headers, capture.url)
            return html, capture.url, f"archived capture of {iso_utc(capture.fetched_at)}"
    html, final = _fetch(args.page)
    return html, final, "fetched"


def run_extract(args: argparse.Namespace) -> int:
    tz = _zone(args.tz)
    if args.db:  # an archive named on the command line must exist
        db = existing_archive(args)
        has_archive = True
    else:  # the default archive is used when there is one
        db = resolved_db(args)
        has_archive = (
            not db.startswith("sqlite:///") or Path(db.removeprefix("sqlite:///")).exists()
        )
    archive = open_archive(db) if has_archive else None
    try:
        session = archive.sessions() if archive else None
        html, url, origin = _page(args, session)
        host = args.site or urlsplit(url).hostname or ""
        view = _stored_view(session, host) if session is not None else COLD
        if args.site and not view.warm:
            raise CliError(f"no stored site model for {args.site}")
    finally:
        if archive:
            archive.close()
    # A page read alone teaches no site model: only its visible text is counted (kept_ratio).
    extracted = extract_article(html, url, view, learn=False, count_chars=True)
    page = clean_page(extracted, tz=tz, fetched_at=datetime.now(UTC))
    record: dict[str, Any] = {
        "url": url or None,
        "source": origin,
        "is_article": extracted.is_article,
        "detection": _detection(extracted.verdict),
        "title": page.title,
        "published": iso_utc(page.published) if page.published else None,
        "published_source": page.published_source,
        "date_candidates": [[c.raw, c.source] for c in extracted.published],
        "authors": list(page.authors),
        "section": page.section,
        "tags": list(extracted.tags),
        "language": page.language,
        "lead_image": extracted.lead_image,
        "description": extracted.description,
        "word_count": extracted.word_count,
        "kept_ratio": extracted.kept_ratio,
        "site_model": {
            "host": host or None,
            "pages": view.pages,
            "template_lines_stripped": extracted.template_lines_stripped,
        },
        "paragraphs": list(page.paragraphs),
        "links": [{"kind": k.kind, "url": k.url, "anchor": k.anchor} for k in extracted.links],
    }
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _detection(verdict: Verdict | None) -> dict[str, Any]:
    """Whether the page is an article, on what basis (marked, site, generic) and why."""
    verdict = verdict or UNREADABLE
    return {"article": verdict.article, "basis": verdict.basis, "reason": verdict.reason}


def run_reextract(args: argparse.Namespace) -> int:
    tz = _zone(args.tz)
    scope = Scope(site=args.site, since=args.since, until=args.until)
    with archive_session(args) as session:

        @cache
        def view_for(host: str) -> TemplateView:
            return _stored_view(session, host)

        with Progress(
            console=console("stderr"), transient=True, disable=not sys.stderr.isatty()
        ) as bar:
            task = bar.add_task("re-extracting", total=None)
            report = reextract(
                session,
                scope,
                view_for=view_for,
                default_tz=tz,
                workers=args.workers,
                progress=lambda n: bar.advance(task, n),
                near_threshold=defaults.LEVANTCRAWL_DEDUPE_NEAR_THRESHOLD
                if defaults.LEVANTCRAWL_DEDUPE_ENABLED
                else None,
            )
        session.commit()
    if args.format == "json":
        counts = {
            "examined": report.examined,
            "revised": report.revised,
            "unchanged": report.unchanged,
            "no_article_text": report.failed,
        }
        json.dump(counts, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    table = Table(title="re-extraction")
    table.add_column("articles")
    table.add_column("count", justify="right")
    for label, value in (
        ("examined", report.examined),
        ("new revisions", report.revised),
        ("unchanged", report.unchanged),
        ("no article text", len(report.failed)),
    ):
        table.add_row(label, str(value))
    console().print(table)
    for url in report.failed[:20]:
        console("stderr").print(f"no article text now: {url}", markup=False)
    return 0
