"""The link graph built from a real archive (SQLite and PostgreSQL), its figures, and its
files read back with networkx.

The archive: on news.example, A1 has two revisions (the related link to A3 and one wire link
disappear, a self link appears), A2 links back to A1 and to A4 (a duplicate of A2), A3 was
removed, A5 links nowhere; on www.other.example, B1 links to A1 and to a news.example page
that is no article."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest
from sqlalchemy.orm import Session

from levantcrawl.assemble import seal
from levantcrawl.extraction.article import ExtractedArticle
from levantcrawl.fingerprint import body_sha256
from levantcrawl.items import ArticleItem, Capture, GoneItem, LinkItem
from levantcrawl.linkgraph.build import GraphOptions, UnknownSiteError, build_graph
from levantcrawl.linkgraph.stats import graph_stats
from levantcrawl.linkgraph.write import EDGE_COLUMNS, NODE_COLUMNS, write_graph
from levantcrawl.storage import crawls, identity, revisions
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Article

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.storage
T0 = datetime(2024, 11, 15, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
NEWS = "https://news.example/2024/08/"
A1, A2, A3, A4, A5 = (
    NEWS + "1001-talks-resume",
    NEWS + "1002-earlier-talks",
    NEWS + "1003-ceasefire-notes",
    NEWS + "1004-earlier-talks-copy",
    NEWS + "1005-quiet-day",
)
B1 = "https://www.other.example/2024/08/2001-a-report"
WIRE_A, WIRE_B = "https://www.wire.example/a", "https://wire.example/b"
SECTION, ABOUT = "https://news.example/section/politics", "https://www.news.example/about"
DESK = "https://news.example/about"  # the same page as ABOUT, as a link writes it


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back: each test leaves no rows."""
    archive = open_archive(db_url)
    with archive.engine.connect() as connection:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        outer.rollback()
    archive.close()


def item(
    url: str,
    at: datetime,
    links: tuple[LinkItem, ...] = (),
    paragraphs: tuple[str, ...] = ("First paragraph.",),
) -> ArticleItem:
    host = url.split("/")[2]
    extracted = ExtractedArticle(
        url=url, is_article=True, title=f"Title of {url.rsplit('/', 1)[1]}", paragraphs=paragraphs
    )
    built = ArticleItem(
        capture=Capture(url, 200, {}, f"<html>{url} {paragraphs}</html>".encode(), at),
        site_host=host,
        canonical_url=url,
        discovered_via="sitemap",
        extracted=extracted,
        published_at=datetime(2024, 8, 5, 11, 20, tzinfo=UTC),
        links=links,
    )
    built.body_sha256 = body_sha256(paragraphs)
    seal(built)
    return built


@dataclass(frozen=True)
class Ids:
    a1: str
    a2: str
    a3: str
    a4: str
    a5: str
    b1: str


@pytest.fixture
def ids(session: Session) -> Ids:
    crawl = crawls.start_crawl(session, spider="news", start_url=NEWS, site=None, now=T0).id
    first = (
        LinkItem(A2, "Earlier talks", "body"),
        LinkItem(WIRE_A, "Wire report A", "body"),
        LinkItem(WIRE_B, "Wire report B", "body"),
        LinkItem(A3, "Ceasefire notes", "related"),
        LinkItem(SECTION, "Politics", "nav"),
        LinkItem(ABOUT, "About us", "nav"),
    )
    second = (
        LinkItem(A2, "the earlier round", "body"),
        LinkItem(WIRE_B, "wire report", "body"),
        LinkItem(A1, "this story", "body"),
        LinkItem(SECTION, "Politics", "nav"),
    )
    saved = {
        url: revisions.save_article(session, crawl, item(url, T0, links).to_record()).article_id
        for url, links in (
            (A1, first),
            (A2, (LinkItem(A1, "the follow-up", "body"), LinkItem(A4, "copy", "related"))),
            (A3, (LinkItem(A2, "Earlier talks", "related"),)),
            (A4, (LinkItem(A1, "the follow-up", "body"),)),
            (A5, ()),
            (B1, (LinkItem(A1, "as reported", "body"), LinkItem(DESK, "their desk", "body"))),
        )
    }
    revisions.save_article(
        session, crawl, item(A1, T0 + DAY, first).to_record()
    )  # seen again, unchanged
    edited = ("First paragraph.", "An update.")
    assert revisions.save_article(
        session, crawl, item(A1, T0 + 2 * DAY, second, edited).to_record()
    ).outcome == ("revised")
    revisions.save_article(
        session, crawl, item(A1, T0 + 3 * DAY, second, edited).to_record()
    )  # seen again
    gone = Capture(A3, 404, {}, b"", T0 + 2 * DAY)
    assert revisions.mark_removed(session, crawl, GoneItem(gone, "news.example", A3))
    copy = session.get(Article, saved[A4])
    assert copy is not None
    copy.duplicate_of_id = saved[A2]
    identity.resolve_link_targets(session)
    session.flush()
    return Ids(*(f"article:{saved[url]}" for url in (A1, A2, A3, A4, A5, B1)))


def iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def edge(
    anchor: str, kind: str, links: int, first: datetime, last: datetime, in_latest: bool
) -> dict[str, Any]:
    return {
        "kind": kind,
        "anchor": anchor,
        "links": links,
        "first_seen": iso(first),
        "last_seen": iso(last),
        "in_latest": in_latest,
    }


def expected_edges(ids: Ids) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {
        (ids.a1, ids.a1, "body"): edge("this story", "body", 1, T0 + 2 * DAY, T0 + 3 * DAY, True),
        (ids.a1, ids.a2, "body"): edge("the earlier round", "body", 2, T0, T0 + 3 * DAY, True),
        (ids.a1, ids.a3, "related"): edge("Ceasefire notes", "related", 1, T0, T0 + DAY, False),
        (ids.a1, "domain:wire.example", "body"): edge(
            "wire report", "body", 3, T0, T0 + 3 * DAY, True
        ),
        (ids.a2, ids.a1, "body"): edge("the follow-up", "body", 1, T0, T0, True),
        (ids.a3, ids.a2, "related"): edge("Earlier talks", "related", 1, T0, T0, True),
        (ids.b1, ids.a1, "body"): edge("as reported", "body", 1, T0, T0, True),
    }


def edges_of(graph: Any) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(u, v, k): data for u, v, k, data in graph.edges(keys=True, data=True)}


def test_nodes_are_selected_articles_and_outside_domains(session: Session, ids: Ids) -> None:
    graph = build_graph(session)
    assert set(graph.nodes) == {ids.a1, ids.a2, ids.a3, ids.a5, ids.b1, "domain:wire.example"}
    assert graph.nodes[ids.a1] == {
        "kind": "article",
        "label": "Title of 1001-talks-resume",
        "url": A1,
        "title": "Title of 1001-talks-resume",
        "site": "news.example",
        "section": "",
        "published": "2024-08-05T11:20:00Z",
        "language": "",
        "removed": False,
        "duplicate_of": "",
    }
    assert graph.nodes[ids.a3]["removed"] is True
    assert graph.nodes[ids.b1]["site"] == "www.other.example"
    assert graph.nodes["domain:wire.example"] == {
        "kind": "domain",
        "label": "wire.example",
        "host": "wire.example",
    }


def test_edges_aggregate_every_revision_with_first_and_last_seen(
    session: Session, ids: Ids
) -> None:
    graph = build_graph(session)
    assert edges_of(graph) == expected_edges(ids)
    assert graph.graph == {
        "site": "",
        "kinds": "body,related,nav",
        "include_removed": True,
        "include_duplicates": False,
        "unresolved_internal_links": 4,  # SECTION twice and ABOUT from A1, DESK from B1
        "unresolved_internal_urls": 3,
        "excluded_target_links": 1,  # A2 to its duplicate A4
        "unreadable_links": 0,
    }


def test_duplicates_join_and_removed_articles_leave_when_asked(session: Session, ids: Ids) -> None:
    with_copies = build_graph(session, GraphOptions(include_duplicates=True))
    assert with_copies.nodes[ids.a4]["duplicate_of"] == ids.a2
    assert set(edges_of(with_copies)) - set(expected_edges(ids)) == {
        (ids.a2, ids.a4, "related"),
        (ids.a4, ids.a1, "body"),
    }
    assert with_copies.graph["excluded_target_links"] == 0
    live = build_graph(session, GraphOptions(include_removed=False))
    assert ids.a3 not in live
    assert (ids.a1, ids.a3, "related") not in edges_of(live)
    assert live.graph["excluded_target_links"] == 2  # A1 to removed A3, A2 to duplicate A4


def test_kinds_select_the_links_kept(session: Session, ids: Ids) -> None:
    graph = build_graph(session, GraphOptions(kinds=frozenset({"related"})))
    assert set(edges_of(graph)) == {(ids.a1, ids.a3, "related"), (ids.a3, ids.a2, "related")}
    assert "domain:wire.example" not in graph
    assert graph.graph["kinds"] == "related"
    assert graph.graph["unresolved_internal_links"] == 0
    with pytest.raises(ValueError, match="unknown link kinds: footer"):
        GraphOptions(kinds=frozenset({"footer"}))


def test_one_site_sees_other_archived_sites_as_domains(session: Session, ids: Ids) -> None:
    other = build_graph(session, GraphOptions(site="other.example"))
    assert set(other.nodes) == {ids.b1, "domain:news.example"}
    assert edges_of(other) == {
        (ids.b1, "domain:news.example", "body"): edge("as reported", "body", 2, T0, T0, True)
    }
    assert other.graph["site"] == "other.example"
    assert other.graph["unresolved_internal_links"] == 0
    news = build_graph(session, GraphOptions(site="WWW.news.example"))
    assert set(news.nodes) == {ids.a1, ids.a2, ids.a3, ids.a5, "domain:wire.example"}
    assert news.graph["unresolved_internal_links"] == 3
    with pytest.raises(UnknownSiteError, match=r"no archived site 'elsewhere\.example'"):
        build_graph(session, GraphOptions(site="elsewhere.example"))


def test_stats_count_distinct_linking_articles_and_ignore_self_links(
    session: Session, ids: Ids
) -> None:
    stats = graph_stats(build_graph(session), top=2).as_json()
    assert stats == {
        "totals": {
            "articles": 5,
            "domains": 1,
            "edges": 7,
            "links": 10,
            "article_links": 6,
            "external_links": 3,
            "self_links": 1,
            "unlinked_articles": 2,
            "edges_by_kind": {"body": 5, "related": 2, "nav": 0},
            "links_by_kind": {"body": 8, "related": 2, "nav": 0},
            "unresolved_internal_links": 4,
            "unresolved_internal_urls": 3,
            "excluded_target_links": 1,
            "unreadable_links": 0,
        },
        "most_linked": [
            {
                "id": ids.a2,
                "url": A2,
                "title": "Title of 1002-earlier-talks",
                "linking_articles": 2,
                "links": 3,
            },
            {
                "id": ids.a1,
                "url": A1,
                "title": "Title of 1001-talks-resume",
                "linking_articles": 2,
                "links": 2,
            },
        ],
        "unlinked": [{"id": ids.a5, "url": A5}, {"id": ids.b1, "url": B1}],
        "in_degree": [
            {"degree": 0, "articles": 2},
            {"degree": 1, "articles": 1},
            {"degree": 2, "articles": 2},
        ],
        "out_degree": [
            {"degree": 0, "articles": 1},
            {"degree": 1, "articles": 3},
            {"degree": 3, "articles": 1},
        ],
        "domains": [{"domain": "wire.example", "linking_articles": 1, "links": 3}],
    }


def test_graphml_reads_back_as_the_same_graph(session: Session, ids: Ids, tmp_path: Path) -> None:
    graph = build_graph(session, GraphOptions(include_duplicates=True))
    out = tmp_path / "out"
    out.mkdir()
    for name in ("links.graphml", "links.graphml.gz"):
        write_graph(graph, "graphml", out / name)
        back = nx.read_graphml(out / name, force_multigraph=True, edge_key_type=str)
        assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
        assert edges_of(back) == edges_of(graph)
        defaults = {"node_default": {}, "edge_default": {}}  # the reader adds these
        assert back.graph == {**graph.graph, **defaults}
    assert sorted(p.name for p in out.iterdir()) == ["links.graphml", "links.graphml.gz"]
    assert (out / "links.graphml.gz").read_bytes()[:2] == b"\x1f\x8b"  # gzip's magic


def test_gexf_reads_back_with_the_same_nodes_and_edges(
    session: Session, ids: Ids, tmp_path: Path
) -> None:
    graph = build_graph(session)
    write_graph(graph, "gexf", tmp_path / "links.gexf")
    back = nx.read_gexf(tmp_path / "links.gexf")
    assert set(back.nodes) == set(graph.nodes)
    assert back.nodes[ids.a1]["label"] == graph.nodes[ids.a1]["label"]
    assert back.nodes[ids.a3]["removed"] is True
    got = {(u, v, data["kind"]): data for u, v, data in back.edges(data=True)}
    assert set(got) == set(edges_of(graph))
    assert got[ids.a1, ids.a3, "related"]["in_latest"] is False
    assert got[ids.a1, "domain:wire.example", "body"]["links"] == 3


def test_csv_directory_holds_nodes_and_edges_and_replaces_only_its_own(
    session: Session, ids: Ids, tmp_path: Path
) -> None:
    graph = build_graph(session)
    out = tmp_path / "out"
    out.mkdir()
    folder = out / "graph"
    for _ in range(2):  # the second export replaces the first
        write_graph(graph, "csv", folder)
    assert sorted(p.name for p in out.iterdir()) == ["graph"]
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as rows:
        reader = csv.DictReader(rows)
        assert tuple(reader.fieldnames or ()) == NODE_COLUMNS
        nodes = {row["id"]: row for row in reader}
    assert set(nodes) == set(graph.nodes)
    assert nodes[ids.a3]["removed"] == "true"
    assert nodes["domain:wire.example"]["url"] == ""
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as rows:
        reader = csv.DictReader(rows)
        assert tuple(reader.fieldnames or ()) == EDGE_COLUMNS
        edges = {(r["source"], r["target"], r["kind"]): r for r in reader}
    expected = expected_edges(ids)
    assert set(edges) == set(expected)
    for key, row in edges.items():
        assert row["anchor"] == expected[key]["anchor"]
        assert int(row["links"]) == expected[key]["links"]
        assert (row["first_seen"], row["last_seen"]) == (
            expected[key]["first_seen"],
            expected[key]["last_seen"],
        )
        assert row["in_latest"] == str(expected[key]["in_latest"]).lower()
    (out / "notes").mkdir()
    (out / "notes" / "mine.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match="holds other files"):
        write_graph(graph, "csv", out / "notes")
    assert (out / "notes" / "mine.txt").read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["graph", "notes"]
