"""The theme chrome every HTML page shares: head bloat, header, navigation, sidebar, footer."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from levantcrawl.samplesite._assets import LOGO_PATH, THEME_CSS, THEME_JS
from levantcrawl.samplesite._dates import header_date

if TYPE_CHECKING:
    from datetime import date

    from levantcrawl.samplesite.model import Section

SITE_NAME = "Levant News"
TRENDING = ("beirut", "ceasefire", "exchange rate", "red sea")


def esc(text: str) -> str:
    return escape(text, quote=True)


def page(
    *,
    title: str,
    head: str,
    body_class: str,
    main: str,
    sidebar: str,
    sections: tuple[Section, ...],
    today: date,
) -> str:
    nav = "".join(
        f'<li class="menu-item"><a href="/category/{s.slug}/">{esc(s.label)}</a></li>'
        for s in sections
    )
    trending = "".join(
        f'<li><a href="/search?q={t.replace(" ", "+")}">{esc(t)}</a></li>' for t in TRENDING
    )
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{head}
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="/feed/">
<style id="levant-theme-inline-css">
{THEME_CSS}
</style>
<script id="levant-theme-js">
{THEME_JS}
</script>
</head>
<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#main">Skip to content</a>
<div class="top-bar">
<button type="button" class="dark-mode-toggle" aria-pressed="false">Dark Mode</button>
<div class="header-date">{header_date(today)}</div>
</div>
<header id="masthead" class="site-header">
<div class="site-branding"><a href="/" rel="home"><img class="custom-logo" src="{LOGO_PATH}" \
alt="Logo" width="220" height="60"></a></div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary">
<ul id="primary-menu" class="menu"><li class="menu-item"><a href="/">Home</a></li>{nav}</ul>
</nav>
<form role="search" method="get" class="search-form" action="/search">
<input type="search" class="search-field" name="q" placeholder="Search &hellip;">
<button type="submit" class="search-submit">Search</button>
</form>
</header>
<div id="content" class="site-content">
{main}
<aside id="secondary" class="widget-area">
{sidebar}
<section class="widget widget-trending"><h2 class="widget-title">Trending Searches</h2>
<ul>{trending}</ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
<div class="footer-brand">{SITE_NAME}</div>
<p class="copyright">&copy; 2024 {SITE_NAME}. All rights reserved.</p>
<p class="footer-links"><a href="/feed/">RSS</a> | <a href="/wp-admin/">Log in</a></p>
</footer>
</div>
</body>
</html>
"""
