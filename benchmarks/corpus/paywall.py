"""A paywalled teaser: two or three visible paragraphs, then a subscription box with prices.

The body is only the visible paragraphs; the box sits inside the article body container.
A third of the pages have no machine date, and the offer in the box carries its own date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.corpus._dates import iso_local, long_date, us_date
from benchmarks.corpus._draft import esc, paragraphs_html
from benchmarks.corpus._english import drafts, staff
from levantcrawl.samplesite.content import slugify

if TYPE_CHECKING:
    import random

    from benchmarks.corpus._draft import Draft
    from benchmarks.corpus.model import LabelledPage

NAME = "paywall"
SITE = "The Mashriq Standard"
BASE = "https://paywall.example"
_TEASER_LABEL = "MORE ON THIS STORY"
_ROLES = ("Senior Correspondent", "Economics Editor", "Staff Writer", "Diplomatic Correspondent")
_BOX = (
    "Subscribe to continue reading",
    "Get unlimited access to our journalism on any device, at home or away.",
    "$1 for your first 4 weeks",
    "Then $12.99 per month. Cancel anytime.",
    "Offer ends 30 November 2024.",
    "Already a subscriber?",
)
_SUBSCRIBE = "Subscribe now"
_LOG_IN = "Log in"
_FOOTER = f"© {SITE} 2024. Registered in Beirut."


def build(rng: random.Random, count: int) -> list[LabelledPage]:
    reporters = staff(rng, 6)
    made = drafts(rng, count, reporters=reporters, paragraphs=(2, 3))
    return [_page(rng, d, machine_date=i % 3 != 2) for i, d in enumerate(made)]


def _page(rng: random.Random, d: Draft, *, machine_date: bool) -> LabelledPage:
    slug = slugify(d.section)
    url = f"{BASE}/{slug}/{d.slug}"
    teaser = f"{_TEASER_LABEL}: {d.teaser}"
    teaser_html = (
        f'<p class="inline-more"><span>{_TEASER_LABEL}:</span> '
        f'<a href="{BASE}/{slug}/{d.teaser_slug}">{esc(d.teaser)}</a></p>'
    )
    body = paragraphs_html(d.paragraphs, teaser=teaser_html, teaser_at=0)
    head_date = ""
    if machine_date:
        head_date = (
            f'<meta property="article:published_time" content="{iso_local(d.published)}">\n'
            f'<meta name="parsely-pub-date" content="{iso_local(d.published)}">'
        )
        shown = f'<time datetime="{iso_local(d.published)}">{us_date(d.published)}</time>'
    else:
        shown = long_date(d.published)
    role = rng.choice(_ROLES)
    names = " and ".join(esc(a) for a in d.authors)
    byline = f"By {names}, {role}" if len(d.authors) == 1 else f"By {names}"
    heading, pitch, first, then, offer, already = _BOX
    html = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(d.title)} | {SITE}</title>
<meta property="og:title" content="{esc(d.title)}">
<meta property="og:site_name" content="{SITE}">
{head_date}
<meta name="robots" content="max-snippet:-1">
</head>
<body class="article-page metered">
<header class="ms-header">
<a class="ms-logo" href="/">{SITE}</a>
<div class="ms-account"><a href="/login">{_LOG_IN}</a> <a class="ms-cta" href="/subscribe">\
{_SUBSCRIBE}</a></div>
</header>
<main>
<article class="ms-article">
<div class="article-header">
<a class="section-tag" href="/{slug}">{esc(d.section)}</a>
<h1>{esc(d.title)}</h1>
<div class="byline">{byline}</div>
<div class="dateline">{shown}</div>
</div>
<div class="article-body" data-paywall="true">
{body}
<div class="paywall-offer">
<h2>{heading}</h2>
<p>{esc(pitch)}</p>
<ul><li>{esc(first)}</li><li>{esc(then)}</li></ul>
<p>{esc(offer)}</p>
<p><a class="btn" href="/subscribe?src=article">{_SUBSCRIBE}</a></p>
<p>{already} <a href="/login?src=paywall">{_LOG_IN}</a></p>
</div>
</div>
</article>
</main>
<footer class="ms-footer"><p>{esc(_FOOTER)}</p></footer>
</body>
</html>
"""
    lines = (SITE, teaser, *_BOX, _SUBSCRIBE, _FOOTER)
    return d.labelled(NAME, url, html, lines)
