"""The unmarked sample site, "Levant Daily": the same posts as Levant News under a theme that
says nothing machine-readable about its pages. No JSON-LD, no Open Graph, no article:* meta
tags, no <time>: only a byline (bylines.py) tells who wrote an article and when.

Its traps: listings that look long (section pages of long excerpts, subject pages with a
description, writer pages with a biography) at addresses no CMS convention names, and
edits that only the sitemap's <lastmod> signals (no Last-Modified header)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from levantcrawl.samplesite import _dates
from levantcrawl.samplesite._layout import esc
from levantcrawl.samplesite.bylines import UNMARKED_SITE_NAME, byline
from levantcrawl.samplesite.model import Page
from levantcrawl.samplesite.render import body_html
from levantcrawl.samplesite.site import HTML, SampleSite

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from levantcrawl.samplesite.model import Edition, Post, TruthArticle

PER_PAGE = 8
# An article's path, and its trailing-slash and AMP variants (the unmarked theme has none).
_ARTICLE = re.compile(r"(/\d{4}/\d{2}/\d+-[a-z0-9-]+)(/amp/?|/)?")
# Section, subject and writer pages, and their later pages: /news/lebanon/2/.
_LISTING = re.compile(r"/(news|subjects|writers)/([a-z0-9-]+)/(?:(\d+)/)?")
_BIO = (
    "{name} has reported for {site} since {year}, first from the newsroom in Beirut and "
    "later from across the region. Before that {name} worked for local radio and wrote for "
    "several regional magazines about public services, the courts and the economy. Readers "
    "can reach the desk through the newsroom's public address, and every correction is "
    "published under the article it concerns, with the date it was made."
)
_ABOUT = (
    "Everything {site} has published about {name}: reports from our correspondents, "
    "analysis from the desk and the longer pieces that follow a story over weeks and months, "
    "newest first. Stories are added here as soon as they are published and stay listed "
    "after they are updated."
)


def _page(title: str, main: str, sections: Sequence[tuple[str, str]], today: date) -> str:
    nav = "".join(f'<li><a href="/news/{slug}/">{esc(label)}</a></li>' for slug, label in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{esc(title)} | {UNMARKED_SITE_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><div class="wrap">
<header class="top"><div class="today">{_dates.header_date(today)}</div>
<a class="brand" href="/">{UNMARKED_SITE_NAME}</a><nav><ul>{nav}</ul></nav></header>
<div class="columns"><main class="main-column">{main}</main>
<aside class="side-column"><h2>Newsletter</h2><p>One email a day with the region's news.</p></aside>
</div>
<footer class="bottom"><a href="/">{UNMARKED_SITE_NAME}</a> &middot;
&copy; 2024 {UNMARKED_SITE_NAME}</footer>
</div></body></html>
"""


def article_html(post: Post, *, base: str, today: date, sections: Sequence[tuple[str, str]]) -> str:
    section = post.section
    tags = " ".join(f'<a href="/subjects/{t.slug}/">{esc(t.name)}</a>' for t in post.tags)
    kicker = f'<a class="section-link" href="/news/{section.slug}/">{esc(section.label)}</a>'
    main = f"""<div class="story">
<div class="story-head">{kicker}
<h1 class="story-title">{esc(post.title)}</h1>
{byline(post).html}
</div>
<div class="story-body">
{body_html(post, base)}
</div>
<div class="story-tags">{tags}</div>
</div>"""
    return _page(post.title, main, sections, today)


def _teaser(post: Post) -> str:
    excerpt = " ".join("".join(span.text for span in p) for p in post.paragraphs[:2])
    return (
        f'<div class="teaser"><h2><a href="{esc(post.path)}">{esc(post.title)}</a></h2>'
        f"{byline(post).html}<p>{esc(excerpt)}</p></div>"
    )


class UnmarkedSite(SampleSite):
    """SampleSite's posts, feeds and sitemaps under the unmarked theme."""

    def _route(self, path: str, query: str, base: str, today: date) -> Page:
        if path == "/":
            posts = self._state.home[:PER_PAGE]
            main = f"<h1>{UNMARKED_SITE_NAME}</h1>" + "".join(_teaser(p) for p in posts)
            return self._html(_page("Latest news", main, self._nav, today))
        if (match := _LISTING.fullmatch(path)) and (found := self._lists.get(match[1], {})):
            return self._list_page(match[1], match[2], match[3], found, today)
        if (match := _ARTICLE.fullmatch(path)) and (post := self._live.get(match[1])) is not None:
            if match[2]:
                return self._not_found(today)
            html = article_html(post, base=base, today=today, sections=self._nav)
            return Page(200, HTML, html.encode(), etag=True)  # no Last-Modified: lastmod only
        return super()._route(path, query, base, today)

    def _list_page(
        self,
        kind: str,
        slug: str,
        number_text: str | None,
        found: dict[str, tuple[str, tuple[Post, ...]]],
        today: date,
    ) -> Page:
        if slug not in found:
            return self._not_found(today)
        name, posts = found[slug]
        pages = max(1, -(-len(posts) // PER_PAGE))
        number = int(number_text or 1)
        if not 1 <= number <= pages or number_text == "1":
            return self._not_found(today)
        root = f"/{kind}/{slug}/"
        intro = ""
        if number == 1 and kind == "writers":
            bio = _BIO.format(name=name, site=UNMARKED_SITE_NAME, year=2012 + len(name) % 9)
            intro = f"<p class='bio'>{esc(bio)}</p>"
        elif number == 1 and kind == "subjects":
            intro = f"<p class='about'>{esc(_ABOUT.format(name=name, site=UNMARKED_SITE_NAME))}</p>"
        items = "".join(_teaser(p) for p in posts[(number - 1) * PER_PAGE : number * PER_PAGE])
        more = f'<a class="more" href="{root}{number + 1}/">More</a>' if number < pages else ""
        main = f"<h1>{esc(name)}</h1>{intro}{items}{more}"
        return self._html(_page(name, main, self._nav, today))

    @staticmethod
    def _html(html: str) -> Page:
        return Page(200, HTML, html.encode())

    @cached_property
    def _nav(self) -> tuple[tuple[str, str], ...]:
        return tuple((s.slug, s.label) for s in self._state.sections)

    @cached_property
    def _lists(self) -> dict[str, dict[str, tuple[str, tuple[Post, ...]]]]:
        posts = self._state.posts  # newest first
        lists: dict[str, dict[str, tuple[str, tuple[Post, ...]]]] = {}
        lists["news"] = {
            s.slug: (s.label, tuple(p for p in posts if p.section == s))
            for s in self._state.sections
        }
        tags = {t.slug: t.name for p in posts for t in p.tags}
        lists["subjects"] = {
            slug: (name, tuple(p for p in posts if any(t.slug == slug for t in p.tags)))
            for slug, name in tags.items()
        }
        writers = {a.slug: a.name for p in posts for a in p.authors}
        lists["writers"] = {
            slug: (name, tuple(p for p in posts if any(a.slug == slug for a in p.authors)))
            for slug, name in writers.items()
        }
        return lists

    @property
    def listing_paths(self) -> frozenset[str]:
        """Every listing page's path: none of them may become an article."""
        paths = {"/"}
        for kind, found in self._lists.items():
            for slug, (_, posts) in found.items():
                pages = max(1, -(-len(posts) // PER_PAGE))
                paths.update(
                    f"/{kind}/{slug}/" + (f"{n}/" if n > 1 else "") for n in range(1, pages + 1)
                )
        return frozenset(paths)


def bylines_truth(
    state: Edition, truth: MappingProxyType[str, TruthArticle]
) -> MappingProxyType[str, TruthArticle]:
    """On the unmarked site the byline is the truth: its names (in Arabic on the Arabic
    desk's lines), its agency, and the publication time to the minute for every article;
    no URL variant is linked."""
    posts = {post.path: post for post in state.posts}
    out = {}
    for path, article in truth.items():
        shown = byline(posts[path])
        out[path] = replace(
            article,
            published=posts[path].published,
            published_has_time=True,
            authors=shown.authors,
            agencies=shown.agencies,
            variant_paths=(),
        )
    return MappingProxyType(out)
