"""An Arabic right-to-left site: night-mode toggle, "today" in the header, "اقرأ أيضاً:" teasers.

Half the pages carry article:published_time; the rest only a visible "نشر في" line, with
Levantine or Egyptian month names and Arabic-Indic or Western digits depending on the page.
The author appears only as "بقلم: …".
"""

# The visible date reads e.g. "نشر في ٥ آب ٢٠٢٤" or "نشر في 5 أغسطس 2024".

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.corpus import _arabic_vocab as w
from benchmarks.corpus._arabic import STYLES, drafts, header_date, staff
from benchmarks.corpus._dates import iso_local
from benchmarks.corpus._draft import TODAY, esc, paragraphs_html

if TYPE_CHECKING:
    import random

    from benchmarks.corpus._arabic import DateStyle
    from benchmarks.corpus._draft import Draft
    from benchmarks.corpus.model import LabelledPage

NAME = "arabic"
SITE = "صدى المشرق"
BASE = "https://arabic.example"
_TOGGLE = "الوضع الليلي"
_TELEGRAM = "تابعونا على تلغرام لآخر الأخبار العاجلة"
_SHARE = "شارك هذا المقال"
_MOST_READ = "الأكثر قراءة"
_RIGHTS = "جميع الحقوق محفوظة"


def build(rng: random.Random, count: int) -> list[LabelledPage]:
    styles = [STYLES[i % len(STYLES)] for i in range(count)]
    made = drafts(rng, count, reporters=staff(rng, 7), styles=styles)
    return [_page(rng, d, style=styles[i], machine_date=i % 2 == 0) for i, d in enumerate(made)]


def _page(rng: random.Random, d: Draft, *, style: DateStyle, machine_date: bool) -> LabelledPage:
    url = f"{BASE}/news/{d.slug}/"
    slug = w.SECTIONS[d.section].slug
    teaser = f"اقرأ أيضاً: {d.teaser}"
    teaser_html = (
        f'<p><strong>اقرأ أيضاً:</strong> <a href="{BASE}/news/{d.teaser_slug}/">'
        f"{esc(d.teaser)}</a></p>"
    )
    body = paragraphs_html(
        d.paragraphs, teaser=teaser_html, teaser_at=rng.randrange(1, len(d.paragraphs) - 1)
    )
    meta_date = (
        f'<meta property="article:published_time" content="{iso_local(d.published)}">'
        if machine_date
        else ""
    )
    nav = "".join(
        f'<li><a href="/section/{words.slug}/">{esc(label)}</a></li>'
        for label, words in w.SECTIONS.items()
    )
    most_read = "".join(f'<li><a href="#">{esc(t)}</a></li>' for t in d.popular)
    rights = f"{_RIGHTS} © {style.number(TODAY.year)}"
    html = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{esc(d.title)} | {SITE}</title>
<meta property="og:title" content="{esc(d.title)}">
<meta property="og:site_name" content="{SITE}">
<meta property="og:locale" content="ar_AR">
<meta property="og:type" content="article">
{meta_date}
<link rel="stylesheet" href="/assets/css/rtl.min.css">
</head>
<body class="rtl single-article">
<div class="topbar">
<button type="button" class="night-mode-btn">{_TOGGLE}</button>
<span class="today-date">{header_date(TODAY)}</span>
</div>
<header class="masthead">
<a class="brand" href="/"><img src="/assets/img/logo.svg" alt="Logo"></a>
<nav class="main-menu"><ul><li><a href="/">الرئيسية</a></li>{nav}</ul></nav>
</header>
<main class="container">
<div class="article-wrap">
<ol class="breadcrumb"><li><a href="/">الرئيسية</a></li>\
<li><a href="/section/{slug}/">{esc(d.section)}</a></li></ol>
<article class="article-details">
<a class="article-cat" href="/section/{slug}/">{esc(d.section)}</a>
<h1 class="article-title">{esc(d.title)}</h1>
<div class="article-info">
<span class="article-author">بقلم: {esc(" و".join(d.authors))}</span>
<span class="article-date">نشر في {style.date(d.published.date())}</span>
</div>
<div class="article-body">
{body}
<p class="follow-us">{_TELEGRAM}</p>
</div>
<div class="share-box"><span>{_SHARE}</span> <a href="#">فيسبوك</a> <a href="#">واتساب</a> \
<a href="#">إكس</a></div>
</article>
</div>
<aside class="sidebar">
<div class="most-read"><h3>{_MOST_READ}</h3><ul>{most_read}</ul></div>
</aside>
</main>
<footer class="site-footer">
<p class="footer-name">{SITE}</p>
<p class="footer-rights">{rights}</p>
</footer>
</body>
</html>
"""
    lines = (_TOGGLE, header_date(TODAY), teaser, _TELEGRAM, _SHARE, _MOST_READ, *d.popular)
    return d.labelled(NAME, url, html, (*lines, SITE, rights))
