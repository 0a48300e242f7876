"""`levantcrawl export`: stream the latest revision of each article as JSONL or CSV, or the
raw captures as a WARC file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from levantcrawl.cli._common import CliError, add_db_option, archive_session, console, parse_when
from levantcrawl.export.csv import write_csv
from levantcrawl.export.jsonl import write_jsonl
from levantcrawl.export.records import article_record
from levantcrawl.export.warc import CaptureFilter, write_warc
from levantcrawl.storage import repositories as repo

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

WRITERS = {"jsonl": write_jsonl, "csv": write_csv}
FORMATS = sorted([*WRITERS, "warc"])
# Article filters a capture has no answer to: refused with warc rather than silently ignored.
ARTICLE_ONLY = (
    ("section", "--section"),
    ("with_removed", "--with-removed"),
    ("with_duplicates", "--with-duplicates"),
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export", help="export clean articles as JSONL or CSV, or raw captures as WARC"
    )
    add_db_option(parser)
    parser.add_argument("--format", choices=FORMATS, default="jsonl")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="file to write (default: stdout; warc needs one ending in .warc.gz)",
    )
    parser.add_argument("--site", help="only this host")
    parser.add_argument("--section", help='only this canonical section, e.g. "Russia/Iran"')
    parser.add_argument(
        "--since", type=parse_when, help="published (warc: fetched) on or after this date"
    )
    parser.add_argument(
        "--until", type=parse_when, help="published (warc: fetched) before this date"
    )
    parser.add_argument(
        "--with-removed", action="store_true", help="include articles the site has removed"
    )
    parser.add_argument(
        "--with-duplicates",
        action="store_true",
        help="include articles recorded as copies of earlier ones",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "warc":
        return run_warc(args)
    filters = repo.ArticleFilter(
        site=args.site,
        section=args.section,
        since=args.since,
        until=args.until,
        include_removed=args.with_removed,
        include_duplicates=args.with_duplicates,
    )
    writer = WRITERS[args.format]
    with archive_session(args) as session:
        records: Iterator[dict[str, Any]] = (
            article_record(article, revision)
            for article, revision in repo.latest_revisions(session, filters)
        )
        if args.output is None:
            writer(records, sys.stdout)
            return 0
        partial = args.output.with_name(args.output.name + ".partial")
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = writer(records, out)
        partial.replace(args.output)  # a reader never sees a half-written export
    console("stderr").print(f"exported {count} articles to {args.output}")
    return 0


def run_warc(args: argparse.Namespace) -> int:
    """The raw captures as a gzipped WARC file: binary, so never to a terminal or stdout."""
    output: Path | None = args.output
    if output is None or not output.name.endswith(".warc.gz"):
        raise CliError("--format warc writes a file: give -o FILE.warc.gz")
    for attribute, flag in ARTICLE_ONLY:
        if getattr(args, attribute):
            raise CliError(f"{flag} selects articles; --format warc takes --site, --since, --until")
    filters = CaptureFilter(site=args.site, since=args.since, until=args.until)
    partial = output.with_name(output.name + ".partial")
    with archive_session(args) as session:
        try:
            with partial.open("wb") as out:
                counts = write_warc(session, filters, out, filename=output.name)
        except BaseException as exc:
            partial.unlink(missing_ok=True)  # no half-written file left behind
            if isinstance(exc, OSError):
                raise CliError(f"cannot write {output}: {exc.strerror or exc}") from exc
            raise
        partial.replace(output)  # a reader never sees a half-written archive
    console("stderr").print(
        f"exported {counts.records} records ({counts.captures} captures) to {output}"
    )
    return 0
