"""A live blog: JSON-LD LiveBlogPosting, timestamped entries newest first, a "Key events" list.

The body is the entries' paragraphs in page order (newest first). The entry times ("14:05")
are not body: they are page furniture, and a clock time is not prose. They are not template
lines either, since a bare time could legitimately appear in an article.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING

from benchmarks.corpus._dates import iso_local, long_date
from benchmarks.corpus._draft import esc, inline_html
from benchmarks.corpus._english import drafts, staff
from levantcrawl.samplesite import _vocab as v
from levantcrawl.samplesite.content import slugify

if TYPE_CHECKING:
    import random
    from datetime import datetime

    from benchmarks.corpus._draft import Draft
    from benchmarks.corpus.model import LabelledPage

NAME = "liveblog"
SITE = "Meridian Live"
BASE = "https://liveblog.example"
_BADGE = "LIVE"
_KEY_EVENTS = "Key events"
_REFRESH = "Refresh"
_AUTO = "Auto-update is on"
_SHOW_MORE = "Show more updates"
_COPY = "Copy link to this update"
_FOOTER = f"{SITE} is a service of Meridian Broadcasting."
# "<group>: <what> on <topic>" needs no verb agreement with the group
_KEY_WHAT = ("new statement", "call for talks", "fresh warning", "first response", "meeting")


def build(rng: random.Random, count: int) -> list[LabelledPage]:
    reporters = staff(rng, 9)
    made = drafts(rng, count, reporters=reporters, paragraphs=(10, 16), hours=(7, 11))
    return [_page(rng, d) for d in made]


def _key_event(rng: random.Random, d: Draft) -> str:
    words = v.SECTIONS[d.section]
    group = rng.choice(words.groups)
    return f"{group[:1].upper()}{group[1:]}: {rng.choice(_KEY_WHAT)} on {rng.choice(words.topics)}"


def _json_ld(d: Draft, url: str, times: list[datetime], authors: tuple[str, ...]) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": url,
        "headline": d.title,
        "datePublished": iso_local(times[0]),
        "dateModified": iso_local(times[-1]),
        "coverageStartTime": iso_local(times[0]),
        "coverageEndTime": iso_local(times[-1] + timedelta(hours=6)),
        "author": [{"@type": "Person", "name": a} for a in authors],
        "publisher": {"@type": "Organization", "name": SITE},
        "articleSection": d.section,
        "liveBlogUpdate": [
            {"@type": "BlogPosting", "datePublished": iso_local(t), "url": f"{url}#e{i}"}
            for i, t in enumerate(times)
        ],
    }
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def _page(rng: random.Random, d: Draft) -> LabelledPage:
    url = f"{BASE}/live/{d.slug}"
    # live blogs are written by a desk: two or three names
    authors = (*d.authors, *rng.sample([a for a in v.AUTHORS["World"] if a not in d.authors], 1))
    times = [d.published]
    for _ in d.paragraphs[1:]:
        times.append(times[-1] + timedelta(minutes=rng.randint(6, 28)))
    # newest first, as live pages show them
    entries = list(zip(range(len(times)), times, d.paragraphs, strict=True))[::-1]
    entries_html = "\n".join(
        f'<div class="liveblog-entry" id="e{i}">\n'
        f'<time datetime="{iso_local(t)}">{t:%H:%M}</time>\n'
        f"<p>{inline_html(p)}</p>\n"
        f'<div class="entry-tools"><button type="button">{_COPY}</button></div>\n</div>'
        for i, t, p in entries
    )
    key_events = list(dict.fromkeys(_key_event(rng, d) for _ in range(4)))
    picked = sorted(rng.sample(range(len(times)), len(key_events)), reverse=True)
    key_html = "".join(
        f'<li><a href="#e{i}"><time>{times[i]:%H:%M}</time> {esc(text)}</a></li>'
        for i, text in zip(picked, key_events, strict=True)
    )
    byline = ", ".join(esc(a) for a in authors[:-1]) + f" and {esc(authors[-1])}"
    html = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Live: {esc(d.title)} | {SITE}</title>
<meta property="og:title" content="{esc(d.title)}">
<meta property="og:type" content="article">
<meta property="article:section" content="{esc(d.section)}">
{_json_ld(d, url, times, authors)}
</head>
<body class="liveblog-page">
<header class="ml-header"><a href="/" class="ml-logo">{SITE}</a>
<nav><a href="/{slugify(d.section)}">{esc(d.section)}</a> <a href="/live">All live coverage</a>\
</nav>
</header>
<main class="ml-main">
<div class="lb-head">
<span class="lb-badge">{_BADGE}</span>
<h1 class="lb-title">{esc(d.title)}</h1>
<p class="lb-byline">By {byline} · {long_date(d.published)}</p>
</div>
<section class="key-events">
<h2>{_KEY_EVENTS}</h2>
<ul>{key_html}</ul>
</section>
<div class="lb-controls"><button type="button" class="lb-refresh">{_REFRESH}</button> \
<span class="lb-auto">{_AUTO}</span></div>
<div class="liveblog-feed">
{entries_html}
</div>
<button type="button" class="lb-more">{_SHOW_MORE}</button>
</main>
<footer class="ml-footer"><p>{_FOOTER}</p></footer>
</body>
</html>
"""
    lines = (_BADGE, _KEY_EVENTS, *key_events, _REFRESH, _AUTO, _SHOW_MORE, _COPY, _FOOTER)
    return d.labelled(
        NAME, url, html, lines, paragraphs=tuple(d.texts[i] for i, _, _ in entries), authors=authors
    )
