"""Where articles are listed: robots.txt, sitemaps (index, monthly, news) and RSS/Atom feeds.
Pure parsing over bytes; XML is read with entities and network access off."""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass

from lxml import etree

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own ceiling (uncompressed)
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class DiscoveryError(ValueError):
    """A sitemap or feed that cannot be read; the crawl logs it and goes on."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One URL a sitemap or feed lists, with the dates it gives for it (raw strings)."""

    url: str
    lastmod: str | None = None
    published: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    kind: str  # sitemapindex | urlset | feed
    entries: tuple[Entry, ...]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        load_dtd=False,
    )


def _decompress(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as handle:
            data = handle.read(MAX_XML_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise DiscoveryError(f"broken gzip: {exc}") from exc
    if len(data) > MAX_XML_BYTES:
        raise DiscoveryError("compressed sitemap expands beyond 50 MB")
    return data


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(node: etree._Element, *names: str) -> str | None:
    for child in node.iter():
        if _local(child.tag) in names and child is not node:
            text = (child.text or "").strip() or (child.get("href") or "").strip()
            if text:
                return text
    return None


def sitemaps_from_robots(text: str) -> list[str]:
    return _SITEMAP_LINE.findall(text)


def parse_listing(body: bytes) -> Listing:
    """Read a sitemap index, a urlset (news extensions included), an RSS or an Atom feed."""
    data = _decompress(body)
    if len(data) > MAX_XML_BYTES:
        raise DiscoveryError("XML document beyond 50 MB")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"malformed XML: {exc}") from exc
    if root is None:
        raise DiscoveryError("empty or unreadable XML")
    kind = _local(root.tag)
    if kind in ("sitemapindex", "urlset"):
        child = "sitemap" if kind == "sitemapindex" else "url"
        entries = [
            Entry(
                url=loc,
                lastmod=_child_text(node, "lastmod"),
                published=_child_text(node, "publication_date"),
                title=_child_text(node, "title"),
            )
            for node in root
            if _local(node.tag) == child
            if (loc := _child_text(node, "loc"))
        ]
        return Listing(kind, tuple(entries))
    if kind in ("rss", "feed", "rdf"):
        items = [n for n in root.iter() if _local(n.tag) in ("item", "entry")]
        entries = []
        for node in items:
            link = _feed_link(node)
            if link:
                entries.append(
                    Entry(
                        url=link,
                        lastmod=_child_text(node, "updated"),
                        published=_child_text(node, "pubdate", "published", "date"),
                        title=_child_text(node, "title"),
                    )
                )
        return Listing("feed", tuple(entries))
    raise DiscoveryError(f"not a sitemap or feed (root element <{kind}>)")


def _feed_link(node: etree._Element) -> str | None:
    for child in node:
        if _local(child.tag) != "link":
            continue
        if child.get("href") and child.get("rel", "alternate") == "alternate":
            return str(child.get("href")).strip()
        if (child.text or "").strip():
            return (child.text or "").strip()
    return _child_text(node, "guid")
