"""A WordPress news theme: dark-mode toggle, "today" in the header, "Read More :" teasers.

About one page in four has no machine-readable date, only "Posted on 5 August 2024"; the
header's "today" is then the only full date a generic date finder sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.corpus._dates import header_date, iso_local, long_date, us_date
from benchmarks.corpus._draft import TODAY, esc, paragraphs_html
from benchmarks.corpus._english import SPACED, drafts, staff
from levantcrawl.samplesite import _vocab as v
from levantcrawl.samplesite.content import slugify

if TYPE_CHECKING:
    import random

    from benchmarks.corpus._draft import Draft
    from benchmarks.corpus.model import LabelledPage

NAME = "wordpress"
SITE = "Cedar Gazette"
BASE = "https://wordpress.example"
_COPYRIGHT = f"© 2024 {SITE}. All rights reserved."
_TELEGRAM = "Follow us on Telegram for breaking news from the region."
_SHARE = "Share this:"
_MOST_READ = "Most Read"
_TOGGLE = "Dark Mode"


def build(rng: random.Random, count: int) -> list[LabelledPage]:
    reporters = staff(rng, 8)
    return [
        _page(rng, d, machine_date=i % 4 != 2)
        for i, d in enumerate(drafts(rng, count, reporters=reporters))
    ]


def _page(rng: random.Random, d: Draft, *, machine_date: bool) -> LabelledPage:
    url = f"{BASE}/news/{d.slug}/"
    section_slug = slugify(d.section)
    teaser = f"Read More : {d.teaser}"
    head = [
        f'<meta property="og:title" content="{esc(d.title)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{url}">',
        f'<meta property="og:site_name" content="{SITE}">',
        f'<meta property="article:section" content="{esc(SPACED.get(d.section, d.section))}">',
        f'<meta name="author" content="{esc(", ".join(d.authors))}">',
    ]
    if machine_date:
        head.append(f'<meta property="article:published_time" content="{iso_local(d.published)}">')
        posted = (
            f'<time class="entry-date published" datetime="{iso_local(d.published)}">'
            f"{us_date(d.published)}</time>"
        )
    else:
        posted = f"Posted on {long_date(d.published)}"
    byline = " and ".join(
        f'<span class="author vcard"><a class="url fn n" href="/author/{slugify(a)}/">{esc(a)}</a>'
        "</span>"
        for a in d.authors
    )
    nav = "".join(
        f'<li class="menu-item"><a href="/category/{slugify(s)}/">{esc(s)}</a></li>'
        for s in ("Lebanon", "Syria", "Palestine", "Economy", "Opinion", "World")
    )
    scene = rng.choice(v.SECTIONS[d.section].scenes)
    caption = (
        f"{scene} in {rng.choice(v.SECTIONS[d.section].places)}. ({rng.choice(v.PHOTOGRAPHERS)})"
    )
    teaser_html = (
        f'<p><strong>Read More :</strong> <a href="{BASE}/news/{d.teaser_slug}/">'
        f"{esc(d.teaser)}</a></p>"
    )
    body = paragraphs_html(
        d.paragraphs, teaser=teaser_html, teaser_at=rng.randrange(1, len(d.paragraphs) - 1)
    )
    most_read = "".join(f'<li><a href="#">{esc(t)}</a></li>' for t in d.popular)
    html = f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(d.title)} – {SITE}</title>
{chr(10).join(head)}
<link rel="stylesheet" id="newsup-style-css" href="/wp-content/themes/newsup/style.css" media="all">
<script src="/wp-includes/js/jquery/jquery.min.js" id="jquery-core-js"></script>
</head>
<body class="post-template-default single single-post postid-{rng.randrange(1000, 9999)}">
<div id="page" class="site">
<div class="mg-head-detail hidden-xs">
<button type="button" class="dark-mode-toggle" aria-pressed="false">{_TOGGLE}</button>
<span class="mg-header-date">{header_date(TODAY)}</span>
</div>
<header class="mg-headwidget">
<div class="site-logo"><a href="/" class="custom-logo-link" rel="home">\
<img src="/wp-content/uploads/logo.png" class="custom-logo" alt="Logo"></a></div>
<nav class="navbar navbar-wp"><ul class="nav navbar-nav"><li class="menu-item"><a href="/">Home</a>\
</li>{nav}</ul></nav>
</header>
<div class="mg-breadcrumb-section">
<h2 class="mg-breadcrumb-title">{esc(d.title)}</h2>
<nav class="mg-breadcrumb"><a href="/">Home</a> » <a href="/category/{section_slug}/">\
{esc(d.section)}</a> » <span class="current">{esc(d.title)}</span></nav>
</div>
<main id="content" class="single-class">
<div class="row">
<div class="col-md-9">
<article class="post type-post status-publish format-standard category-{section_slug}">
<div class="mg-header">
<div class="mg-blog-category"><a class="newsup-categories category-color-1" \
href="/category/{section_slug}/" rel="category tag">{esc(d.section)}</a></div>
<h1 class="title single">{esc(d.title)}</h1>
<div class="media mg-info-author-block"><div class="media-body">
<h4 class="media-heading"><span>By</span> {byline}</h4>
<span class="mg-blog-date"><i class="fa fa-clock-o"></i> {posted}</span>
</div></div>
</div>
<figure class="post-thumbnail"><img src="/wp-content/uploads/2024/lead.jpg" alt="">
<figcaption>{esc(caption)}</figcaption></figure>
<div class="entry-content">
{body}
<p class="telegram-cta"><a href="https://t.me/example">{_TELEGRAM}</a></p>
</div>
<div class="post-share"><span class="share-title">{_SHARE}</span>
<a class="post-share-facebook" href="#">Facebook</a> <a class="post-share-x" href="#">X</a> \
<a class="post-share-whatsapp" href="#">WhatsApp</a></div>
</article>
</div>
<aside class="col-md-3 sidebar-right">
<div class="mg-widget widget_most_read"><h3 class="widget-title">{_MOST_READ}</h3>
<ol>{most_read}</ol></div>
</aside>
</div>
</main>
<footer class="footer">
<div class="site-title-footer"><a href="/">{SITE}</a></div>
<p class="copyright">{_COPYRIGHT}</p>
</footer>
</div>
</body>
</html>
"""
    lines = (_TOGGLE, header_date(TODAY), teaser, _TELEGRAM, _SHARE, _MOST_READ, *d.popular)
    return d.labelled(NAME, url, html, (*lines, SITE, _COPYRIGHT))
