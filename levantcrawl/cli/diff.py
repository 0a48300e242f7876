"""`levantcrawl diff URL`: what changed between two revisions of an article."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from levantcrawl.cli._common import CliError, add_db_option, archive_session, find_article
from levantcrawl.diff.html import render_html
from levantcrawl.diff.render import as_json, render_text, render_unified
from levantcrawl.diff.text import diff_revisions
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.storage.listings import revisions_of

if TYPE_CHECKING:
    import argparse

    from levantcrawl.storage.models import Revision

FORMATS = ("text", "json", "unified", "html")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("diff", help="word-level diff of two revisions")
    add_db_option(parser)
    parser.add_argument("url")
    parser.add_argument("--from", dest="from_rev", type=int, help="older revision number")
    parser.add_argument("--to", dest="to_rev", type=int, help="newer revision number")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text: word diff (default); json: for programs; unified: like diff -u, one line "
        "per paragraph; html: a self-contained page with the revisions side by side",
    )
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout"
    )
    parser.set_defaults(func=run)


def snapshot(revision: Revision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "fetched_at": revision.fetched_at,
        "title": revision.title,
        "text": revision.text,
        "authors": list(revision.authors),
        "published": iso_utc(revision.published_at) if revision.published_at else None,
        "modified": iso_utc(revision.modified_at) if revision.modified_at else None,
        "section": revision.section,
        "tags": list(revision.tags),
    }


def run(args: argparse.Namespace) -> int:
    with archive_session(args) as session:
        article = find_article(session, args.url)
        by_number = {r.number: r for r in revisions_of(session, article.id)}
        if len(by_number) < 2 and args.from_rev is None:
            raise CliError(f"{article.canonical_url} has one revision only: nothing to compare")
        to_rev = args.to_rev if args.to_rev is not None else max(by_number)
        from_rev = args.from_rev if args.from_rev is not None else to_rev - 1
        missing = [n for n in (from_rev, to_rev) if n not in by_number]
        if missing:
            raise CliError(f"no revision {missing[0]} (this article has 1..{max(by_number)})")
        diff = diff_revisions(snapshot(by_number[from_rev]), snapshot(by_number[to_rev]))
        language = by_number[to_rev].language
    url = article.canonical_url
    to_file: Path | None = args.output
    on_terminal = to_file is None and sys.stdout.isatty()
    colour = args.color == "always" or (args.color == "auto" and on_terminal)
    if args.format == "json":
        out = json.dumps(as_json(diff, url), ensure_ascii=False, indent=2)
    elif args.format == "html":
        out = render_html(diff, url, language=language).removesuffix("\n")
    elif args.format == "unified":
        out = render_unified(diff, colour=colour)
    else:
        out = render_text(diff, url, colour=colour)
    if to_file is None:
        if args.format == "html":  # the page says UTF-8, whatever the terminal's encoding
            sys.stdout.flush()
            sys.stdout.buffer.write(f"{out}\n".encode())
        elif out:
            print(out)
        return 0
    try:
        to_file.write_text(out + "\n", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {to_file}: {exc.strerror or exc}") from exc
    return 0
