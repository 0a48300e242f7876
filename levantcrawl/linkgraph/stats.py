"""Figures of a link graph made by build.py: pure functions over the graph, and `GraphStats`,
which gathers them and becomes a stable JSON dict.

Degrees count distinct neighbours, whatever the kinds and however many links: an article's
in-degree is how many other articles link to it; its out-degree, how many other articles and
outside domains it links to. A link from an article to itself counts for neither."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from levantcrawl.linkgraph.build import GRAPH_COUNTS, LINK_KINDS


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    node: str
    url: str
    title: str
    linking_articles: int  # distinct other articles linking to it
    links: int  # the link rows behind those edges, every revision of the linking articles

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.node,
            "url": self.url,
            "title": self.title,
            "linking_articles": self.linking_articles,
            "links": self.links,
        }


@dataclass(frozen=True, slots=True)
class DomainLinks:
    domain: str
    linking_articles: int
    links: int

    def as_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "linking_articles": self.linking_articles,
            "links": self.links,
        }


@dataclass(frozen=True, slots=True)
class Totals:
    articles: int
    domains: int
    edges: int
    links: int  # link rows behind every edge
    article_links: int  # link rows from one article to another
    external_links: int  # link rows to outside domains
    self_links: int  # link rows from an article to itself
    unlinked_articles: int
    edges_by_kind: tuple[tuple[str, int], ...]
    links_by_kind: tuple[tuple[str, int], ...]
    unplaced: tuple[tuple[str, int], ...]  # build.GRAPH_COUNTS: links that became no edge

    def as_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "domains": self.domains,
            "edges": self.edges,
            "links": self.links,
            "article_links": self.article_links,
            "external_links": self.external_links,
            "self_links": self.self_links,
            "unlinked_articles": self.unlinked_articles,
            "edges_by_kind": dict(self.edges_by_kind),
            "links_by_kind": dict(self.links_by_kind),
            **dict(self.unplaced),
        }


@dataclass(frozen=True, slots=True)
class GraphStats:
    totals: Totals
    most_linked: tuple[LinkedArticle, ...]  # the top N, most linking articles first
    unlinked: tuple[tuple[str, str], ...]  # (node, url) of every article no other links to
    in_degree: tuple[tuple[int, int], ...]  # (degree, articles), by degree
    out_degree: tuple[tuple[int, int], ...]
    domains: tuple[DomainLinks, ...]  # every outside domain, most linking articles first

    def as_json(self) -> dict[str, Any]:
        """Plain JSON values; lists keep their order, so the output is stable."""
        return {
            "totals": self.totals.as_json(),
            "most_linked": [a.as_json() for a in self.most_linked],
            "unlinked": [{"id": node, "url": url} for node, url in self.unlinked],
            "in_degree": [{"degree": d, "articles": n} for d, n in self.in_degree],
            "out_degree": [{"degree": d, "articles": n} for d, n in self.out_degree],
            "domains": [d.as_json() for d in self.domains],
        }


def article_nodes(graph: Any) -> list[str]:
    return [n for n, kind in graph.nodes(data="kind") if kind == "article"]


def domain_nodes(graph: Any) -> list[str]:
    return [n for n, kind in graph.nodes(data="kind") if kind == "domain"]


def linking_articles(graph: Any, node: str) -> int:
    """How many other articles link to `node` (its distinct predecessors, itself aside)."""
    predecessors = graph.pred[node]
    return len(predecessors) - (node in predecessors)


def linked_nodes(graph: Any, node: str) -> int:
    """How many other articles and domains `node` links to (distinct successors)."""
    successors = graph.succ[node]
    return len(successors) - (node in successors)


def most_linked(graph: Any, top: int = 10) -> tuple[LinkedArticle, ...]:
    """The `top` articles most other articles link to; ties by links, then URL."""
    found = []
    for node in article_nodes(graph):
        if not (linking := linking_articles(graph, node)):
            continue
        links = sum(
            data["links"] for source, _, data in graph.in_edges(node, data=True) if source != node
        )
        attributes = graph.nodes[node]
        found.append(LinkedArticle(node, attributes["url"], attributes["title"], linking, links))
    found.sort(key=lambda a: (-a.linking_articles, -a.links, a.url))
    return tuple(found[:top])


def unlinked(graph: Any) -> tuple[tuple[str, str], ...]:
    """Articles no other article links to, by URL."""
    found = [
        (node, graph.nodes[node]["url"])
        for node in article_nodes(graph)
        if not linking_articles(graph, node)
    ]
    return tuple(sorted(found, key=lambda pair: pair[1]))


def in_degree_distribution(graph: Any) -> tuple[tuple[int, int], ...]:
    """(in-degree, how many articles have it), by degree."""
    counts = Counter(linking_articles(graph, node) for node in article_nodes(graph))
    return tuple(sorted(counts.items()))


def out_degree_distribution(graph: Any) -> tuple[tuple[int, int], ...]:
    """(out-degree, how many articles have it), by degree; outside domains count."""
    counts = Counter(linked_nodes(graph, node) for node in article_nodes(graph))
    return tuple(sorted(counts.items()))


def domain_links(graph: Any) -> tuple[DomainLinks, ...]:
    """Each outside domain: how many articles link to it, with how many links."""
    found = []
    for node in domain_nodes(graph):
        edges = list(graph.in_edges(node, data="links"))
        found.append(
            DomainLinks(
                graph.nodes[node]["host"],
                len({source for source, _, _ in edges}),
                sum(links for _, _, links in edges),
            )
        )
    found.sort(key=lambda d: (-d.linking_articles, -d.links, d.domain))
    return tuple(found)


def totals(graph: Any) -> Totals:
    articles = article_nodes(graph)
    edges = Counter[str]()
    links = Counter[str]()
    article_links = external_links = self_links = 0
    for source, target, data in graph.edges(data=True):
        edges[data["kind"]] += 1
        links[data["kind"]] += data["links"]
        if source == target:
            self_links += data["links"]
        elif graph.nodes[target]["kind"] == "domain":
            external_links += data["links"]
        else:
            article_links += data["links"]
    return Totals(
        articles=len(articles),
        domains=len(domain_nodes(graph)),
        edges=graph.number_of_edges(),
        links=sum(links.values()),
        article_links=article_links,
        external_links=external_links,
        self_links=self_links,
        unlinked_articles=len(unlinked(graph)),
        edges_by_kind=tuple((kind, edges[kind]) for kind in LINK_KINDS),
        links_by_kind=tuple((kind, links[kind]) for kind in LINK_KINDS),
        unplaced=tuple((key, int(graph.graph.get(key, 0))) for key in GRAPH_COUNTS),
    )


def graph_stats(graph: Any, top: int = 10) -> GraphStats:
    return GraphStats(
        totals=totals(graph),
        most_linked=most_linked(graph, top),
        unlinked=unlinked(graph),
        in_degree=in_degree_distribution(graph),
        out_degree=out_degree_distribution(graph),
        domains=domain_links(graph),
    )
