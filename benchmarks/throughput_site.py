"""A large generated news site for the throughput benchmark, written as static files.

N article pages of 40-120 KB each, built like a real news theme's: inline CSS and scripts,
a mega menu, a breaking-news ticker, related cards, "most read" and "latest" sidebars, ad
slots, comments and a long footer around a body of 6 to 14 paragraphs. Beside them: a home
page, one page per section, a few static pages, robots.txt with a Sitemap: line and
sitemap.xml (an index of monthly sitemaps), so any static server (nginx) can serve it and
the crawler discovers it as it would a real site. The ground truth (each article's URL,
title and paragraphs) goes to truth.jsonl beside the site folder.

Seeded: the same size, seed and base URL give byte-identical files."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SITE_NAME = "Levant Daily"
TZ = ZoneInfo("Asia/Beirut")
LAST_DAY = datetime(2024, 11, 14, 23, 0, tzinfo=TZ)
ARTICLES_PER_DAY = 24
MANIFEST = "manifest.json"
SCHEMA = 1

SECTIONS = {
    "lebanon": ("Lebanon", ("Beirut", "Tripoli", "Sidon", "Bekaa", "South", "Politics")),
    "syria": ("Syria", ("Damascus", "Aleppo", "Idlib", "Refugees", "Reconstruction")),
    "region": ("Region", ("Iraq", "Jordan", "Gulf", "Yemen", "Iran", "Egypt")),
    "world": ("World", ("Europe", "Americas", "Asia", "Africa", "Diplomacy")),
    "business": ("Business", ("Banking", "Energy", "Markets", "Tourism", "Startups")),
    "culture": ("Culture", ("Books", "Film", "Music", "Food", "Heritage")),
    "sports": ("Sports", ("Football", "Basketball", "Athletics", "Motorsport")),
    "opinion": ("Opinion", ("Columns", "Editorials", "Letters", "Analysis")),
    "health": ("Health", ("Hospitals", "Medicine", "Wellbeing")),
    "tech": ("Technology", ("Internet", "Telecoms", "Science", "Gadgets")),
}
STATIC_PAGES = ("about", "contact", "privacy", "terms", "advertise")
NEWSLETTER_PLUG = (
    "Sign up for the Levant Daily morning briefing: the region's most important stories, "
    "in your inbox before breakfast, every weekday."
)

_SUBJECTS = (
    "the minister", "the cabinet", "the central bank", "parliament", "the mayor", "officials",
    "residents", "the ministry of energy", "union leaders", "the opposition bloc", "diplomats",
    "the army", "relief agencies", "economists", "the governor", "local traders", "farmers",
    "hospital directors", "the electricity company", "students", "the municipal council",
    "teachers", "the prime minister", "lawmakers", "the finance committee", "investors",
    "shop owners", "the port authority", "the water board", "analysts", "fishermen", "doctors",
)  # fmt: skip
_VERBS = (
    "said", "warned", "announced", "confirmed", "denied", "proposed", "rejected", "approved",
    "delayed", "welcomed", "criticised", "promised", "demanded", "questioned", "reviewed",
    "suspended", "signed", "discussed", "postponed", "defended", "outlined", "estimated",
)  # fmt: skip
_OBJECTS = (
    "the draft budget", "a new tariff on fuel imports", "the reconstruction plan", "wage rises",
    "the ceasefire terms", "a loan from the World Bank", "rubbish collection contracts",
    "the exchange rate policy", "power cuts in the suburbs", "a tender for solar farms",
    "school fees", "the housing programme", "border crossings", "the deposit recovery law",
    "bread subsidies", "a plan to reopen the airport road", "new rules for small business loans",
    "the refugee return scheme", "the port's customs system", "an audit of public accounts",
    "telecom prices", "hospital funding", "the harvest forecast", "water rationing",
)  # fmt: skip
_PLACES = (
    "in Beirut", "in Tripoli", "in the Bekaa valley", "in Sidon", "near the southern border",
    "in Damascus", "in Aleppo", "in Amman", "in Baghdad", "on the coast road", "in Zahle",
    "in Tyre", "in the northern villages", "at the port", "in the capital's suburbs",
    "in Jounieh", "in Byblos", "in Baalbek", "in Nabatieh", "across the region",
)  # fmt: skip
_TIMES = (
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
    "late on Sunday", "this week", "last month", "after weeks of talks", "before the holiday",
    "earlier this year", "for the third time", "within days", "by the end of the year",
)  # fmt: skip
_CLAUSES = (
    "according to people familiar with the talks", "while prices kept climbing",
    "as the currency slid again", "despite objections from several blocs",
    "even as aid deliveries slowed", "citing a shortage of funds", "in a statement",
    "during a visit to the area", "after a meeting that lasted into the night",
    "though no date was set", "as protesters gathered outside", "pending a final vote",
    "without giving details", "in remarks broadcast on local television",
    "as donors pressed for reforms", "with support from international lenders",
)  # fmt: skip
_ADJECTIVES = (
    "fragile", "long-awaited", "contested", "costly", "sweeping", "modest", "temporary",
    "ambitious", "controversial", "partial", "urgent", "unexpected", "cautious", "renewed",
)  # fmt: skip
_NOUNS = (
    "deal", "plan", "reform", "agreement", "proposal", "measure", "inquiry", "decision",
    "programme", "strike", "project", "settlement", "package", "review", "budget",
)  # fmt: skip
_NAMES = (
    "Rana Haddad", "Karim Rizk", "Mona Farhat", "Omar Mrad", "Dalia Nassif", "Aya Khoury",
    "Samir Aoun", "Layla Chami", "Nadim Saab", "Hiba Jaber", "Fadi Harb", "Maya Sleiman",
    "Ziad Daher", "Nour Hamdan", "Tarek Fakhoury", "Yasmine Azar", "Walid Karam", "Rita Matar",
)  # fmt: skip
_COMMENTERS = ("Georges", "Lina", "abu_karim", "Tony B.", "Hala", "observer77", "Sami", "Rima")


@dataclass(frozen=True, slots=True)
class Article:
    number: int  # 1 = oldest
    id: int
    section: str
    subsection: str
    title: str
    slug: str
    published: datetime
    modified: datetime
    author: str
    description: str

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.published:%Y/%m}/{self.id}-{self.slug}.html"


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What build_site wrote: enough to serve it and to check a crawl against it."""

    root: Path  # the folder a static server serves
    truth: Path  # truth.jsonl: {"url", "title", "paragraphs"} per article
    base: str
    articles: int
    pages: int  # every HTML file: articles, home, sections, static pages
    bytes: int  # of the article pages
    smallest: int
    largest: int

    @property
    def mean_kb(self) -> float:
        return self.bytes / max(self.articles, 1) / 1024


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(map(str, (seed, *parts))))


def _sentence(rng: random.Random) -> str:
    shape = rng.randrange(4)
    if shape == 0:
        text = (
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"{rng.choice(_PLACES)} {rng.choice(_TIMES)}, {rng.choice(_CLAUSES)}"
        )
    elif shape == 1:
        text = (
            f"the {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} on {rng.choice(_OBJECTS)} "
            f"was {rng.choice(_VERBS)} by {rng.choice(_SUBJECTS)} {rng.choice(_TIMES)}"
        )
    elif shape == 2:
        text = (
            f"{rng.choice(_CLAUSES)}, {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} that "
            f"{rng.choice(_OBJECTS)} would cost {rng.randint(2, 900)} million dollars "
            f"{rng.choice(_PLACES)}"
        )
    else:
        text = (
            f"{rng.choice(_NAMES)}, who follows {rng.choice(_OBJECTS)} for a local group, said "
            f"the {rng.choice(_NOUNS)} was {rng.choice(_ADJECTIVES)} and that "
            f"{rng.choice(_SUBJECTS)} had {rng.choice(_VERBS)} it {rng.choice(_TIMES)}"
        )
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 5)) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def _title(rng: random.Random) -> str:
    words = (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_ADJECTIVES)} "
        f"{rng.choice(_NOUNS)} {rng.choice(_PLACES)}"
    ).split()
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _slug(title: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in title.lower())
    return "-".join(p for p in out.split("-") if p)[:60].strip("-")


def plan(articles: int, seed: int) -> list[Article]:
    """Every article's header fields, oldest first (cheap: the bodies are drawn later)."""
    rng = _rng(seed, "plan")
    keys = list(SECTIONS)
    out: list[Article] = []
    article_id = 100_000
    for number in range(1, articles + 1):
        article_id += rng.randint(1, 9)
        section = rng.choice(keys)
        minutes_back = (articles - number) * (24 * 60 // ARTICLES_PER_DAY) + rng.randint(0, 50)
        published = LAST_DAY - timedelta(minutes=minutes_back)
        title = f"{_title(rng)} ({article_id % 997})"
        out.append(
            Article(
                number=number,
                id=article_id,
                section=section,
                subsection=rng.choice(SECTIONS[section][1]),
                title=title,
                slug=_slug(title),
                published=published,
                modified=published + timedelta(minutes=rng.choice((0, 0, 35, 120, 600))),
                author=rng.choice(_NAMES),
                description=_sentence(rng),
            )
        )
    return out


# -- shared chrome ------------------------------------------------------------------------


def _css_rules(seed: int) -> list[str]:
    """A theme's inline stylesheet, split into rules: pages inline a varying share of it."""
    rng = _rng(seed, "css")
    props = (
        "margin:0 auto", "padding:12px 16px", "display:flex", "font-size:0.875rem",
        "line-height:1.6", "color:#1a1a1a", "background:#f7f7f5", "border-bottom:1px solid #e2e2e2",
        "font-family:Georgia,'Times New Roman',serif", "text-transform:uppercase",
        "letter-spacing:.04em", "grid-template-columns:repeat(3,minmax(0,1fr))", "gap:24px",
        "position:relative", "z-index:20", "transition:opacity .2s ease-in-out", "max-width:1240px",
    )  # fmt: skip
    blocks = ("site-header", "mega-menu", "ticker", "entry", "card", "widget", "ad-slot", "footer")
    parts = ("title", "meta", "link", "item", "inner", "wrap", "label", "icon", "list", "media")
    return [
        f".{rng.choice(blocks)}__{rng.choice(parts)}--{n:x}"
        f"{{{';'.join(rng.sample(props, rng.randint(3, 7)))}}}"
        for n in range(700)
    ]


def _js_config(rng: random.Random, article: Article) -> str:
    """Analytics and ad configuration, as themes print it inline on every page."""
    slots = [
        {
            "id": f"div-gpt-ad-{article.id}-{n}",
            "path": f"/2211/levantdaily/{article.section}/slot{n}",
            "sizes": [[300, 250], [300, 600], [728, 90]][: rng.randint(1, 3)],
            "targeting": {"pos": f"p{n}", "kw": rng.sample(_NOUNS, 4)},
        }
        for n in range(rng.randint(6, 30))
    ]
    data = {
        "page": {"id": article.id, "section": article.section, "sub": article.subsection},
        "author": article.author,
        "published": article.published.isoformat(),
        "slots": slots,
        "experiments": {f"exp_{n}": rng.random() < 0.5 for n in range(rng.randint(10, 60))},
    }
    return (
        "window.dataLayer=window.dataLayer||[];window.levantConfig="
        + json.dumps(data)
        + ";(function(){var s=document.createElement('script');s.async=true;"
        "s.src='https://ads.example.net/tag.js';document.head.appendChild(s);})();"
    )


def _svg(name: str) -> str:
    return (
        f'<svg class="icon icon-{name}" viewBox="0 0 24 24" width="20" height="20" '
        'aria-hidden="true"><path d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 '
        "10-10S17.52 2 12 2zm1 15h-2v-6h2v6zm0-8h-2V7h2v2zm4.5 3.5l-1.4 1.4L12 9.8l-4.1 "
        '4.1-1.4-1.4L12 7l5.5 5.5z"/></svg>'
    )


def _mega_menu() -> str:
    items = []
    for key, (label, subs) in SECTIONS.items():
        sub = "".join(
            f'<li class="mega-menu__item"><a class="mega-menu__link" href="/{key}/#'
            f'{s.lower()}"><span>{escape(s)}</span></a></li>'
            for s in subs
        )
        items.append(
            f'<li class="menu-item menu-item-has-children"><a href="/{key}/">{escape(label)}</a>'
            f'<div class="mega-menu"><ul class="mega-menu__list">{sub}</ul></div></li>'
        )
    return '<ul id="primary-menu" class="menu">' + "".join(items) + "</ul>"


def _footer() -> str:
    columns = []
    for key, (label, subs) in SECTIONS.items():
        links = "".join(f'<li><a href="/{key}/#{s.lower()}">{escape(s)}</a></li>' for s in subs)
        columns.append(
            f'<div class="footer__col"><h4 class="footer__title"><a href="/{key}/">'
            f"{escape(label)}</a></h4><ul>{links}</ul></div>"
        )
    statics = "".join(f'<li><a href="/{p}/">{p.title()}</a></li>' for p in STATIC_PAGES)
    social = "".join(
        f'<a class="social social--{s}" href="https://{s}.com/levantdaily" rel="noopener">'
        f"{_svg(s)}</a>"
        for s in ("facebook", "twitter", "instagram", "youtube", "linkedin", "telegram")
    )
    return (
        '<footer id="colophon" class="site-footer"><div class="footer__grid">'
        + "".join(columns)
        + f'</div><div class="footer__bottom"><ul class="footer__links">{statics}</ul>'
        f'<div class="footer__social">{social}</div>'
        f'<p class="copyright">&copy; 2024 {SITE_NAME}. All rights reserved. Reproduction '
        "without written permission is prohibited.</p></div></footer>"
    )


MEGA_MENU = _mega_menu()
FOOTER = _footer()


def _card(article: Article, rng: random.Random, *, excerpt: bool) -> str:
    text = f'<p class="card__excerpt">{escape(article.description)}</p>' if excerpt else ""
    return (
        f'<article class="card card--{article.section}"><a class="card__media" '
        f'href="{article.path}"><img src="/img/{article.id}-{rng.randint(1, 9)}.jpg" '
        f'alt="" width="360" height="203" loading="lazy"></a><div class="card__body">'
        f'<span class="card__label">{escape(SECTIONS[article.section][0])}</span>'
        f'<h3 class="card__title"><a href="{article.path}">{escape(article.title)}</a></h3>'
        f'{text}<time datetime="{article.published.isoformat()}">'
        f"{article.published:%d %b %Y}</time></div></article>"
    )


def _ad(rng: random.Random, n: int) -> str:
    return (
        f'<div class="ad-slot ad-slot--{n}" data-ad-unit="/2211/levantdaily/slot{n}" '
        f'data-refresh="{rng.randint(30, 90)}"><span class="ad-slot__label">Advertisement</span>'
        f"<script>googletag.cmd.push(function(){{googletag.display('div-gpt-ad-{n}');}});"
        "</script></div>"
    )


def _page(*, title: str, head: str, main: str, aside: str, css: str, js: str, today: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
{head}
<link rel="preconnect" href="https://fonts.example.net">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/feed/">
<style id="theme-inline-css">{css}</style>
<script id="theme-config">{js}</script>
</head>
<body class="single">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#main">Skip to content</a>
<div class="top-bar"><span class="top-bar__date">{today}</span>
<span class="top-bar__weather">Beirut 24&deg;C</span>
<a class="top-bar__subscribe" href="/advertise/">Subscribe</a></div>
<header id="masthead" class="site-header">
<div class="site-branding"><a href="/" rel="home">{_svg("logo")}<span>{SITE_NAME}</span></a></div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary">{MEGA_MENU}</nav>
</header>
<div id="content" class="site-content">
{main}
<aside id="secondary" class="widget-area">{aside}</aside>
</div>
{FOOTER}
</div>
</body>
</html>
"""


# -- pages --------------------------------------------------------------------------------


def _body(rng: random.Random, article: Article, others: list[Article]) -> tuple[str, list[str]]:
    """The article body as HTML, and its paragraphs as plain text (the ground truth)."""
    count = rng.randint(6, 14)
    truth: list[str] = []
    html: list[str] = []
    teaser_after = rng.randint(1, count - 2)
    for index in range(count):
        text = _paragraph(rng)
        if rng.random() < 0.25:  # a link inside a sentence, as editors write them
            target = rng.choice(others)
            words = text.split(" ")
            at = rng.randint(1, len(words) - 3)
            anchor = " ".join(words[at : at + 3])
            linked = (
                escape(" ".join(words[:at]))
                + f' <a href="{target.path}">{escape(anchor)}</a> '
                + escape(" ".join(words[at + 3 :]))
            )
            html.append(f"<p>{linked}</p>")
        else:
            html.append(f"<p>{escape(text)}</p>")
        truth.append(text)
        if index == teaser_after:
            target = rng.choice(others)
            html.append(
                f'<p><strong>Read more:</strong> <a href="{target.path}">'
                f"{escape(target.title)}</a></p>"
            )
    html.append(f"<p><em>{escape(NEWSLETTER_PLUG)}</em></p>")
    return "\n".join(html), truth


def _comments(rng: random.Random) -> str:
    count = rng.choice((0, 0, 2, 4, 7, 11))
    if not count:
        return ""
    items = "".join(
        f'<li class="comment"><div class="comment__author">{rng.choice(_COMMENTERS)}</div>'
        f'<div class="comment__body"><p>{escape(_paragraph(rng, (1, 2)))}</p></div>'
        '<a class="comment-reply-link" href="#respond">Reply</a></li>'
        for _ in range(count)
    )
    return (
        f'<section id="comments" class="comments-area"><h2 class="comments-title">{count} '
        f'Comments</h2><ol class="comment-list">{items}</ol></section>'
    )


def _json_ld(article: Article, base: str) -> str:
    url = base + article.path
    label = SECTIONS[article.section][0]
    data = [
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": article.title,
            "description": article.description,
            "image": [f"{base}/img/{article.id}-1.jpg"],
            "datePublished": article.published.isoformat(),
            "dateModified": article.modified.isoformat(),
            "author": [{"@type": "Person", "name": article.author}],
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "articleSection": label,
        },
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": base + "/"},
                {
                    "@type": "ListItem",
                    "position": 2,
                    "name": label,
                    "item": f"{base}/{article.section}/",
                },
            ],
        },
    ]
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def article_page(
    article: Article, everything: list[Article], css_rules: list[str], base: str, seed: int
) -> tuple[str, list[str]]:
    rng = _rng(seed, "page", article.number)
    n = article.number
    earlier = everything[max(0, n - 200) : max(1, n - 1)]
    others = [rng.choice(everything) for _ in range(40)]
    body, truth = _body(rng, article, earlier or others)
    url = base + article.path
    label, _ = SECTIONS[article.section]
    tags = rng.sample(_NOUNS, rng.randint(3, 6))
    head = "\n".join(
        [
            f'<link rel="canonical" href="{url}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{escape(article.title)}">',
            f'<meta property="og:description" content="{escape(article.description)}">',
            f'<meta property="og:url" content="{url}">',
            f'<meta property="og:site_name" content="{SITE_NAME}">',
            f'<meta property="og:image" content="{base}/img/{article.id}-1.jpg">',
            f'<meta property="article:published_time" content="{article.published.isoformat()}">',
            f'<meta property="article:modified_time" content="{article.modified.isoformat()}">',
            f'<meta property="article:section" content="{label}">',
            *(f'<meta property="article:tag" content="{t}">' for t in tags),
            f'<meta name="author" content="{article.author}">',
            f'<meta name="description" content="{escape(article.description)}">',
            '<meta name="twitter:card" content="summary_large_image">',
            _json_ld(article, base),
        ]
    )
    ticker = "".join(
        f'<li class="ticker__item"><a href="{a.path}">{escape(a.title)}</a></li>'
        for a in others[:10]
    )
    share = "".join(
        f'<a class="share share--{s}" href="https://{s}.com/share?u={url}" rel="nofollow">'
        f"{_svg(s)}<span>{s.title()}</span></a>"
        for s in ("facebook", "twitter", "whatsapp", "telegram", "email")
    )
    related = "".join(_card(a, rng, excerpt=True) for a in others[10:16])
    main = f"""<div class="ticker"><span class="ticker__label">Breaking</span>
<ul class="ticker__list">{ticker}</ul></div>
<main id="main" class="site-main">
{_ad(rng, 1)}
<nav class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/{article.section}/">\
{escape(label)}</a> &rsaquo; <span>{escape(article.subsection)}</span></nav>
<article id="post-{article.id}" class="post type-post status-publish category-{article.section}">
<header class="entry-header">
<a class="entry-kicker" href="/{article.section}/#{article.subsection.lower()}">\
{escape(article.subsection)}</a>
<h1 class="entry-title">{escape(article.title)}</h1>
<div class="entry-meta"><span class="byline">By <a href="/about/#staff">{article.author}</a>\
</span> <time class="entry-date published" datetime="{article.published.isoformat()}">\
{article.published:%d %B %Y %H:%M}</time></div>
<div class="share-bar">{share}</div>
</header>
<figure class="post-thumbnail"><img src="/img/{article.id}-1.jpg" alt="" width="1200" \
height="675"><figcaption>{escape(_sentence(rng))}</figcaption></figure>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><div class="tags-links">Tags: \
{", ".join(f'<a href="/{article.section}/#{t}" rel="tag">{t}</a>' for t in tags)}</div>\
{_ad(rng, 2)}</footer>
</article>
<section class="related"><h2 class="related__title">Related stories</h2>{related}</section>
{_comments(rng)}
</main>"""
    most_read = "".join(
        f'<li class="most-read__item"><span class="most-read__rank">{i}</span>'
        f'<a href="{a.path}">{escape(a.title)}</a></li>'
        for i, a in enumerate(others[16:26], start=1)
    )
    latest = "".join(_card(a, rng, excerpt=True) for a in others[26 : 26 + rng.randint(6, 14)])
    opinion = "".join(_card(a, rng, excerpt=False) for a in others[-5:])
    aside = (
        f'{_ad(rng, 3)}<section class="widget most-read"><h2 class="widget-title">Most read</h2>'
        f'<ol>{most_read}</ol></section><section class="widget latest"><h2 class="widget-title">'
        f'Latest news</h2>{latest}</section>{_ad(rng, 4)}<section class="widget opinion">'
        f'<h2 class="widget-title">Opinion</h2>{opinion}</section>'
        '<section class="widget newsletter"><h2 class="widget-title">Newsletter</h2>'
        '<form action="/contact/" method="post"><input type="email" name="email" '
        'placeholder="Your email"><button type="submit">Sign up</button></form></section>'
    )
    css = "".join(css_rules[: rng.randint(0, 480)])
    js = _js_config(rng, article)
    page = _page(
        title=f"{article.title} | {SITE_NAME}",
        head=head,
        main=main,
        aside=aside,
        css=css,
        js=js,
        today=f"{LAST_DAY:%A, %d %B %Y}",
    )
    return page, truth


def listing_page(title: str, canonical: str, items: list[Article], css_rules: list[str]) -> str:
    rng = random.Random(canonical)
    cards = "".join(_card(a, rng, excerpt=True) for a in items)
    main = (
        f'<main id="main" class="site-main archive"><h1 class="page-title">{escape(title)}</h1>'
        f"{cards}</main>"
    )
    return _page(
        title=f"{title} | {SITE_NAME}",
        head=f'<link rel="canonical" href="{canonical}">\n'
        '<meta property="og:type" content="website">',
        main=main,
        aside="",
        css="".join(css_rules[:200]),
        js="window.dataLayer=window.dataLayer||[];",
        today=f"{LAST_DAY:%A, %d %B %Y}",
    )


def _sitemaps(articles: list[Article], base: str) -> Iterator[tuple[str, str]]:
    """(file name, XML): one sitemap per month, then the index naming them."""
    months: dict[str, list[Article]] = {}
    for article in articles:
        months.setdefault(f"{article.published:%Y-%m}", []).append(article)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    entries = []
    for month, group in months.items():
        rows = "\n".join(
            f"<url><loc>{base}{a.path}</loc><lastmod>{a.modified.isoformat()}</lastmod></url>"
            for a in group
        )
        yield f"sitemap-{month}.xml", f"{head}<urlset {ns}>\n{rows}\n</urlset>\n"
        last = max(a.modified for a in group).isoformat()
        entries.append(f"<sitemap><loc>{base}/sitemap-{month}.xml</loc><lastmod>{last}</lastmod>")
    index = "\n".join(e + "</sitemap>" for e in entries)
    yield "sitemap.xml", f"{head}<sitemapindex {ns}>\n{index}\n</sitemapindex>\n"


def build_site(folder: Path, articles: int, base: str, seed: int = 11) -> SiteInfo:
    """Write the site under folder/www and its truth to folder/truth.jsonl; reuse a site
    already there when it was built for the same size, seed and base URL."""
    root = folder / "www"
    truth_path = folder / "truth.jsonl"
    manifest_path = folder / MANIFEST
    wanted = {"schema": SCHEMA, "articles": articles, "seed": seed, "base": base}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if {k: manifest.get(k) for k in wanted} == wanted:
            return SiteInfo(root=root, truth=truth_path, **_sizes(manifest))
    everything = plan(articles, seed)
    css_rules = _css_rules(seed)
    root.mkdir(parents=True, exist_ok=True)
    sizes: list[int] = []
    made_dirs: set[Path] = set()
    with truth_path.open("w", encoding="utf-8") as truth:
        for article in everything:
            html, paragraphs = article_page(article, everything, css_rules, base, seed)
            data = html.encode("utf-8")
            target = root / article.path.lstrip("/")
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            target.write_bytes(data)
            sizes.append(len(data))
            record = {"url": base + article.path, "title": article.title, "paragraphs": paragraphs}
            truth.write(json.dumps(record, ensure_ascii=False) + "\n")
    newest = everything[::-1]
    listings = {"": ("Latest news", newest[:40])}
    for key, (label, _) in SECTIONS.items():
        listings[key] = (label, [a for a in newest[:2000] if a.section == key][:30])
    for key, (label, items) in listings.items():
        folder_path = root / key if key else root
        folder_path.mkdir(parents=True, exist_ok=True)
        canonical = f"{base}/{key}/" if key else f"{base}/"
        (folder_path / "index.html").write_text(
            listing_page(label, canonical, items, css_rules), "utf-8"
        )
    for name in STATIC_PAGES:
        (root / name).mkdir(exist_ok=True)
        (root / name / "index.html").write_text(
            listing_page(name.title(), f"{base}/{name}/", [], css_rules), "utf-8"
        )
    for name, xml in _sitemaps(everything, base):
        (root / name).write_text(xml, "utf-8")
    (root / "robots.txt").write_text(
        f"User-agent: *\nDisallow: /search\n\nSitemap: {base}/sitemap.xml\n", "utf-8"
    )
    manifest = {
        **wanted,
        "pages": articles + len(listings) + len(STATIC_PAGES),
        "bytes": sum(sizes),
        "smallest": min(sizes),
        "largest": max(sizes),
        "built_at": datetime.now(UTC).isoformat(),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2), "utf-8")
    return SiteInfo(root=root, truth=truth_path, **_sizes(manifest))


def _sizes(manifest: dict[str, object]) -> dict[str, object]:
    keys = ("base", "articles", "pages", "bytes", "smallest", "largest")
    return {key: manifest[key] for key in keys}
