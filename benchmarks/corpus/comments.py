"""An article followed by a long reader-comment thread (20-60 comments, some nested).

The body is the article only. Every comment text is a template line: an extractor that keeps
the thread leaks them. A third of the pages have no machine date, and the comments carry
`<time datetime>` stamps later than the article.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from benchmarks.corpus import _comments_vocab as cv
from benchmarks.corpus._dates import MONTHS, iso_local, us_date
from benchmarks.corpus._draft import esc, paragraphs_html
from benchmarks.corpus._english import SPACED, drafts, staff
from levantcrawl.samplesite.content import slugify

if TYPE_CHECKING:
    import random
    from datetime import datetime

    from benchmarks.corpus._draft import Draft
    from benchmarks.corpus.model import LabelledPage

NAME = "comments"
SITE = "Orontes Review"
BASE = "https://comments.example"
_TEASER_LABEL = "See also:"
_REPLY = "Reply"
_SAYS = "says:"
_LEAVE = "Leave a Reply"
_EMAIL_NOTE = "Your email address will not be published. Required fields are marked *"
_POST = "Post Comment"
_FOOTER = f"Proudly independent. {SITE}, since 2009."


def build(rng: random.Random, count: int) -> list[LabelledPage]:
    reporters = staff(rng, 6)
    made = drafts(rng, count, reporters=reporters, paragraphs=(4, 7))
    return [_page(rng, d, machine_date=i % 3 != 0) for i, d in enumerate(made)]


def _stamp(moment: datetime) -> str:
    """ "August 6, 2024 at 9:14 am", the WordPress comment default."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    day = f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"
    return f"{day} at {hour}:{moment.minute:02d} {suffix}"


def _remark(rng: random.Random) -> str:
    parts = (rng.choice(cv.OPENERS), rng.choice(cv.MIDDLES), rng.choice(cv.CLOSERS))
    return " ".join(p for p in parts if p)


def _thread(rng: random.Random, d: Draft) -> tuple[str, tuple[str, ...]]:
    """The comment list's HTML and the comment texts, unique on the page."""
    texts: list[str] = []
    wanted = rng.randint(20, 60)
    while len(texts) < wanted:
        text = _remark(rng)
        if text not in texts:
            texts.append(text)
    moment = d.published
    items: list[str] = []
    for n, text in enumerate(texts):
        moment += timedelta(minutes=rng.randint(3, 240))
        cid = 7000 + n
        comment = (
            f'<article id="div-comment-{cid}" class="comment-body">\n'
            '<footer class="comment-meta"><div class="comment-author vcard">'
            f'<b class="fn">{esc(rng.choice(cv.HANDLES))}</b> <span class="says">{_SAYS}</span>'
            '</div>\n<div class="comment-metadata">'
            f'<a href="#comment-{cid}"><time datetime="{iso_local(moment)}">{_stamp(moment)}'
            "</time></a></div></footer>\n"
            f'<div class="comment-content"><p>{esc(text)}</p></div>\n'
            f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
            f'href="#comment-{cid}">{_REPLY}</a></div>\n</article>'
        )
        # every fourth comment answers the one before it
        if n % 4 == 3 and items:
            items[-1] = items[-1].removesuffix("</li>") + (
                f'<ol class="children"><li id="comment-{cid}" class="comment depth-2">'
                f"{comment}</li></ol></li>"
            )
        else:
            items.append(f'<li id="comment-{cid}" class="comment depth-1">{comment}</li>')
    return "\n".join(items), tuple(texts)


def _page(rng: random.Random, d: Draft, *, machine_date: bool) -> LabelledPage:
    url = f"{BASE}/stories/{d.slug}/"
    teaser = f"{_TEASER_LABEL} {d.teaser}"
    teaser_html = (
        f'<p class="see-also"><b>{_TEASER_LABEL}</b> <a href="{BASE}/stories/{d.teaser_slug}/">'
        f"{esc(d.teaser)}</a></p>"
    )
    body = paragraphs_html(
        d.paragraphs, teaser=teaser_html, teaser_at=rng.randrange(1, len(d.paragraphs) - 1)
    )
    thread, remarks = _thread(rng, d)
    if machine_date:
        dated = (
            f'<time class="entry-date published" datetime="{iso_local(d.published)}">'
            f"{us_date(d.published)}</time>"
        )
        meta_date = f'<meta property="article:published_time" content="{iso_local(d.published)}">'
    else:
        dated, meta_date = f"Published {us_date(d.published)}", ""
    byline = " &amp; ".join(
        f'<a href="/writers/{slugify(a)}/" rel="author">{esc(a)}</a>' for a in d.authors
    )
    title_line = f"{len(remarks)} thoughts on “{d.title}”"
    html = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(d.title)} — {SITE}</title>
<meta property="og:title" content="{esc(d.title)}">
<meta property="article:section" content="{esc(SPACED.get(d.section, d.section))}">
{meta_date}
</head>
<body class="single">
<header class="or-masthead"><a href="/" class="or-name">{SITE}</a>
<nav class="or-nav"><a href="/politics/">Politics</a> <a href="/economy/">Economy</a> \
<a href="/ideas/">Ideas</a></nav></header>
<div id="primary" class="content-area">
<main id="main" class="site-main">
<article class="post hentry">
<header class="entry-header">
<span class="entry-section">{esc(d.section)}</span>
<h1 class="entry-title">{esc(d.title)}</h1>
<div class="entry-meta"><span class="byline">Words by {byline}</span> · {dated}</div>
</header>
<div class="entry-content">
{body}
</div>
</article>
<div id="comments" class="comments-area">
<h2 class="comments-title">{esc(title_line)}</h2>
<ol class="comment-list">
{thread}
</ol>
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">{_LEAVE}</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-notes">{_EMAIL_NOTE}</p>
<p class="comment-form-comment"><label for="comment">Comment *</label> \
<textarea id="comment" name="comment"></textarea></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" value="{_POST}"></p>
</form>
</div>
</div>
</main>
</div>
<footer class="or-footer"><p>{_FOOTER}</p></footer>
</body>
</html>
"""
    lines = (SITE, teaser, title_line, *remarks, _SAYS, _REPLY, _LEAVE, _EMAIL_NOTE, _FOOTER)
    return d.labelled(NAME, url, html, lines)
