"""Article pages: the full theme page and its lighter AMP twin."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from levantcrawl.samplesite._assets import LOGO_PATH
from levantcrawl.samplesite._dates import byline_date, display_date, iso
from levantcrawl.samplesite._layout import SITE_NAME, esc, page

if TYPE_CHECKING:
    from datetime import date

    from levantcrawl.samplesite.model import Post, Section, Span


def article_page(post: Post, *, base: str, today: date, sections: tuple[Section, ...]) -> str:
    url = base + post.path
    head = [
        '<meta name="robots" content="index, follow, max-image-preview:large">',
        f'<link rel="canonical" href="{esc(url)}">',
    ]
    if post.is_variant:
        head.append(f'<link rel="amphtml" href="{esc(base + post.amp_path)}">')
    head += [
        '<meta property="og:locale" content="en_US">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{esc(post.title)}">',
        f'<meta property="og:description" content="{esc(post.description)}">',
        f'<meta property="og:url" content="{esc(url)}">',
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        f'<meta property="og:image" content="{esc(base + post.lead_image)}">',
        '<meta property="og:image:width" content="1200">',
        '<meta property="og:image:height" content="675">',
        f'<meta property="article:section" content="{esc(post.section_meta)}">',
        *(f'<meta property="article:tag" content="{esc(t.name)}">' for t in post.tags),
    ]
    if post.has_machine_date:
        head += [
            f'<meta property="article:published_time" content="{iso(post.published)}">',
            f'<meta property="article:modified_time" content="{iso(post.modified)}">',
        ]
    head += [
        f'<meta name="author" content="{esc(", ".join(a.name for a in post.authors))}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{esc(post.title)}">',
        json_ld(post, base),
    ]
    section_link = f'<a href="/category/{post.section.slug}/" rel="category tag">'
    main = f"""<div class="page-title-area">
<div class="breadcrumb-title">{esc(post.title)}</div>
<div class="breadcrumbs"><span class="cat-label">{section_link}{esc(post.section.label)}</a></span>\
</div>
</div>
<main id="main" class="site-main">
<article id="post-{post.id}" class="post-{post.id} post type-post status-publish format-standard \
has-post-thumbnail category-{post.section.slug}">
<header class="entry-header">
<h1 class="entry-title">{esc(post.title)}</h1>
<div class="entry-meta">{_byline(post)} {_date(post)} \
<span class="comments-link"><a href="#comments">{post.comments} Comments</a></span></div>
</header>
<figure class="post-thumbnail wp-caption">
<img src="{esc(post.lead_image)}" alt="{esc(post.title)}" width="1200" height="675">
<figcaption class="wp-caption-text">{esc(post.caption)}</figcaption>
</figure>
<div class="entry-content">
{body_html(post, base)}
</div>
<footer class="entry-footer">
<div class="tags-links">Tags: {", ".join(_tag_link(t.slug, t.name) for t in post.tags)}</div>
{_share(post, url)}
</footer>
</article>
<div id="comments" class="comments-area">
<h2 class="comments-title">{post.comments} Comments</h2>
<p class="must-log-in">You must be <a href="/wp-admin/">logged in</a> to post a comment.</p>
</div>
</main>"""
    most_read = "".join(
        f'<li><a href="{esc(href)}">{esc(title)}</a></li>' for href, title in post.most_read
    )
    sidebar = (
        '<section class="widget widget-most-read"><h2 class="widget-title">Most Read</h2>'
        f"<ol>{most_read}</ol></section>"
    )
    return page(
        title=f"{post.title} - {SITE_NAME}",
        head="\n".join(head),
        body_class=f"post-template-default single single-post postid-{post.id}",
        main=main,
        sidebar=sidebar,
        sections=sections,
        today=today,
    )


def amp_page(post: Post, *, base: str) -> str:
    """The AMP rendering: same text and teaser, none of the theme."""
    return f"""<!doctype html>
<html amp lang="en-US">
<head>
<meta charset="utf-8">
<title>{esc(post.title)} - {SITE_NAME}</title>
<link rel="canonical" href="{esc(base + post.path)}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
{json_ld(post, base)}
<style amp-boilerplate>body{{-webkit-animation:none;animation:none}}</style>
<script async src="https://cdn.ampproject.example/v0.js"></script>
<style amp-custom>body{{font-family:Georgia,serif;margin:0 12px}}.amp-meta{{color:#666}}</style>
</head>
<body>
<header class="amp-header"><a href="{esc(base)}/">{SITE_NAME}</a></header>
<article class="amp-article">
<h1 class="amp-title">{esc(post.title)}</h1>
<div class="amp-meta">{_byline(post)} {_date(post)}</div>
<amp-img src="{esc(base + post.lead_image)}" width="1200" height="675" layout="responsive" \
alt="{esc(post.title)}"></amp-img>
<div class="amp-content">
{body_html(post, base)}
</div>
</article>
<footer class="amp-footer">{SITE_NAME}</footer>
</body>
</html>
"""


def json_ld(post: Post, base: str) -> str:
    url = base + post.path
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": post.title,
        "description": post.description,
        "image": {
            "@type": "ImageObject",
            "url": base + post.lead_image,
            "width": 1200,
            "height": 675,
        },
    }
    if post.has_machine_date:
        data["datePublished"] = iso(post.published)
        data["dateModified"] = iso(post.modified)
    data |= {
        "author": [
            {"@type": "Person", "name": a.name, "url": f"{base}/author/{a.slug}/"}
            for a in post.authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "logo": {"@type": "ImageObject", "url": base + LOGO_PATH},
        },
        "articleSection": post.section_meta,
        "keywords": [t.name for t in post.tags],
        "inLanguage": "en-US",
    }
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def _byline(post: Post) -> str:
    names = [
        f'<span class="author vcard"><a class="url fn n" href="/author/{a.slug}/">'
        f"{esc(a.name)}</a></span>"
        for a in post.authors
    ]
    return f'<span class="byline">By {" and ".join(names)}</span>'


def _date(post: Post) -> str:
    if not post.has_machine_date:
        return f'<span class="posted-on">Posted on {byline_date(post.published)}</span>'
    return (
        f'<span class="posted-on"><time class="entry-date published" '
        f'datetime="{iso(post.published)}">{display_date(post.published)}</time></span>'
    )


# A newsletter plug the theme appends inside every article body, as many WordPress plugins
# do: one page cannot tell it from the article; the site's template model can.
NEWSLETTER_PLUG = (
    "Get the day's most important stories from across the region in your inbox every "
    "morning: sign up for our free daily briefing."
)


def body_html(post: Post, base: str) -> str:
    out: list[str] = []
    for index, paragraph in enumerate(post.paragraphs):
        out.append(f"<p>{''.join(_span(s, base) for s in paragraph)}</p>")
        if post.teaser and post.teaser.after == index:
            out.append(
                f'<p><strong>Read More :</strong> <a href="{esc(post.teaser.path)}">'
                f"{esc(post.teaser.text)}</a></p>"
            )
    out.append(f"<p><em>{esc(NEWSLETTER_PLUG)}</em></p>")
    return "\n".join(out)


def _span(span: Span, base: str) -> str:
    if span.href is None:
        return esc(span.text)
    href = base + span.href if span.absolute else span.href
    external = "" if href.startswith((base, "/")) else ' target="_blank" rel="noopener"'
    return f'<a href="{esc(href)}"{external}>{esc(span.text)}</a>'


def _tag_link(slug: str, name: str) -> str:
    return f'<a href="/tag/{slug}/" rel="tag">{esc(name)}</a>'


def _share(post: Post, url: str) -> str:
    encoded = quote(url, safe="")
    title = quote(post.title, safe="")
    return (
        '<div class="share-buttons"><span class="share-label">Share:</span> '
        f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={encoded}" '
        'rel="nofollow noopener" target="_blank">Facebook</a> '
        f'<a class="share-twitter" href="https://twitter.com/intent/tweet?url={encoded}'
        f'&amp;text={title}" rel="nofollow noopener" target="_blank">Twitter</a></div>'
    )
