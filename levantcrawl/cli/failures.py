"""`levantcrawl failures`: pages that could not become articles, and why."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from rich.table import Table
from sqlalchemy import select

from levantcrawl.cli._common import (
    add_db_option,
    add_format_option,
    add_limit_option,
    archive_session,
    console,
    human_time,
)
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.storage.models import Crawl, Failure, Site

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("failures", help="pages recorded as failures, with the reason")
    add_db_option(parser)
    parser.add_argument("--site", help="only this host")
    parser.add_argument("--crawl", type=int, help="only this crawl (see `levantcrawl stats`)")
    add_limit_option(parser, 100, "failures")
    add_format_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    stmt = select(Failure).join(Crawl, Crawl.id == Failure.crawl_id)
    if args.site:
        stmt = stmt.join(Site, Site.id == Crawl.site_id).where(Site.host == args.site)
    if args.crawl is not None:
        stmt = stmt.where(Failure.crawl_id == args.crawl)
    with archive_session(args) as session:
        failures = list(session.scalars(stmt.order_by(Failure.id.desc()).limit(args.limit)))
    if args.format == "json":
        rows = [
            {"crawl": f.crawl_id, "at": iso_utc(f.at), "url": f.url, "reason": f.reason}
            for f in failures
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    table = Table(title=f"{len(failures)} failures, newest first")
    for column in ("crawl", "at (UTC)", "reason", "url"):
        table.add_column(column, overflow="fold")
    for f in failures:
        table.add_row(str(f.crawl_id), human_time(f.at), f.reason, f.url)
    console().print(table)
    return 0
