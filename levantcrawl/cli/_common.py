"""What every CLI command shares: the --db option, one-line errors, dates, output."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.console import Console

from levantcrawl.cli._dates import EXAMPLES, DateError, read_period
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.listings import article_by_url

if TYPE_CHECKING:
    from collections.abc import Iterator

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


def positive_int(text: str) -> int:
    """--limit, --top and other counts: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {value} (at least 1)")
    return value


def add_limit_option(parser: argparse.ArgumentParser, default: int, what: str = "rows") -> None:
    parser.add_argument(
        "--limit",
        type=positive_int,
        default=default,
        metavar="N",
        help=f"at most N {what} (default: %(default)s)",
    )


def add_format_option(
    parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("table", "json")
) -> None:
    """--format: the first choice is for people (and the default), json for programs."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"{' or '.join(choices)} (default: %(default)s); json has stable field names",
    )


def resolved_db(args: argparse.Namespace) -> str:
    return str(args.db) if args.db else db_url_default()


DATE_HELP = f"a date ({EXAMPLES}; UTC)"


def parse_since(value: str) -> datetime:
    """--since and the like: the start of the period the date names (see _dates)."""
    try:
        return read_period(value, datetime.now(UTC)).start
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_until(value: str) -> datetime:
    """--until: the end of the period the date names, so `--until 2024-08` takes August."""
    try:
        return read_period(value, datetime.now(UTC)).end
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def existing_archive(args: argparse.Namespace) -> str:
    """The archive's URL, once it is known to exist. Only `crawl` and `db upgrade` create an
    archive: for any other command a missing SQLite file is a typo, not a new database."""
    url = resolved_db(args)
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        path = url.removeprefix("sqlite:///")
        if not os.path.exists(path):  # noqa: PTH110 - a URL's path, checked as text
            raise CliError(f"no archive at {path} (crawl first, or pass --db)")
    return url


@contextmanager
def archive_session(args: argparse.Namespace) -> Iterator[Session]:
    """A read session on an existing archive (see existing_archive)."""
    archive = open_archive(existing_archive(args))
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
