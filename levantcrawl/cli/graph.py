"""`levantcrawl graph export|stats`: the link graph of the archive, as GraphML, GEXF or CSV
for other tools, or as figures (most linked-to articles, unlinked ones, degrees, domains)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from levantcrawl.cli._common import (
    CliError,
    add_db_option,
    add_format_option,
    archive_session,
    console,
    positive_int,
)
from levantcrawl.linkgraph.build import LINK_KINDS, GraphOptions, UnknownSiteError, build_graph
from levantcrawl.linkgraph.stats import GraphStats, article_nodes, graph_stats
from levantcrawl.linkgraph.write import FILE_WRITERS, FORMATS, write_graph

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "graph", help="the link graph: export it (GraphML, GEXF, CSV) or print its figures"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", help="write the link graph as GraphML, GEXF or a CSV directory"
    )
    export.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="default: from the output's name (.graphml, .gexf, optionally .gz; "
        "a name without an extension is a csv directory)",
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="PATH",
        help="file to write (graphml/gexf; .gz is gzipped) or directory (csv)",
    )
    export.add_argument(
        "--overwrite", action="store_true", help="replace the output if it already exists"
    )
    _add_selection(export)
    export.set_defaults(func=run_export)
    stats = actions.add_parser("stats", help="most linked-to articles, unlinked ones, degrees")
    stats.add_argument(
        "--top",
        type=positive_int,
        default=10,
        metavar="N",
        help="list N of each (default: %(default)s)",
    )
    add_format_option(stats)
    _add_selection(stats)
    stats.set_defaults(func=run_stats)


def _add_selection(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser)
    parser.add_argument("--site", help="only articles of this host; other sites become domains")
    parser.add_argument(
        "--kind",
        action="append",
        choices=LINK_KINDS,
        help="only links of this kind (repeatable; default: all)",
    )
    parser.add_argument(
        "--without-removed", action="store_true", help="leave out articles the site removed"
    )
    parser.add_argument(
        "--with-duplicates",
        action="store_true",
        help="include articles recorded as copies of earlier ones",
    )


def _graph(args: argparse.Namespace) -> Any:
    options = GraphOptions(
        site=args.site,
        kinds=frozenset(args.kind or LINK_KINDS),
        include_removed=not args.without_removed,
        include_duplicates=args.with_duplicates,
    )
    with archive_session(args) as session:
        try:
            return build_graph(session, options)
        except UnknownSiteError as exc:
            raise CliError(str(exc)) from exc


def format_of(output: Path, given: str | None) -> str:
    """The format --format names, else the output's extension: .graphml and .gexf (each
    perhaps .gz), and a name without one for csv. CliError when the two disagree, or when
    the name tells nothing and no --format was given."""
    name = output.name.lower().removesuffix(".gz")
    suffix = name.rpartition(".")[2] if "." in name else ""
    implied = "csv" if not suffix else suffix if suffix in FILE_WRITERS else None
    if given is None:
        if implied is None:
            raise CliError(
                f"cannot tell the format of {output}: name it .graphml or .gexf (.gz to "
                "compress), a directory without an extension for csv, or pass --format"
            )
        return implied
    if suffix in FILE_WRITERS and suffix != given:
        raise CliError(f"{output} names a .{suffix} file but --format is {given}")
    return given


def run_export(args: argparse.Namespace) -> int:
    output: Path = args.output
    if not output.parent.is_dir():
        raise CliError(f"cannot write {output}: no directory {output.parent}")
    fmt = format_of(output, args.format)
    if fmt != "csv" and output.is_dir():
        raise CliError(f"cannot write {output}: it is a directory")
    if fmt == "csv" and output.exists() and not output.is_dir():
        raise CliError(f"{output} is a file; csv writes a directory")
    if output.exists() and not args.overwrite:
        raise CliError(f"{output} exists: choose a new name, or pass --overwrite")
    graph = _graph(args)
    try:
        write_graph(graph, fmt, output)
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from exc
    articles = len(article_nodes(graph))
    console("stderr").print(
        f"exported {graph.number_of_nodes()} nodes ({articles} articles, "
        f"{graph.number_of_nodes() - articles} domains) and {graph.number_of_edges()} edges "
        f"to {output}",
        markup=False,
    )
    return 0


def run_stats(args: argparse.Namespace) -> int:
    stats = graph_stats(_graph(args), top=args.top)
    if args.format == "json":
        json.dump(stats.as_json(), sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
        sys.stdout.write("\n")
        return 0
    out = console()
    for table in _tables(stats, args.top):
        out.print(table)
    return 0


def _tables(stats: GraphStats, top: int) -> list[Table]:
    totals = _table("link graph", ("figure", "value"))
    for key, value in stats.totals.as_json().items():
        shown = (
            ", ".join(f"{k} {v}" for k, v in value.items()) if isinstance(value, dict) else value
        )
        _row(totals, key.replace("_", " "), shown)
    linked = _table(
        f"most linked-to articles (top {top})", ("url", "title", "linking articles", "links")
    )
    for article in stats.most_linked:
        _row(linked, article.url, article.title, article.linking_articles, article.links)
    domains = _table(
        f"links to other sites ({len(stats.domains)} domains)",
        ("domain", "linking articles", "links"),
    )
    for domain in stats.domains[:top]:
        _row(domains, domain.domain, domain.linking_articles, domain.links)
    _more(domains, len(stats.domains) - top)
    degrees = _table("degree distribution", ("degree", "articles (in)", "articles (out)"))
    into, out = dict(stats.in_degree), dict(stats.out_degree)
    for degree in sorted(into.keys() | out.keys()):
        _row(degrees, degree, into.get(degree, 0), out.get(degree, 0))
    orphans = _table(f"articles no one links to ({len(stats.unlinked)})", ("url",))
    for _, url in stats.unlinked[:top]:
        _row(orphans, url)
    _more(orphans, len(stats.unlinked) - top)
    return [totals, linked, domains, degrees, orphans]


def _table(title: str, columns: Sequence[str]) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _row(table: Table, *cells: object) -> None:
    """Cells as plain text: a URL or title with [brackets] is not rich markup."""
    table.add_row(*(Text(str(cell)) for cell in cells))


def _more(table: Table, hidden: int) -> None:
    if hidden > 0:
        _row(table, f"… and {hidden} more", *([""] * (len(table.columns) - 1)))
