"""`levantcrawl export`: a clean corpus (JSONL, CSV, Parquet, a text folder) or the raw
captures (WARC), written into a folder with a manifest; JSONL and CSV can also stream to
stdout."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.engine import make_url

from levantcrawl import __version__
from levantcrawl.cli._common import (
    DATE_HELP,
    CliError,
    add_db_option,
    archive_session,
    console,
    parse_since,
    parse_until,
    resolved_db,
)
from levantcrawl.export.corpus import (
    CorpusRequest,
    RecordWriter,
    export_corpus,
    file_entry,
    write_manifest,
)
from levantcrawl.export.csv import CsvWriter
from levantcrawl.export.jsonl import JsonlWriter
from levantcrawl.export.query import ExportFilter, count_revisions, iter_records
from levantcrawl.export.schema import SCHEMA_VERSION, describe
from levantcrawl.export.warc import CaptureFilter, write_warc
from levantcrawl.normalize.dates import iso_utc

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

FORMATS = ("jsonl", "csv", "parquet", "text", "warc")
STREAMABLE: dict[str, Callable[[IO[bytes]], RecordWriter]] = {
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
}
# Article filters a capture has no answer to: refused with warc rather than silently ignored.
ARTICLE_ONLY = (
    ("section", "--section"),
    ("language", "--language"),
    ("author", "--author"),
    ("crawl", "--crawl"),
    ("changed_since", "--changed-since"),
    ("with_removed", "--with-removed"),
    ("with_duplicates", "--with-duplicates"),
    ("shard_size", "--shard-size"),
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export a clean corpus (JSONL, CSV, Parquet, text folder) or raw captures (WARC)",
        description="Write a folder holding the data files and manifest.json (filters, counts, "
        "schema, sha256 of each file). JSONL and CSV go to stdout when -o is not given.",
    )
    add_db_option(parser)
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="default: jsonl")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="folder to create (must not exist)"
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace the folder if it already exists"
    )
    parser.add_argument(
        "--schema", action="store_true", help="print the export schema as JSON and exit"
    )
    choose = parser.add_argument_group("which articles")
    choose.add_argument("--site", help="only this host")
    choose.add_argument(
        "--section", help='canonical section, with its subsections: "Russia" takes "Russia/Iran"'
    )
    choose.add_argument("--language", help='language code: "en" also takes "en-GB"')
    choose.add_argument("--author", help="one byline name, case-insensitive")
    choose.add_argument(
        "--since",
        type=parse_since,
        metavar="DATE",
        help=f"published (warc: fetched) from {DATE_HELP}",
    )
    choose.add_argument(
        "--until",
        type=parse_until,
        metavar="DATE",
        help="published (warc: fetched) up to the end of DATE",
    )
    choose.add_argument("--crawl", type=int, metavar="ID", help="revisions this crawl recorded")
    choose.add_argument(
        "--changed-since",
        type=parse_since,
        metavar="DATE",
        help="revisions first fetched from DATE on: new and changed articles",
    )
    choose.add_argument(
        "--revisions",
        choices=("latest", "all"),
        default="latest",
        help="the latest revision of each article (default) or every revision",
    )
    choose.add_argument(
        "--with-removed", action="store_true", help="include articles the site has removed"
    )
    choose.add_argument(
        "--with-duplicates",
        action="store_true",
        help="include articles recorded as copies of earlier ones",
    )
    parser.add_argument(
        "--shard-size",
        type=int,
        default=0,
        metavar="N",
        help="at most N records per data file (articles-00000.parquet, ...); default one file",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:
        raise  # `export | head`: main() treats it as the end of the reader's interest
    except OSError as exc:  # disk full, permissions: one line, and _StagedFolder removed the rest
        raise CliError(f"cannot write {args.output or 'stdout'}: {exc.strerror or exc}") from exc


def _run(args: argparse.Namespace) -> int:
    if args.schema:
        json.dump({"schema_version": SCHEMA_VERSION, "fields": describe()}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if args.shard_size < 0:
        raise CliError("--shard-size must be 0 (one file) or more")
    if args.format == "warc":
        return run_warc(args)
    filters = ExportFilter(
        site=args.site,
        section=args.section,
        language=args.language,
        author=args.author,
        published_since=args.since,
        published_until=args.until,
        crawl=args.crawl,
        changed_since=args.changed_since,
        include_duplicates=args.with_duplicates,
        include_removed=args.with_removed,
    )
    if args.output is None:
        return stream(args, filters)
    request = CorpusRequest(
        format=args.format, filters=filters, revisions=args.revisions, shard_size=args.shard_size
    )
    with archive_session(args) as session, _StagedFolder(args.output, args.overwrite) as partial:
        total = count_revisions(session, filters, request.revisions)
        with _Bar(total) as advance:
            manifest = export_corpus(
                session, request, partial, source=_source(args), progress=advance
            )
    counts = manifest["counts"]
    console("stderr").print(
        f"exported {counts['records']} records ({counts['articles']} articles) "
        f"as {args.format} to {args.output}/",
        markup=False,
    )
    return 0


def stream(args: argparse.Namespace, filters: ExportFilter) -> int:
    """JSONL or CSV to stdout, for pipes: no manifest, no progress bar."""
    writer_type = STREAMABLE.get(args.format)
    if writer_type is None:
        raise CliError(f"--format {args.format} writes files: give -o DIR")
    if args.shard_size:
        raise CliError("--shard-size needs -o DIR")
    with archive_session(args) as session:
        writer = writer_type(sys.stdout.buffer)
        for record in iter_records(session, filters, args.revisions):
            writer.write(record)
        sys.stdout.buffer.flush()
    return 0


def run_warc(args: argparse.Namespace) -> int:
    """The raw captures as DIR/<DIR name>.warc.gz, beside its manifest."""
    if args.output is None:
        raise CliError("--format warc writes a file: give -o DIR")
    for attribute, flag in ARTICLE_ONLY:
        if getattr(args, attribute):
            raise CliError(f"{flag} selects articles; --format warc takes --site, --since, --until")
    if args.revisions != "latest":
        raise CliError("--revisions selects article text; --format warc writes every capture")
    filters = CaptureFilter(site=args.site, since=args.since, until=args.until)
    warc_file = f"{args.output.name}.warc.gz"  # named after the folder: unique in a collection
    with archive_session(args) as session, _StagedFolder(args.output, args.overwrite) as partial:
        with (partial / warc_file).open("wb") as out:
            counts = write_warc(session, filters, out, filename=warc_file)
        write_manifest(
            partial,
            {
                "levantcrawl_version": __version__,
                "created_at": iso_utc(datetime.now(UTC)),
                "source": _source(args),
                "format": "warc",
                "filters": {
                    "site": filters.site,
                    "fetched_since": iso_utc(filters.since) if filters.since else None,
                    "fetched_until": iso_utc(filters.until) if filters.until else None,
                },
                "counts": {"records": counts.records, "captures": counts.captures},
                "files": [file_entry(partial, warc_file, counts.records)],
            },
        )
    console("stderr").print(
        f"exported {counts.records} records ({counts.captures} captures) "
        f"to {args.output / warc_file}",
        markup=False,
    )
    return 0


def _source(args: argparse.Namespace) -> str:
    """The archive the export came from, without a password."""
    return make_url(resolved_db(args)).render_as_string(hide_password=True)


class _StagedFolder:
    """Write into DIR.partial, rename to DIR when done: a reader never sees half an export,
    and a failed export leaves nothing behind."""

    def __init__(self, target: Path, overwrite: bool) -> None:
        if target.exists() and not overwrite:
            raise CliError(f"{target} exists: choose a new folder, or pass --overwrite")
        if target.exists() and not target.is_dir():
            raise CliError(f"{target} is a file, not a folder")
        self._target = target
        self._partial = target.with_name(target.name + ".partial")

    def __enter__(self) -> Path:
        shutil.rmtree(self._partial, ignore_errors=True)  # an earlier export that was killed
        try:
            self._partial.mkdir(parents=True)
        except OSError as exc:
            raise CliError(f"cannot create {self._partial}: {exc.strerror or exc}") from exc
        return self._partial

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            shutil.rmtree(self._partial, ignore_errors=True)
            return
        if self._target.exists():
            shutil.rmtree(self._target)
        self._partial.rename(self._target)


class _Bar:
    """A progress bar on a terminal's stderr; nothing when stderr is a pipe or a file."""

    def __init__(self, total: int) -> None:
        self._progress = Progress(
            TextColumn("exporting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console("stderr"),
            transient=True,
            disable=not sys.stderr.isatty(),
        )
        self._task = self._progress.add_task("export", total=total)

    def __enter__(self) -> Callable[[int], None]:
        self._progress.__enter__()
        return self._advance

    def _advance(self, n: int) -> None:
        self._progress.advance(self._task, n)

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)
