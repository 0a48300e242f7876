"""`levantcrawl graph export|stats`: the link graph of the archive, as GraphML, GEXF or CSV
for other tools, or as figures (most linked-to articles, unlinked ones, degrees, domains)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from levantcrawl.cli._common import CliError, add_db_option, archive_session, console
from levantcrawl.linkgraph.build import LINK_KINDS, GraphOptions, UnknownSiteError, build_graph
from levantcrawl.linkgraph.stats import GraphStats, article_nodes, graph_stats
from levantcrawl.linkgraph.write import FORMATS, write_graph

if TYPE_CHECKING:
    from collections.abc import Sequence


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "graph", help="the link graph: export it (GraphML, GEXF, CSV) or print its figures"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", help="write the link graph as GraphML, GEXF or a CSV directory"
    )
    export.add_argument("--format", choices=FORMATS, default="graphml")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="file to write (graphml/gexf; .gz is gzipped) or directory (csv)",
    )
    _add_selection(export)
    export.set_defaults(func=run_export)
    stats = actions.add_parser("stats", help="most linked-to articles, unlinked ones, degrees")
    stats.add_argument("--top", type=_positive, default=10, help="list this many (default 10)")
    stats.add_argument("--json", action="store_true", help="print JSON for programs")
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


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {value!r}")
    return int(value)


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


def run_export(args: argparse.Namespace) -> int:
    output: Path = args.output
    if not output.parent.is_dir():
        raise CliError(f"cannot write {output}: no directory {output.parent}")
    if args.format != "csv" and output.is_dir():
        raise CliError(f"cannot write {output}: it is a directory")
    graph = _graph(args)
    try:
        write_graph(graph, args.format, output)
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
    if args.json:
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
