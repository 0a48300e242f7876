"""`levantcrawl export`: stream the latest revision of each article as JSONL or CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from levantcrawl.cli._common import add_db_option, archive_session, console, parse_when
from levantcrawl.export.csv import write_csv
from levantcrawl.export.jsonl import write_jsonl
from levantcrawl.export.records import article_record
from levantcrawl.storage import repositories as repo

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

WRITERS = {"jsonl": write_jsonl, "csv": write_csv}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("export", help="export clean articles as JSONL or CSV")
    add_db_option(parser)
    parser.add_argument("--format", choices=sorted(WRITERS), default="jsonl")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--site", help="only this host")
    parser.add_argument("--section", help='only this canonical section, e.g. "Russia/Iran"')
    parser.add_argument("--since", type=parse_when, help="published on or after this date")
    parser.add_argument("--until", type=parse_when, help="published before this date")
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
