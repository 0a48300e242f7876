"""`levantcrawl duplicates`: clusters of articles that are the same story."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from rich.table import Table

from levantcrawl.cli._common import (
    add_db_option,
    add_format_option,
    add_limit_option,
    archive_session,
    console,
)
from levantcrawl.storage import near_duplicates

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("duplicates", help="list clusters of near-duplicate articles")
    add_db_option(parser)
    parser.add_argument("--site", help="only copies on this host")
    add_limit_option(parser, 50, "clusters")
    add_format_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with archive_session(args) as session:
        clusters = near_duplicates.duplicate_clusters(session, args.site)[: args.limit]
        rows = [
            (
                original.canonical_url,
                [(c.canonical_url, c.duplicate_similarity or 0.0) for c in copies],
            )
            for original, copies in clusters
        ]
        data = [
            {
                "original": {"id": original.id, "canonical_url": original.canonical_url},
                "copies": [
                    {
                        "id": c.id,
                        "canonical_url": c.canonical_url,
                        "duplicate_similarity": c.duplicate_similarity,
                    }
                    for c in copies
                ],
            }
            for original, copies in clusters
        ]
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    table = Table(title=f"{len(data)} clusters of the same story")
    for column in ("original", "copy", "similarity"):
        table.add_column(column, overflow="fold")
    for original_url, copies in rows:
        for index, (copy_url, score) in enumerate(copies):
            table.add_row(original_url if index == 0 else "", copy_url, f"{score:.2f}")
    console().print(table)
    return 0
