"""Discovery files: robots.txt, the sitemap index, monthly and news sitemaps, the RSS feed.

Posts without a machine-readable date stay that way here too: no lastmod, no pubDate, and
no place in the news sitemap.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from levantcrawl.samplesite._dates import iso, rfc822
from levantcrawl.samplesite._layout import SITE_NAME

if TYPE_CHECKING:
    from collections.abc import Sequence

    from levantcrawl.samplesite.model import Post

NEWS_SIZE = 20
FEED_SIZE = 30
_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def robots(base: str) -> str:
    return (
        "User-agent: *\n"
        "Disallow: /wp-admin/\n"
        "Allow: /wp-admin/admin-ajax.php\n"
        "Disallow: /search\n"
        "\n"
        f"Sitemap: {base}/sitemap_index.xml\n"
        f"Sitemap: {base}/news-sitemap.xml\n"
    )


def month_key(post: Post) -> str:
    return f"{post.published:%Y-%m}"


def sitemap_index(posts: Sequence[Post], base: str) -> str:
    """One monthly sitemap per month that has a live post, oldest first as Yoast lists them."""
    entries: list[str] = []
    oldest_first = sorted(posts, key=lambda p: p.published)
    for month, group in groupby(oldest_first, key=month_key):
        dated = [p.modified for p in group if p.has_machine_date]
        lastmod = f"<lastmod>{iso(max(dated))}</lastmod>" if dated else ""
        entries.append(f"<sitemap><loc>{base}/sitemap-posts-{month}.xml</loc>{lastmod}</sitemap>")
    return (
        f'{_XML}<sitemapindex xmlns="{_SITEMAP_NS}">\n' + "\n".join(entries) + "\n</sitemapindex>\n"
    )


def month_sitemap(posts: Sequence[Post], base: str) -> str:
    rows: list[str] = []
    for post in sorted(posts, key=lambda p: p.published):
        lastmod = f"<lastmod>{iso(post.modified)}</lastmod>" if post.has_machine_date else ""
        rows.append(
            f"<url><loc>{escape(base + post.path)}</loc>{lastmod}"
            f"<image:image><image:loc>{escape(base + post.lead_image)}</image:loc></image:image>"
            "</url>"
        )
    return (
        f'{_XML}<urlset xmlns="{_SITEMAP_NS}" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )


def news_sitemap(posts: Sequence[Post], base: str) -> str:
    """The newest dated posts, newest first (`posts` comes newest first)."""
    rows = [
        f"<url><loc>{escape(base + p.path)}</loc><news:news><news:publication>"
        f"<news:name>{SITE_NAME}</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{iso(p.published)}</news:publication_date>"
        f"<news:title>{escape(p.title)}</news:title></news:news></url>"
        for p in [p for p in posts if p.has_machine_date][:NEWS_SIZE]
    ]
    return (
        f'{_XML}<urlset xmlns="{_SITEMAP_NS}" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )


def rss(posts: Sequence[Post], base: str) -> str:
    """RSS 2.0 with the newest posts; `posts` comes newest first."""
    latest = posts[:FEED_SIZE]
    dated = [p.modified for p in latest if p.has_machine_date]
    build = f"<lastBuildDate>{rfc822(max(dated))}</lastBuildDate>\n" if dated else ""
    items = "\n".join(_item(p, base) for p in latest)
    return f"""{_XML}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" \
xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{SITE_NAME}</title>
<atom:link href="{base}/feed/" rel="self" type="application/rss+xml"/>
<link>{base}/</link>
<description>News from Lebanon and the region</description>
{build}<language>en-US</language>
{items}
</channel>
</rss>
"""


def _item(post: Post, base: str) -> str:
    parts = [
        f"<title>{escape(post.title)}</title>",
        f"<link>{escape(base + post.path)}</link>",
        *(f"<dc:creator>{escape(a.name)}</dc:creator>" for a in post.authors),
    ]
    if post.has_machine_date:
        parts.append(f"<pubDate>{rfc822(post.published)}</pubDate>")
    parts += [
        f"<category>{escape(post.section.label)}</category>",
        *(f"<category>{escape(t.name)}</category>" for t in post.tags),
        f'<guid isPermaLink="false">{escape(base)}/?p={post.id}</guid>',
        f"<description>{escape(post.description)}</description>",
    ]
    return "<item>" + "".join(parts) + "</item>"
