"""What every CLI command shares: the --db option, one-line errors, dates, output."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from datetime import UTC
from typing import TYPE_CHECKING

from rich.console import Console

from levantcrawl.normalize.dates import to_utc
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.repositories import article_by_url

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from sqlalchemy.orm import Session

    from levantcrawl.storage.models import Article

DEFAULT_DB_URL = "sqlite:///levantcrawl.db"


class CliError(Exception):
    """A problem with the user's input; printed as one line, exit status 2."""


def db_url_default() -> str:
    return os.environ.get("LEVANTCRAWL_DB_URL", DEFAULT_DB_URL)


def as_db_url(value: str) -> str:
    """A bare path is a SQLite file; anything with :// is a SQLAlchemy URL."""
    return value if "://" in value else f"sqlite:///{value}"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=as_db_url,
        default=None,
        metavar="URL",
        help="archive database: a SQLAlchemy URL or a SQLite file path "
        "(default: $LEVANTCRAWL_DB_URL or ./levantcrawl.db)",
    )


def resolved_db(args: argparse.Namespace) -> str:
    return str(args.db) if args.db else db_url_default()


def parse_when(value: str) -> datetime:
    """--since/--until: a date or datetime; naive values are UTC."""
    parsed = to_utc(value, site_tz=UTC, allow_future=True)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use e.g. 2024-08-05)")
    return parsed[0]


@contextmanager
def archive_session(args: argparse.Namespace) -> Iterator[Session]:
    """A read session on an existing archive: a missing SQLite file is an error, not a new db."""
    url = resolved_db(args)
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        path = url.removeprefix("sqlite:///")
        if not os.path.exists(path):  # noqa: PTH110 - a URL's path, checked as text
            raise CliError(f"no archive at {path} (crawl first, or pass --db)")
    archive = open_archive(url)
    try:
        with archive.sessions() as session:
            yield session
    finally:
        archive.close()


def find_article(session: Session, url: str) -> Article:
    article = article_by_url(session, url)
    if article is None:
        raise CliError(f"no archived article at {url}")
    return article


def console(stream: str = "stdout") -> Console:
    """Rich console: colours and boxes only on a terminal. Piped output is not wrapped at
    80 columns, since a table squeezed that far is unreadable."""
    file = sys.stdout if stream == "stdout" else sys.stderr
    width = None if file.isatty() else 200
    return Console(file=file, highlight=False, soft_wrap=True, width=width)


def human_time(value: datetime | None) -> str:
    """A UTC time for tables: to the second, no zone noise."""
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"
