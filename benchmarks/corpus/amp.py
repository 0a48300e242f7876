"""AMP pages: JSON-LD NewsArticle, amp-img, amp-social-share and "Related:" teasers.

datePublished is written in UTC, so a story filed after midnight in Beirut carries the
previous UTC day; articleSection lists a generic "News" before the real section.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from benchmarks.corpus._dates import iso_utc, us_date
from benchmarks.corpus._draft import esc, paragraphs_html
from benchmarks.corpus._english import SPACED, drafts, staff
from levantcrawl.samplesite import _vocab as v
from levantcrawl.samplesite.content import slugify

if TYPE_CHECKING:
    import random

    from benchmarks.corpus._draft import Draft
    from benchmarks.corpus.model import LabelledPage

NAME = "amp"
SITE = "Harbour Wire"
BASE = "https://amp.example"
_LISTEN = "Listen to this article"
_BRIEFING = "Get our morning briefing in your inbox, five days a week."
_SHARE = "Share this story"
_MENU = "Menu"
_FOOTER = "© 2024 Harbour Wire Media. All rights reserved."


def build(rng: random.Random, count: int) -> list[LabelledPage]:
    reporters = staff(rng, 6)
    made = drafts(rng, count, reporters=reporters, paragraphs=(4, 7), hours=(0, 23))
    return [_page(rng, d) for d in made]


def _json_ld(d: Draft, url: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "headline": d.title,
        "datePublished": iso_utc(d.published),
        "dateModified": iso_utc(d.published),
        "author": [{"@type": "Person", "name": a} for a in d.authors],
        "publisher": {"@type": "Organization", "name": SITE},
        "articleSection": ["News", SPACED.get(d.section, d.section)],
        "image": f"{BASE}/img/{d.slug}.jpg",
    }
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def _page(rng: random.Random, d: Draft) -> LabelledPage:
    url = f"{BASE}/amp/{d.slug}.html"
    teaser = f"Related: {d.teaser}"
    teaser_html = f'<p>Related: <a href="{BASE}/{d.teaser_slug}">{esc(d.teaser)}</a></p>'
    body = paragraphs_html(
        d.paragraphs, teaser=teaser_html, teaser_at=rng.randrange(1, len(d.paragraphs) - 1)
    )
    byline = " and ".join(esc(a) for a in d.authors)
    minutes = max(2, sum(len(t.split()) for t in d.texts) // 200)
    shares = "".join(
        f'<amp-social-share type="{kind}" width="32" height="32"></amp-social-share>'
        for kind in ("twitter", "facebook", "whatsapp", "email")
    )
    html = f"""<!doctype html>
<html amp lang="en">
<head>
<meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-social-share" \
src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>
<script async custom-element="amp-sidebar" \
src="https://cdn.ampproject.org/v0/amp-sidebar-0.1.js"></script>
<title>{esc(d.title)}</title>
<link rel="canonical" href="{BASE}/{d.slug}">
<meta name="viewport" content="width=device-width">
{_json_ld(d, url)}
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;\
animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style>
<noscript><style amp-boilerplate>body{{animation:none}}</style></noscript>
<style amp-custom>.hw-body p{{line-height:1.6}}.hw-kicker{{text-transform:uppercase}}</style>
</head>
<body>
<amp-sidebar id="hw-menu" layout="nodisplay" side="left">
<ul><li><a href="{BASE}/lebanon">Lebanon</a></li><li><a href="{BASE}/syria">Syria</a></li>\
<li><a href="{BASE}/economy">Economy</a></li></ul>
</amp-sidebar>
<header class="hw-header">
<button on="tap:hw-menu.toggle" class="hw-menu-button">{_MENU}</button>
<a class="hw-brand" href="{BASE}/">{SITE}</a>
</header>
<main>
<article class="hw-story">
<a class="hw-kicker" href="{BASE}/{slugify(d.section)}">{esc(d.section)}</a>
<h1 class="hw-headline">{esc(d.title)}</h1>
<div class="hw-byline">By {byline} <span class="hw-dateline">{us_date(d.published)}</span></div>
<amp-img src="{BASE}/img/{d.slug}.jpg" width="1200" height="675" layout="responsive" \
alt="{esc(rng.choice(v.SECTIONS[d.section].scenes))}"></amp-img>
<div class="hw-body">
<p class="hw-audio">{_LISTEN} · {minutes} min</p>
{body}
<p class="hw-briefing">{_BRIEFING} <a href="{BASE}/newsletters">Sign up here.</a></p>
</div>
<div class="hw-share"><p>{_SHARE}</p>{shares}</div>
</article>
</main>
<footer class="hw-footer"><p>{_FOOTER}</p></footer>
</body>
</html>
"""
    lines = (_MENU, SITE, _LISTEN, teaser, _BRIEFING, _SHARE, _FOOTER)
    return d.labelled(NAME, url, html, lines)
