"""Write a link graph as GraphML or GEXF (networkx's writers; a name ending in .gz is gzipped),
or as a directory holding nodes.csv and edges.csv. Always atomically: everything is written
under a ".partial" name first and renamed into place, so a reader never sees half a graph."""

from __future__ import annotations

import csv
import gzip
import shutil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from io import BufferedIOBase
    from pathlib import Path

# nodes.csv: an article row fills the article columns, a domain row `host`; the rest are "".
NODE_COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "label",
    "url",
    "title",
    "site",
    "section",
    "published",
    "language",
    "removed",
    "duplicate_of",
    "host",
)
# edges.csv: one row per (source, target, kind) edge; `source`/`target` are node ids.
EDGE_COLUMNS: tuple[str, ...] = (
    "source",
    "target",
    "kind",
    "anchor",
    "links",
    "first_seen",
    "last_seen",
    "in_latest",
)
CSV_FILES = frozenset({"nodes.csv", "edges.csv"})


# networkx is imported by the writers, like the graph builder (see build.py).
def _graphml(graph: Any, out: BufferedIOBase) -> None:
    import networkx as nx

    nx.write_graphml(graph, out, encoding="utf-8")


def _gexf(graph: Any, out: BufferedIOBase) -> None:
    import networkx as nx

    nx.write_gexf(graph, out, encoding="utf-8")


FILE_WRITERS: dict[str, Callable[[Any, BufferedIOBase], None]] = {
    "graphml": _graphml,
    "gexf": _gexf,
}
FORMATS: tuple[str, ...] = ("csv", "gexf", "graphml")


def write_graph(graph: Any, fmt: str, path: Path) -> None:
    """Write `graph` to `path` in `fmt` (one of FORMATS), replacing what was there. A csv
    export replaces only an earlier csv export: a directory holding other files is refused."""
    if fmt == "csv":
        _write_csv_directory(graph, path)
        return
    writer = FILE_WRITERS[fmt]
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as raw:
            if path.name.endswith(".gz"):
                with gzip.GzipFile(
                    path.name.removesuffix(".gz"), "wb", fileobj=raw, mtime=0
                ) as out:
                    writer(graph, out)
            else:
                writer(graph, raw)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)  # no half-written file left behind
        raise


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_csv_files(graph: Any, folder: Path) -> None:
    """nodes.csv and edges.csv (columns NODE_COLUMNS and EDGE_COLUMNS) into `folder`."""
    with (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as out:
        nodes = csv.writer(out, lineterminator="\n")
        nodes.writerow(NODE_COLUMNS)
        for node, data in graph.nodes(data=True):
            nodes.writerow([node, *(_cell(data.get(c)) for c in NODE_COLUMNS[1:])])
    with (folder / "edges.csv").open("w", encoding="utf-8", newline="") as out:
        edges = csv.writer(out, lineterminator="\n")
        edges.writerow(EDGE_COLUMNS)
        for source, target, data in graph.edges(data=True):
            edges.writerow([source, target, *(_cell(data.get(c)) for c in EDGE_COLUMNS[2:])])


def _refuse_foreign(folder: Path) -> None:
    if not folder.exists():
        return
    if not folder.is_dir():
        raise FileExistsError(f"{folder} is a file; csv writes a directory")
    if others := sorted(p.name for p in folder.iterdir() if p.name not in CSV_FILES):
        raise FileExistsError(
            f"{folder} holds other files ({', '.join(others[:3])}); not replacing it"
        )


def _write_csv_directory(graph: Any, path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    old = path.with_name(path.name + ".old")
    for folder in (path, partial, old):
        _refuse_foreign(folder)  # only ever remove what an earlier export wrote
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir()
        write_csv_files(graph, partial)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if path.exists():
        shutil.rmtree(old, ignore_errors=True)
        path.rename(old)
        partial.rename(path)
        shutil.rmtree(old)
    else:
        partial.rename(path)
