"""A Drupal site: field and region markup, an in-body newsletter block and share line.

Most pages date the node in `<time datetime>` written in UTC, so a late-night story carries
the previous UTC day; one page in four shows only "Aug. 5, 2024 2:20 p.m. EEST". The section
lives in a field, never in metadata, and og:title carries the site name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.corpus._dates import ap_datetime, iso_utc
from benchmarks.corpus._draft import esc, paragraphs_html
from benchmarks.corpus._english import drafts, staff
from levantcrawl.samplesite import _vocab as v
from levantcrawl.samplesite.content import slugify

if TYPE_CHECKING:
    import random

    from benchmarks.corpus._draft import Draft
    from benchmarks.corpus.model import LabelledPage

NAME = "drupal"
SITE = "The Levant Ledger"
BASE = "https://drupal.example"
_SLOGAN = "Independent reporting from the eastern Mediterranean"
_SKIP = "Skip to main content"
_NEWSLETTER = "Subscribe to our newsletter"
_NEWSLETTER_PITCH = "The morning briefing from Beirut, Damascus and beyond, free in your inbox."
_SHARE = "Share this article"
_FOOTER = f"© 2024 {SITE} Media Group"


def build(rng: random.Random, count: int) -> list[LabelledPage]:
    reporters = staff(rng, 7)
    # Any hour of the day: a story filed after midnight in Beirut is dated the day before in UTC.
    made = drafts(rng, count, reporters=reporters, paragraphs=(4, 7), hours=(0, 23))
    return [_page(rng, d, nid=41000 + 17 * i, machine_date=i % 4 != 1) for i, d in enumerate(made)]


def _page(rng: random.Random, d: Draft, *, nid: int, machine_date: bool) -> LabelledPage:
    section_slug = slugify(d.section)
    url = f"{BASE}/{section_slug}/{d.slug}"
    teaser = f"ALSO READ: {d.teaser}"
    if machine_date:
        created = (
            f'<time datetime="{iso_utc(d.published)}">{d.published:%a, %m/%d/%Y - %H:%M}</time>'
        )
    else:
        created = esc(ap_datetime(d.published))
    authors = ", ".join(f'<a href="/user/{slugify(a)}" lang="">{esc(a)}</a>' for a in d.authors)
    tags = "".join(
        f'<div class="field__item"><a href="/taxonomy/term/{rng.randrange(10, 400)}" '
        f'hreflang="en">{esc(t)}</a></div>'
        for t in rng.sample(v.SECTIONS[d.section].tags, 2)
    )
    teaser_html = f'<p>ALSO READ: <a href="/{section_slug}/{d.teaser_slug}">{esc(d.teaser)}</a></p>'
    body = paragraphs_html(
        d.paragraphs, teaser=teaser_html, teaser_at=rng.randrange(0, len(d.paragraphs) - 2)
    )
    caption = f"{rng.choice(v.SECTIONS[d.section].scenes)}. Photo: {rng.choice(v.PHOTOGRAPHERS)}"
    html = f"""<!DOCTYPE html>
<html lang="en" dir="ltr" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<link rel="canonical" href="{url}" />
<meta property="og:site_name" content="{SITE}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(d.title)} | {SITE}" />
<title>{esc(d.title)} | {SITE}</title>
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_x7Yl.css" />
</head>
<body class="path-node page-node-type-article">
<a href="#main-content" class="visually-hidden focusable skip-link">{_SKIP}</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div class="layout-container">
<header role="banner">
<div class="region region-header">
<div id="block-ledger-branding" class="block block-system block-system-branding-block">
<a href="/" rel="home" class="site-branding__name">{SITE}</a>
<div class="site-branding__slogan">{_SLOGAN}</div>
</div>
</div>
<div class="region region-primary-menu">
<nav role="navigation" aria-labelledby="block-ledger-main-menu-menu" id="block-ledger-main-menu">
<h2 class="visually-hidden" id="block-ledger-main-menu-menu">Main navigation</h2>
<ul class="menu menu--main"><li class="menu-item"><a href="/lebanon">Lebanon</a></li>\
<li class="menu-item"><a href="/syria">Syria</a></li><li class="menu-item"><a href="/economy">\
Economy</a></li><li class="menu-item"><a href="/world">World</a></li></ul>
</nav>
</div>
</header>
<div class="region region-breadcrumb">
<nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb">
<h2 id="system-breadcrumb" class="visually-hidden">Breadcrumb</h2>
<ol><li><a href="/">Home</a></li><li><a href="/{section_slug}">{esc(d.section)}</a></li></ol>
</nav>
</div>
<main role="main">
<a id="main-content" tabindex="-1"></a>
<div class="layout-content">
<div class="region region-content">
<div id="block-ledger-page-title" class="block block-core block-page-title-block">
<h1 class="page-title"><span class="field field--name-title field--type-string">\
{esc(d.title)}</span></h1>
</div>
<article role="article" about="/node/{nid}" class="node node--type-article node--view-mode-full">
<div class="node__meta">
<span class="field field--name-uid field--type-entity-reference">Written by {authors}</span>
<span class="field field--name-created field--type-created">{created}</span>
</div>
<div class="node__content">
<div class="field field--name-field-section field--type-entity-reference field--label-hidden">
<div class="field__item"><a href="/{section_slug}" hreflang="en">{esc(d.section)}</a></div>
</div>
<div class="field field--name-field-image field--type-image">
<img loading="lazy" src="/sites/default/files/styles/wide/public/{nid}.jpg" alt="" />
<div class="field field--name-field-caption">{esc(caption)}</div>
</div>
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary \
field--label-hidden field__item">
{body}
<div class="paragraph paragraph--type--promo-box">
<h3>{_NEWSLETTER}</h3>
<p>{_NEWSLETTER_PITCH} <a href="/user/register?destination=briefing">Sign up</a></p>
</div>
<p><em>{_SHARE}</em>: <a href="https://www.facebook.com/sharer.php?u={url}">Facebook</a> \
<a href="https://x.com/intent/post?url={url}">X</a> \
<a href="mailto:?subject={esc(d.title)}">Email</a></p>
</div>
<div class="field field--name-field-tags field--type-entity-reference field__items">{tags}</div>
</div>
</article>
</div>
</div>
</main>
<footer role="contentinfo">
<div class="region region-footer">
<p class="footer-copy">{_FOOTER}</p>
<nav><a href="/about">About us</a> <a href="/contact">Contact</a> <a href="/privacy">\
Privacy policy</a></nav>
</div>
</footer>
</div>
</div>
</body>
</html>
"""
    lines = (_SKIP, SITE, _SLOGAN, teaser, _NEWSLETTER, _NEWSLETTER_PITCH, _SHARE, _FOOTER)
    return d.labelled(NAME, url, html, lines)
