"""Build the link graph of the archive as a networkx MultiDiGraph, from two bulk queries: the
selected articles with their latest revision, then every link of their revisions, in order.

Nodes are "article:<id>" (kind="article") and "domain:<host>" (kind="domain", a host outside
the archived sites in scope, "www." stripped). There is one edge per (source article, target
node, link kind), keyed by the kind, aggregating the link rows of every revision of the source.
A link to a page of a site in scope that is no selected article is no node: the graph counts
those links in its graph attributes instead (see `GRAPH_COUNTS`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import and_, func, select

from levantcrawl.normalize.dates import iso_utc
from levantcrawl.storage.models import Article, Capture, Link, Revision, Site

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from sqlalchemy import ColumnElement, Result, Row
    from sqlalchemy.orm import Session

LINK_KINDS: tuple[str, ...] = ("body", "related", "nav")
# Graph attributes counting links that became no edge.
GRAPH_COUNTS: tuple[str, ...] = (
    "unresolved_internal_links",  # to a page of a site in scope that is no archived article
    "unresolved_internal_urls",  # how many distinct URLs those links point at
    "excluded_target_links",  # to an archived article left out (removed, or a duplicate)
    "unreadable_links",  # a target URL with no readable host
)
_BATCH = 2000


class UnknownSiteError(LookupError):
    """The graph was asked for a host the archive holds no site for."""


@dataclass(frozen=True, slots=True)
class GraphOptions:
    """Which part of the archive becomes the graph.

    `site`: only articles of this host (with or without "www."); other archived sites are
    then outside domains. `kinds`: the link kinds to keep. Removed articles are kept by
    default (they were real pages and links to them were real; nodes say `removed`);
    duplicates are left out by default, since a copy repeats its original's links and would
    count every link twice."""

    site: str | None = None
    kinds: frozenset[str] = frozenset(LINK_KINDS)
    include_removed: bool = True
    include_duplicates: bool = False

    def __post_init__(self) -> None:
        if unknown := self.kinds - set(LINK_KINDS):
            raise ValueError(f"unknown link kinds: {', '.join(sorted(unknown))}")


def bare_host(host: str) -> str:
    """A host as the graph names it: lower-case, no trailing dot, no leading "www."."""
    return host.strip().lower().rstrip(".").removeprefix("www.")


def url_host(url: str) -> str:
    """The bare host of `url`; "" when it has none or cannot be read."""
    try:
        return bare_host(urlsplit(url).hostname or "")
    except ValueError:
        return ""


def article_node(article_id: int) -> str:
    return f"article:{article_id}"


def domain_node(host: str) -> str:
    return f"domain:{host}"


@dataclass(slots=True)
class _Edge:
    anchor: str
    anchor_revision: int  # the revision number the anchor was read from
    links: int
    first_seen: datetime
    last_seen: datetime
    in_latest: bool

    def attributes(self, kind: str) -> dict[str, Any]:
        return {
            "kind": kind,
            "anchor": self.anchor,
            "links": self.links,
            "first_seen": iso_utc(self.first_seen),
            "last_seen": iso_utc(self.last_seen),
            "in_latest": self.in_latest,
        }


@dataclass(slots=True)
class _Unplaced:
    """Links that became no edge."""

    internal: int = 0
    internal_urls: set[str] = field(default_factory=set)
    excluded: int = 0
    unreadable: int = 0

    def as_graph_attributes(self) -> dict[str, int]:
        return {
            "unresolved_internal_links": self.internal,
            "unresolved_internal_urls": len(self.internal_urls),
            "excluded_target_links": self.excluded,
            "unreadable_links": self.unreadable,
        }


def build_graph(session: Session, options: GraphOptions | None = None) -> Any:
    """The link graph (a `networkx.MultiDiGraph`) of the articles `options` select."""
    # Imported here: networkx is start-up that `levantcrawl graph --help` need not pay.
    import networkx as nx

    options = options or GraphOptions()
    site_ids, scope = _scope(session, options.site)
    conditions = _article_conditions(options, site_ids)
    graph = nx.MultiDiGraph()
    graph.graph.update(
        site=bare_host(options.site) if options.site else "",
        kinds=",".join(k for k in LINK_KINDS if k in options.kinds),
        include_removed=options.include_removed,
        include_duplicates=options.include_duplicates,
    )
    latest = _add_articles(session, graph, conditions)
    edges, unplaced = _aggregate_links(_link_rows(session, options, conditions), latest, scope)
    hosts = sorted({target for _, target, _ in edges if target.startswith("domain:")})
    for node in hosts:
        host = node.removeprefix("domain:")
        graph.add_node(node, kind="domain", label=host, host=host)
    for source, target, kind in sorted(edges, key=_edge_order):
        graph.add_edge(
            article_node(source), target, key=kind, **edges[source, target, kind].attributes(kind)
        )
    graph.graph.update(unplaced.as_graph_attributes())
    return graph


def _edge_order(edge: tuple[int, str, str]) -> tuple[int, int, int, str, int]:
    """Edges by source, then article targets by id, then domains by host, then kind."""
    source, target, kind = edge
    kind_order = LINK_KINDS.index(kind)
    if target.startswith("article:"):
        return source, 0, int(target.removeprefix("article:")), "", kind_order
    return source, 1, 0, target, kind_order


def _scope(session: Session, site: str | None) -> tuple[set[int] | None, frozenset[str]]:
    """The ids of the selected site (None: every site) and the bare hosts counted as inside."""
    sites = session.execute(select(Site.id, Site.host).order_by(Site.host)).all()
    if site is None:
        return None, frozenset(bare_host(host) for _, host in sites)
    wanted = bare_host(site)
    ids = {site_id for site_id, host in sites if bare_host(host) == wanted}
    if not ids:
        known = ", ".join(host for _, host in sites[:5]) or "none"
        more = f" and {len(sites) - 5} more" if len(sites) > 5 else ""
        raise UnknownSiteError(f"no archived site {site!r} (archived sites: {known}{more})")
    return ids, frozenset({wanted})


def _article_conditions(options: GraphOptions, site_ids: set[int] | None) -> list[Any]:
    conditions: list[ColumnElement[bool]] = []
    if site_ids is not None:
        conditions.append(Article.site_id.in_(sorted(site_ids)))
    if not options.include_removed:
        conditions.append(Article.removed_at.is_(None))
    if not options.include_duplicates:
        conditions.append(Article.duplicate_of_id.is_(None))
    return conditions


def _add_articles(session: Session, graph: Any, conditions: list[Any]) -> dict[int, int]:
    """Add the article nodes; returns each article's latest revision number."""
    latest = (
        select(Revision.article_id, func.max(Revision.number).label("number"))
        .group_by(Revision.article_id)
        .subquery()
    )
    stmt = (
        select(
            Article.id,
            Article.canonical_url,
            Article.removed_at,
            Article.duplicate_of_id,
            Site.host,
            Revision.number,
            Revision.title,
            Revision.section,
            Revision.published_at,
            Revision.language,
        )
        .join(Site, Site.id == Article.site_id)
        .join(latest, latest.c.article_id == Article.id)
        .join(Revision, and_(Revision.article_id == Article.id, Revision.number == latest.c.number))
        .where(*conditions)
        .order_by(Article.id)
    )
    numbers: dict[int, int] = {}
    rows = session.execute(stmt.execution_options(yield_per=_BATCH))
    for (
        article_id,
        url,
        removed_at,
        original,
        host,
        number,
        title,
        section,
        published,
        lang,
    ) in rows:
        numbers[article_id] = number
        graph.add_node(
            article_node(article_id),
            kind="article",
            label=title or url,
            url=url,
            title=title,
            site=host,
            section=section or "",
            published=iso_utc(published) if published else "",
            language=lang or "",
            removed=removed_at is not None,
            duplicate_of=article_node(original) if original is not None else "",
        )
    return numbers


def _link_rows(
    session: Session, options: GraphOptions, conditions: list[Any]
) -> Result[int, int, datetime, datetime, str, int | None, str, str]:
    """Every link of every revision of the selected articles, by article, revision, link."""
    stmt = (
        select(
            Revision.article_id,
            Revision.number,
            Revision.fetched_at,
            Capture.last_seen_at,
            Link.target_url,
            Link.target_article_id,
            Link.anchor,
            Link.kind,
        )
        .join(Revision, Revision.id == Link.revision_id)
        .join(Article, Article.id == Revision.article_id)
        .outerjoin(Capture, Capture.id == Revision.capture_id)
        .where(Link.kind.in_(sorted(options.kinds)), *conditions)
        .order_by(Revision.article_id, Revision.number, Link.id)
    )
    return session.execute(stmt.execution_options(yield_per=_BATCH))


def _aggregate_links(
    rows: Iterable[Row[int, int, datetime, datetime | None, str, int | None, str, str]],
    latest: dict[int, int],
    scope: frozenset[str],
) -> tuple[dict[tuple[int, str, str], _Edge], _Unplaced]:
    """One pass over the link rows (ordered by source, revision number, link id)."""
    edges: dict[tuple[int, str, str], _Edge] = {}
    unplaced = _Unplaced()
    for source, number, fetched_at, capture_seen, url, target_id, anchor, kind in rows:
        if source not in latest:
            continue
        target = _target(url, target_id, latest, scope, unplaced)
        if target is None:
            continue
        # A revision's links were seen for as long as the same body was seen again.
        seen = max(fetched_at, capture_seen) if capture_seen is not None else fetched_at
        in_latest = number == latest[source]
        edge = edges.get((source, target, kind))
        if edge is None:
            edges[source, target, kind] = _Edge(anchor, number, 1, fetched_at, seen, in_latest)
            continue
        edge.links += 1
        if number > edge.anchor_revision:  # the most recent revision's own words
            edge.anchor, edge.anchor_revision = anchor, number
        edge.first_seen = min(edge.first_seen, fetched_at)
        edge.last_seen = max(edge.last_seen, seen)
        edge.in_latest = edge.in_latest or in_latest
    return edges, unplaced


def _target(
    url: str,
    target_id: int | None,
    articles: dict[int, int],
    scope: frozenset[str],
    unplaced: _Unplaced,
) -> str | None:
    """The node a link points at, or None (counted in `unplaced`) when it becomes no edge."""
    if target_id is not None and target_id in articles:
        return article_node(target_id)
    host = url_host(url)
    if not host:
        unplaced.unreadable += 1
        return None
    if host not in scope:
        return domain_node(host)
    if target_id is None:
        unplaced.internal += 1
        unplaced.internal_urls.add(url)
    else:
        unplaced.excluded += 1
    return None
