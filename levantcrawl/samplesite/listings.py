"""Pages that list posts (home, category, tag, author, search) and the error pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from levantcrawl.samplesite._dates import byline_date, display_date, iso
from levantcrawl.samplesite._layout import SITE_NAME, esc, page

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date

    from levantcrawl.samplesite.model import Post, Section

PER_PAGE = 10
ListingKind = Literal["category", "tag", "author"]


@dataclass(frozen=True, slots=True)
class Listing:
    """One paginated archive: `/{kind}/{slug}/` and `/{kind}/{slug}/page/{n}/`."""

    kind: ListingKind
    slug: str
    name: str
    posts: tuple[Post, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.posts) // PER_PAGE))

    def url(self, number: int) -> str:
        root = f"/{self.kind}/{self.slug}/"
        return root if number == 1 else f"{root}page/{number}/"


def home_page(
    posts: Sequence[Post], *, base: str, today: date, sections: tuple[Section, ...]
) -> str:
    # popular posts carry the home page's tracking parameters
    items = "\n".join(
        _item(p, p.home_href if p.is_variant else p.path, with_section=True) for p in posts
    )
    main = f"""<main id="main" class="site-main home">
<h1 class="screen-reader-text">{SITE_NAME}</h1>
<section class="latest-news"><h2 class="section-title">Latest News</h2>
{items}
</section>
</main>"""
    return page(
        title=f"{SITE_NAME} - News from Lebanon and the Region",
        head=f'<link rel="canonical" href="{esc(base)}/">\n'
        '<meta property="og:type" content="website">\n'
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        body_class="home blog",
        main=main,
        sidebar="",
        sections=sections,
        today=today,
    )


def listing_page(
    listing: Listing, number: int, *, base: str, today: date, sections: tuple[Section, ...]
) -> str:
    chunk = listing.posts[(number - 1) * PER_PAGE : number * PER_PAGE]
    href: Callable[[Post], str] = _plain
    extra: Callable[[Post], str] = _nothing
    if listing.kind == "category":
        href = _slashed  # what some themes print: the permalink with a trailing slash
    elif listing.kind == "tag":
        extra = _amp_link
    items = "\n".join(
        _item(p, href(p), with_section=listing.kind != "category", extra=extra(p)) for p in chunk
    )
    head = [f'<link rel="canonical" href="{esc(base + listing.url(number))}">']
    nav: list[str] = []
    if number > 1:
        head.append(f'<link rel="prev" href="{esc(base + listing.url(number - 1))}">')
        nav.append(f'<a class="prev page-numbers" href="{listing.url(number - 1)}">Previous</a>')
    nav.append(f'<span aria-current="page" class="page-numbers current">{number}</span>')
    if number < listing.pages:
        head.append(f'<link rel="next" href="{esc(base + listing.url(number + 1))}">')
        nav.append(f'<a class="next page-numbers" href="{listing.url(number + 1)}">Next</a>')
    label = {"category": "Category", "tag": "Tag", "author": "Author"}[listing.kind]
    suffix = f" - Page {number} of {listing.pages}" if number > 1 else ""
    main = f"""<main id="main" class="site-main archive">
<header class="page-header"><h1 class="page-title">{label}: {esc(listing.name)}</h1></header>
{items}
<nav class="navigation pagination" aria-label="Posts">
<div class="nav-links">{" ".join(nav)}</div></nav>
</main>"""
    return page(
        title=f"{listing.name}{suffix} - {SITE_NAME}",
        head="\n".join(head),
        body_class=f"archive {listing.kind} {listing.kind}-{listing.slug}",
        main=main,
        sidebar="",
        sections=sections,
        today=today,
    )


def search_page(
    query: str, posts: Sequence[Post], *, today: date, sections: tuple[Section, ...]
) -> str:
    needle = query.strip().lower()
    hits = [p for p in posts if needle and needle in p.title.lower()][:PER_PAGE]
    items = "\n".join(_item(p, p.path, with_section=True) for p in hits) or (
        "<p>Sorry, but nothing matched your search terms.</p>"
    )
    main = f"""<main id="main" class="site-main search">
<header class="page-header"><h1 class="page-title">Search Results for: {esc(query)}</h1></header>
{items}
</main>"""
    return page(
        title=f"You searched for {query} - {SITE_NAME}",
        head='<meta name="robots" content="noindex, follow">',
        body_class="search search-results",
        main=main,
        sidebar="",
        sections=sections,
        today=today,
    )


def message_page(heading: str, text: str, *, today: date, sections: tuple[Section, ...]) -> str:
    """404, 410 and the login screen share one plain template."""
    main = f"""<main id="main" class="site-main error">
<section class="error-404 not-found"><header class="page-header"><h1 class="page-title">\
{esc(heading)}</h1></header>
<div class="page-content"><p>{esc(text)}</p>
<p><a href="/">Back to the home page</a></p></div></section>
</main>"""
    return page(
        title=f"{heading} - {SITE_NAME}",
        head='<meta name="robots" content="noindex, follow">',
        body_class="error404",
        main=main,
        sidebar="",
        sections=sections,
        today=today,
    )


def _item(post: Post, href: str, *, with_section: bool, extra: str = "") -> str:
    if post.has_machine_date:
        when = (
            f'<time class="entry-date" datetime="{iso(post.published)}">'
            f"{display_date(post.published)}</time>"
        )
    else:
        when = f'<span class="posted-on">{byline_date(post.published)}</span>'
    section = (
        f'<a class="cat-label" href="/category/{post.section.slug}/">{esc(post.section.label)}</a> '
        if with_section
        else ""
    )
    authors = " and ".join(esc(a.name) for a in post.authors)
    return (
        f'<article class="post-item post-{post.id}">{section}'
        f'<h2 class="entry-title"><a href="{esc(href)}" rel="bookmark">{esc(post.title)}</a>'
        f"{extra}</h2>"
        f'<div class="entry-meta">By {authors} | {when}</div>'
        f'<p class="excerpt">{esc(post.description)}</p></article>'
    )


def _plain(post: Post) -> str:
    return post.path


def _slashed(post: Post) -> str:
    return post.slash_path if post.is_variant else post.path


def _nothing(post: Post) -> str:
    return ""


def _amp_link(post: Post) -> str:
    if not post.is_variant:
        return ""
    return f' <a class="amp-link" href="{esc(post.amp_path)}">AMP</a>'
