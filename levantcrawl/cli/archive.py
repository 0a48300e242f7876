"""Reading the archive: `articles`, `show`, `history`, `stats`."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from rich.table import Table

from levantcrawl.cli._common import (
    DATE_HELP,
    CliError,
    add_db_option,
    add_format_option,
    add_limit_option,
    archive_session,
    console,
    find_article,
    human_time,
    parse_since,
    parse_until,
)
from levantcrawl.export.query import revision_record
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.storage import listings
from levantcrawl.summary import recorded_summary

if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from levantcrawl.storage.models import Article, Crawl, Revision


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    articles = subparsers.add_parser("articles", help="list archived articles, newest first")
    add_db_option(articles)
    articles.add_argument("--site", help="host name, e.g. news.example.org")
    articles.add_argument(
        "--section", help='canonical section, with its subsections: "Russia" takes "Russia/Iran"'
    )
    articles.add_argument(
        "--since", type=parse_since, metavar="DATE", help=f"published from {DATE_HELP}"
    )
    articles.add_argument(
        "--until", type=parse_until, metavar="DATE", help="published up to the end of DATE"
    )
    add_limit_option(articles, 50, "articles")
    add_format_option(articles)
    articles.set_defaults(func=run_articles)

    show = subparsers.add_parser("show", help="one article's clean text and fields")
    add_db_option(show)
    show.add_argument("url")
    show.add_argument("--revision", type=int, help="revision number (default: latest)")
    show.add_argument("--raw", action="store_true", help="print the raw captured HTML instead")
    add_format_option(show, ("text", "json"))
    show.set_defaults(func=run_show)

    history = subparsers.add_parser("history", help="every revision and capture of an article")
    add_db_option(history)
    history.add_argument("url")
    add_format_option(history)
    history.set_defaults(func=run_history)

    stats = subparsers.add_parser("stats", help="what the archive holds")
    add_db_option(stats)
    add_format_option(stats)
    stats.set_defaults(func=run_stats)


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _iso(value: datetime | None) -> str | None:
    return iso_utc(value) if value else None


def _listed(
    article: Article, revision: Revision, host: str, fetched_url: str | None
) -> dict[str, Any]:
    """An article as `articles --format json` lists it: export schema fields, same names."""
    return {
        "id": article.id,
        "url": fetched_url or article.canonical_url,
        "canonical_url": article.canonical_url,
        "site": host,
        "title": revision.title,
        "authors": list(revision.authors),
        "published": _iso(revision.published_at),
        "section": revision.section,
        "language": revision.language,
        "word_count": revision.word_count,
        "revision": revision.number,
        "revision_fetched_at": _iso(revision.fetched_at),
        "removed_at": _iso(article.removed_at),
        "duplicate_of": article.duplicate_of_id,
    }


def run_articles(args: argparse.Namespace) -> int:
    filters = listings.ArticleFilter(
        site=args.site, section=args.section, since=args.since, until=args.until
    )
    with archive_session(args) as session:
        rows = list(listings.latest_revisions(session, filters, limit=args.limit))
        if args.format == "json":
            _print_json([_listed(*row) for row in rows])
            return 0
        table = Table(title=f"{len(rows)} articles")
        for column in ("published", "section", "title", "rev", "url"):
            table.add_column(column, overflow="fold")
        for article, revision, _, _ in rows:
            published = revision.published_at.date().isoformat() if revision.published_at else "?"
            title = revision.title + (" [removed]" if article.removed_at else "")
            table.add_row(
                published,
                revision.section or "",
                title,
                str(revision.number),
                article.canonical_url,
            )
        console().print(table)
    return 0


def run_show(args: argparse.Namespace) -> int:
    with archive_session(args) as session:
        article = find_article(session, args.url)
        revisions = listings.revisions_of(session, article.id)
        if args.raw:
            captures = [c for c in listings.captures_of(session, article.id) if c.body is not None]
            if not captures or captures[-1].body is None:
                raise CliError(f"no raw capture stored for {args.url}")
            sys.stdout.buffer.write(listings.decompress(captures[-1].body))
            return 0
        chosen = (
            revisions[-1]
            if args.revision is None
            else next((r for r in revisions if r.number == args.revision), None)
        )
        if chosen is None:
            raise CliError(f"{args.url} has revisions 1..{len(revisions)}, not {args.revision}")
        record = revision_record(session, article.id, chosen.number)
        if record is None:
            raise CliError(f"revision {chosen.number} of {args.url} is gone")
        if args.format == "json":
            _print_json(record)
            return 0
        out = console()
        out.print(f"[bold]{record['title']}[/bold]")
        for key in (
            "url",
            "published",
            "modified",
            "section",
            "authors",
            "tags",
            "language",
            "revision",
            "removed_at",
        ):
            value = record[key]
            if value:
                out.print(
                    f"{key}: {', '.join(value) if isinstance(value, list) else value}", markup=False
                )
        out.print()
        out.print(record["text"], markup=False)
        related = [f"  {link.kind}: {link.anchor} -> {link.target_url}" for link in chosen.links]
        if related:
            out.print("\nlinks:\n" + "\n".join(related), markup=False)
    return 0


def run_history(args: argparse.Namespace) -> int:
    with archive_session(args) as session:
        article = find_article(session, args.url)
        revisions = listings.revisions_of(session, article.id)
        captures = listings.captures_of(session, article.id)
        if args.format == "json":
            _print_json(
                {
                    "id": article.id,
                    "canonical_url": article.canonical_url,
                    "removed_at": _iso(article.removed_at),
                    "revisions": [
                        {
                            "revision": r.number,
                            "revision_fetched_at": iso_utc(r.fetched_at),
                            "title": r.title,
                            "word_count": r.word_count,
                            "content_sha256": r.content_sha256,
                        }
                        for r in revisions
                    ],
                    "captures": [
                        {
                            "url": c.url,
                            "status": c.status,
                            "fetched_at": iso_utc(c.fetched_at),
                            "last_seen_at": iso_utc(c.last_seen_at),
                        }
                        for c in captures
                    ],
                }
            )
            return 0
        table = Table(title=article.canonical_url)
        for column in ("rev", "captured (UTC)", "words", "title"):
            table.add_column(column, overflow="fold")
        for revision in revisions:
            table.add_row(
                str(revision.number),
                human_time(revision.fetched_at),
                str(revision.word_count),
                revision.title,
            )
        out = console()
        out.print(table)
        out.print(f"{len(captures)} captures; last seen {human_time(article.last_seen_at)} UTC")
        if article.removed_at:
            out.print(f"removed from the site at {human_time(article.removed_at)} UTC (kept here)")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with archive_session(args) as session:
        counts = listings.archive_counts(session)
        sections = listings.section_counts(session)
        crawls = listings.recent_crawls(session, limit=5)
        by_site = listings.latest_crawl_per_site(session)
        if args.format == "json":
            _print_json(
                {
                    "counts": counts,
                    "sections": dict(sections),
                    # Each as `crawl --summary-json` writes it (summary.py).
                    "crawls": [recorded_summary(c) for c in crawls],
                    # Each site's latest crawl, the same way.
                    "sites": [recorded_summary(c) for _, c in by_site],
                }
            )
            return 0
        out = console()
        table = Table(title="archive")
        table.add_column("what")
        table.add_column("count", justify="right")
        for key, value in counts.items():
            table.add_row(key, str(value))
        out.print(table)
        by_section = Table(title="articles by section")
        by_section.add_column("section")
        by_section.add_column("articles", justify="right")
        for name, count in sections:
            by_section.add_row(name, str(count))
        out.print(by_section)
        recent = Table(title="recent crawls")
        for column in ("id", "started (UTC)", "status", "pages", "new", "revised", "removed"):
            recent.add_column(column)
        for c in crawls:
            recent.add_row(
                str(c.id),
                human_time(c.started_at),
                c.status if c.reason in (None, c.status) else f"{c.status} ({c.reason})",
                *(
                    str(c.stats.get(k, 0))
                    for k in (
                        "response_received_count",
                        "levantcrawl/store/new",
                        "levantcrawl/store/revised",
                        "levantcrawl/store/removed",
                    )
                ),
            )
        out.print(recent)
        if len(by_site) > 1:
            sites = Table(title="each site's latest crawl")
            for column in ("site", "crawl", "started (UTC)", "status", "pages", "new", "revised"):
                sites.add_column(column)
            for host, c in by_site:
                sites.add_row(host, str(c.id), human_time(c.started_at), _status(c), *_counts(c))
            out.print(sites)
    return 0


def _status(crawl: Crawl) -> str:
    if crawl.reason in (None, crawl.status):
        return crawl.status
    return f"{crawl.status} ({crawl.reason})"


def _counts(crawl: Crawl) -> list[str]:
    keys = ("response_received_count", "levantcrawl/store/new", "levantcrawl/store/revised")
    return [str(crawl.stats.get(key, 0)) for key in keys]
