"""`levantcrawl changes --since DATE`: articles that changed or were removed in a period.

An article is listed once when it has new revisions (number 2 or more) captured in the period,
compared from the revision before the first of them to the last of them; and once more when
it was marked removed in the period. Newest first."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.table import Table
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import aliased

from levantcrawl.cli._common import (
    DATE_HELP,
    CliError,
    add_db_option,
    add_format_option,
    archive_session,
    console,
    human_time,
    parse_since,
    parse_until,
)
from levantcrawl.cli.diff import snapshot
from levantcrawl.diff.labels import change_labels, summarize
from levantcrawl.diff.text import diff_revisions
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.storage.models import Article, Revision, Site

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator
    from datetime import datetime

    from sqlalchemy.orm import Session


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "changes", help="articles revised or removed in a period, newest first"
    )
    add_db_option(parser)
    parser.add_argument(
        "--since",
        type=parse_since,
        required=True,
        metavar="DATE",
        help=f"captured from {DATE_HELP}",
    )
    parser.add_argument(
        "--until", type=parse_until, metavar="DATE", help="captured up to the end of DATE"
    )
    parser.add_argument("--site", help="host name, e.g. news.example.org")
    add_format_option(parser)
    parser.set_defaults(func=run)


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # revised | removed
    at: datetime  # capture time of the newest revision, or when the article was marked removed
    url: str
    title: str
    from_number: int | None
    to_number: int | None
    labels: tuple[str, ...]
    summary: str
    words_added: int
    words_removed: int

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "at": iso_utc(self.at),
            "canonical_url": self.url,
            "title": self.title,
            "from": self.from_number,
            "to": self.to_number,
            "labels": list(self.labels),
            "summary": self.summary,
            "words_added": self.words_added,
            "words_removed": self.words_removed,
        }


def _on_site(site: str | None) -> list[ColumnElement[bool]]:
    if not site:
        return []
    return [Article.site_id.in_(select(Site.id).where(Site.host == site.lower()))]


def revised(
    session: Session, since: datetime, until: datetime | None, site: str | None
) -> Iterator[Change]:
    """Articles with revisions 2+ captured in [since, until), newest first, each diffed from
    the revision before the period's first to the period's last."""
    conditions = [Revision.number >= 2, Revision.fetched_at >= since]
    if until is not None:
        conditions.append(Revision.fetched_at < until)
    window = (
        select(
            Revision.article_id,
            func.min(Revision.number).label("first"),
            func.max(Revision.number).label("last"),
        )
        .where(*conditions)
        .group_by(Revision.article_id)
        .subquery()
    )
    old, new = aliased(Revision), aliased(Revision)
    before_first = (
        select(func.max(Revision.number))
        .where(Revision.article_id == Article.id, Revision.number < window.c.first)
        .scalar_subquery()
    )
    stmt = (
        select(Article, old, new)
        .join(window, window.c.article_id == Article.id)
        .join(old, and_(old.article_id == Article.id, old.number == before_first))
        .join(new, and_(new.article_id == Article.id, new.number == window.c.last))
        .where(*_on_site(site))
        .order_by(new.fetched_at.desc(), Article.id)
    )
    for article, before, after in session.execute(stmt.execution_options(yield_per=100)):
        diff = diff_revisions(snapshot(before), snapshot(after))
        labels = change_labels(diff)
        yield Change(
            kind="revised",
            at=after.fetched_at,
            url=article.canonical_url,
            title=after.title,
            from_number=before.number,
            to_number=after.number,
            labels=labels,
            summary=summarize(diff, labels),
            words_added=diff.words_added,
            words_removed=diff.words_removed,
        )


def removed(
    session: Session, since: datetime, until: datetime | None, site: str | None
) -> Iterator[Change]:
    """Articles marked removed in [since, until), with their last title, newest first."""
    latest = (
        select(Revision.article_id, func.max(Revision.number).label("number"))
        .group_by(Revision.article_id)
        .subquery()
    )
    conditions = [Article.removed_at >= since]
    if until is not None:
        conditions.append(Article.removed_at < until)
    stmt = (
        select(Article, Revision)
        .join(latest, latest.c.article_id == Article.id)
        .join(Revision, and_(Revision.article_id == Article.id, Revision.number == latest.c.number))
        .where(*conditions, *_on_site(site))
        .order_by(Article.removed_at.desc(), Article.id)
    )
    for article, last in session.execute(stmt):
        assert article.removed_at is not None
        yield Change(
            kind="removed",
            at=article.removed_at,
            url=article.canonical_url,
            title=last.title,
            from_number=None,
            to_number=None,
            labels=(),
            summary=f"removed from the site (last revision {last.number})",
            words_added=0,
            words_removed=0,
        )


def run(args: argparse.Namespace) -> int:
    since: datetime = args.since
    until: datetime | None = args.until
    if until is not None and until <= since:
        raise CliError("--until must be after --since")
    with archive_session(args) as session:
        found = [
            *revised(session, since, until, args.site),
            *removed(session, since, until, args.site),
        ]
    found.sort(key=lambda change: change.at, reverse=True)  # stable: each list keeps its order
    if args.format == "json":
        json.dump([c.as_json() for c in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    period = f"since {human_time(since)}" + (f" until {human_time(until)}" if until else "")
    if not found:
        console().print(f"no revised or removed articles {period}", markup=False)
        return 0
    table = Table(title=f"{len(found)} changed articles {period}")
    for column in ("captured", "rev", "what changed", "title", "url"):
        table.add_column(column, overflow="fold")
    for change in found:
        revs = f"{change.from_number}\u2192{change.to_number}" if change.kind == "revised" else "-"
        table.add_row(human_time(change.at), revs, change.summary, change.title, change.url)
    console().print(table)
    return 0
