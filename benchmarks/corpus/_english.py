"""English articles from the sample site's prose writer, one writer per template."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from benchmarks.corpus._draft import CORRECTED, Draft, finish, published_at
from levantcrawl.samplesite import _vocab as v
from levantcrawl.samplesite.content import LinkSpec, Writer, slugify
from levantcrawl.samplesite.model import Span

if TYPE_CHECKING:
    import random

    from levantcrawl.samplesite.content import Story

SECTIONS = tuple(v.SECTIONS)
# How some templates spell a section in their metadata; the truth keeps the canonical label.
SPACED = {label: label.replace("/", " / ") for label in SECTIONS if "/" in label}
_CO_AUTHORED = 0.2
_LINKED = 0.6


def staff(rng: random.Random, size: int) -> tuple[str, ...]:
    """A newsroom's reporters: distinct invented names from the prose vocabulary."""
    names: list[str] = []
    while len(names) < size:
        vocab = v.SECTIONS[rng.choice(SECTIONS)]
        name = f"{rng.choice(vocab.first_names)} {rng.choice(vocab.last_names)}"
        if name not in names:
            names.append(name)
    return tuple(names)


def drafts(
    rng: random.Random,
    count: int,
    *,
    reporters: tuple[str, ...],
    paragraphs: tuple[int, int] = (4, 8),
    hours: tuple[int, int] = (6, 23),
) -> list[Draft]:
    writer = Writer()
    out: list[Draft] = []
    stories: list[Story] = []
    for _ in range(count):
        section = rng.choice(SECTIONS)
        published = published_at(rng, hours=hours)
        story = writer.story(rng, section, published.date())
        title = writer.headline(rng, story)
        size = rng.randint(*paragraphs)
        link_at = rng.randrange(size) if rng.random() < _LINKED else -1
        body = tuple(
            writer.paragraph(rng, story, _link(rng, out) if i == link_at else None)
            for i in range(size)
        )
        authors = tuple(rng.sample(reporters, 2 if rng.random() < _CO_AUTHORED else 1))
        out.append(Draft(slugify(title), title, section, body, authors, published))
        stories.append(story)
    index = min(CORRECTED, count - 1)
    notice = writer.correction(rng, stories[index], out[index].published.date() + timedelta(1))
    return finish(out, correction=(Span(notice),))


def _link(rng: random.Random, earlier: list[Draft]) -> LinkSpec:
    if earlier and rng.random() < 0.5:
        return LinkSpec(
            f"/archive/{rng.choice(earlier).slug}", rng.choice(v.INTERNAL_ANCHORS), True
        )
    host = rng.choice(v.EXTERNAL_HOSTS)
    return LinkSpec(
        f"https://{host}/reports/{rng.randrange(100, 999)}", rng.choice(v.EXTERNAL_ANCHORS), False
    )
