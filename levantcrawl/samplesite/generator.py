"""Build the sample site for a seed and an edition, with the ground truth beside the pages.

Edition 2 is edition 1 built again (same order, so byte-identical posts) and then changed:
a few posts edited, five new ones, one removed. Rules that pick posts use the chronological
ordinal (1 = oldest):

- ordinal % 5 == 0: no machine-readable date (byline "Posted on ..." only);
- ordinal % 20 in {3, 10, 17}: "popular" post with URL variants (tracking, slash, AMP);
- ordinal % 5 == 4: no "Read More :" teaser;
- ordinal % 3 == 1: article:section / JSON-LD spell the section another way ("RUSSIA/IRAN").
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING

from levantcrawl.samplesite import _vocab as v
from levantcrawl.samplesite._dates import BEIRUT
from levantcrawl.samplesite.content import LinkSpec, Writer, slugify
from levantcrawl.samplesite.model import (
    Author,
    Edition,
    EditKind,
    Post,
    Section,
    Span,
    Tag,
    Teaser,
    TruthArticle,
    TruthLink,
)
from levantcrawl.samplesite.site import SampleSite
from levantcrawl.samplesite.unmarked import UnmarkedSite, bylines_truth

if TYPE_CHECKING:
    from collections.abc import Sequence

FIRST_DAY = date(2023, 10, 1)
LAST_DAY = date(2024, 11, 10)
EDITION1_POSTS = 184
NEW_POSTS = 5
EDITED_POSTS = 8
FIRST_ID = 40_000
TRACKING_SUFFIX = "?utm_source=levantnews&utm_medium=referral"

SECTIONS: tuple[Section, ...] = (
    Section("Lebanon", "lebanon", ("Lebanon",), ("LEBANON",)),
    Section("Syria", "syria", ("Syria",), ("SYRIA",)),
    Section("Palestine", "palestine", ("Palestine",), ("PALESTINE",)),
    Section("Russia/Iran", "russia-iran", ("Russia", "Iran"), ("Russia / Iran", "RUSSIA/IRAN")),
    Section("Gulf/Yemen", "gulf-yemen", ("Gulf", "Yemen"), ("Gulf / Yemen", "GULF/YEMEN")),
    Section("Economy", "economy", ("Economy",), ("ECONOMY",)),
    Section("World", "world", ("World",), ("WORLD",)),
    Section("Opinion", "opinion", ("Opinion",), ("OPINION",)),
)
_EDIT_KINDS: tuple[EditKind, ...] = ("headline", "paragraph", "correction")


def _rng(seed: int, *parts: object) -> random.Random:
    # string seeds are hashed with SHA-512, so this is stable across runs and processes
    return random.Random(":".join(map(str, (seed, *parts))))


def is_byline_only(ordinal: int) -> bool:
    return ordinal % 5 == 0


def is_variant(ordinal: int) -> bool:
    return ordinal % 20 in (3, 10, 17)


def has_teaser(ordinal: int) -> bool:
    return ordinal % 5 != 4


def build_site(seed: int = 7, edition: int = 1, *, unmarked: bool = False) -> SampleSite:
    """The whole site for `seed` as it stands in `edition` (1 or 2); `unmarked`, the same
    posts under the theme without article markup (unmarked.py), bylines its only truth."""
    if edition not in (1, 2):
        raise ValueError(f"edition must be 1 or 2, not {edition!r}")
    writer = Writer()
    posts = _edition_one(seed, writer)
    gone: tuple[Post, ...] = ()
    edited: dict[str, EditKind] = {}
    new_paths: frozenset[str] = frozenset()
    if edition == 2:
        posts, gone, edited, new_paths = _edition_two(seed, writer, posts)
    posts = _with_most_read(posts)
    state = Edition(seed, edition, SECTIONS, tuple(reversed(posts)), gone)
    if unmarked:
        return UnmarkedSite(
            state,
            truth=bylines_truth(state, _truth(state)),
            edited=MappingProxyType(dict(edited)),
            new_paths=new_paths,
        )
    return SampleSite(
        state,
        truth=_truth(state),
        edited=MappingProxyType(dict(edited)),
        new_paths=new_paths,
    )


# -- schedule and drafting ----------------------------------------------------------------


def _edition_one(seed: int, writer: Writer) -> list[Post]:
    rng = _rng(seed, "schedule")
    span = (LAST_DAY - FIRST_DAY).days
    moments = sorted(
        datetime.combine(
            FIRST_DAY + timedelta(days=round(k * span / (EDITION1_POSTS - 1))),
            time(rng.randint(7, 22), rng.randint(0, 59)),
            tzinfo=BEIRUT,
        )
        for k in range(EDITION1_POSTS)
    )
    # equal shares, shuffled: every section gets enough posts for several listing pages
    sections = [SECTIONS[k % len(SECTIONS)] for k in range(EDITION1_POSTS)]
    rng.shuffle(sections)
    posts: list[Post] = []
    post_id = FIRST_ID
    respelt: Counter[str] = Counter()
    for ordinal, (moment, section) in enumerate(zip(moments, sections, strict=True), start=1):
        post_id += rng.randint(3, 47)
        meta_label = None
        if ordinal % 3 == 1:
            # each section cycles through its spellings, so all of them occur
            variants = section.meta_variants
            meta_label = variants[respelt[section.slug] % len(variants)]
            respelt[section.slug] += 1
        posts.append(
            _draft(
                writer,
                seed,
                ordinal,
                post_id,
                moment,
                section,
                earlier=posts,
                variant=is_variant(ordinal),
                meta_label=meta_label,
            )
        )
    return posts


def _draft(
    writer: Writer,
    seed: int,
    ordinal: int,
    post_id: int,
    moment: datetime,
    section: Section,
    *,
    earlier: Sequence[Post],
    variant: bool,
    meta_label: str | None = None,
) -> Post:
    rng = _rng(seed, "post", ordinal)
    story = writer.story(rng, section.label, moment.date())
    title = writer.headline(rng, story)
    slug = _slug(title)
    path = f"/{moment:%Y}/{moment:%m}/{post_id}-{slug}"
    machine = not is_byline_only(ordinal)
    pool = v.AUTHORS[section.label]
    n_authors = 2 if rng.random() < 0.12 else 1
    authors = tuple(Author(name, slugify(name)) for name in rng.sample(pool, n_authors))
    # A section tag may also be a shared one; a page lists each tag once.
    tag_pool = list(dict.fromkeys([*v.SECTIONS[section.label].tags, *v.SHARED_TAGS]))
    tags = tuple(Tag(name, slugify(name)) for name in rng.sample(tag_pool, rng.randint(2, 4)))
    n_paragraphs = rng.randint(5, 10)
    recent = list(earlier[-60:])

    links: dict[int, LinkSpec] = {}
    for index in rng.sample(range(n_paragraphs), rng.choice((0, 0, 1, 1, 2))):
        links[index] = _link(rng, section, story.topic, moment, recent)
    paragraphs = tuple(writer.paragraph(rng, story, links.get(i)) for i in range(n_paragraphs))
    teaser = None
    if has_teaser(ordinal) and recent:
        target = rng.choice(recent[-40:])
        teaser = Teaser(rng.randint(1, n_paragraphs - 2), target.path, target.title)
    modified = moment
    if machine and rng.random() < 0.35:
        modified = moment + timedelta(minutes=rng.randint(40, 36 * 60))
    return Post(
        ordinal=ordinal,
        id=post_id,
        slug=slug,
        path=path,
        title=title,
        section=section,
        section_meta=meta_label or section.label,
        authors=authors,
        tags=tags,
        published=moment,
        modified=modified,
        has_machine_date=machine,
        paragraphs=paragraphs,
        teaser=teaser,
        description=_first_sentence("".join(s.text for s in paragraphs[0])),
        caption=writer.caption(rng, story),
        lead_image=f"/wp-content/uploads/{moment:%Y}/{moment:%m}/{slug[:40].strip('-')}-{post_id}.jpg",
        comments=rng.randint(2, 60),
        is_variant=variant,
    )


def _link(
    rng: random.Random, section: Section, topic: str, moment: datetime, recent: Sequence[Post]
) -> LinkSpec:
    if recent and rng.random() < 0.6:
        # editors link their own beat first
        same = [p for p in recent if p.section == section]
        target = rng.choice(same or recent)
        text = target.title if rng.random() < 0.5 else rng.choice(v.INTERNAL_ANCHORS)
        return LinkSpec(target.path, text, internal=True, absolute=rng.random() < 0.5)
    host = rng.choice(v.EXTERNAL_HOSTS)
    href = f"https://{host}/{moment:%Y}/{moment:%m}/{slugify(topic)}-{rng.randint(100, 999)}"
    if rng.random() < 0.4:
        href += TRACKING_SUFFIX
    return LinkSpec(href, rng.choice(v.EXTERNAL_ANCHORS), internal=False)


def _slug(title: str) -> str:
    slug = slugify(title)
    while len(slug) > 70 and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug


def _first_sentence(text: str) -> str:
    for index, char in enumerate(text):
        if char == "." and (index + 1 == len(text) or text[index + 1] == " "):
            return text[: index + 1]
    return text


def _with_most_read(posts: list[Post]) -> list[Post]:
    """Most Read rotates through the popular posts, so each is listed somewhere."""
    popular = [p for p in posts if p.is_variant]
    out = []
    for post in posts:
        window = [popular[(post.ordinal * 5 + j) % len(popular)] for j in range(6)]
        picks = [p for p in window if p.id != post.id][:5]
        out.append(replace(post, most_read=tuple((p.most_read_href, p.title) for p in picks)))
    return out


# -- edition 2 ----------------------------------------------------------------------------


def _edition_two(
    seed: int, writer: Writer, posts: list[Post]
) -> tuple[list[Post], tuple[Post, ...], dict[str, EditKind], frozenset[str]]:
    rng = _rng(seed, "edition", 2)
    linked = {s.href for p in posts for para in p.paragraphs for s in para if s.href} | {
        p.teaser.path for p in posts if p.teaser
    }
    gone_pool = [
        p for p in posts[-30:] if p.path in linked and not p.is_variant and p.has_machine_date
    ]
    gone = rng.choice(gone_pool or posts[-30:])
    edit_pool = [
        p
        for p in posts
        if p.has_machine_date
        and not p.is_variant
        and p is not gone
        and len(p.paragraphs) <= 9
        and p.published.year == 2024
    ]
    to_edit = sorted(rng.sample(edit_pool, EDITED_POSTS), key=lambda p: p.ordinal)

    live = [p for p in posts if p is not gone]
    post_id = posts[-1].id
    first = datetime.combine(LAST_DAY + timedelta(days=1), time(8, 30), tzinfo=BEIRUT)
    new: list[Post] = []
    for i in range(NEW_POSTS):
        post_id += rng.randint(3, 47)
        ordinal = EDITION1_POSTS + 1 + i
        new.append(
            _draft(
                writer,
                seed,
                ordinal,
                post_id,
                first + timedelta(hours=17 * i, minutes=rng.randint(0, 50)),
                rng.choice(SECTIONS),
                earlier=live + new,
                variant=False,
            )
        )

    edited: dict[str, EditKind] = {}
    changed: dict[int, Post] = {}
    edit_time = datetime.combine(LAST_DAY + timedelta(days=2), time(9, 15), tzinfo=BEIRUT)
    for i, post in enumerate(to_edit):
        kind = _EDIT_KINDS[i % len(_EDIT_KINDS)]
        when = edit_time + timedelta(hours=5 * i, minutes=10 * i)
        changed[post.id] = _edit(writer, _rng(seed, "edit", post.id), post, kind, when)
        edited[post.path] = kind
    live = [changed.get(p.id, p) for p in live] + new
    return live, (gone,), edited, frozenset(p.path for p in new)


def _edit(writer: Writer, rng: random.Random, post: Post, kind: EditKind, when: datetime) -> Post:
    story = writer.story(rng, post.section.label, post.published.date())
    if kind == "headline":
        return replace(post, title=writer.headline(rng, story), modified=when)
    if kind == "correction":
        fix = (Span(writer.correction(rng, story, when.date())),)
        return replace(post, paragraphs=(*post.paragraphs, fix), modified=when)
    at = rng.randint(1, len(post.paragraphs) - 1)
    added = writer.paragraph(rng, story)
    teaser = post.teaser
    if teaser is not None and teaser.after >= at:
        # the teaser stays after the same original paragraph
        teaser = replace(teaser, after=teaser.after + 1)
    paragraphs = (*post.paragraphs[:at], added, *post.paragraphs[at:])
    return replace(post, paragraphs=paragraphs, teaser=teaser, modified=when)


# -- ground truth ---------------------------------------------------------------------------


def _truth(state: Edition) -> MappingProxyType[str, TruthArticle]:
    most_read = {href for p in state.posts for href, _ in p.most_read}
    home = {p.id for p in state.home}
    out: dict[str, TruthArticle] = {}
    for post in state.posts:
        variants: list[str] = []
        if post.is_variant:
            if post.most_read_href in most_read:
                variants.append(post.most_read_href)
            if post.id in home:
                variants.append(post.home_href)
            variants += [post.slash_path, post.amp_path]
        out[post.path] = _truth_article(post, tuple(variants))
    return MappingProxyType(out)


def _truth_article(post: Post, variants: tuple[str, ...]) -> TruthArticle:
    machine = post.has_machine_date
    published = post.published
    if not machine:
        published = datetime.combine(published.date(), time(0), tzinfo=BEIRUT)
    links: list[TruthLink] = []
    for index, paragraph in enumerate(post.paragraphs):
        links += [
            TruthLink(s.href.removesuffix(TRACKING_SUFFIX), s.text, "body")
            for s in paragraph
            if s.href
        ]
        if post.teaser and post.teaser.after == index:
            links.append(TruthLink(post.teaser.path, post.teaser.text, "related"))
    return TruthArticle(
        id=post.id,
        path=post.path,
        title=post.title,
        paragraphs=tuple("".join(s.text for s in p) for p in post.paragraphs),
        published=published,
        published_has_time=machine,
        modified=post.modified if machine else None,
        has_machine_date=machine,
        section=post.section.label,
        section_path=post.section.path,
        section_slug=post.section.slug,
        authors=tuple(a.name for a in post.authors),
        tags=tuple(t.name for t in post.tags),
        lead_image=post.lead_image,
        description=post.description,
        body_links=tuple(links),
        related_path=post.teaser.path if post.teaser else None,
        variant_paths=variants,
    )
