from __future__ import annotations

import gzip

import pytest

from levantcrawl.discovery import DiscoveryError, parse_listing, sitemaps_from_robots

pytestmark = pytest.mark.unit

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>http://127.0.0.1/2024/08/1-a</loc>
    <news:news><news:publication_date>2024-08-05T14:20:00+03:00</news:publication_date>
    <news:title>A</news:title></news:news></url>
</urlset>"""


def test_robots_sitemap_lines() -> None:
    robots = "User-agent: *\nDisallow: /wp-admin/\nSitemap: http://h/sitemap_index.xml\n"
    assert sitemaps_from_robots(robots) == ["http://h/sitemap_index.xml"]


def test_news_sitemap_gives_publication_dates() -> None:
    listing = parse_listing(gzip.compress(NEWS_SITEMAP))
    assert listing.kind == "urlset"
    assert listing.entries[0].published == "2024-08-05T14:20:00+03:00"
    assert listing.entries[0].title == "A"


def test_rss_and_atom_items() -> None:
    rss = (
        b"<rss><channel><item><title>T</title><link>http://h/a</link>"
        b"<pubDate>Mon, 05 Aug 2024 14:20:00 +0300</pubDate></item></channel></rss>"
    )
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://h/b"/>'
        b"<updated>2024-08-05T00:00:00Z</updated></entry></feed>"
    )
    assert [e.url for e in parse_listing(rss).entries] == ["http://h/a"]
    assert [e.url for e in parse_listing(atom).entries] == ["http://h/b"]


def test_entities_are_not_expanded() -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>http://h/&e;</loc></url></urlset>"""
    listing = parse_listing(evil)
    assert all("root:" not in e.url for e in listing.entries)


@pytest.mark.parametrize("body", [b"", b"<html><body>not xml</body></html>", b"\x1f\x8bbroken"])
def test_bad_xml_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(DiscoveryError):
        parse_listing(body)
