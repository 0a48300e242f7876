"""`levantcrawl search WORDS...`: full-text search over the latest revision of each article,
on SQLite and PostgreSQL archives alike."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from levantcrawl.cli._common import (
    CliError,
    add_db_option,
    add_format_option,
    add_limit_option,
    archive_session,
    console,
    human_time,
)
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.storage.search import MARK, search_articles

if TYPE_CHECKING:
    import argparse

    from levantcrawl.storage.search import SearchHit


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "search",
        help="find articles by the words of their latest revision",
        description='Every word must appear; "a phrase" as written; a OR b, either; '
        "-word must not appear (quote the whole query, or put -- before it). "
        "Titles count more than text.",
    )
    add_db_option(parser)
    parser.add_argument("words", nargs="+", metavar="WORD", help="what to look for")
    parser.add_argument("--site", help="only articles on this host")
    add_limit_option(parser, 20, "articles")
    add_format_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    query = " ".join(args.words)
    with archive_session(args) as session:
        try:
            hits = search_articles(session, query, limit=args.limit, site=args.site)
        except ValueError as exc:
            raise CliError(str(exc)) from None
    if args.format == "json":
        json.dump([_record(hit) for hit in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not hits:
        console("stderr").print(f"no article matches {query!r}")
        return 0
    table = Table(title=f"{len(hits)} articles matching {query!r}, best first")
    for name in ("published", "title / url", "snippet"):
        table.add_column(name, overflow="fold")
    for hit in hits:
        table.add_row(
            human_time(hit.published_at)[:10],
            Text.assemble((hit.title, "bold"), "\n", (hit.url, "dim")),
            _marked(hit.snippet),
        )
    console().print(table)
    return 0


def _record(hit: SearchHit) -> dict[str, object]:
    """A hit, its fields named as in the export schema, then the search's own."""
    return {
        "id": hit.article_id,
        "url": hit.fetched_url or hit.url,
        "canonical_url": hit.url,
        "title": hit.title,
        "published": iso_utc(hit.published_at) if hit.published_at else None,
        "snippet": hit.snippet,
        "rank": round(hit.rank, 6),
    }


def _marked(snippet: str) -> Text:
    """The snippet with its matched words (between MARK) highlighted, never read as markup."""
    text = Text()
    for index, part in enumerate(snippet.replace("\n", " ").split(MARK)):
        text.append(part, style="bold yellow" if index % 2 else "")
    return text
