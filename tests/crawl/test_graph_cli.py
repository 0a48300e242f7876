"""`levantcrawl graph export|stats` in a child process, on the archive of real crawls of the
sample site, checked against aggregations of the link table written directly in SQL."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import networkx as nx
import pytest

from tests.crawl.conftest import levantcrawl

if TYPE_CHECKING:
    from pathlib import Path

    from tests.crawl.conftest import CrawlSequence

pytestmark = pytest.mark.crawl

# Every link of every revision of an article that is no copy, with where it points.
LINKS = """
SELECT r.article_id, l.target_article_id, l.target_url, l.kind
FROM link AS l
JOIN revision AS r ON r.id = l.revision_id
JOIN article AS a ON a.id = r.article_id
WHERE a.duplicate_of_id IS NULL
"""
# Article to article edges: link rows, first and last seen, still in the latest revision.
ARTICLE_EDGES = """
SELECT r.article_id, l.target_article_id, l.kind, COUNT(*), MIN(r.fetched_at),
       MAX(MAX(r.fetched_at, COALESCE(c.last_seen_at, r.fetched_at))),
       MAX(r.number = (SELECT MAX(number) FROM revision WHERE article_id = r.article_id))
FROM link AS l
JOIN revision AS r ON r.id = l.revision_id
JOIN article AS a ON a.id = r.article_id
JOIN article AS t ON t.id = l.target_article_id
LEFT JOIN capture AS c ON c.id = r.capture_id
WHERE a.duplicate_of_id IS NULL AND t.duplicate_of_id IS NULL
GROUP BY r.article_id, l.target_article_id, l.kind
"""
# The anchor of each article edge in the latest revision carrying it (first such link).
ANCHORS = """
SELECT r.article_id, l.target_article_id, l.kind, l.anchor
FROM link AS l JOIN revision AS r ON r.id = l.revision_id
WHERE l.target_article_id IS NOT NULL
ORDER BY r.number, l.id DESC
"""
# How many other articles link to each article (copies neither link nor count).
LINKING = """
SELECT l.target_article_id, COUNT(DISTINCT r.article_id)
FROM link AS l
JOIN revision AS r ON r.id = l.revision_id
JOIN article AS a ON a.id = r.article_id
JOIN article AS t ON t.id = l.target_article_id
WHERE a.duplicate_of_id IS NULL AND t.duplicate_of_id IS NULL
  AND l.target_article_id != r.article_id
GROUP BY l.target_article_id
"""
COPIES = "SELECT id FROM article WHERE duplicate_of_id IS NOT NULL"
REMOVED = "SELECT id FROM article WHERE removed_at IS NOT NULL"
# An article with more than one revision: its node carries the latest revision's title.
LATEST_TITLE = """
SELECT a.canonical_url, r.title FROM article AS a JOIN revision AS r ON r.article_id = a.id
WHERE r.number = (SELECT MAX(number) FROM revision WHERE article_id = a.id) AND r.number > 1
ORDER BY a.id LIMIT 1
"""


def ok(*args: str) -> str:
    result = levantcrawl(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def query(db_url: str, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db_url.removeprefix("sqlite:///"))) as db:
        return db.execute(sql).fetchall()


def iso(stored: str) -> str:
    """A time as SQLite holds it (naive UTC) in the graph's form."""
    value = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    return value.isoformat().replace("+00:00", "Z")


def bare(host: str) -> str:
    return host.lower().removeprefix("www.")


@dataclass(frozen=True)
class Truth:
    """The graph the archive should give, from SQL."""

    articles: set[str]
    article_edges: dict[tuple[str, str, str], dict[str, Any]]
    domain_edges: Counter[tuple[str, str, str]]  # (source, domain node, kind) -> link rows
    unresolved: int  # link rows to a page of the site that is no article


def truth(db_url: str) -> Truth:
    articles = {f"article:{i}" for (i,) in query(db_url, "SELECT id FROM article")}
    copies = {f"article:{i}" for (i,) in query(db_url, COPIES)}
    hosts = {bare(h) for (h,) in query(db_url, "SELECT host FROM site")}
    anchors = {
        (f"article:{s}", f"article:{t}", kind): anchor
        for s, t, kind, anchor in query(db_url, ANCHORS)
    }  # later rows win: the latest revision's first link of each edge
    edges = {}
    for source, target, kind, links, first, last, in_latest in query(db_url, ARTICLE_EDGES):
        key = (f"article:{source}", f"article:{target}", kind)
        edges[key] = {
            "kind": kind,
            "anchor": anchors[key],
            "links": links,
            "first_seen": iso(first),
            "last_seen": iso(last),
            "in_latest": bool(in_latest),
        }
    domains: Counter[tuple[str, str, str]] = Counter()
    unresolved = 0
    for source, target, url, kind in query(db_url, LINKS):
        if target is not None:
            continue
        host = bare(urlsplit(url).hostname or "")
        if host in hosts:
            unresolved += 1
        else:
            domains[f"article:{source}", f"domain:{host}", kind] += 1
    return Truth(articles - copies, edges, domains, unresolved)


def test_graphml_export_reads_back_as_the_link_table(
    crawled: CrawlSequence, tmp_path: Path
) -> None:
    db = crawled.second.db_url
    out = tmp_path / "links.graphml"
    result = levantcrawl("graph", "export", "--db", db, "--format", "graphml", "-o", str(out))
    assert result.returncode == 0, result.stderr
    graph = nx.read_graphml(out, force_multigraph=True, edge_key_type=str)
    expected = truth(db)
    domains = {target for _, target, _ in expected.domain_edges}
    assert domains, "the sample site links to outside sites"
    assert set(graph.nodes) == expected.articles | domains
    edges = {(u, v, k): data for u, v, k, data in graph.edges(keys=True, data=True)}
    assert {k: v for k, v in edges.items() if not k[1].startswith("domain:")} == (
        expected.article_edges
    )
    assert {k: v["links"] for k, v in edges.items() if k[1].startswith("domain:")} == dict(
        expected.domain_edges
    )
    assert Counter(k for _, _, k in edges) == Counter(
        k for _, _, k in [*expected.article_edges, *expected.domain_edges]
    )
    assert graph.graph["unresolved_internal_links"] == expected.unresolved > 0
    removed = {f"article:{i}" for (i,) in query(db, REMOVED)}
    assert removed, "edition 2 removes an article"
    assert {n for n, r in graph.nodes(data="removed") if r} == removed
    url, title = query(db, LATEST_TITLE)[0]
    node = next(n for n, u in graph.nodes(data="url") if u == url)
    assert graph.nodes[node]["title"] == title
    summary = f"{graph.number_of_nodes()} nodes ({len(expected.articles)} articles, "
    assert summary in result.stderr
    assert f"and {graph.number_of_edges()} edges to {out}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_gexf_and_csv_exports_hold_the_same_graph(crawled: CrawlSequence, tmp_path: Path) -> None:
    db = crawled.second.db_url
    expected = truth(db)
    edge_count = len(expected.article_edges) + len(expected.domain_edges)
    node_count = len(expected.articles) + len({t for _, t, _ in expected.domain_edges})
    ok("graph", "export", "--db", db, "--format", "gexf", "-o", str(tmp_path / "links.gexf"))
    gexf = nx.read_gexf(tmp_path / "links.gexf")
    assert (gexf.number_of_nodes(), gexf.number_of_edges()) == (node_count, edge_count)
    folder = tmp_path / "links"
    ok("graph", "export", "--db", db, "--format", "csv", "-o", str(folder))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links", "links.gexf"]
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as rows:
        nodes = list(csv.DictReader(rows))
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as rows:
        edges = {(r["source"], r["target"], r["kind"]): r for r in csv.DictReader(rows)}
    assert len(nodes) == node_count
    assert len(edges) == edge_count
    for key, data in list(expected.article_edges.items())[:5]:
        assert edges[key]["anchor"] == data["anchor"]
        assert int(edges[key]["links"]) == data["links"]
        assert edges[key]["last_seen"] == data["last_seen"]


def test_stats_json_agrees_with_the_database(crawled: CrawlSequence) -> None:
    db = crawled.second.db_url
    stats = json.loads(ok("graph", "stats", "--db", db, "--format", "json", "--top", "3"))
    linking = dict(query(db, LINKING))
    expected = truth(db)
    best = max(linking.values())
    top = stats["most_linked"]
    assert len(top) == 3
    assert top[0]["linking_articles"] == best
    assert all(linking[int(a["id"].removeprefix("article:"))] == a["linking_articles"] for a in top)
    never = {a for a in expected.articles if int(a.removeprefix("article:")) not in linking}
    assert {a["id"] for a in stats["unlinked"]} == never
    assert stats["totals"]["unlinked_articles"] == len(never)
    assert sum(d["articles"] for d in stats["in_degree"]) == len(expected.articles)
    assert {d["degree"]: d["articles"] for d in stats["in_degree"]}[0] == len(never)
    by_domain: Counter[str] = Counter()
    for (_, domain, _), links in expected.domain_edges.items():
        by_domain[domain.removeprefix("domain:")] += links
    assert {d["domain"]: d["links"] for d in stats["domains"]} == dict(by_domain)
    assert stats["totals"]["unresolved_internal_links"] == expected.unresolved
    table = ok("graph", "stats", "--db", db, "--top", "3")
    assert top[0]["url"] in table
    assert "articles no one links to" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("stats", "--site", "elsewhere.example"), "no archived site 'elsewhere.example'"),
        (("export", "-o", "/nonexistent/links.graphml"), "no directory /nonexistent"),
        (("export", "--format", "graphml", "-o", "{tmp}"), "cannot write {tmp}: it is a directory"),
        (("export", "--format", "csv", "-o", "{tmp}/file"), "is a file; csv writes a directory"),
        (("stats", "--top", "0"), "not a positive number"),
    ],
)
def test_bad_input_gets_one_line_and_status_2(
    crawled: CrawlSequence, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "file").write_text("not a graph")
    filled = [a.format(tmp=tmp_path) for a in args]
    result = levantcrawl("graph", *filled, "--db", crawled.second.db_url)
    assert result.returncode == 2
    assert message.format(tmp=tmp_path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
