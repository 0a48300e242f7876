"""`levantcrawl health`: extraction health per site and crawl, with the alerts raised."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
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
from levantcrawl.health import DETECTION, PREFIX, WATCHED, alerts
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.storage.models import Crawl, Site

if TYPE_CHECKING:
    import argparse
    from datetime import datetime

COLUMNS = ("articles", *WATCHED, *DETECTION)
# Short headings so the table fits a terminal: fill rates of each field, then text figures.
HEADINGS = {
    "articles": "articles",
    "fill/title": "title",
    "fill/published": "date",
    "fill/authors": "authors",
    "fill/section": "section",
    "words/p50": "words p50",
    "kept/p50": "kept",
    "detect/unmarked": "unmarked",
    "detect/refused_article_like": "refused",
}


def _cell(name: str, value: float) -> str:
    percent = name.startswith(("fill/", "kept/")) or name == "detect/unmarked"
    return f"{value:.0%}" if percent else f"{value:g}"


EARLIER_CRAWLS = 5


@dataclass(frozen=True)
class CrawlHealth:
    crawl: int
    started_at: datetime
    status: str
    figures: dict[str, float]
    alerts: list[str]

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "started_at": iso_utc(self.started_at)}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("health", help="extraction health per site and crawl")
    add_db_option(parser)
    parser.add_argument("--site", help="only this host")
    add_limit_option(parser, 10, "crawls per site")
    add_format_option(parser)
    parser.set_defaults(func=run)


def _figures(stats: dict[str, object]) -> dict[str, float]:
    return {
        key.removeprefix(PREFIX): float(value)
        for key, value in stats.items()
        if key.startswith(PREFIX) and isinstance(value, int | float)
    }


def collect(args: argparse.Namespace) -> dict[str, list[CrawlHealth]]:
    report: dict[str, list[CrawlHealth]] = {}
    with archive_session(args) as session:
        stmt = select(Site.host, Crawl).join(Crawl, Crawl.site_id == Site.id)
        if args.site:
            stmt = stmt.where(Site.host == args.site)
        for host, crawl in session.execute(stmt.order_by(Site.host, Crawl.id)):
            if not (figures := _figures(crawl.stats)):
                continue
            rows = report.setdefault(host, [])
            earlier = [r.figures for r in rows if r.status == "finished"][-EARLIER_CRAWLS:]
            rows.append(
                CrawlHealth(
                    crawl.id,
                    crawl.started_at,
                    crawl.status,
                    figures,
                    alerts(figures, earlier),
                )
            )
    return {host: rows[-args.limit :] for host, rows in report.items()}


def run(args: argparse.Namespace) -> int:
    report = collect(args)
    if args.format == "json":
        data = {host: [row.as_json() for row in rows] for host, rows in report.items()}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    out = console()
    for host, rows in report.items():
        table = Table(title=f"extraction health: {host}")
        table.add_column("crawl", justify="right")
        table.add_column("started (UTC)", no_wrap=True)
        for column in COLUMNS:
            table.add_column(HEADINGS[column], justify="right")
        for row in rows:
            cells = (_cell(c, row.figures.get(c, 0.0)) for c in COLUMNS)
            table.add_row(str(row.crawl), human_time(row.started_at), *cells)
        out.print(table)
        for row in rows:
            for alert in row.alerts:
                out.print(f"[red]crawl {row.crawl}: {alert}[/red]")
    if not report:
        out.print("no crawl has health figures yet")
    return 0
