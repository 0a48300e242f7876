"""The hostile site's own markup: its article template, listings, discovery files and the
broken XML. Pure functions from values to text; the server (server.py) picks which to send."""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

SITE_NAME = "The Hostile Herald"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'


def esc(text: str) -> str:
    return escape(text, quote=True)


def article_page(
    *,
    title: str,
    paragraphs: Sequence[str],
    canonical: str,
    date_html: str = "",
    published: str | None = None,
    lang: str = "en",
    charset: str = "utf-8",
    body_html: str | None = None,
) -> str:
    """A plain article page: every signal a news article carries (og:type, JSON-LD
    NewsArticle, a <h1>, a byline date), and little chrome. `published` goes into JSON-LD
    and article:published_time verbatim, impossible or not; `body_html` replaces the
    paragraphs' markup."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "mainEntityOfPage": canonical,
        "inLanguage": lang,
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    meta = ""
    if published is not None:
        data["datePublished"] = published
        meta = f'<meta property="article:published_time" content="{esc(published)}">\n'
    ld = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    body = body_html if body_html is not None else "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    direction = ' dir="rtl"' if lang == "ar" else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"{direction}>
<head>
<meta charset="{charset}">
<title>{esc(title)} - {SITE_NAME}</title>
<link rel="canonical" href="{esc(canonical)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="{SITE_NAME}">
{meta}<script type="application/ld+json">{ld}</script>
</head>
<body>
<header class="site-header"><a href="/">{SITE_NAME}</a></header>
<main id="main">
<article class="post">
<h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta">{date_html}</div>
<div class="entry-content">
{body}
</div>
</article>
</main>
<footer class="site-footer">{SITE_NAME}</footer>
</body>
</html>
"""


def listing_page(title: str, links: Iterable[tuple[str, str]], intro: str = "") -> str:
    """A page that is no article: a heading, a line of text and links."""
    items = "\n".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in links)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)} - {SITE_NAME}</title>
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/feed/">
</head>
<body>
<header class="site-header"><a href="/">{SITE_NAME}</a></header>
<main id="main">
<h1>{esc(title)}</h1>
<p>{esc(intro)}</p>
<ul>
{items}
</ul>
</main>
<footer class="site-footer">{SITE_NAME}</footer>
</body>
</html>
"""


def robots(base: str, disallowed: Sequence[str], sitemaps: Sequence[str]) -> str:
    # No Crawl-delay: honouring even "Crawl-delay: 1" would make this crawl of a few hundred
    # requests last minutes; the 503 and 429 pages test the crawler's patience instead.
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed), ""]
    lines += [f"Sitemap: {base}{path}" for path in sitemaps]
    return "\n".join(lines) + "\n"


def sitemap(urls: Iterable[str]) -> str:
    rows = "\n".join(f"<url><loc>{xml_escape(url)}</loc></url>" for url in urls)
    return f'{_XML}<urlset xmlns="{SITEMAP_NS}">\n{rows}\n</urlset>\n'


def xxe_sitemap(base: str) -> str:
    """External entities: the contents of /etc/passwd and a request to an internal page, if
    the parser resolves them."""
    return f"""{_XML}<!DOCTYPE urlset [
<!ENTITY passwd SYSTEM "file:///etc/passwd">
<!ENTITY internal SYSTEM "{base}/internal?via=xxe">
]>
<urlset xmlns="{SITEMAP_NS}">
<url><loc>{base}/xxe/&passwd;</loc></url>
<url><loc>&internal;</loc></url>
</urlset>
"""


def billion_laughs_sitemap(base: str, marker: str) -> str:
    """Ten levels of ten-fold entities: about 10^9 copies of `marker` if expanded."""
    levels = [f'<!ENTITY lol0 "{marker}">']
    levels += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    entities = "\n".join(levels)
    return f"""{_XML}<!DOCTYPE urlset [
{entities}
]>
<urlset xmlns="{SITEMAP_NS}">
<url><loc>{base}/laughs/&lol9;</loc></url>
</urlset>
"""


def broken_sitemap(base: str) -> bytes:
    """Not XML: unclosed elements, a stray '<', a NUL and invalid UTF-8, cut off mid-tag."""
    return (
        f'{_XML}<urlset xmlns="{SITEMAP_NS}">\n'
        f"<url><loc>{base}/broken-sitemap-entry</loc>\n"
        f"<url><loc>{base}/broken-sitemap-<entry</loc></url>\n"
    ).encode() + b"<url><loc>\x00\xff\xfe</loc></u\n<url><lo"


def truncated_feed(base: str) -> str:
    """An RSS feed that stops in the middle of an element, as a dropped connection leaves it."""
    return f"""{_XML}<rss version="2.0"><channel>
<title>{SITE_NAME}</title>
<link>{base}/</link>
<item><title>Feed item one</title><link>{base}/feed-item-one</link>
<pubDate>Mon, 05 Aug 2024 10:00:00 +0000</pubDate></item>
<item><title>Feed item two</title><link>{base}/feed-item-tw"""


def tag_soup(title: str, paragraphs: Sequence[str], canonical: str, published: str) -> str:
    """An article as a careless CMS writes it: unclosed and misnested tags, unquoted
    attributes, stray end tags, a table that never ends. Every browser still shows the title
    and the four paragraphs."""
    first, second, third, fourth = (esc(p) for p in paragraphs)
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title}
    ).replace("</", "<\\/")
    return f"""<html>
<head>
<meta charset=utf-8>
<title>{esc(title)} - {SITE_NAME}</title>
<meta property=og:type content=article>
<meta property="article:published_time" content="{published}">
<script type=application/ld+json>{ld}</script>
<body bgcolor=#ffffff>
<div id=page><div class=site-header><a href=/>{SITE_NAME}</a></span>
<center><table width=100%><tr><td>
<div class="post">
<h1 class=entry-title>{esc(title)}</h1>
<div class=entry-content>
<p>{first}
<p><b><i>{second}</b></i>
<p><font face=Arial>{third}</span></font>
<p>{fourth}
</div></div></td>
</td></tr></table></center>
<div class=site-footer>{SITE_NAME}
</html>
"""
